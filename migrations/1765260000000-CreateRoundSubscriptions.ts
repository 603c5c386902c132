import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outlets that asked to be told about an agency's registration rounds (a mail when a round is
 * announced and when its registration opens), and the mark a round gets once its opening was told,
 * so the opening job claims each round once whichever process runs it.
 */
export class CreateRoundSubscriptions1765260000000 implements MigrationInterface {
  name = 'CreateRoundSubscriptions1765260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE round_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        UNIQUE (agency_id, user_id)
      )`);
    await q.query(`CREATE INDEX round_subscriptions_user_idx ON round_subscriptions (user_id)`);
    await q.query(`ALTER TABLE registration_rounds ADD COLUMN opening_notified_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registration_rounds DROP COLUMN opening_notified_at`);
    await q.query(`DROP TABLE round_subscriptions`);
  }
}
