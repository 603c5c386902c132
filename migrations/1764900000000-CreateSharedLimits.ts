import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login failures and public rate-limit windows, shared by every process. UNLOGGED: written on hot
 * paths and worthless after a crash (PostgreSQL empties them then), so they skip the WAL.
 */
export class CreateSharedLimits1764900000000 implements MigrationInterface {
  name = 'CreateSharedLimits1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE login_failures (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        at bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX login_failures_key_at_idx ON login_failures (key, at)`);
    await q.query(`CREATE INDEX login_failures_at_idx ON login_failures (at)`);
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_windows (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        count integer NOT NULL CHECK (count >= 0)
      )`);
    await q.query(`CREATE INDEX rate_limit_windows_start_idx ON rate_limit_windows (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_windows`);
    await q.query(`DROP TABLE login_failures`);
  }
}
