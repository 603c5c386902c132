import type { DataSource } from 'typeorm';
import { SharedRateLimiter } from './shared-rate-limiter';

/** The rate_limit_windows table in memory, with the UPSERT's semantics; counts the statements. */
function fakeDatabase() {
  const rows = new Map<string, { window: number; count: number }>();
  const db = {
    statements: 0,
    rows,
    query: async (sql: string, params: unknown[]) => {
      db.statements++;
      if (sql.trimStart().startsWith('DELETE')) return [];
      const [keys, window, counts] = params as [string[], Date, number[]];
      return keys.map((key, i) => {
        const row = rows.get(key);
        const w = window.getTime();
        const next = !row || row.window < w ? { window: w, count: counts[i] } : row.window === w ? { window: w, count: row.count + counts[i] } : row;
        rows.set(key, next);
        return { key, count: next.count, current: next.window === w };
      });
    },
  };
  return db;
}

describe('SharedRateLimiter', () => {
  const logger = { warn: jest.fn() };
  let now = Date.UTC(2026, 10, 22, 1, 0, 0);
  const clock = () => now;

  it('admits a client exactly up to the limit across two processes when the limit is under 20', async () => {
    const db = fakeDatabase();
    const [a, b] = [0, 1].map(() => new SharedRateLimiter(db as unknown as DataSource, 'public', 10, 60_000, logger, clock));
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) waits.push(await (i % 2 ? b : a).take('198.51.100.1'));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(waits.slice(10).every((w) => w === 60)).toBe(true);
  });

  it('asks the database nothing for clients under the unasked share, and adds them in one statement', async () => {
    const db = fakeDatabase();
    const limiter = new SharedRateLimiter(db as unknown as DataSource, 'public', 600, 60_000, logger, clock);
    for (let i = 0; i < 1000; i++) expect(await limiter.take(`10.0.${i >> 8}.${i & 255}`)).toBe(0);
    expect(db.statements).toBe(0);
    await limiter.flush();
    expect(db.statements).toBe(2); // the batched UPSERT, and the first prune
    expect(db.rows.size).toBe(1000);
  });

  it('lets one flooding client cost one statement per block and none once refused', async () => {
    const db = fakeDatabase();
    const limiter = new SharedRateLimiter(db as unknown as DataSource, 'public', 600, 60_000, logger, clock);
    let admitted = 0;
    for (let i = 0; i < 2000; i++) if ((await limiter.take('198.51.100.9')) === 0) admitted++;
    expect(admitted).toBe(600);
    // 30 unasked, then blocks of 30: 19 claims admit the other 570, the 20th finds the window used up.
    expect(db.statements).toBe(20);
  });

  it('starts afresh in the next window', async () => {
    const db = fakeDatabase();
    const limiter = new SharedRateLimiter(db as unknown as DataSource, 'public', 3, 60_000, logger, clock);
    for (let i = 0; i < 3; i++) expect(await limiter.take('k')).toBe(0);
    expect(await limiter.take('k')).toBeGreaterThan(0);
    now += 60_000;
    expect(await limiter.take('k')).toBe(0);
  });

  it('lets requests pass while the database cannot be asked', async () => {
    const broken = { query: async () => Promise.reject(new Error('connection refused')) };
    const limiter = new SharedRateLimiter(broken as unknown as DataSource, 'public', 1, 60_000, logger, clock);
    expect(await limiter.take('k')).toBe(0);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('connection refused'));
  });
});
