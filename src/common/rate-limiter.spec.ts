import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows max failures in a window, then asks to wait until the window ends', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('a')).toBe(0);
      limiter.hit('a');
    }
    expect(limiter.retryAfter('a')).toBe(60);
    now = 30_000;
    expect(limiter.retryAfter('a')).toBe(30);
    expect(limiter.retryAfter('b')).toBe(0);
    now = 60_000;
    expect(limiter.retryAfter('a')).toBe(0);
  });

  it('take() refuses the request past the limit', () => {
    const limiter = new RateLimiter(2, 1000, () => 0);
    expect([limiter.take('ip'), limiter.take('ip'), limiter.take('ip')]).toEqual([0, 0, 1]);
  });
});
