import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An officer's record of a check that has no API (Dewan Pers data portal, AHU): what was looked up, when, what was seen. */
export class CreateApplicationAttestations1765100100000 implements MigrationInterface {
  name = 'CreateApplicationAttestations1765100100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE application_attestations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies (id),
        rule_id text NOT NULL CHECK (length(rule_id) BETWEEN 1 AND 100),
        lookup_url text NOT NULL CHECK (lookup_url LIKE 'https://%'),
        looked_up_at timestamptz NOT NULL,
        observed text NOT NULL CHECK (length(observed) BETWEEN 1 AND 4000),
        screenshot_file_name text NOT NULL,
        screenshot_mime_type text NOT NULL CHECK (screenshot_mime_type IN ('image/png', 'image/jpeg')),
        screenshot_size integer NOT NULL CHECK (screenshot_size > 0),
        screenshot_sha256 text NOT NULL CHECK (screenshot_sha256 ~ '^[0-9a-f]{64}$'),
        screenshot_storage_key text NOT NULL,
        recorded_by uuid NOT NULL REFERENCES users (id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX application_attestations_application_idx ON application_attestations (application_id, recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_attestations`);
  }
}
