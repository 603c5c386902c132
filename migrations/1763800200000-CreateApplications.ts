import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApplications1763800200000 implements MigrationInterface {
  name = 'CreateApplications1763800200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        outlet_id uuid NOT NULL REFERENCES outlets (id),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'field_verification', 'awaiting_approval',
          'revision_requested', 'approved', 'rejected', 'withdrawn')),
        version integer NOT NULL DEFAULT 1,
        renewal_of uuid,
        policy_id uuid REFERENCES requirement_policies (id),
        snapshot jsonb,
        evaluation jsonb,
        field_visit jsonb,
        submitted_at timestamptz,
        stage_started_at timestamptz,
        due_at timestamptz,
        decided_at timestamptz,
        outlet_name text NOT NULL,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT applications_reference_key UNIQUE (reference)
      )`);
    // One open application per outlet per agency, enforced where no race can slip past it.
    await q.query(`
      CREATE UNIQUE INDEX applications_one_open_key ON applications (outlet_id, agency_id)
      WHERE status IN ('draft', 'submitted', 'field_verification', 'awaiting_approval', 'revision_requested')`);
    // The staff queue: agency, optional status, ordered by due date with id as tie-break.
    await q.query(`CREATE INDEX applications_queue_idx ON applications (agency_id, due_at, id)`);
    await q.query(`CREATE INDEX applications_queue_status_idx ON applications (agency_id, status, due_at, id)`);
    await q.query(`CREATE INDEX applications_outlet_idx ON applications (outlet_id)`);

    await q.query(`
      CREATE TABLE application_decisions (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications (id),
        actor_id uuid NOT NULL REFERENCES users (id),
        actor_role text NOT NULL,
        action text NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        reason text,
        field_visit jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX application_decisions_app_idx ON application_decisions (application_id, id)`);
    await q.query(`
      CREATE TABLE application_counters (
        agency_id uuid NOT NULL REFERENCES agencies (id),
        year integer NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (agency_id, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_counters`);
    await q.query(`DROP TABLE application_decisions`);
    await q.query(`DROP TABLE applications`);
  }
}
