import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Co-ownership by invitation: the invited address accepts or declines after logging in. */
export class CreateOutletInvitations1764300000000 implements MigrationInterface {
  name = 'CreateOutletInvitations1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outlet_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outlet_id uuid NOT NULL REFERENCES outlets (id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        invited_by uuid NOT NULL REFERENCES users (id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'revoked', 'expired')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        responded_at timestamptz,
        responded_by uuid REFERENCES users (id),
        CHECK (expires_at > created_at),
        CHECK ((status = 'pending') = (responded_at IS NULL))
      )`);
    // One open invitation per address and outlet; answered ones stay as history.
    await q.query(`CREATE UNIQUE INDEX outlet_invitations_pending_key ON outlet_invitations (outlet_id, email) WHERE status = 'pending'`);
    // "My invitations": looked up by the caller's address.
    await q.query(`CREATE INDEX outlet_invitations_email_idx ON outlet_invitations (email) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outlet_invitations`);
  }
}
