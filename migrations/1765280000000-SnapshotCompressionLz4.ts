import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An application's frozen snapshot (about 80 KB of JSON for a 200-journalist roster, 18 KB
 * stored) and its evaluation are compressed with lz4 rather than pglz where the server has lz4:
 * compressing the snapshot took PostgreSQL about 1.7 ms of each submission, lz4 about 0.6 ms.
 * Values stored before keep their compression (both read the same). A server built without
 * lz4 (the embedded PostgreSQL of `npm start`) keeps pglz: the change is skipped, not an error.
 */
export class SnapshotCompressionLz41765280000000 implements MigrationInterface {
  name = 'SnapshotCompressionLz41765280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        ALTER TABLE applications ALTER COLUMN snapshot SET COMPRESSION lz4, ALTER COLUMN evaluation SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN
        RAISE NOTICE 'this server has no lz4: application snapshots stay compressed with pglz';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications ALTER COLUMN snapshot SET COMPRESSION DEFAULT, ALTER COLUMN evaluation SET COMPRESSION DEFAULT`);
  }
}
