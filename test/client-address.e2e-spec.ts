import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../src/common/clock';
import { createAgency, TEST_PASSWORD, type TestAgency } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

const login = (t: TestApp, email: string, password: string, forwardedFor?: string) => {
  const req = t.http().post('/api/auth/login');
  if (forwardedFor) void req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password });
};
const verify = (t: TestApp, forwardedFor: string) => t.http().get('/api/public/certificates/NO-SUCH-CODE').set('X-Forwarded-For', forwardedFor);

describe('client address: X-Forwarded-For is believed only from configured proxies', () => {
  describe('by default (TRUST_PROXY unset)', () => {
    let t: TestApp;
    let agency: TestAgency;
    beforeAll(async () => {
      t = await startTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
      agency = await createAgency(t);
      // Time stands still for the login throttle, so its one-second back-off cannot run out mid-test.
      const frozen = new Date(Date.UTC(2026, 10, 22, 1, 0));
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => frozen);
    });
    afterAll(() => t.close());

    it('counts failed logins against the real client, whatever address the header claims', async () => {
      for (let i = 0; i < 3; i++) await login(t, agency.approver.email, 'wrong-password', `203.0.113.${i}`).expect(401);
      const res = await login(t, agency.approver.email, TEST_PASSWORD, '198.51.100.77').expect(429);
      expect(res.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('counts public verification requests against the real client, whatever address the header claims', async () => {
      for (let i = 0; i < 3; i++) await verify(t, `203.0.113.${i}`).expect(404);
      const res = await verify(t, '198.51.100.77').expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('behind a proxy on the loopback address (TRUST_PROXY=127.0.0.1)', () => {
    let t: TestApp;
    let agency: TestAgency;
    let now: number;
    beforeAll(async () => {
      t = await startTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' });
      agency = await createAgency(t);
      now = Date.UTC(2026, 10, 22, 1, 0);
      jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
    });
    afterAll(() => t.close());

    it('gives each forwarded client address its own public rate limit', async () => {
      for (let i = 0; i < 3; i++) await verify(t, '203.0.113.10').expect(404);
      await verify(t, '203.0.113.10').expect(429);
      await verify(t, '198.51.100.10').expect(404);
    });

    it("a stranger's 30 wrong passwords from one address slow the stranger down and keep the owner at another address out for at most a minute", async () => {
      const email = agency.admin.email;
      const stranger = '203.0.113.66';
      const owner = '198.51.100.20';
      const start = now;
      const strangerWaits: number[] = [];
      const ownerWaits: number[] = [];
      let failures = 0;
      while (failures < 30) {
        const res = await login(t, email, `guess-${failures}-wrong`, stranger);
        if (res.status === 401) {
          failures++;
          continue;
        }
        expect(res.status).toBe(429);
        const wait = Number(res.headers['retry-after']);
        strangerWaits.push(wait);
        // While the stranger waits, the owner comes from home: in at once, or after at most a minute.
        // (At the first pauses, when the per-account limit can bite, then now and then: each login costs an argon2 check.)
        if (strangerWaits.length > 6 && strangerWaits.length % 5 !== 0) {
          now += wait * 1000;
          continue;
        }
        const first = await login(t, email, TEST_PASSWORD, owner);
        if (first.status === 429) {
          const ownerWait = Number(first.headers['retry-after']);
          ownerWaits.push(ownerWait);
          expect(ownerWait).toBeLessThanOrEqual(60);
          now += ownerWait * 1000;
          await login(t, email, TEST_PASSWORD, owner).expect(200);
        } else {
          expect(first.status).toBe(200);
        }
        now += wait * 1000;
      }
      // The per-account limit did hold the owner back once, briefly.
      expect(ownerWaits.length).toBeGreaterThan(0);
      // The stranger was slowed: waits grew to the cap, and 30 guesses took over 20 minutes.
      expect(Math.max(...strangerWaits)).toBe(60);
      expect(strangerWaits.slice(0, 2)).toEqual([1, 2]);
      expect(now - start).toBeGreaterThan(20 * 60_000);
      // After all of it the owner still gets in at once, and the stranger is still held off.
      await login(t, email, TEST_PASSWORD, owner).expect(200);
      await login(t, email, 'one-more-guess', stranger).expect(429);
    }, 180_000);
  });
});
