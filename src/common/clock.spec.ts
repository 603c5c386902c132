import { clockFromEnv, SettableClock, SystemClock } from './clock';

describe('Clock', () => {
  it('a settable clock starts where it is told and can be moved', () => {
    const clock = new SettableClock('2026-12-31T17:30:00Z');
    expect(clock.now().toISOString().slice(0, 10)).toBe('2026-12-31');
    clock.advance(86_400_000);
    expect(clock.now().toISOString().slice(0, 10)).toBe('2027-01-01');
    clock.set(new Date('2020-02-29T00:00:00Z'));
    expect(clock.now().toISOString().slice(0, 10)).toBe('2020-02-29');
    expect(() => clock.set('not a date')).toThrow();
  });

  it('TEST_CLOCK_START moves the clock only under NODE_ENV=test', () => {
    const start = '2030-01-01T00:00:00Z';
    expect(clockFromEnv({ NODE_ENV: 'test', TEST_CLOCK_START: start }).now().getUTCFullYear()).toBe(2030);
    expect(clockFromEnv({ NODE_ENV: 'production', TEST_CLOCK_START: start })).toBeInstanceOf(SystemClock);
    expect(clockFromEnv({ NODE_ENV: 'development', TEST_CLOCK_START: start })).toBeInstanceOf(SystemClock);
    expect(clockFromEnv({ NODE_ENV: 'test' })).toBeInstanceOf(SystemClock);
  });
});
