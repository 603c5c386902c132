import { createHash } from 'node:crypto';
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

/**
 * A statement name for a query whose text is built from a few fixed pieces (one per filter
 * shape): the prefix and a digest of the text, so each shape is prepared once per connection.
 * Only for texts drawn from a small fixed set; every value stays a parameter.
 */
export function preparedName(prefix: string, text: string): string {
  return `${prefix}-${createHash('sha1').update(text).digest('base64url').slice(0, 16)}`;
}
