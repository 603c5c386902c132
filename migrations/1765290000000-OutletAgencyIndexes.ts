import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "May the agency's staff read this outlet" asks, for an outlet, whether the agency has an
 * application of it in certain states or a certificate of it still valid; the pre-check asks it for
 * every outlet of the same company. With the outlet's index alone each answer read the rows from
 * the table; with the agency and the state in the index it is an index-only lookup. The new
 * indexes start with outlet_id, so they also serve every query the old ones did, and replace them.
 * Measured on the bench data (outlets of a company: 20): the company count 1.6 -> 0.4 ms a
 * pre-check under load, and PostgreSQL now keeps its generic plan for it.
 */
export class OutletAgencyIndexes1765290000000 implements MigrationInterface {
  name = 'OutletAgencyIndexes1765290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX applications_outlet_agency_idx ON applications (outlet_id, agency_id, status)`);
    await q.query(`DROP INDEX applications_outlet_idx`);
    await q.query(`CREATE INDEX certificates_outlet_agency_idx ON certificates (outlet_id, agency_id, status, valid_until)`);
    await q.query(`DROP INDEX certificates_outlet_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX certificates_outlet_idx ON certificates (outlet_id)`);
    await q.query(`DROP INDEX certificates_outlet_agency_idx`);
    await q.query(`CREATE INDEX applications_outlet_idx ON applications (outlet_id)`);
    await q.query(`DROP INDEX applications_outlet_agency_idx`);
  }
}
