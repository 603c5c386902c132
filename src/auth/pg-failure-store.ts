import type { DataSource } from 'typeorm';
import type { FailureStore } from './login-throttle';

const PRUNE_EVERY_MS = 60_000;

/**
 * Failed-login times in PostgreSQL (the UNLOGGED table login_failures), so every process counts
 * the same failures. Set-based raw SQL: one statement per call, whatever the number of keys.
 * Old rows go in one DELETE now and then; several processes doing it at once is harmless.
 */
export class PgFailureStore implements FailureStore {
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    /** Nothing older is ever asked for, so it is deleted. */
    private readonly retainMs: number,
    /** No limit counts further back than this many failures. */
    private readonly maxPerKey: number,
  ) {}

  async since(key: string, since: number): Promise<number[]> {
    const rows = (await this.dataSource.query(
      `SELECT at FROM (SELECT at FROM login_failures WHERE key = $1 AND at >= $2 ORDER BY at DESC LIMIT $3) recent ORDER BY at`,
      [key, since, this.maxPerKey],
    )) as { at: number }[];
    return rows.map((r) => r.at);
  }

  async add(keys: readonly string[], at: number): Promise<void> {
    await this.dataSource.query(`INSERT INTO login_failures (key, at) SELECT k, $2 FROM unnest($1::text[]) AS k`, [keys, at]);
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.dataSource.query(`DELETE FROM login_failures WHERE at < $1`, [at - this.retainMs]);
    }
  }

  async forget(keys: readonly string[], at: number): Promise<void> {
    // One row per key: the same time may have been recorded by a parallel try, which stays.
    await this.dataSource.query(
      `DELETE FROM login_failures WHERE id IN (SELECT min(id) FROM login_failures WHERE key = ANY($1::text[]) AND at = $2 GROUP BY key)`,
      [keys, at],
    );
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE key = $1`, [key]);
  }
}
