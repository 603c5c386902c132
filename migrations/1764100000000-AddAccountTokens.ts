import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Confirmed email addresses, password reset and the end of every session on reset:
 * - `users.email_confirmed_at`: accounts that exist already were trusted before confirmation was
 *   asked for, so they count as confirmed; new self-registered accounts start unconfirmed.
 * - `users.token_version`: access tokens carry it; raising it ends every session of the user.
 * - `account_tokens`: single-use links mailed to a user; only a SHA-256 of the token is kept.
 */
export class AddAccountTokens1764100000000 implements MigrationInterface {
  name = 'AddAccountTokens1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_confirmed_at timestamptz`);
    await q.query(`UPDATE users SET email_confirmed_at = created_at`);
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('password_reset', 'email_confirmation')),
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (token_hash)`);
    await q.query(`CREATE INDEX account_tokens_user_purpose_idx ON account_tokens (user_id, purpose, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_tokens`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
    await q.query(`ALTER TABLE users DROP COLUMN email_confirmed_at`);
  }
}
