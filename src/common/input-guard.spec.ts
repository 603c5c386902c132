import { AppError } from './app-error';
import { assertCleanInput, jsonDepthExceeds, MAX_INPUT_DEPTH } from './input-guard';
import { decodeCursor, encodeCursor, type CursorPart } from './pagination';

const nest = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays, up to the limit and one past it', () => {
    expect(jsonDepthExceeds(nest(MAX_INPUT_DEPTH))).toBe(false);
    expect(jsonDepthExceeds(nest(MAX_INPUT_DEPTH + 1))).toBe(true);
    expect(jsonDepthExceeds('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '['.repeat(1000) }))).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: '\\"' + '{'.repeat(1000) }))).toBe(false);
    expect(jsonDepthExceeds(`["\\\\", ${nest(MAX_INPUT_DEPTH)}]`)).toBe(true);
  });
});

describe('assertCleanInput', () => {
  const code = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (err) {
      return err instanceof AppError ? err.code : 'other';
    }
  };

  it('refuses a NUL in any string or key, naming the field', () => {
    expect(code(() => assertCleanInput({ a: [{ b: 'x\u0000' }] }, 'body'))).toBe('REQUEST.NUL_BYTE');
    expect(code(() => assertCleanInput({ ['k\u0000']: 1 }, 'body'))).toBe('REQUEST.NUL_BYTE');
    expect(code(() => assertCleanInput('a\u0000', 'path parameter code'))).toBe('REQUEST.NUL_BYTE');
    expect(() => assertCleanInput({ office: { city: 'a\u0000' } }, 'body')).toThrow(
      expect.objectContaining({ errors: { 'office.city': 'contains a NUL character' } }) as unknown as Error,
    );
  });

  it('refuses a lone surrogate in any string or key, and lets paired ones (emoji) through', () => {
    expect(code(() => assertCleanInput({ email: 'a\ud800@x.test' }, 'body'))).toBe('REQUEST.INVALID_UNICODE');
    expect(code(() => assertCleanInput({ a: ['\udfffx'] }, 'body'))).toBe('REQUEST.INVALID_UNICODE');
    expect(code(() => assertCleanInput({ ['k\udc00']: 1 }, 'body'))).toBe('REQUEST.INVALID_UNICODE');
    expect(code(() => assertCleanInput({ name: 'Lensa 😀 𝕿 Ω' }, 'body'))).toBeNull();
  });

  it('refuses nesting past the limit without recursing, and lets ordinary input through', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(code(() => assertCleanInput(deep, 'body'))).toBe('REQUEST.TOO_DEEP');
    expect(code(() => assertCleanInput({ name: 'Lensa Jatim', tags: ['a', 'b'], n: 3, none: null }, 'body'))).toBeNull();
  });
});

describe('decodeCursor', () => {
  it('returns the sort key of a cursor this API made', () => {
    const key = ['2026-03-01T02:03:04.123456Z', '0b6f2c4e-2f7b-4a51-9d38-9a1c2b3d4e5f'];
    expect(decodeCursor(encodeCursor(key), ['timestamp', 'uuid'])).toEqual(key);
    expect(decodeCursor(encodeCursor([null, key[1]]), ['timestamp|null', 'uuid'])).toEqual([null, key[1]]);
    expect(decodeCursor(encodeCursor(['12345']), ['bigint'])).toEqual(['12345']);
    expect(decodeCursor(undefined, ['bigint'])).toBeNull();
  });

  const ID = '0b6f2c4e-2f7b-4a51-9d38-9a1c2b3d4e5f';
  it.each([
    ['not base64 JSON', '%%%', ['bigint']],
    ['wrong arity', encodeCursor(['12345', '1']), ['bigint']],
    ['a number where text is kept', encodeCursor([12345]), ['bigint']],
    ['past bigint', encodeCursor(['9223372036854775808']), ['bigint']],
    ['an impossible timestamp', encodeCursor(['2026-02-31T00:00:00Z', ID]), ['timestamp', 'uuid']],
    ['null where a timestamp is required', encodeCursor([null, ID]), ['timestamp', 'uuid']],
    ['a non-UUID id', encodeCursor(['2026-02-01T00:00:00Z', 'x']), ['timestamp', 'uuid']],
  ] as [string, string, CursorPart[]][])('refuses %s with PAGINATION.BAD_CURSOR', (_, cursor, shape) => {
    expect(() => decodeCursor(cursor, shape)).toThrow(expect.objectContaining({ code: 'PAGINATION.BAD_CURSOR' }) as unknown as Error);
  });
});
