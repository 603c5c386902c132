import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registration rounds (periode pendaftaran), their announcements and appeals (sanggahan). An agency's
 * intake is 'all_year' (as before) or 'rounds'; applications and certificates remember their round.
 */
export class CreateRegistrationRounds1765000000000 implements MigrationInterface {
  name = 'CreateRegistrationRounds1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agencies ADD COLUMN intake text NOT NULL DEFAULT 'all_year' CHECK (intake IN ('all_year', 'rounds'))`);
    await q.query(`
      CREATE TABLE registration_rounds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        budget_year integer NOT NULL CHECK (budget_year BETWEEN 2000 AND 2100),
        name text NOT NULL,
        registration_opens_on date NOT NULL,
        registration_closes_on date NOT NULL,
        verification_until date NOT NULL,
        provisional_announcement_on date NOT NULL,
        appeal_opens_on date,
        appeal_closes_on date,
        final_announcement_on date NOT NULL,
        -- NULL: certificates run to 31 December of the budget year.
        validity_months integer CHECK (validity_months BETWEEN 1 AND 60),
        version integer NOT NULL DEFAULT 1,
        closed_at timestamptz,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (registration_opens_on <= registration_closes_on),
        CHECK (registration_closes_on <= verification_until),
        CHECK (verification_until <= provisional_announcement_on),
        CHECK ((appeal_opens_on IS NULL) = (appeal_closes_on IS NULL)),
        CHECK (appeal_opens_on IS NULL OR (provisional_announcement_on <= appeal_opens_on AND appeal_opens_on <= appeal_closes_on AND appeal_closes_on < final_announcement_on)),
        CHECK (provisional_announcement_on <= final_announcement_on)
      )`);
    await q.query(`CREATE INDEX registration_rounds_agency_idx ON registration_rounds (agency_id, registration_opens_on)`);

    await q.query(`ALTER TABLE applications ADD COLUMN round_id uuid REFERENCES registration_rounds (id)`);
    await q.query(`CREATE INDEX applications_round_idx ON applications (round_id) WHERE round_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE round_announcements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES registration_rounds (id),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        kind text NOT NULL CHECK (kind IN ('provisional', 'final')),
        entries jsonb NOT NULL,
        pdf bytea NOT NULL,
        pdf_sha256 text NOT NULL,
        published_by uuid NOT NULL REFERENCES users (id),
        published_at timestamptz NOT NULL,
        UNIQUE (round_id, kind)
      )`);

    await q.query(`
      CREATE TABLE appeals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL UNIQUE REFERENCES applications (id),
        round_id uuid NOT NULL REFERENCES registration_rounds (id),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        filed_by uuid NOT NULL REFERENCES users (id),
        reason text NOT NULL,
        document_ids uuid[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'filed' CHECK (status IN ('filed', 'upheld', 'dismissed')),
        decided_by uuid REFERENCES users (id),
        decision_reason text,
        filed_at timestamptz NOT NULL,
        decided_at timestamptz,
        CHECK ((status = 'filed') = (decided_at IS NULL))
      )`);
    await q.query(`CREATE INDEX appeals_round_idx ON appeals (round_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE appeals`);
    await q.query(`DROP TABLE round_announcements`);
    await q.query(`ALTER TABLE applications DROP COLUMN round_id`);
    await q.query(`DROP TABLE registration_rounds`);
    await q.query(`ALTER TABLE agencies DROP COLUMN intake`);
  }
}
