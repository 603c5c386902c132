import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FIELD_VISIT } from './support/applications';
import { startServiceProcess, type ServiceProcess } from './support/service-process';

/**
 * The zero-setup default exactly as `npm start` runs it: the built service with no DATABASE_URL,
 * so it initialises its embedded PostgreSQL under DATA_DIR and seeds the demo data. Runs the same
 * in CI (TEST_DATABASE_URL is not used here) and on a fresh machine.
 */
describe('the embedded default database (npm start without DATABASE_URL)', () => {
  const DEMO_PASSWORD = 'mitra-demo-2026';
  const N = 50;
  let dataDir: string;
  let service: ServiceProcess;
  let applicant: string;
  let officer: string;
  let approver: string;
  let verificationCode: string;
  let certificateNumber: string;

  const start = () => startServiceProcess(null, { DATA_DIR: dataDir, SEED_DEMO: 'auto', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
  const postmasterPid = () => Number(readFileSync(join(dataDir, 'pg18', 'postmaster.pid'), 'utf8').split('\n')[0]);
  /** Running, not merely a zombie its new parent has yet to reap. */
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
    return !/\) Z /.test(stat);
  };
  const login = async (email: string) =>
    (await request(service.url).post('/api/auth/login').send({ email, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
  const act = (token: string, id: string, body: Record<string, unknown>) =>
    request(service.url).post(`/api/applications/${id}/actions`).set('Authorization', `Bearer ${token}`).send(body);
  const verify = () => request(service.url).get(`/api/public/certificates/${verificationCode}`);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mitra-embedded-'));
    // Run as root, the server runs as the user "postgres", which must be able to enter this folder.
    chmodSync(dataDir, 0o755);
    service = await start();
    [applicant, officer, approver] = await Promise.all(['applicant@demo.test', 'officer@demo.test', 'approver@demo.test'].map(login));
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a PostgreSQL 18 server of its own under DATA_DIR and says so', () => {
    expect(service.output()).toContain(`Database: embedded PostgreSQL 18 in ${join(dataDir, 'pg18')}`);
    expect(alive(postmasterPid())).toBe(true);
  });

  it(`applies exactly one of ${N} simultaneous actions, and one of ${N} simultaneous approvals, on the way to a certificate`, async () => {
    const [outlet] = (await request(service.url).get('/api/outlets').set('Authorization', `Bearer ${applicant}`).expect(200)).body as { id: string }[];
    const agencies = (await request(service.url).get('/api/agencies').expect(200)).body as { id: string; code: string }[];
    const demo = agencies.find((a) => a.code === 'DEMO')!;
    const draft = await request(service.url).post('/api/applications').set('Authorization', `Bearer ${applicant}`).send({ outletId: outlet.id, agencyId: demo.id }).expect(201);
    const submitted = await act(applicant, draft.body.id, { action: 'submit', version: draft.body.version }).expect(200);

    const passes = await Promise.all(Array.from({ length: N }, () => act(officer, draft.body.id, { action: 'pass_administrative', version: submitted.body.version })));
    expect(passes.filter((r) => r.status === 200)).toHaveLength(1);
    expect(passes.filter((r) => r.status === 409)).toHaveLength(N - 1);
    const passed = passes.find((r) => r.status === 200)!;

    const field = await act(officer, draft.body.id, { action: 'pass_field', version: passed.body.version, fieldVisit: FIELD_VISIT }).expect(200);
    const approvals = await Promise.all(Array.from({ length: N }, () => act(approver, draft.body.id, { action: 'approve', version: field.body.version })));
    const approved = approvals.filter((r) => r.status === 200);
    expect(approved).toHaveLength(1);
    expect(approvals.filter((r) => r.status === 409)).toHaveLength(N - 1);

    const certs = await request(service.url).get('/api/certificates').set('Authorization', `Bearer ${approver}`).expect(200);
    const items = (certs.body.items ?? certs.body) as { id: string; number: string }[];
    expect(items).toHaveLength(1);
    const meta = await request(service.url).get(`/api/certificates/${items[0].id}`).set('Authorization', `Bearer ${applicant}`).expect(200);
    verificationCode = meta.body.verificationCode;
    certificateNumber = approved[0].body.certificate.number;
    expect(meta.body.number).toBe(certificateNumber);
  }, 120_000);

  it(`answers ${N} simultaneous public verifications, all 200`, async () => {
    const results = await Promise.all(Array.from({ length: N }, () => verify()));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    for (const r of results) expect(r.body).toMatchObject({ number: certificateNumber, status: 'active', valid: true });
  });

  it(`answers ${N} simultaneous staff queue reads, all 200 and the same`, async () => {
    const results = await Promise.all(Array.from({ length: N }, () => request(service.url).get('/api/applications').set('Authorization', `Bearer ${officer}`)));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    const first = JSON.stringify(results[0].body);
    for (const r of results) expect(JSON.stringify(r.body)).toBe(first);
  });

  it('stops cleanly on SIGTERM, PostgreSQL included, and keeps the data for the next start', async () => {
    const pid = postmasterPid();
    expect(await service.stop('SIGTERM')).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'pg18', 'postmaster.pid'))).toBe(false);

    service = await start();
    expect(service.output()).not.toContain('Demo logins');
    expect((await verify().expect(200)).body).toMatchObject({ number: certificateNumber, valid: true });
  }, 120_000);

  it('refuses a second service on the same DATA_DIR while the first runs', async () => {
    await expect(start()).rejects.toThrow(/is in use by process \d+/);
    await verify().expect(200);
  }, 60_000);

  it('starts again after the service was killed, taking over the PostgreSQL it left running', async () => {
    const orphan = postmasterPid();
    expect(await service.stop('SIGKILL')).toBe(null);
    // Nothing stopped it: the server still runs on the folder, holding postmaster.pid.
    expect(alive(orphan)).toBe(true);

    service = await start();
    expect(alive(orphan)).toBe(false);
    expect(postmasterPid()).not.toBe(orphan);
    expect((await verify().expect(200)).body).toMatchObject({ number: certificateNumber, valid: true });
  }, 120_000);
});
