import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Photos an officer takes on a field visit: uploaded first (decision_id null), then attached to the
 * pass_field decision they are evidence for. An attached photo never moves to another decision.
 */
export class CreateFieldVisitPhotos1765210000000 implements MigrationInterface {
  name = 'CreateFieldVisitPhotos1765210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE field_visit_photos (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies (id),
        decision_id bigint REFERENCES application_decisions (id),
        file_name text NOT NULL,
        mime_type text NOT NULL CHECK (mime_type IN ('image/png', 'image/jpeg')),
        size integer NOT NULL CHECK (size > 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users (id),
        uploaded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX field_visit_photos_application_idx ON field_visit_photos (application_id, uploaded_at)`);
    await q.query(`CREATE INDEX field_visit_photos_decision_idx ON field_visit_photos (decision_id) WHERE decision_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE field_visit_photos`);
  }
}
