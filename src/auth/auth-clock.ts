import { Injectable } from '@nestjs/common';

/**
 * The time source of login throttling and of account tokens (reset and confirmation links), so
 * tests move time instead of sleeping. One provider, read through `now()` only.
 */
@Injectable()
export class AuthClock {
  now(): Date {
    return new Date();
  }
}
