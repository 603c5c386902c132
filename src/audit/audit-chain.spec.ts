import { GENESIS_HASH, hashEvent, verifyChain, type StoredEvent } from './audit-chain';

function chain(n: number): StoredEvent[] {
  const out: StoredEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = {
      chainKey: 'agency:a',
      seq: i,
      agencyId: 'a',
      actorId: 'u',
      actorRole: 'officer',
      action: 'application.submit',
      entityType: 'application',
      entityId: `app-${i}`,
      summary: `event ${i}`,
      data: { n: i, nested: { b: 2, a: 1 } },
      createdAt: new Date(Date.UTC(2026, 10, 22, 0, 0, i)),
    };
    const hash = hashEvent(prev, fields);
    out.push({ ...fields, id: String(i), prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  const head = (events: StoredEvent[]) => ({ seq: events.length, hash: events[events.length - 1].hash });

  it('verifies an untouched chain', () => {
    const events = chain(5);
    expect(verifyChain('agency:a', events, head(events))).toEqual({ chainKey: 'agency:a', ok: true, events: 5, firstBroken: null });
  });

  it('does not depend on key order inside data', () => {
    const events = chain(2);
    events[0] = { ...events[0], data: { nested: { a: 1, b: 2 }, n: 1 } };
    expect(verifyChain('agency:a', events, head(events)).ok).toBe(true);
  });

  it.each([
    ['a changed row', (e: StoredEvent[]) => ((e[2] = { ...e[2], summary: 'edited' }), e), { id: '3', seq: 3, problem: 'hash_mismatch' }],
    ['a deleted row', (e: StoredEvent[]) => (e.splice(2, 1), e), { id: '4', seq: 4, problem: 'gap_or_reorder' }],
    ['two swapped rows', (e: StoredEvent[]) => ([e[1], e[2]] = [e[2], e[1]], e), { id: '3', seq: 3, problem: 'gap_or_reorder' }],
    [
      'an inserted row with a recomputed hash',
      (e: StoredEvent[]) => {
        const forged = { ...e[1], id: '99', summary: 'forged', hash: hashEvent(e[1].prevHash, { ...e[1], summary: 'forged' }) };
        e.splice(1, 1, forged);
        return e;
      },
      { id: '3', seq: 3, problem: 'prev_hash_mismatch' },
    ],
  ])('finds %s and names the first broken event', (_, tamper, firstBroken) => {
    const events = chain(5);
    const h = head(events);
    expect(verifyChain('agency:a', tamper(events), h)).toMatchObject({ ok: false, firstBroken });
  });

  it('finds a deleted tail against the head record', () => {
    const events = chain(5);
    const h = head(events);
    expect(verifyChain('agency:a', events.slice(0, 4), h)).toMatchObject({ ok: false, firstBroken: { id: null, seq: 5, problem: 'tail_missing' } });
  });
});
