import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSmtpTestServer, type SmtpTestServer } from '../src/notifications/testing/smtp-test-server';
// The worker process runs on the system clock (no TEST_CLOCK_START), so dates here are today's.
import { addDays, wibDate } from '../src/common/wib-calendar';
import { FILE_STORAGE, type FileStorage } from '../src/storage/file-storage';
import { createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pdfBytes } from './support/files';
import { startWorkerProcess } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const uid = () => randomBytes(4).toString('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` holds; a generous timeout, not a timed assertion. */
async function until(what: string, done: () => Promise<boolean> | boolean, context: () => string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}\n${context()}`);
    await sleep(250);
  }
}

describe('a web process with WORKERS_ENABLED=false and two worker processes (npm run worker)', () => {
  let smtp: SmtpTestServer;
  let db: TestDatabase;
  let web: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let workers: Awaited<ReturnType<typeof startWorkerProcess>>[] = [];

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    db = await createTestDatabase();
    web = await startTestApp({ SMTP_URL: smtp.url, WORKERS_ENABLED: 'false' }, { db });
    agency = await createAgency(web);
    owner = await createApplicant(web);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await web?.close();
    await db?.drop();
    await smtp?.stop();
  });

  async function outlet(): Promise<string> {
    const [{ id }] = (await web.dataSource.query(
      `INSERT INTO outlets (legal_name, brand_name, legal_form, media_type, created_by) VALUES ('PT Media Uji', 'Media Uji', 'PT', 'online', $1) RETURNING id`,
      [owner.id],
    )) as { id: string }[];
    await web.dataSource.query(`INSERT INTO outlet_owners (outlet_id, user_id) VALUES ($1, $2)`, [id, owner.id]);
    return id;
  }

  async function application(status: string, dueAt: Date | null, outletId: string): Promise<string> {
    const [{ id }] = (await web.dataSource.query(
      `INSERT INTO applications (reference, outlet_id, agency_id, status, outlet_name, created_by, submitted_at, due_at)
       VALUES ($1, $2, $3, $4, 'Media Uji', $5, now(), $6) RETURNING id`,
      [`MM/2026/${uid()}`, outletId, agency.id, status, owner.id, dueAt],
    )) as { id: string }[];
    return id;
  }

  async function certificate(validUntil: string): Promise<{ id: string; number: string }> {
    const outletId = await outlet();
    const applicationId = await application('approved', null, outletId);
    const pdf = pdfBytes(`Sertifikat ${uid()}`);
    const stored = await web.app.get<FileStorage>(FILE_STORAGE).put('certificates', pdf);
    const seq = randomInt(1, 1_000_000);
    const number = `${seq}/MM/${agency.code}/2026`;
    const [{ id }] = (await web.dataSource.query(
      `INSERT INTO certificates (agency_id, application_id, outlet_id, number, year, seq, verification_code, status,
         valid_from, valid_until, issued_at, outlet_name, data, pdf_storage_key, pdf_sha256, pdf_size)
       VALUES ($1, $2, $3, $4, 2026, $5, $6, 'active', $7::date - 365, $7, now(), 'Media Uji', '{}', $8, $9, $10) RETURNING id`,
      [agency.id, applicationId, outletId, number, seq, uid().toUpperCase(), validUntil, stored.key, stored.sha256, pdf.length],
    )) as { id: string }[];
    return { id, number };
  }

  it('runs every scheduled job once and delivers every mail once, none of it from the web process', async () => {
    const soon = await certificate(addDays(wibDate(new Date()), 10));
    const ended = await certificate(addDays(wibDate(new Date()), -1));
    await application('submitted', new Date(Date.now() - 50 * 3_600_000), await outlet());
    // The web process committed mail (the applicant's confirmation link) and runs no worker: nothing goes out.
    const [{ n: queued }] = (await web.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`)) as { n: number }[];
    expect(queued).toBeGreaterThan(0);

    // Both start together, so their first scheduler runs (15 s after start) overlap.
    workers = await Promise.all([0, 1].map(() => startWorkerProcess(db.url, { SMTP_URL: smtp.url, LOG_LEVEL: 'debug' })));
    const outputs = () => workers.map((w) => w.output().slice(-3000)).join('\n----\n');
    await until('both workers ran the scheduler', () => workers.every((w) => w.output().includes('scheduler.run')), outputs);
    await until(
      'the outbox is delivered',
      async () => {
        const [{ n }] = (await web.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`)) as { n: number }[];
        return n === 0;
      },
      outputs,
    );

    const outbox = (await web.dataSource.query(`SELECT message_id, dedupe_key FROM outbox ORDER BY created_at`)) as { message_id: string; dedupe_key: string | null }[];
    // Every mail once at the server.
    for (const row of outbox) expect(smtp.messages.filter((m) => m.messageId === row.message_id)).toHaveLength(1);
    expect(smtp.messages).toHaveLength(outbox.length);
    // Each job once: one reminder to the owner, one overdue digest per officer, one expiry.
    expect(outbox.filter((r) => r.dedupe_key === `expiring:${soon.id}:${owner.id}`)).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.subject.includes(soon.number))).toHaveLength(1);
    const digests = outbox.filter((r) => r.dedupe_key?.startsWith(`overdue:${agency.id}:`));
    expect(digests).toHaveLength(2);
    expect(new Set(digests.map((r) => r.dedupe_key)).size).toBe(2);
    const audit = (await web.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'certificate.expired' AND entity_id = $1`, [ended.id])) as {
      n: number;
    }[];
    expect(audit[0].n).toBe(1);
    const [{ status }] = (await web.dataSource.query(`SELECT status FROM certificates WHERE id = $1`, [ended.id])) as { status: string }[];
    expect(status).toBe('expired');
  }, 180_000);

  it('stops its workers on SIGTERM', async () => {
    expect(await Promise.all(workers.map((w) => w.stop('SIGTERM')))).toEqual([0, 0]);
  });

  it('refuses to start without DATABASE_URL', async () => {
    await expect(startWorkerProcess('', {})).rejects.toThrow(/DATABASE_URL is required for a worker process/);
  });
});
