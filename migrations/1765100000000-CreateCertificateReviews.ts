import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Continuous re-validation: a certificate that no longer holds gets a review row (it stays valid).
 * An officer keeps it (clearing the flag) or asks the approver to suspend it; reviews stay as history.
 */
export class CreateCertificateReviews1765100000000 implements MigrationInterface {
  name = 'CreateCertificateReviews1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificate_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        certificate_id uuid NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies (id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'suspension_requested', 'kept', 'closed')),
        reasons jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array' AND jsonb_array_length(reasons) > 0),
        fingerprint text NOT NULL,
        flagged_at timestamptz NOT NULL,
        flagged_by_run text NOT NULL,
        decided_at timestamptz,
        decided_by uuid REFERENCES users (id),
        decision_reason text,
        closed_at timestamptz,
        closed_reason text,
        CHECK ((status = 'open') = (decided_at IS NULL))
      )`);
    // One open review per certificate, whichever process flags it first.
    await q.query(
      `CREATE UNIQUE INDEX certificate_reviews_open_key ON certificate_reviews (certificate_id) WHERE status IN ('open', 'suspension_requested')`,
    );
    await q.query(`CREATE INDEX certificate_reviews_certificate_idx ON certificate_reviews (certificate_id, flagged_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certificate_reviews`);
  }
}
