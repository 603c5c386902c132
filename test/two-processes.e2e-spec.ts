import { createHash, randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startSmtpTestServer, type SmtpTestServer } from '../src/notifications/testing/smtp-test-server';
import { addDays, wibDate } from '../src/common/wib-calendar';
import { FILE_STORAGE, type FileStorage } from '../src/storage/file-storage';
import { approveThrough, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { pdfBytes } from './support/files';
import { createCompleteOutlet, uploadDocument } from './support/outlets';
import { startS3Server, S3_CREDENTIALS, type S3Server } from './support/s3-server';
import { startServiceProcess, type ServiceProcess } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { binary } from './support/zip';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const uid = () => randomBytes(4).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` holds; a generous timeout, not a timed assertion. */
async function until(what: string, done: () => Promise<boolean> | boolean, context: () => string, timeoutMs = 40_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}\n${context()}`);
    await sleep(200);
  }
}

/** The limit the test makes small: failed logins of one account per minute, from all addresses. */
const ACCOUNT_FAILURES_PER_MINUTE = 4;

/**
 * Two built service processes (node dist/src/main.js) on one PostgreSQL database, one s3rver bucket
 * and one SMTP server, both running their outbox and scheduler workers, driven over HTTP. The
 * in-process app only migrates the database and lays out fixtures; its workers are off.
 */
describe('two service processes on one database and one S3 bucket', () => {
  let smtp: SmtpTestServer;
  let s3: S3Server;
  let db: TestDatabase;
  let seed: TestApp;
  let a: ServiceProcess | undefined;
  let b: ServiceProcess | undefined;
  let agency: TestAgency;
  let owner: Actor;
  let outletId: string;
  let verificationCode: string;
  const scheduled: { soon?: { id: string; number: string }; ended?: { id: string; number: string } } = {};

  /** The test helpers, pointed at one of the processes. */
  const via = (p: ServiceProcess): TestApp => ({ ...seed, http: () => request(p.url) });
  const outputs = () => [a, b].map((p, i) => `--- ${i ? 'B' : 'A'} ---\n${p?.output().slice(-3000) ?? '(not started)'}`).join('\n');

  async function certificateEnding(validUntil: string): Promise<{ id: string; number: string }> {
    const [{ id: outlet }] = (await seed.dataSource.query(
      `INSERT INTO outlets (legal_name, brand_name, legal_form, media_type, created_by) VALUES ('PT Media Uji', 'Media Uji', 'PT', 'online', $1) RETURNING id`,
      [owner.id],
    )) as { id: string }[];
    await seed.dataSource.query(`INSERT INTO outlet_owners (outlet_id, user_id) VALUES ($1, $2)`, [outlet, owner.id]);
    const [{ id: applicationId }] = (await seed.dataSource.query(
      `INSERT INTO applications (reference, outlet_id, agency_id, status, outlet_name, created_by, submitted_at)
       VALUES ($1, $2, $3, 'approved', 'Media Uji', $4, now()) RETURNING id`,
      [`MM/2026/${uid()}`, outlet, agency.id, owner.id],
    )) as { id: string }[];
    const pdf = pdfBytes(`Sertifikat ${uid()}`);
    const stored = await seed.app.get<FileStorage>(FILE_STORAGE).put('certificates', pdf);
    const seq = randomInt(100_000, 1_000_000);
    const number = `${seq}/MM/${agency.code}/2026`;
    const [{ id }] = (await seed.dataSource.query(
      `INSERT INTO certificates (agency_id, application_id, outlet_id, number, year, seq, verification_code, status,
         valid_from, valid_until, issued_at, outlet_name, data, pdf_storage_key, pdf_sha256, pdf_size)
       VALUES ($1, $2, $3, $4, 2026, $5, $6, 'active', $7::date - 365, $7, now(), 'Media Uji', '{}', $8, $9, $10) RETURNING id`,
      [agency.id, applicationId, outlet, number, seq, uid().toUpperCase(), validUntil, stored.key, stored.sha256, pdf.length],
    )) as { id: string }[];
    return { id, number };
  }

  beforeAll(async () => {
    // s3rver's credentials reach the service processes through the inherited environment.
    Object.assign(process.env, S3_CREDENTIALS);
    smtp = await startSmtpTestServer();
    s3 = await startS3Server();
    db = await createTestDatabase(20);
    seed = await startTestApp({ STORAGE_URL: s3.storageUrl, SMTP_URL: smtp.url, WORKERS_ENABLED: 'false' }, { db });
    agency = await createAgency(seed);
    owner = await createApplicant(seed);
    // Work for the schedulers, in place before either process starts: a reminder, an expiry. The
    // processes' clocks start where this one does (TEST_CLOCK_START, inherited, or the wall clock).
    const today = wibDate(seed.clock.now());
    scheduled.soon = await certificateEnding(addDays(today, 10));
    scheduled.ended = await certificateEnding(addDays(today, -1));

    const env = {
      STORAGE_URL: s3.storageUrl,
      SMTP_URL: smtp.url,
      WORKERS_ENABLED: 'true',
      LOG_LEVEL: 'debug',
      LOGIN_FREE_FAILURES: '100',
      LOGIN_ACCOUNT_FAILURES_PER_MINUTE: String(ACCOUNT_FAILURES_PER_MINUTE),
      SHUTDOWN_DRAIN_SECONDS: '1',
    };
    // Started together, so their first scheduler runs (15 s after start) overlap.
    const started = await Promise.allSettled([startServiceProcess(db.url, env), startServiceProcess(db.url, env)]);
    if (started[0].status === 'fulfilled') a = started[0].value;
    if (started[1].status === 'fulfilled') b = started[1].value;
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await seed?.close();
    await db?.drop();
    await s3?.dispose();
    await smtp?.stop();
  });

  it('downloads from B, with the same SHA-256, a document uploaded through A', async () => {
    outletId = (await createCompleteOutlet(via(a!), owner)).id;
    const file = pdfBytes(`Boks redaksi lewat proses A ${uid()}`);
    const uploaded = await uploadDocument(via(a!), owner, outletId, 'masthead', file, 'boks-redaksi.pdf');
    expect(uploaded.status).toBe(201);
    const res = await request(b!.url).get(`/api/documents/${uploaded.body.id}/content`).set(bearer(owner)).buffer(true).parse(binary).expect(200);
    expect(sha256(res.body as Buffer)).toBe(sha256(file));
    expect(res.headers['x-content-sha256']).toBe(sha256(file));
  });

  it('verifies on B a certificate approved on A, and shows it revoked once A revoked it (B drops its cached answer on the change notice)', async () => {
    const draft = await createDraft(via(a!), owner, outletId, agency.id);
    const { certificate } = await approveThrough(via(a!), { owner, ...agency }, draft.id);
    const meta = await request(a!.url).get(`/api/certificates/${certificate.id}`).set(bearer(owner)).expect(200);
    verificationCode = meta.body.verificationCode as string;
    const active = await request(b!.url).get(`/api/public/certificates/${verificationCode}`).expect(200);
    expect(active.body).toMatchObject({ number: certificate.number, status: 'active', valid: true, pdfSha256: meta.body.pdfSha256 });
    const pdf = await request(b!.url).get(`/api/certificates/${certificate.id}/pdf`).set(bearer(owner)).buffer(true).parse(binary).expect(200);
    expect(sha256(pdf.body as Buffer)).toBe(meta.body.pdfSha256);

    await request(a!.url).post(`/api/certificates/${certificate.id}/revoke`).set(bearer(agency.approver)).send({ reason: 'Melanggar Kode Etik Jurnalistik' }).expect(200);
    // B answers from its cache until the change notice (LISTEN/NOTIFY) reaches it; the bench times that gap.
    await until('B answers revoked', async () => (await request(b!.url).get(`/api/public/certificates/${verificationCode}`).expect(200)).body.status === 'revoked', () => 'B kept answering active');
    const revoked = await request(b!.url).get(`/api/public/certificates/${verificationCode}`).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', valid: false, statusReason: 'Melanggar Kode Etik Jurnalistik' });
  });

  it('counts failed logins spread over A and B against one limit', async () => {
    const user = agency.auditor;
    const attempt = (p: ServiceProcess, password: string) => request(p.url).post('/api/auth/login').send({ email: user.email, password });
    for (let i = 0; i < ACCOUNT_FAILURES_PER_MINUTE; i++) {
      const res = await attempt(i % 2 ? b! : a!, 'not-the-password');
      expect(res.status).toBe(401);
    }
    // Each process saw only half of them; together they reach the limit.
    for (const p of [a!, b!]) {
      const refused = await attempt(p, 'not-the-password');
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The right password waits too, on either process.
    expect((await attempt(b!, TEST_PASSWORD)).status).toBe(429);
  });

  it('with both workers on, delivers every mail once and runs each scheduled job once', async () => {
    // The service's log is buffered (4 KiB): requests to /health add lines until the scheduler's shows.
    await until(
      'both processes ran the scheduler',
      async () => {
        await Promise.all([a!, b!].map((p) => request(p.url).get('/health')));
        return [a!, b!].every((p) => p.output().includes('scheduler.run'));
      },
      outputs,
    );
    await until(
      'the outbox is delivered',
      async () => {
        const [{ n }] = (await seed.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`)) as { n: number }[];
        return n === 0;
      },
      outputs,
    );
    const outbox = (await seed.dataSource.query(`SELECT message_id, recipient_email, template, dedupe_key FROM outbox ORDER BY created_at`)) as {
      message_id: string;
      recipient_email: string;
      template: string;
      dedupe_key: string | null;
    }[];
    // The approval workflow on A alone mailed several people (submitted, approved, revoked, ...).
    expect(outbox.filter((r) => r.recipient_email === owner.email.toLowerCase()).length).toBeGreaterThanOrEqual(3);
    // Each mail arrived once, to its recipient: one message per Message-ID and recipient, none extra.
    const arrived = smtp.messages.flatMap((m) => m.envelope.to.map((to) => `${m.messageId} ${to.toLowerCase()}`));
    expect(new Set(arrived).size).toBe(arrived.length);
    expect(arrived.sort()).toEqual(outbox.map((r) => `${r.message_id} ${r.recipient_email.toLowerCase()}`).sort());
    // Each job once: one expiry reminder to the owner, one expiry with its audit event.
    expect(outbox.filter((r) => r.dedupe_key === `expiring:${scheduled.soon!.id}:${owner.id}`)).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.subject.includes(scheduled.soon!.number))).toHaveLength(1);
    const [{ n: expiredEvents }] = (await seed.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'certificate.expired' AND entity_id = $1`,
      [scheduled.ended!.id],
    )) as { n: number }[];
    expect(expiredEvents).toBe(1);
    const [{ status }] = (await seed.dataSource.query(`SELECT status FROM certificates WHERE id = $1`, [scheduled.ended!.id])) as { status: string }[];
    expect(status).toBe('expired');
  }, 60_000);

  it('loses no public verification while A stops mid-load: a request A cannot take is served by B on one retry', async () => {
    const path = `/api/public/certificates/${verificationCode}`;
    const ask = async (url: string): Promise<number> => {
      try {
        return (await fetch(url + path)).status;
      } catch {
        return 0; // connection refused or reset
      }
    };
    const answered = { a: 0, retriedOnB: 0 };
    const one = async (p: ServiceProcess): Promise<number> => {
      const first = await ask(p.url);
      if (first !== 0 && first !== 503) {
        if (p === a) answered.a++;
        return first;
      }
      answered.retriedOnB++;
      return ask(b!.url);
    };

    const requests: Promise<number>[] = [];
    let stopped: Promise<number | null> | undefined;
    let after = 0;
    // Waves of two requests to A and two to B, until A is gone and a few more waves have followed.
    for (let wave = 0; wave < 100 && after < 4; wave++) {
      requests.push(one(a!), one(b!), one(a!), one(b!));
      if (wave === 3) stopped = a!.stop('SIGTERM');
      if (a!.child.exitCode !== null) after++;
      await sleep(50);
    }
    const statuses = await Promise.all(requests);
    expect(await stopped).toBe(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // The load did straddle the stop: A answered some, and some went to B after A had gone.
    expect(answered.a).toBeGreaterThan(0);
    expect(answered.retriedOnB).toBeGreaterThan(0);
    await request(b!.url).get('/health/ready').expect(200);
  }, 60_000);
});
