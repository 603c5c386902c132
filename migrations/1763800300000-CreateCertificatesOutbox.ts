import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCertificatesOutbox1763800300000 implements MigrationInterface {
  name = 'CreateCertificatesOutbox1763800300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        application_id uuid NOT NULL REFERENCES applications (id),
        outlet_id uuid NOT NULL REFERENCES outlets (id),
        number text NOT NULL,
        year integer NOT NULL,
        seq integer NOT NULL,
        verification_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'expired', 'suspended', 'revoked', 'superseded')),
        status_reason text,
        status_changed_at timestamptz,
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        issued_at timestamptz NOT NULL,
        outlet_name text NOT NULL,
        data jsonb NOT NULL,
        pdf_storage_key text NOT NULL,
        pdf_sha256 char(64) NOT NULL,
        pdf_size integer NOT NULL,
        renewal_of uuid REFERENCES certificates (id),
        superseded_by uuid REFERENCES certificates (id),
        scan_count bigint NOT NULL DEFAULT 0,
        last_scanned_at timestamptz,
        expiry_reminded_at timestamptz,
        CONSTRAINT certificates_application_key UNIQUE (application_id),
        CONSTRAINT certificates_agency_year_seq_key UNIQUE (agency_id, year, seq),
        CONSTRAINT certificates_agency_number_key UNIQUE (agency_id, number),
        CONSTRAINT certificates_verification_code_key UNIQUE (verification_code)
      )`);
    await q.query(`CREATE INDEX certificates_agency_status_idx ON certificates (agency_id, status, valid_until)`);
    await q.query(`CREATE INDEX certificates_agency_year_idx ON certificates (agency_id, year, seq)`);
    await q.query(`CREATE INDEX certificates_outlet_idx ON certificates (outlet_id)`);
    await q.query(`CREATE INDEX certificates_expiry_idx ON certificates (valid_until) WHERE status = 'active'`);
    // Gapless per agency and year: the row is locked by the approving transaction.
    await q.query(`
      CREATE TABLE certificate_counters (
        agency_id uuid NOT NULL REFERENCES agencies (id),
        year integer NOT NULL,
        last integer NOT NULL,
        PRIMARY KEY (agency_id, year)
      )`);
    await q.query(`ALTER TABLE applications ADD CONSTRAINT applications_renewal_of_fkey FOREIGN KEY (renewal_of) REFERENCES certificates (id)`);

    // Notifications are written in the same transaction as the change that causes them and
    // delivered by a worker; message_id is fixed at enqueue so a retry is the same mail.
    await q.query(`
      CREATE TABLE outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid REFERENCES agencies (id),
        template text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('id', 'en')),
        recipient_email text NOT NULL,
        recipient_name text NOT NULL,
        data jsonb NOT NULL,
        attach_certificate_id uuid REFERENCES certificates (id),
        message_id text NOT NULL,
        dedupe_key text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'parked')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT outbox_message_id_key UNIQUE (message_id),
        CONSTRAINT outbox_dedupe_key UNIQUE (dedupe_key)
      )`);
    await q.query(`CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX outbox_agency_status_idx ON outbox (agency_id, status, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`ALTER TABLE applications DROP CONSTRAINT applications_renewal_of_fkey`);
    await q.query(`DROP TABLE certificate_counters`);
    await q.query(`DROP TABLE certificates`);
  }
}
