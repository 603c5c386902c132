import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * Runs a hot query as a named prepared statement: each connection parses and plans it once
 * instead of on every call (planning the roster and company queries cost PostgreSQL more than
 * running them). Inside a transaction it runs on the transaction's connection. The text must be
 * fixed for a name (values only in parameters); errors are pg's own (isPgError reads both forms).
 */
export async function preparedQuery<T extends QueryResultRow>(m: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = m.queryRunner as PostgresQueryRunner | undefined;
  if (runner && !runner.isReleased) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query<T>({ name, text, values })).rows;
  }
  const pool = (m.connection.driver as PostgresDriver).master as Pool;
  return (await pool.query<T>({ name, text, values })).rows;
}
