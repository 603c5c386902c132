import { Injectable } from '@nestjs/common';

/**
 * The time source of login throttling and of account tokens (reset and confirmation links), so
 * tests move time instead of sleeping. Provided as the app's one `Clock` (common/clock.ts); this
 * class names what auth needs of it.
 */
@Injectable()
export class AuthClock {
  now(): Date {
    return new Date();
  }
}
