/**
 * The one source of "now" for every decision a user sees: deadlines, certificate years and validity,
 * expiry, reminders, the outbox's retry times, which policy is in force. Injected as `Clock`; the
 * system clock in production, a settable one in tests so that no test depends on the hour it runs.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Starts at a given instant and runs on at the speed of real time, so that order and elapsed time
 * behave as they do in production; `set` and `advance` jump it.
 */
export class SettableClock extends Clock {
  private offsetMs: number;

  constructor(start: Date | string = new Date()) {
    super();
    this.offsetMs = 0;
    this.set(start);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date | string): void {
    const at = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
    if (Number.isNaN(at)) throw new Error(`Not an instant: ${String(instant)}`);
    this.offsetMs = at - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * The clock a process starts with. `TEST_CLOCK_START` (an ISO instant) moves "now" for a service
 * started by the tests as a child process; it is honoured only when NODE_ENV=test.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const start = env.TEST_CLOCK_START;
  if (!start || env.NODE_ENV !== 'test') return new SystemClock();
  return new SettableClock(start);
}
