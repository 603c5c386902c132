import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../src/common/clock';
import { PublicVerificationService } from '../src/certificates/public-verification.service';
import { announceChange, ChangeEvents, type ChangeEvent } from '../src/database/change-events';
import { inTransaction } from '../src/database/transaction';
import { issueCertificate } from './support/applications';
import { bearer, createAgency, createApplicant, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { until } from './support/polling';
import { startTestApp, type TestApp } from './support/test-app';
import type { TestDatabase } from './support/test-database';
import { twoAppsOnOneDatabase, type TwoApps } from './support/two-apps';

/** Resolves with the first event `app` hears that matches; a generous timeout, not a timed assertion. */
function nextEvent(app: TestApp, match: (e: ChangeEvent) => boolean, timeoutMs = 20_000): Promise<ChangeEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error('no such change event arrived'));
    }, timeoutMs);
    const unsubscribe = app.app.get(ChangeEvents).subscribe((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(e);
    });
  });
}

describe('two processes on one database: one set of limits, one scan count, changes heard by both', () => {
  let apps: TwoApps;
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let certificate: { id: string; code: string };
  // Both behind one proxy on the loopback address, so each test can be its own client address.
  const env = { PUBLIC_RATE_LIMIT_PER_MINUTE: '10', TRUST_PROXY: '127.0.0.1' };

  beforeAll(async () => {
    apps = await twoAppsOnOneDatabase(env);
    ({ db, a, b } = apps);
    // Time stands still for the login throttle in both, so its one-second back-off cannot run out mid-test.
    const frozen = new Date(Date.UTC(2026, 10, 22, 1, 0));
    for (const t of [a, b]) jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => frozen);
    agency = await createAgency(a);
    owner = await createApplicant(a);
    certificate = await issueCertificate(a, agency, owner);
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
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

  it('adds the scans counted by both processes, and by one that stops, exactly, and shows the count to staff', async () => {
    const scanCount = async () => (await b.http().get(`/api/certificates/${certificate.id}`).set(bearer(agency.officer)).expect(200)).body.scanCount as number;
    expect(await scanCount()).toBe(0);
    const c = await startTestApp(env, { db });
    for (let i = 0; i < 4; i++) await verify(a, '198.51.100.30', certificate.code).expect(200);
    for (let i = 0; i < 3; i++) await verify(b, '198.51.100.31', certificate.code).expect(200);
    for (let i = 0; i < 2; i++) await verify(c, '198.51.100.32', certificate.code).expect(200);
    // A flushes twice at once and B once; C writes its scans as it stops.
    await Promise.all([a.app.get(PublicVerificationService).flushScans(), a.app.get(PublicVerificationService).flushScans(), b.app.get(PublicVerificationService).flushScans()]);
    await c.close();
    await a.app.get(PublicVerificationService).flushScans();
    const [row] = (await a.dataSource.query(`SELECT scan_count::int FROM certificate_scans WHERE certificate_id = $1`, [certificate.id])) as { scan_count: number }[];
    expect(row.scan_count).toBe(9);
    expect(await scanCount()).toBe(9);
    // And after a status change, whose answer is built from the updated row.
    const suspended = await a.http().post(`/api/certificates/${certificate.id}/suspend`).set(bearer(agency.approver)).send({ reason: 'Pemeriksaan aduan masyarakat' }).expect(200);
    expect(suspended.body.scanCount).toBe(9);
    await a.http().post(`/api/certificates/${certificate.id}/reinstate`).set(bearer(agency.approver)).send({ reason: 'Aduan tidak terbukti' }).expect(200);
  });

  it('adds scan counts in certificate id order, so a transaction taking them in that order waits instead of deadlocking', async () => {
    const second = await issueCertificate(a, agency, owner);
    const [low, high] = [certificate, second].sort((x, y) => (x.id < y.id ? -1 : 1));
    const service = a.app.get(PublicVerificationService);
    // Both scanned once, so both have their row of counts.
    await verify(a, '198.51.100.39', second.code).expect(200);
    await service.flushScans();
    const counts = async () =>
      Object.fromEntries(
        ((await a.dataSource.query(`SELECT certificate_id, scan_count::int FROM certificate_scans WHERE certificate_id = ANY($1::uuid[])`, [[low.id, high.id]])) as {
          certificate_id: string;
          scan_count: number;
        }[]).map((r) => [r.certificate_id, r.scan_count]),
      );
    const before = await counts();
    expect(Object.keys(before).sort()).toEqual([low.id, high.id].sort());
    // Scanned higher id first, so a flush that followed the order of scanning would lock that row first.
    for (let i = 0; i < 2; i++) await verify(a, '198.51.100.40', high.code).expect(200);
    await verify(a, '198.51.100.41', low.code).expect(200);

    const other = a.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`SELECT 1 FROM certificate_scans WHERE certificate_id = $1 FOR UPDATE`, [low.id]);
      const flushed = service.flushScans();
      await until('the flush waits for the locked row', async () => {
        const [w] = (await a.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO certificate_scans%'`,
        )) as { n: number }[];
        return w.n > 0;
      });
      // The flush holds nothing yet, so the other transaction takes the higher row at once.
      await other.query(`SET LOCAL lock_timeout = '10s'`);
      await other.query(`SELECT 1 FROM certificate_scans WHERE certificate_id = $1 FOR UPDATE`, [high.id]);
      await other.commitTransaction();
      await flushed;
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
    // Written by that one flush: nothing left pending for a later one.
    expect(await counts()).toEqual({ [low.id]: before[low.id] + 1, [high.id]: before[high.id] + 2 });
  }, 120_000);

  it("hears on B a revocation made on A, and a settings change after B's listening connection was killed", async () => {
    const seen = nextEvent(b, (e) => e.type === 'certificate.status' && e.certificateId === certificate.id && e.status === 'suspended');
    await a.http().post(`/api/certificates/${certificate.id}/suspend`).set(bearer(agency.approver)).send({ reason: 'Pemeriksaan aduan masyarakat' }).expect(200);
    expect(await seen).toEqual({ type: 'certificate.status', certificateId: certificate.id, agencyId: agency.id, verificationCode: certificate.code, status: 'suspended' });

    const events = b.app.get(ChangeEvents);
    const pid = events.backendPid();
    expect(pid).not.toBeNull();
    const resync = nextEvent(b, (e) => e.type === 'resync');
    await a.dataSource.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await resync;
    expect(events.backendPid()).not.toBe(pid);

    const revoked = nextEvent(b, (e) => e.type === 'certificate.status' && e.certificateId === certificate.id && e.status === 'revoked');
    await a.http().post(`/api/certificates/${certificate.id}/revoke`).set(bearer(agency.approver)).send({ reason: 'Melanggar Kode Etik Jurnalistik' }).expect(200);
    await revoked;
    const settings = nextEvent(b, (e) => e.type === 'agency.settings' && e.agencyId === agency.id);
    await a.http().patch(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).send({ phone: '0341-555' }).expect(200);
    await settings;
  }, 60_000);

  it('announces a change only when its transaction commits', async () => {
    const heard: ChangeEvent[] = [];
    const unsubscribe = b.app.get(ChangeEvents).subscribe((e) => heard.push(e));
    const rolledBack = { type: 'agency.settings' as const, agencyId: '00000000-0000-0000-0000-00000000dead' };
    await expect(
      inTransaction(a.dataSource, async (m) => {
        await announceChange(m, rolledBack);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    // A later committed change arrives on the same connection after anything the rolled-back one could have sent.
    const after = nextEvent(b, (e) => e.type === 'agency.settings' && e.agencyId === agency.id);
    await a.http().patch(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).send({ phone: '0341-556' }).expect(200);
    await after;
    unsubscribe();
    expect(heard).toEqual([{ type: 'agency.settings', agencyId: agency.id }]);
  });
});
