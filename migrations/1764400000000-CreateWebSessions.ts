import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions for the web pages. The cookie carries a random token; only its SHA-256 is stored,
 * so a copy of the table cannot be replayed as cookies. Each session holds its own CSRF token.
 */
export class CreateWebSessions1764400000000 implements MigrationInterface {
  name = 'CreateWebSessions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_sessions (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        -- The user's token_version at login: a password reset bumps it and ends the session.
        token_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX web_sessions_user_idx ON web_sessions (user_id)`);
    await q.query(`CREATE INDEX web_sessions_expires_idx ON web_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_sessions`);
  }
}
