import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a use case in one READ COMMITTED transaction. Everything inside goes through the given
 * manager; the global connection from inside escapes the transaction, and can wait forever on a
 * row lock the transaction itself holds.
 *
 * READ COMMITTED is PostgreSQL's default, so the transaction starts with a plain START TRANSACTION:
 * naming the level made TypeORM send a second statement (SET TRANSACTION ISOLATION LEVEL) in every
 * transaction, a round trip that cost the service and PostgreSQL each a system call or two.
 * test/foundation.e2e-spec.ts checks the level.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
}

/** Postgres error codes the services translate into domain errors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_SERIALIZATION_FAILURE = '40001';

export function isPgError(err: unknown, code: string, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const c = e?.driverError?.code ?? e?.code;
  const k = e?.driverError?.constraint ?? e?.constraint;
  return c === code && (constraint === undefined || k === constraint);
}
