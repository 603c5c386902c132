import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgenciesUsersAudit1763800000000 implements MigrationInterface {
  name = 'CreateAgenciesUsersAudit1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        province text NOT NULL,
        city text,
        address text,
        email text,
        phone text,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agencies_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,39}$')
      )`);
    await q.query(`CREATE UNIQUE INDEX agencies_code_key ON agencies (code)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('applicant', 'officer', 'approver', 'auditor', 'admin')),
        agency_id uuid REFERENCES agencies (id),
        locale text NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_staff_have_agency CHECK ((role = 'applicant') = (agency_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_agency_role_idx ON users (agency_id, role) WHERE agency_id IS NOT NULL`);

    // Append-only, hash-chained per chain (one per agency, one global for applicant-side events).
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        chain_key text NOT NULL,
        seq bigint NOT NULL,
        agency_id uuid REFERENCES agencies (id),
        actor_id uuid,
        actor_role text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        summary text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT audit_events_chain_seq_key UNIQUE (chain_key, seq)
      )`);
    await q.query(`CREATE INDEX audit_events_agency_id_idx ON audit_events (agency_id, id)`);
    await q.query(`CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id)`);
    await q.query(`
      CREATE TABLE audit_chain_heads (
        chain_key text PRIMARY KEY,
        seq bigint NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_refuse_change()`);
    await q.query(`DROP TABLE audit_chain_heads`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE agencies`);
  }
}
