import { AppError } from './app-error';
import { isIsoDateTime } from './validators';

/** Opaque keyset cursor: base64url of the JSON sort key of the last row returned. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** What each position of a cursor's sort key holds; checked before any of it reaches SQL. */
export type CursorPart = 'timestamp' | 'timestamp|null' | 'uuid' | 'bigint';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGINT_MAX = 9223372036854775807n;

function partIsValid(value: unknown, part: CursorPart): boolean {
  switch (part) {
    case 'timestamp|null':
      return value === null || partIsValid(value, 'timestamp');
    case 'timestamp':
      return typeof value === 'string' && isIsoDateTime(value);
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'bigint':
      return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX;
  }
}

/**
 * The sort key a cursor carries, each part checked against `shape`, or null without a cursor.
 * A cursor this API did not hand out is a 400, never a query that fails in the database.
 */
export function decodeCursor(cursor: string | undefined, shape: readonly CursorPart[]): unknown[] | null {
  if (!cursor) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (Array.isArray(key) && key.length === shape.length && shape.every((part, i) => partIsValid(key[i], part))) return key;
  throw new AppError('validation', 'PAGINATION.BAD_CURSOR', 'The cursor is not one this API returned', {
    cursor: 'invalid',
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A timestamp as exact text for keyset cursors: PostgreSQL keeps microseconds, a JS Date only
 * milliseconds, and a cursor rounded to milliseconds would show a row twice.
 */
export const EXACT_TIME = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
