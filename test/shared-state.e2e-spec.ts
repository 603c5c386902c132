import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AuthClock } from '../src/auth/auth-clock';
import { PublicVerificationService } from '../src/certificates/public-verification.service';
import { approveThrough, createDraft } from './support/applications';
import { createAgency, createApplicant, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('two processes on one database: one set of limits, one scan count', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let certificate: { id: string; verificationCode: string };
  // Both behind one proxy on the loopback address, so each test can be its own client address.
  const env = { PUBLIC_RATE_LIMIT_PER_MINUTE: '10', TRUST_PROXY: '127.0.0.1' };

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApp(env, { db });
    b = await startTestApp(env, { db });
    // Time stands still for the login throttle in both, so its one-second back-off cannot run out mid-test.
    const frozen = new Date(Date.UTC(2026, 10, 22, 1, 0));
    for (const t of [a, b]) jest.spyOn(t.app.get(AuthClock), 'now').mockImplementation(() => frozen);
    agency = await createAgency(a);
    owner = await createApplicant(a);
    const outlet = await createCompleteOutlet(a, owner);
    const draft = await createDraft(a, owner, outlet.id, agency.id);
    const { certificate: issued } = await approveThrough(a, { owner, ...agency }, draft.id);
    const [row] = (await a.dataSource.query(`SELECT verification_code FROM certificates WHERE id = $1`, [issued.id])) as { verification_code: string }[];
    certificate = { id: issued.id, verificationCode: row.verification_code };
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  const login = (t: TestApp, password: string) =>
    t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.10').send({ email: agency.officer.email, password });
  const verify = (t: TestApp, client: string, code = 'NO-SUCH-CODE') => t.http().get(`/api/public/certificates/${code}`).set('X-Forwarded-For', client);

  it('counts failed logins spread over both processes against one limit', async () => {
    await login(a, 'wrong-password').expect(401);
    await login(b, 'wrong-password').expect(401);
    await login(a, 'wrong-password').expect(401);
    // Three failures from this address: the back-off holds on B too, even for the right password.
    const res = await login(b, TEST_PASSWORD).expect(429);
    expect(res.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    await login(a, TEST_PASSWORD).expect(429);
  });

  it('admits one client no more public verification requests over both processes than the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await verify(i % 2 ? b : a, '198.51.100.20')).status);
    expect(statuses).toEqual([...Array(10).fill(404), 429, 429]);
    const refused = await verify(a, '198.51.100.20').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not touched.
    await verify(b, '198.51.100.21').expect(404);
  });

  it('keeps a client within one limit over both processes when most requests are admitted without asking', async () => {
    // 40 a minute: each process admits 2 per client unasked, then claims blocks of 2 from the shared count.
    const more = { ...env, PUBLIC_RATE_LIMIT_PER_MINUTE: '40' };
    const [c, d] = [await startTestApp(more, { db }), await startTestApp(more, { db })];
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await verify(i % 2 ? d : c, '198.51.100.25')).status);
      const admitted = statuses.filter((s) => s === 404).length;
      // Never more than the limit plus each process's unasked share, never less than the limit minus one unspent block.
      expect(admitted).toBeGreaterThanOrEqual(38);
      expect(admitted).toBeLessThanOrEqual(44);
      expect(statuses.slice(-10)).toEqual(Array(10).fill(429));
    } finally {
      await c.close();
      await d.close();
    }
  });

  it('adds the scans counted by both processes, and by one that stops, exactly', async () => {
    const c = await startTestApp(env, { db });
    for (let i = 0; i < 4; i++) await verify(a, '198.51.100.30', certificate.verificationCode).expect(200);
    for (let i = 0; i < 3; i++) await verify(b, '198.51.100.31', certificate.verificationCode).expect(200);
    for (let i = 0; i < 2; i++) await verify(c, '198.51.100.32', certificate.verificationCode).expect(200);
    // A flushes twice at once and B once; C writes its scans as it stops.
    await Promise.all([a.app.get(PublicVerificationService).flushScans(), a.app.get(PublicVerificationService).flushScans(), b.app.get(PublicVerificationService).flushScans()]);
    await c.close();
    await a.app.get(PublicVerificationService).flushScans();
    const [row] = (await a.dataSource.query(`SELECT scan_count FROM certificates WHERE id = $1`, [certificate.id])) as { scan_count: number }[];
    expect(row.scan_count).toBe(9);
  });
});
