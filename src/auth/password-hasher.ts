import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { Semaphore } from '../common/semaphore';

/**
 * Hashes running at once in this process. argon2id at 64 MiB each ran four at a time (libuv's
 * four threads), 256 MiB of hash memory on top of the heap: the service's peak RSS (539 MB) came
 * from the login bench. One at a time: with p=4 a hash runs its four lanes on threads of its own,
 * so one hash already keeps both cores busy (the bench's login rate was the same with one or two
 * at once, 2.43 vs 2.42 req/s) and the hash memory stays at 64 MiB; the others wait their turn.
 */
export const MAX_CONCURRENT_HASHES = 1;

/**
 * argon2id with the library's defaults (64 MiB, t=3, p=4): above OWASP's minimums for argon2id
 * (19 MiB with t=2, p=1; 46 MiB with t=1). Existing hashes carry their own parameters.
 */
@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | undefined;
  readonly limit = new Semaphore(MAX_CONCURRENT_HASHES);

  hash(password: string): Promise<string> {
    return this.limit.run(() => argon2.hash(password, { type: argon2.argon2id }));
  }

  /** With no stored hash, still spends the time of a real check, so timing does not tell. */
  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      this.dummy ??= this.hash('not-a-real-password');
      const dummy = await this.dummy;
      await this.limit.run(() => argon2.verify(dummy, password)).catch(() => false);
      return false;
    }
    return this.limit.run(() => argon2.verify(hash, password)).catch(() => false);
  }
}
