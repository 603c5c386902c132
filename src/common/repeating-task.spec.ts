import { RepeatingTask } from './repeating-task';

describe('RepeatingTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs first after the first delay, then the interval after each run ends, and keeps going after a failed run', async () => {
    const runs: number[] = [];
    const task = new RepeatingTask(
      async () => {
        runs.push(Date.now());
        if (runs.length === 2) throw new Error('boom');
      },
      1_000,
      5_000,
    );
    const start = Date.now();
    task.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(runs).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs.map((t) => t - start)).toEqual([1_000, 6_000, 11_000]);
    await task.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toHaveLength(3);
  });

  it('stop waits for the run in flight and schedules no other', async () => {
    let finish!: () => void;
    let calls = 0;
    const task = new RepeatingTask(
      () => {
        calls++;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      0,
      10,
    );
    task.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(100);
    expect(calls).toBe(1);
  });
});
