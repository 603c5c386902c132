import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutletsRosterDocumentsPolicies1763800100000 implements MigrationInterface {
  name = 'CreateOutletsRosterDocumentsPolicies1763800100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outlets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        legal_name text NOT NULL,
        brand_name text NOT NULL,
        legal_form text NOT NULL CHECK (legal_form IN ('PT', 'CV', 'yayasan', 'koperasi', 'perorangan')),
        deed_number text,
        ministry_decree_number text,
        tax_id text,
        tax_status text NOT NULL DEFAULT 'none' CHECK (tax_status IN ('none', 'non_pkp', 'pkp')),
        business_id text,
        established_on date,
        media_type text NOT NULL CHECK (media_type IN ('online', 'print', 'television', 'radio')),
        website text,
        office jsonb,
        press_council_status text NOT NULL DEFAULT 'none' CHECK (press_council_status IN ('none', 'administrative', 'factual')),
        press_council_certificate_number text,
        press_council_verified_on date,
        memberships jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outlets_brand_name_idx ON outlets (lower(brand_name))`);
    await q.query(`
      CREATE TABLE outlet_owners (
        outlet_id uuid NOT NULL REFERENCES outlets (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id),
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (outlet_id, user_id)
      )`);
    await q.query(`CREATE INDEX outlet_owners_user_idx ON outlet_owners (user_id)`);

    // NIK: AES-256-GCM ciphertext (with the key id, for rotation), a keyed hash to find the same
    // person across outlets, and the last four digits for masking without decrypting.
    await q.query(`
      CREATE TABLE journalists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outlet_id uuid NOT NULL REFERENCES outlets (id) ON DELETE CASCADE,
        name text NOT NULL,
        nik_encrypted text NOT NULL,
        nik_hash text NOT NULL,
        nik_last4 char(4) NOT NULL,
        position text NOT NULL CHECK (position IN ('chief_editor', 'person_in_charge', 'editor', 'reporter', 'other')),
        competency_level text CHECK (competency_level IN ('muda', 'madya', 'utama')),
        competency_certificate_number text,
        competency_issuer text,
        competency_issued_on date,
        competency_revoked boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT journalists_competency_complete CHECK (
          (competency_level IS NULL) = (competency_certificate_number IS NULL)
        )
      )`);
    await q.query(`CREATE INDEX journalists_outlet_idx ON journalists (outlet_id)`);
    await q.query(`CREATE INDEX journalists_nik_hash_idx ON journalists (nik_hash)`);
    await q.query(`CREATE UNIQUE INDEX journalists_outlet_nik_key ON journalists (outlet_id, nik_hash)`);

    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outlet_id uuid NOT NULL REFERENCES outlets (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('deed', 'ministry_decree', 'tax_id', 'business_id', 'press_council_certificate',
          'competency_certificate', 'office_photo', 'domicile_letter', 'masthead', 'traffic_evidence', 'other')),
        file_name text NOT NULL,
        mime_type text NOT NULL CHECK (mime_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size integer NOT NULL CHECK (size > 0),
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users (id),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX documents_outlet_idx ON documents (outlet_id, type)`);

    await q.query(`
      CREATE TABLE requirement_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agency_id uuid NOT NULL REFERENCES agencies (id),
        version integer NOT NULL,
        pack jsonb NOT NULL,
        note text,
        effective_from timestamptz NOT NULL,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT requirement_policies_agency_version_key UNIQUE (agency_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE requirement_policies`);
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP TABLE journalists`);
    await q.query(`DROP TABLE outlet_owners`);
    await q.query(`DROP TABLE outlets`);
  }
}
