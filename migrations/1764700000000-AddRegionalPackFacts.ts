import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_DOCUMENT_TYPES = `'deed', 'ministry_decree', 'tax_id', 'business_id', 'press_council_certificate',
  'competency_certificate', 'office_photo', 'domicile_letter', 'masthead', 'traffic_evidence', 'other'`;
const NEW_DOCUMENT_TYPES = `'office_sign_photo', 'annual_tax_return', 'tax_clearance_letter'`;

/**
 * Facts the regional packs (issue 13) judge: the company's KBLI codes and e-Katalog listing, a
 * journalist's record of published work, three document types, and the demo flag that marks an
 * agency's certificates as not valid.
 */
export class AddRegionalPackFacts1764700000000 implements MigrationInterface {
  name = 'AddRegionalPackFacts1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outlets ADD COLUMN kbli_codes jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE outlets ADD COLUMN e_katalog_url text`);
    await q.query(`ALTER TABLE journalists ADD COLUMN published_work_since date`);
    await q.query(`ALTER TABLE journalists ADD COLUMN published_work_links jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_type_check`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN (${OLD_DOCUMENT_TYPES}, ${NEW_DOCUMENT_TYPES}))`);
    // One company, one outlet: the snapshot looks other outlets up by NIB and by NPWP.
    await q.query(`CREATE INDEX outlets_business_id_idx ON outlets (business_id) WHERE business_id IS NOT NULL`);
    await q.query(`CREATE INDEX outlets_tax_id_idx ON outlets (tax_id) WHERE tax_id IS NOT NULL`);
    await q.query(`ALTER TABLE agencies ADD COLUMN is_demo boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agencies DROP COLUMN is_demo`);
    await q.query(`DROP INDEX outlets_tax_id_idx`);
    await q.query(`DROP INDEX outlets_business_id_idx`);
    // The files stay; their type falls back to the catch-all the old schema has.
    await q.query(`UPDATE documents SET type = 'other' WHERE type IN (${NEW_DOCUMENT_TYPES})`);
    await q.query(`ALTER TABLE documents DROP CONSTRAINT documents_type_check`);
    await q.query(`ALTER TABLE documents ADD CONSTRAINT documents_type_check CHECK (type IN (${OLD_DOCUMENT_TYPES}))`);
    await q.query(`ALTER TABLE journalists DROP COLUMN published_work_links`);
    await q.query(`ALTER TABLE journalists DROP COLUMN published_work_since`);
    await q.query(`ALTER TABLE outlets DROP COLUMN e_katalog_url`);
    await q.query(`ALTER TABLE outlets DROP COLUMN kbli_codes`);
  }
}
