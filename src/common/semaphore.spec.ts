import { describe, expect, it } from '@jest/globals';
import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('runs at most max tasks at once, the rest in arrival order, and frees the slot on failure', async () => {
    const s = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const task = (i: number, fail = false) =>
      s.run(async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        if (fail) throw new Error(`task ${i} failed`);
        return i;
      });
    const all = [task(0, true), task(1), task(2), task(3), task(4)].map((p) => p.catch((e: Error) => e.message));
    for (let step = 0; step < 5; step++) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    expect(await Promise.all(all)).toEqual(['task 0 failed', 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(s.load).toEqual({ active: 0, waiting: 0 });
  });
});
