import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

export class ChecksumMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`checksum mismatch: the stored bytes hash to ${actual}, not ${expected}`);
    this.name = 'ChecksumMismatch';
  }
}

/**
 * Passes bytes through while hashing them and fails with ChecksumMismatch unless they hash to
 * `expected`. The last chunk is held back until the hash is known, so a reader of bad bytes never
 * receives the whole file: a download with a Content-Length is cut short, never quietly wrong.
 */
export function sha256Verifier(expected: string, toError: (mismatch: ChecksumMismatch) => Error = (m) => m): Transform {
  const hash = createHash('sha256');
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      const previous = held;
      held = chunk;
      done(null, previous ?? undefined);
    },
    flush(done) {
      const actual = hash.digest('hex');
      if (actual !== expected) return done(toError(new ChecksumMismatch(expected, actual)));
      done(null, held ?? undefined);
    },
  });
}
