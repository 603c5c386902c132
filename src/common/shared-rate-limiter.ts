import type { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

interface Allowance {
  /** Start (ms) of the fixed window this allowance belongs to. */
  window: number;
  /** Requests admitted here without asking, counted by the next batched flush. */
  unasked: number;
  /** Requests this process may still admit in this window: tokens it claimed from the shared count. */
  tokens: number;
  /** The window is used up for everyone: refuse without asking again until it ends. */
  exhausted: boolean;
}

// Raw SQL, set-based: one statement adds any number of keys. A count from an older window than the
// stored one is dropped; a newer window replaces the stored one.
const ADD_SQL = `
  INSERT INTO rate_limit_windows AS w (key, window_start, count)
  SELECT k, $2::timestamptz, n FROM unnest($1::text[], $3::int[]) AS s(k, n)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN w.window_start = EXCLUDED.window_start THEN w.count + EXCLUDED.count
                 WHEN w.window_start < EXCLUDED.window_start THEN EXCLUDED.count
                 ELSE w.count END,
    window_start = GREATEST(w.window_start, EXCLUDED.window_start)
  RETURNING key, count, window_start = $2::timestamptz AS current`;

const FLUSH_EVERY_MS = 1_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * A fixed-window limit shared by every process through PostgreSQL (UNLOGGED rate_limit_windows),
 * cheap on the hot path:
 * - a client's first `limit / 20` requests in a window are admitted by a process without asking and
 *   added to the shared count by a batched flush each second (most clients, phones scanning one QR
 *   code, never cost a database call);
 * - beyond that the process claims tokens in blocks of `limit / 20` (at most 50) with one UPSERT and
 *   spends them locally; once the shared count is used up it refuses locally until the window ends.
 * So a client gets at most limit + processes x limit / 20 requests in a window (below 20 a minute,
 * exactly the limit), and may be refused up to (processes - 1) x block early because other processes
 * hold unspent tokens. When the database cannot be asked, requests pass (the lookup behind would fail).
 */
export class SharedRateLimiter {
  private readonly local = new Map<string, Allowance>();
  private readonly claims = new Map<string, Promise<boolean>>();
  private readonly pending = new Map<string, { window: number; n: number }>();
  private readonly unaskedPerWindow: number;
  private readonly block: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    /** Keeps this limit's keys apart from other limits in the same table. */
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {
    this.unaskedPerWindow = Math.floor(max / 20);
    this.block = Math.max(1, Math.min(50, Math.floor(max / 20)));
  }

  start(): void {
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.flushTimer.unref();
  }

  /** Stops the timer and adds what was admitted here unasked. */
  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flush();
  }

  /** Counts this request and returns 0 when it may pass, else whole seconds until the window ends. */
  async take(key: string): Promise<number> {
    for (;;) {
      const now = this.now();
      const window = now - (now % this.windowMs);
      let a = this.local.get(key);
      if (!a || a.window !== window) {
        if (this.local.size > 100_000) this.sweep(window);
        a = { window, unasked: 0, tokens: 0, exhausted: false };
        this.local.set(key, a);
      }
      if (a.tokens > 0) {
        a.tokens--;
        return 0;
      }
      if (a.exhausted) return Math.max(1, Math.ceil((window + this.windowMs - now) / 1000));
      if (a.unasked < this.unaskedPerWindow) {
        a.unasked++;
        const p = this.pending.get(key);
        this.pending.set(key, { window, n: p?.window === window ? p.n + 1 : 1 });
        return 0;
      }
      // Requests of one key arriving together share one claim, then try the tokens it brought.
      let claim = this.claims.get(key);
      if (!claim) {
        claim = this.claim(key, a).finally(() => this.claims.delete(key));
        this.claims.set(key, claim);
      }
      if (!(await claim)) return 0;
    }
  }

  /** Claims a block, adding this key's pending count with it. False when the database could not be asked. */
  private async claim(key: string, a: Allowance): Promise<boolean> {
    const p = this.pending.get(key);
    const carried = p?.window === a.window ? p.n : 0;
    this.pending.delete(key);
    try {
      const [row] = (await this.dataSource.query(ADD_SQL, [[`${this.name}:${key}`], new Date(a.window), [carried + this.block]])) as { count: number; current: boolean }[];
      // Everything counted before this block, our carried requests included, is spent.
      const granted = row.current ? Math.max(0, Math.min(this.block, this.max - (row.count - this.block))) : 0;
      a.tokens += granted;
      a.exhausted = granted < this.block;
      return true;
    } catch (err) {
      this.logger.warn(`rate limit ${this.name} not checked: ${(err as Error).message}`);
      return false;
    }
  }

  /** Adds the requests admitted unasked since the last flush, every key in one statement. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    this.flushing = this.write().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private async write(): Promise<void> {
    const window = this.now() - (this.now() % this.windowMs);
    const keys: string[] = [];
    const counts: number[] = [];
    for (const [key, p] of this.pending) {
      if (p.window !== window) continue;
      keys.push(`${this.name}:${key}`);
      counts.push(p.n);
    }
    this.pending.clear();
    try {
      if (keys.length > 0) await this.dataSource.query(ADD_SQL, [keys, new Date(window), counts]);
      if (this.now() - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = this.now();
        // Old windows of every process go in one statement; several processes doing it at once is harmless.
        await this.dataSource.query(`DELETE FROM rate_limit_windows WHERE window_start < $1::timestamptz`, [new Date(window - this.windowMs)]);
      }
    } catch (err) {
      this.logger.warn(`rate limit ${this.name} counts not written: ${(err as Error).message}`);
    }
  }

  private sweep(window: number): void {
    for (const [k, a] of this.local) if (a.window !== window) this.local.delete(k);
  }
}
