import { AppError } from './app-error';

/**
 * How deep a request body may nest. The deepest real body (a requirement pack) is about 6 levels;
 * anything near this is an attack, and past it class-transformer and class-validator recurse
 * until the stack overflows.
 */
export const MAX_INPUT_DEPTH = 32;

export const tooDeep = () =>
  new AppError('validation', 'REQUEST.TOO_DEEP', `The request nests deeper than ${MAX_INPUT_DEPTH} levels`);

/**
 * Depth of a JSON text, found by scanning it (brackets inside strings do not count) without
 * parsing or recursing, so a hostile body is refused before anything walks it.
 */
export function jsonDepthExceeds(text: string, max = MAX_INPUT_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** A UTF-16 surrogate without its pair: JSON's `"\ud800"` escape can make one, UTF-8 cannot hold it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses input PostgreSQL cannot store or the process cannot walk: a NUL character in any string
 * or key (text columns refuse 0x00, and the query would fail as a 500 mid-transaction), a lone
 * surrogate (not text at all: validators that encode it throw, e.g. isEmail's encodeURI), and
 * nesting past MAX_INPUT_DEPTH. Iterative, so the check itself cannot overflow the stack.
 */
export function assertCleanInput(value: unknown, where: string): void {
  const stack: [unknown, number, string][] = [[value, 0, '']];
  while (stack.length > 0) {
    const [v, depth, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw nulByte(where, path);
      if (LONE_SURROGATE.test(v)) throw loneSurrogate(where, path);
      continue;
    }
    if (typeof v !== 'object' || v === null || Buffer.isBuffer(v)) continue;
    if (depth >= MAX_INPUT_DEPTH) throw tooDeep();
    for (const [key, child] of Object.entries(v)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) throw nulByte(where, path);
      if (LONE_SURROGATE.test(key)) throw loneSurrogate(where, path);
      stack.push([child, depth + 1, childPath]);
    }
  }
}

function nulByte(where: string, path: string): AppError {
  const field = path.replace(/\u0000/g, '\\0') || where;
  return new AppError('validation', 'REQUEST.NUL_BYTE', `The ${where} contains a NUL character, which no field accepts`, {
    [field]: 'contains a NUL character',
  });
}

function loneSurrogate(where: string, path: string): AppError {
  const field = path.replace(/[\ud800-\udfff]/g, '\ufffd') || where;
  return new AppError('validation', 'REQUEST.INVALID_UNICODE', `The ${where} contains text that is not valid Unicode (a lone surrogate)`, {
    [field]: 'contains a lone surrogate',
  });
}
