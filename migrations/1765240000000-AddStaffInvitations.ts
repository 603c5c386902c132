import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff are invited by email and choose their own password from a mailed single-use link:
 * - `users.password_hash` may be null: an invited account that has not set a password yet (it
 *   cannot log in; the login check spends the same time on it as on a wrong password).
 * - `account_tokens.purpose` gains `staff_invitation`, the same link mechanism as password reset.
 */
export class AddStaffInvitations1765240000000 implements MigrationInterface {
  name = 'AddStaffInvitations1765240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`);
    await q.query(`ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check`);
    await q.query(
      `ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
         CHECK (purpose IN ('password_reset', 'email_confirmation', 'staff_invitation'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM account_tokens WHERE purpose = 'staff_invitation'`);
    await q.query(`ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check`);
    await q.query(`ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('password_reset', 'email_confirmation'))`);
    await q.query(`DELETE FROM users WHERE password_hash IS NULL`);
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL`);
  }
}
