import { describe, expect, it } from '@jest/globals';
import type { ChangeEvents } from './change-events';
import { KeptUntilChanged } from './kept-until-changed';

/** A listener that is connected or not, as the test says. */
const listener = (connected: { now: boolean }) => ({ listening: () => connected.now }) as unknown as ChangeEvents;

/** A read whose answers the test releases one by one, counting the reads. */
function controlledRead() {
  const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  let reads = 0;
  const read = (key: string) => {
    reads++;
    return new Promise<string>((resolve, reject) => pending.push({ resolve: (v) => resolve(`${key}:${v}`), reject }));
  };
  return { read, pending, reads: () => reads };
}

describe('KeptUntilChanged', () => {
  it('reads a key once for concurrent and later readers while the listener is connected', async () => {
    const r = controlledRead();
    const kept = new KeptUntilChanged(listener({ now: true }), r.read);
    const first = kept.get('a');
    const second = kept.get('a');
    r.pending[0].resolve('v1');
    expect(await first).toBe('a:v1');
    expect(await second).toBe('a:v1');
    expect(await kept.get('a')).toBe('a:v1');
    expect(r.reads()).toBe(1);
  });

  it('reads again after a drop, including a drop that came while the first read was under way', async () => {
    const r = controlledRead();
    const kept = new KeptUntilChanged(listener({ now: true }), r.read);
    const during = kept.get('a');
    kept.drop('a');
    const after = kept.get('a');
    r.pending[0].resolve('old');
    r.pending[1].resolve('new');
    expect(await during).toBe('a:old');
    expect(await after).toBe('a:new');
    expect(await kept.get('a')).toBe('a:new');
    expect(r.reads()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const r = controlledRead();
    const kept = new KeptUntilChanged(listener({ now: true }), r.read);
    const failing = kept.get('a');
    r.pending[0].reject(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    const retried = kept.get('a');
    r.pending[1].resolve('v2');
    expect(await retried).toBe('a:v2');
  });

  it('reads the database every time while the listener is down, since a change could go unheard', async () => {
    const connected = { now: false };
    const r = controlledRead();
    const kept = new KeptUntilChanged(listener(connected), r.read);
    const one = kept.get('a');
    const two = kept.get('a');
    r.pending[0].resolve('1');
    r.pending[1].resolve('2');
    expect([await one, await two]).toEqual(['a:1', 'a:2']);
    connected.now = true;
    const three = kept.get('a');
    r.pending[2].resolve('3');
    expect(await three).toBe('a:3');
    expect(await kept.get('a')).toBe('a:3');
    expect(r.reads()).toBe(3);
  });
});

describe('KeptUntilChanged with an expiry', () => {
  it('reads again once the value says it has gone out of date, and not before', async () => {
    const clock = { now: 1_000 };
    const r = controlledRead();
    const kept = new KeptUntilChanged(listener({ now: true }), r.read, { expiresAtMs: (v: string) => (v.endsWith('1') ? 2_000 : Number.POSITIVE_INFINITY), nowMs: () => clock.now });
    const first = kept.get('a');
    r.pending[0].resolve('v1');
    expect(await first).toBe('a:v1');
    clock.now = 1_999;
    expect(await kept.get('a')).toBe('a:v1');
    clock.now = 2_000;
    const again = kept.get('a');
    r.pending[1].resolve('v2');
    expect(await again).toBe('a:v2');
    clock.now = 1_000_000;
    expect(await kept.get('a')).toBe('a:v2');
    expect(r.reads()).toBe(2);
  });

  it('drops only the keys asked for', async () => {
    const r = controlledRead();
    const kept = new KeptUntilChanged(listener({ now: true }), r.read);
    const a = kept.get('agency-1|');
    const b = kept.get('agency-2|');
    r.pending[0].resolve('1');
    r.pending[1].resolve('1');
    await Promise.all([a, b]);
    kept.dropWhere((key) => key.startsWith('agency-1|'));
    const a2 = kept.get('agency-1|');
    r.pending[2].resolve('2');
    expect([await a2, await kept.get('agency-2|')]).toEqual(['agency-1|:2', 'agency-2|:1']);
    expect(r.reads()).toBe(3);
  });
});
