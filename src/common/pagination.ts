import { AppError } from './app-error';

/** Opaque keyset cursor: base64url of the JSON sort key of the last row returned. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // falls through to the error below
  }
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
