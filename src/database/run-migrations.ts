import { Client } from 'pg';
import type { DataSource, Migration } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** Any fixed number, the same in every process: the advisory lock taken around migrations. */
const MIGRATION_LOCK = 7_246_513_001;

/**
 * Runs pending migrations in one process at a time: replicas starting together on a fresh
 * database would otherwise race on the same CREATE TABLE and all but one fail. The lock is held
 * on a connection of its own, outside the pool, so a pool of one connection still migrates; the
 * others wait for it and then find nothing pending. The server drops it if this process dies.
 */
export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const lock = new Client({ connectionString: (dataSource.options as PostgresConnectionOptions).url, application_name: 'mitra-migration-lock' });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK]);
    return await work();
  } finally {
    await lock.end();
  }
}

export function runMigrationsExclusively(dataSource: DataSource): Promise<Migration[]> {
  return withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
}
