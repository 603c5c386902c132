import type { AppConfig } from '../config/app-config';
import type { Clock } from '../common/clock';
import { backoffDelayMs, LoginThrottle, MemoryFailureStore, windowWaitMs } from './login-throttle';

const policy = { freeFailures: 3, backoffBaseMs: 1000, backoffMaxMs: 60_000 };

function throttle(overrides: Partial<AppConfig> = {}) {
  let now = Date.UTC(2026, 10, 22, 7, 30);
  const clock = { now: () => new Date(now) } as Clock;
  const config = {
    LOGIN_FREE_FAILURES: 3,
    LOGIN_BACKOFF_MAX_SECONDS: 60,
    LOGIN_ACCOUNT_FAILURES_PER_MINUTE: 5,
    LOGIN_ADDRESS_FAILURES_PER_HOUR: 60,
    ...overrides,
  } as AppConfig;
  return { limiter: new LoginThrottle(config, clock), advance: (seconds: number) => (now += seconds * 1000) };
}

/** One failed try if allowed; the wait in seconds otherwise. */
async function fail(limiter: LoginThrottle, account: string, address: string): Promise<number> {
  const { retryAfter } = await limiter.begin(account, address);
  return retryAfter;
}

describe('backoffDelayMs', () => {
  it('is free for the first failures, then doubles from one second up to the cap', () => {
    const delays = Array.from({ length: 12 }, (_, failures) => backoffDelayMs(failures, policy) / 1000);
    expect(delays).toEqual([0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('stays at the cap for very many failures instead of overflowing', () => {
    expect(backoffDelayMs(10_000, policy)).toBe(60_000);
  });
});

describe('windowWaitMs', () => {
  it('admits while under the limit, then waits until the oldest failure that matters leaves the window', () => {
    expect(windowWaitMs([0, 10_000], 3, 60_000, 20_000)).toBe(0);
    // Four failures, limit 3: the second-oldest must leave (at 70 s) for the count to drop to 2.
    expect(windowWaitMs([0, 10_000, 15_000, 20_000], 3, 60_000, 20_000)).toBe(50_000);
  });
});

describe('LoginThrottle', () => {
  it('slows one address on one account with a growing back-off', async () => {
    const { limiter, advance } = throttle();
    for (let i = 0; i < 3; i++) expect(await fail(limiter, 'owner@x.test', '203.0.113.9')).toBe(0);
    expect(await fail(limiter, 'owner@x.test', '203.0.113.9')).toBe(1);
    advance(1);
    expect(await fail(limiter, 'owner@x.test', '203.0.113.9')).toBe(0);
    expect(await fail(limiter, 'owner@x.test', '203.0.113.9')).toBe(2);
  });

  it('starts the wait when a slow failure is answered, not when it began', async () => {
    const { limiter, advance } = throttle();
    for (let i = 0; i < 3; i++) {
      const { at } = await limiter.begin('owner@x.test', '203.0.113.9');
      advance(2);
      await limiter.failed('owner@x.test', '203.0.113.9', at);
    }
    expect(await fail(limiter, 'owner@x.test', '203.0.113.9')).toBe(1);
  });

  it('lets the owner in from another address while a stranger is backed off', async () => {
    const { limiter } = throttle();
    for (let i = 0; i < 3; i++) await fail(limiter, 'owner@x.test', '203.0.113.9');
    expect(await fail(limiter, 'owner@x.test', '203.0.113.9')).toBeGreaterThan(0);
    const owner = await limiter.begin('owner@x.test', '198.51.100.7');
    expect(owner.retryAfter).toBe(0);
  });

  it('holds a guesser spread over many addresses to a few failures a minute per account, and for no more than a minute', async () => {
    const { limiter, advance } = throttle();
    for (let i = 0; i < 5; i++) expect(await fail(limiter, 'owner@x.test', `203.0.113.${i}`)).toBe(0);
    const wait = await fail(limiter, 'owner@x.test', '198.51.100.7');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    advance(wait);
    expect(await fail(limiter, 'owner@x.test', '198.51.100.7')).toBe(0);
  });

  it('limits one address spraying many accounts', async () => {
    const { limiter } = throttle({ LOGIN_ADDRESS_FAILURES_PER_HOUR: 4 } as Partial<AppConfig>);
    for (let i = 0; i < 4; i++) expect(await fail(limiter, `user${i}@x.test`, '203.0.113.9')).toBe(0);
    expect(await fail(limiter, 'user9@x.test', '203.0.113.9')).toBe(3600);
    expect(await fail(limiter, 'user9@x.test', '198.51.100.7')).toBe(0);
  });

  it('takes a successful try back and forgets the failures of that address', async () => {
    const { limiter } = throttle();
    for (let i = 0; i < 2; i++) await fail(limiter, 'owner@x.test', '203.0.113.9');
    const ok = await limiter.begin('owner@x.test', '203.0.113.9');
    await limiter.succeeded('owner@x.test', '203.0.113.9', ok.at);
    for (let i = 0; i < 3; i++) expect(await fail(limiter, 'owner@x.test', '203.0.113.9')).toBe(0);
  });
});

describe('MemoryFailureStore', () => {
  it('keeps only what a limit can still ask for', async () => {
    const store = new MemoryFailureStore(60_000, 3);
    await store.add(['k'], 0);
    for (const at of [70_000, 71_000, 72_000, 73_000]) await store.add(['k'], at);
    expect(await store.since('k', 0)).toEqual([71_000, 72_000, 73_000]);
    await store.forget(['k'], 72_000);
    expect(await store.since('k', 0)).toEqual([71_000, 73_000]);
  });
});
