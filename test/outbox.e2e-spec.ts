import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inTransaction } from '../src/database/transaction';
import { MailTemplates } from '../src/notifications/mail-templates';
import { createMailTransport, type MailTransport } from '../src/notifications/mail.transport';
import { NotificationScheduler } from '../src/notifications/notification-scheduler';
import { NotificationsService, type NotificationRecipient } from '../src/notifications/notifications.service';
import { OutboxWorker, type OutboxWorkerOptions } from '../src/notifications/outbox.worker';
import { startSmtpTestServer, type ParsedMessage, type SmtpTestServer } from '../src/notifications/testing/smtp-test-server';
import { addDays, wibDate } from '../src/common/wib-calendar';
import { FILE_STORAGE, type FileStorage } from '../src/storage/file-storage';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pdfBytes } from './support/files';
import { startTestApp, type TestApp } from './support/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uid = () => randomBytes(4).toString('hex');

describe('outbox: mail recorded with the change, delivered by workers', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;
  const transports: MailTransport[] = [];

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url });
    agency = await createAgency(t);
    other = await createAgency(t);
  });

  afterAll(async () => {
    await Promise.all(transports.map((tr) => tr.close()));
    await t.close();
    await smtp.stop();
  });

  /** A worker as another process would run it: its own SMTP connections, test-sized timings. */
  function worker(options: Partial<OutboxWorkerOptions> = {}): OutboxWorker {
    const transport = createMailTransport(smtp.url, t.dataDir);
    transports.push(transport);
    return new OutboxWorker(t.dataSource, t.app.get(MailTemplates), transport, t.app.get<FileStorage>(FILE_STORAGE), t.config, t.clock, {
      backoffBaseMs: 1,
      backoffMaxMs: 10,
      ...options,
    });
  }

  const notifications = () => t.app.get(NotificationsService);
  const recipient = (a: Actor, locale: 'id' | 'en' = 'id'): NotificationRecipient => ({ email: a.email, name: `Pemohon ${a.id.slice(0, 4)}`, locale });

  function submitted(to: NotificationRecipient, agencyId: string | null = agency.id) {
    return {
      agencyId,
      template: 'application_submitted' as const,
      to,
      data: {
        outlet: { brandName: 'Lensa Jatim', legalName: 'PT Lensa Jatim Media' },
        application: { id: randomUUID(), reference: `MM/2026/${uid()}`, submittedAt: '2026-11-22T07:30:00Z' },
        dueAt: '2026-12-01',
      },
    };
  }

  // Registering an applicant mails a confirmation link too; these tests look at the mail they enqueue.
  async function outboxRows(where: string, params: unknown[]) {
    return (await t.dataSource.query(
      `SELECT id, status, attempts, message_id, recipient_email, last_error, next_attempt_at > $${params.length + 1} AS in_future
       FROM outbox WHERE template <> 'email_confirmation' AND (${where}) ORDER BY created_at, id`,
      [...params, t.clock.now()],
    )) as { id: string; status: string; attempts: number; message_id: string; recipient_email: string; last_error: string | null; in_future: boolean }[];
  }

  const byMessageId = (ids: string[]) => smtp.messages.filter((msg) => ids.includes(msg.messageId));
  const to = (email: string) => smtp.messages.filter((msg) => msg.to.includes(email) && !msg.text.includes('/confirm-email?token='));

  it('delivers mail enqueued in a transaction to its recipient, in their language, with the Message-ID fixed at enqueue', async () => {
    const rina = await createApplicant(t, 'id');
    const john = await createApplicant(t, 'en');
    await inTransaction(t.dataSource, async (m) => {
      await notifications().enqueue(m, submitted(recipient(rina, 'id')));
      await notifications().enqueue(m, submitted(recipient(john, 'en')));
    });
    const rows = await outboxRows('recipient_email = ANY($1)', [[rina.email, john.email]]);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === 'pending' && /^<[^@]+@mitra-media>$/.test(r.message_id))).toBe(true);

    expect(await worker().drain()).toBeGreaterThanOrEqual(2);

    const [toRina] = to(rina.email);
    const [toJohn] = to(john.email);
    expect(toRina.subject).toMatch(/^Permohonan kerja sama media Lensa Jatim telah diterima/);
    expect(toJohn.subject).toMatch(/^Your media partnership application for Lensa Jatim has been received/);
    expect(toRina.envelope.to).toEqual([rina.email]);
    expect(toRina.text).toContain(`Diskominfo Uji ${agency.code}`);
    expect(toRina.headers.get('auto-submitted')).toBe('auto-generated');
    expect(new Set([toRina.messageId, toJohn.messageId])).toEqual(new Set(rows.map((r) => r.message_id)));
    const after = await outboxRows('recipient_email = ANY($1)', [[rina.email, john.email]]);
    expect(after.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
  });

  it('enqueues nothing when the causing transaction rolls back', async () => {
    const rina = await createApplicant(t);
    await expect(
      inTransaction(t.dataSource, async (m) => {
        await notifications().enqueue(m, submitted(recipient(rina)));
        throw new Error('the use case failed after enqueueing');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await outboxRows('recipient_email = $1', [rina.email])).toEqual([]);
  });

  it('fails the causing transaction when the template cannot render the data', async () => {
    const rina = await createApplicant(t);
    const bad = submitted(recipient(rina));
    const { dueAt: _dueAt, ...withoutDueAt } = bad.data;
    await expect(
      inTransaction(t.dataSource, (m) => notifications().enqueue(m, { ...bad, data: withoutDueAt as typeof bad.data })),
    ).rejects.toThrow(/application_submitted cannot be rendered/);
    expect(await outboxRows('recipient_email = $1', [rina.email])).toEqual([]);
  });

  it('enqueues a mail with a dedupe key once', async () => {
    const rina = await createApplicant(t);
    const key = `test:${uid()}`;
    await inTransaction(t.dataSource, async (m) => {
      await notifications().enqueue(m, { ...submitted(recipient(rina)), dedupeKey: key });
      await notifications().enqueue(m, { ...submitted(recipient(rina)), dedupeKey: key });
    });
    await inTransaction(t.dataSource, (m) => notifications().enqueue(m, { ...submitted(recipient(rina)), dedupeKey: key }));
    expect(await outboxRows('recipient_email = $1', [rina.email])).toHaveLength(1);
  });

  it('loses nothing while the mail server is down and, once it is back, delivers each mail exactly once with two workers', async () => {
    const people: Actor[] = [];
    for (let i = 0; i < 6; i++) people.push(await createApplicant(t, i % 2 ? 'en' : 'id'));
    const emails = people.map((p) => p.email);
    const backoffMs = 60_000;
    const first = worker({ backoffBaseMs: backoffMs, backoffMaxMs: backoffMs, batchSize: 2 });
    const second = worker({ backoffBaseMs: backoffMs, backoffMaxMs: backoffMs, batchSize: 2 });
    // Whatever earlier tests left pending goes now, so the counts below are this test's mail only.
    await first.drain();

    await smtp.stop();
    try {
      await inTransaction(t.dataSource, async (m) => {
        for (const [i, p] of people.entries()) await notifications().enqueue(m, submitted(recipient(p, i % 2 ? 'en' : 'id')));
      });
      await expect(first.drain()).resolves.toBe(0);
      const failed = await outboxRows('recipient_email = ANY($1)', [emails]);
      expect(failed).toHaveLength(6);
      for (const row of failed) {
        expect(row).toMatchObject({ status: 'pending', attempts: 1, in_future: true });
        expect(row.last_error).toBeTruthy();
      }
      // Not due yet: a second pass does not hammer the server.
      await expect(second.drain()).resolves.toBe(0);
      expect((await outboxRows('recipient_email = ANY($1)', [emails])).every((r) => r.attempts === 1)).toBe(true);
    } finally {
      await smtp.restart();
    }

    t.clock.advance(backoffMs);
    const [a, b] = await Promise.all([first.drain(), second.drain()]);
    expect(a + b).toBe(6);
    await expect(Promise.all([first.drain(), second.drain()])).resolves.toEqual([0, 0]);

    const rows = await outboxRows('recipient_email = ANY($1)', [emails]);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true);
    const delivered = byMessageId(rows.map((r) => r.message_id));
    expect(delivered).toHaveLength(6);
    expect(new Set(delivered.map((msg) => msg.messageId)).size).toBe(6);
    for (const p of people) expect(to(p.email)).toHaveLength(1);
  });

  it('polls on its own once started and stops cleanly', async () => {
    const rina = await createApplicant(t);
    const w = worker({ pollIntervalMs: 50 });
    w.start();
    try {
      await inTransaction(t.dataSource, (m) => notifications().enqueue(m, submitted(recipient(rina))));
      for (let i = 0; i < 100 && to(rina.email).length === 0; i++) await sleep(50);
    } finally {
      await w.stop();
    }
    expect(to(rina.email)).toHaveLength(1);
    expect((await outboxRows('recipient_email = $1', [rina.email]))[0]).toMatchObject({ status: 'sent' });
  });

  it('parks a mail the server refuses for good at the first attempt', async () => {
    const rina = await createApplicant(t);
    await inTransaction(t.dataSource, (m) => notifications().enqueue(m, submitted(recipient(rina))));
    smtp.rejectAll(true, 550);
    try {
      await worker().drain();
    } finally {
      smtp.rejectAll(false);
    }
    const [row] = await outboxRows('recipient_email = $1', [rina.email]);
    expect(row).toMatchObject({ status: 'parked', attempts: 1 });
    expect(row.last_error).toMatch(/^refused/);
    expect(to(rina.email)).toHaveLength(0);
  });

  it('parks a mail after N failed attempts, shows it to its agency admin only, and a retry delivers it once with the same Message-ID', async () => {
    const rina = await createApplicant(t);
    await inTransaction(t.dataSource, (m) => notifications().enqueue(m, submitted(recipient(rina))));
    const w = worker({ maxAttempts: 3 });
    await smtp.stop();
    try {
      for (let i = 0; i < 3; i++) {
        await w.drain();
        await sleep(20);
      }
    } finally {
      await smtp.restart();
    }
    const [row] = await outboxRows('recipient_email = $1', [rina.email]);
    expect(row).toMatchObject({ status: 'parked', attempts: 3 });
    await w.drain();
    expect(to(rina.email)).toHaveLength(0);

    const list = await t.http().get('/api/admin/outbox?status=parked&limit=50').set(bearer(agency.admin)).expect(200);
    const entry = list.body.items.find((i: { id: string }) => i.id === row.id);
    expect(entry).toMatchObject({ template: 'application_submitted', recipientEmail: rina.email, status: 'parked', attempts: 3, sentAt: null });
    expect(entry.lastError).toBeTruthy();
    expect(Object.keys(entry).sort()).toEqual(
      ['attempts', 'createdAt', 'id', 'lastError', 'nextAttemptAt', 'recipientEmail', 'sentAt', 'status', 'template'].sort(),
    );
    const sentOnly = await t.http().get('/api/admin/outbox?status=sent').set(bearer(agency.admin)).expect(200);
    expect(sentOnly.body.items.every((i: { status: string }) => i.status === 'sent')).toBe(true);
    const all = await t.http().get('/api/admin/outbox').set(bearer(agency.admin)).expect(200);
    const created = all.body.items.map((i: { createdAt: string }) => i.createdAt);
    expect(created).toEqual([...created].sort().reverse());

    const theirs = await t.http().get('/api/admin/outbox').set(bearer(other.admin)).expect(200);
    expect(theirs.body.items.map((i: { id: string }) => i.id)).not.toContain(row.id);
    await t.http().get('/api/admin/outbox').set(bearer(agency.officer)).expect(403);
    await t.http().get('/api/admin/outbox?status=lost').set(bearer(agency.admin)).expect(400);

    const foreign = await t.http().post(`/api/admin/outbox/${row.id}/retry`).set(bearer(other.admin)).expect(404);
    expect(foreign.body.code).toBe('OUTBOX.NOT_FOUND');
    await t.http().post(`/api/admin/outbox/${randomUUID()}/retry`).set(bearer(agency.admin)).expect(404);
    const retried = await t.http().post(`/api/admin/outbox/${row.id}/retry`).set(bearer(agency.admin)).expect(200);
    expect(retried.body).toMatchObject({ id: row.id, status: 'pending', attempts: 0 });
    const again = await t.http().post(`/api/admin/outbox/${row.id}/retry`).set(bearer(agency.admin)).expect(409);
    expect(again.body.code).toBe('OUTBOX.NOT_PARKED');
    const audit = (await t.dataSource.query(
      `SELECT actor_id, agency_id FROM audit_events WHERE action = 'outbox.retried' AND entity_id = $1`,
      [row.id],
    )) as { actor_id: string; agency_id: string }[];
    expect(audit).toEqual([{ actor_id: agency.admin.id, agency_id: agency.id }]);

    await w.drain();
    const received = to(rina.email);
    expect(received.map((msg) => msg.messageId)).toEqual([row.message_id]);
    expect((await outboxRows('id = $1', [row.id]))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  describe('with certificates', () => {
    let owner: Actor;
    let ownerEn: Actor;
    let outletId: string;

    beforeAll(async () => {
      owner = await createApplicant(t, 'id');
      ownerEn = await createApplicant(t, 'en');
      [{ id: outletId }] = (await t.dataSource.query(
        `INSERT INTO outlets (legal_name, brand_name, legal_form, media_type, created_by)
         VALUES ('PT Lensa Jatim Media', 'Lensa Jatim', 'PT', 'online', $1) RETURNING id`,
        [owner.id],
      )) as { id: string }[];
      await t.dataSource.query(`INSERT INTO outlet_owners (outlet_id, user_id) VALUES ($1, $2), ($1, $3)`, [outletId, owner.id, ownerEn.id]);
    });

    /** On an outlet of its own unless given one: an outlet has one open application per agency. */
    async function application(a: TestAgency, status: string, dueAt: Date | null, outlet?: string): Promise<string> {
      if (!outlet) {
        [{ id: outlet }] = (await t.dataSource.query(
          `INSERT INTO outlets (legal_name, brand_name, legal_form, media_type, created_by)
           VALUES ('PT Media Uji', 'Media Uji', 'PT', 'online', $1) RETURNING id`,
          [owner.id],
        )) as { id: string }[];
      }
      const [{ id }] = (await t.dataSource.query(
        `INSERT INTO applications (reference, outlet_id, agency_id, status, outlet_name, created_by, submitted_at, due_at)
         VALUES ($1, $2, $3, $4, 'Media Uji', $5, now(), $6) RETURNING id`,
        [`MM/2026/${uid()}`, outlet, a.id, status, owner.id, dueAt],
      )) as { id: string }[];
      return id;
    }

    /** An issued certificate whose PDF is in storage; the application is already decided. */
    async function certificate(validUntil: string): Promise<{ id: string; number: string; pdf: Buffer }> {
      const applicationId = await application(agency, 'approved', null, outletId);
      const pdf = pdfBytes(`Sertifikat ${uid()}`);
      const stored = await t.app.get<FileStorage>(FILE_STORAGE).put('certificates', pdf);
      const seq = randomInt(1, 1_000_000);
      const number = `${seq}/MM/${agency.code}/2026`;
      const [{ id }] = (await t.dataSource.query(
        `INSERT INTO certificates (agency_id, application_id, outlet_id, number, year, seq, verification_code, status,
           valid_from, valid_until, issued_at, outlet_name, data, pdf_storage_key, pdf_sha256, pdf_size)
         VALUES ($1, $2, $3, $4, 2026, $5, $6, 'active', $7::date - 365, $7, now(), 'Lensa Jatim', '{}', $8, $9, $10)
         RETURNING id`,
        [agency.id, applicationId, outletId, number, seq, uid().toUpperCase(), validUntil, stored.key, stored.sha256, pdf.length],
      )) as { id: string }[];
      return { id, number, pdf };
    }

    it('attaches the certificate PDF, named after its number', async () => {
      const cert = await certificate(addDays(wibDate(t.clock.now()), 300));
      await inTransaction(t.dataSource, (m) =>
        notifications().enqueue(m, {
          agencyId: agency.id,
          template: 'application_approved',
          to: recipient(owner),
          data: {
            outlet: { brandName: 'Lensa Jatim', legalName: 'PT Lensa Jatim Media' },
            application: { id: randomUUID(), reference: 'MM/2026/00042', submittedAt: '2026-11-22T07:30:00Z' },
            certificate: {
              number: cert.number,
              validFrom: '2026-01-01',
              validUntil: '2026-12-31',
              certificateUrl: `http://mitra.test/sertifikat/${cert.id}`,
              verifyUrl: 'http://mitra.test/verify/X',
            },
          },
          attachCertificateId: cert.id,
        }),
      );
      await worker().drain();
      const [mail] = to(owner.email).filter((msg) => msg.subject.includes(cert.number));
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0].filename).toBe(`${cert.number.replace(/\//g, '-')}.pdf`);
      expect(mail.attachments[0].contentType).toBe('application/pdf');
      expect(mail.attachments[0].content.equals(cert.pdf)).toBe(true);
    });

    it('reminds every owner once, in their language, of a certificate ending within 30 days, even run concurrently and again', async () => {
      const scheduler = t.app.get(NotificationScheduler);
      // One instant for the whole test, so no run falls on another WIB day than the others.
      const now = t.clock.now();
      const soon = await certificate(addDays(wibDate(now), 10));
      const later = await certificate(addDays(wibDate(now), 45));
      await Promise.all([scheduler.runExpiryReminders(now), scheduler.runExpiryReminders(now)]);
      await scheduler.runExpiryReminders(now);

      const keys = (await t.dataSource.query(
        `SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE $1 OR dedupe_key LIKE $2 ORDER BY 1`,
        [`expiring:${soon.id}:%`, `expiring:${later.id}:%`],
      )) as { dedupe_key: string }[];
      expect(keys.map((k) => k.dedupe_key)).toEqual([`expiring:${soon.id}:${owner.id}`, `expiring:${soon.id}:${ownerEn.id}`].sort());
      const [reminded] = (await t.dataSource.query(
        `SELECT count(*)::int AS n FROM certificates WHERE id = ANY($1) AND expiry_reminded_at IS NOT NULL`,
        [[soon.id, later.id]],
      )) as { n: number }[];
      expect(reminded.n).toBe(1);

      await worker().drain();
      await worker().drain();
      const about = (msg: ParsedMessage) => msg.subject.includes(soon.number);
      expect(to(owner.email).filter(about).map((msg) => msg.subject)).toEqual([
        `Sertifikat Mitra Media ${soon.number} berakhir dalam 10 hari`,
      ]);
      expect(to(ownerEn.email).filter(about).map((msg) => msg.subject)).toEqual([
        `Media partner certificate ${soon.number} expires in 10 days`,
      ]);
      expect(smtp.messages.filter((msg) => msg.subject.includes(later.number))).toEqual([]);
    });

    it('expires a certificate after its last valid day once, with one audit event', async () => {
      const scheduler = t.app.get(NotificationScheduler);
      const now = t.clock.now();
      const past = await certificate(addDays(wibDate(now), -1));
      const lastDay = await certificate(wibDate(now));
      const [a, b] = await Promise.all([scheduler.runMarkExpired(now), scheduler.runMarkExpired(now)]);
      expect(a + b).toBe(1);
      await expect(scheduler.runMarkExpired(now)).resolves.toBe(0);
      const statuses = (await t.dataSource.query(
        `SELECT id, status, status_changed_at IS NOT NULL AS changed FROM certificates WHERE id = ANY($1)`,
        [[past.id, lastDay.id]],
      )) as { id: string; status: string; changed: boolean }[];
      expect(statuses.find((s) => s.id === past.id)).toMatchObject({ status: 'expired', changed: true });
      expect(statuses.find((s) => s.id === lastDay.id)).toMatchObject({ status: 'active', changed: false });
      const events = (await t.dataSource.query(
        `SELECT agency_id, actor_id, actor_role FROM audit_events WHERE action = 'certificate.expired' AND entity_id = $1`,
        [past.id],
      )) as unknown[];
      expect(events).toEqual([{ agency_id: agency.id, actor_id: null, actor_role: 'system' }]);
    });

    it('sends each officer one overdue digest a day, in their language, even run concurrently and again', async () => {
      const scheduler = t.app.get(NotificationScheduler);
      await t.dataSource.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [agency.officer2.id]);
      const hour = 3_600_000;
      const now = t.clock.now();
      const at = (hours: number) => new Date(now.getTime() + hours * hour);
      const late = await application(agency, 'submitted', at(-50));
      await application(agency, 'awaiting_approval', at(-2));
      await application(agency, 'field_verification', at(24));
      await application(agency, 'revision_requested', at(-24));
      // The other agency has nothing overdue: its officers hear nothing.
      await application(other, 'submitted', at(24));

      await Promise.all([scheduler.runOverdueDigests(now), scheduler.runOverdueDigests(now)]);
      await expect(scheduler.runOverdueDigests(now)).resolves.toBe(0);
      await worker().drain();

      const digests = (email: string) => to(email).filter((msg) => /\[(Pengingat|Reminder)\]/.test(msg.subject));
      expect(digests(agency.officer.email).map((msg) => msg.subject)).toEqual(['[Pengingat] 2 permohonan melewati batas waktu']);
      const [english] = digests(agency.officer2.email);
      expect(digests(agency.officer2.email)).toHaveLength(1);
      expect(english.subject).toBe('[Reminder] 2 applications are overdue');
      expect(english.text).toContain(`http://mitra.test/permohonan/${late}`);
      expect(english.text).toContain('3 days overdue');
      expect(english.text).toContain('Awaiting approval');
      expect(digests(agency.admin.email)).toEqual([]);
      expect(digests(other.officer.email)).toEqual([]);
      const keys = (await t.dataSource.query(`SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE $1 ORDER BY 1`, [
        `overdue:${agency.id}:${wibDate(now)}:%`,
      ])) as { dedupe_key: string }[];
      expect(keys).toHaveLength(2);
    });
  });
});

describe('outbox: an app with WORKERS_ENABLED delivers on its own', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let appClosed = false;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url, WORKERS_ENABLED: 'true' }, { captureLogs: true });
  });

  afterAll(async () => {
    if (appClosed) {
      await t.db.drop();
      rmSync(t.dataDir, { recursive: true, force: true });
    } else {
      await t.close();
    }
    await smtp.stop();
  });

  it('sends a committed notification without anyone calling drain, and closes cleanly', async () => {
    const rina = await createApplicant(t);
    const messageId = await inTransaction(t.dataSource, async (m) => {
      await t.app.get(NotificationsService).enqueue(m, {
        agencyId: null,
        template: 'revision_requested',
        to: { email: rina.email, name: 'Rina', locale: 'id' },
        data: {
          outlet: { brandName: 'Lensa Jatim', legalName: 'PT Lensa Jatim Media' },
          application: { id: randomUUID(), reference: 'MM/2026/00042', submittedAt: '2026-11-22T07:30:00Z' },
          reason: 'Akta pendirian belum diunggah.',
        },
      });
      const [row] = (await m.query(`SELECT message_id FROM outbox WHERE recipient_email = $1 AND template = 'revision_requested'`, [rina.email])) as { message_id: string }[];
      return row.message_id;
    });
    // Two mails: the confirmation link of Rina's registration, and this one.
    const mail = (await smtp.waitFor(2, 10_000)).find((m) => m.messageId === messageId)!;
    expect(mail.messageId).toBe(messageId);
    expect(mail.to).toEqual([rina.email]);
    expect(mail.text).toContain('Akta pendirian belum diunggah.');

    // Closing right after the server took the mail waits for the worker to record it: the row is
    // sent, not left claimed to go out again after a restart, and the shutdown logs no failure.
    appClosed = true;
    await t.app.close();
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT status, attempts, locked_until FROM outbox WHERE message_id = $1`, [messageId]);
      expect(rows).toEqual([{ status: 'sent', attempts: 1, locked_until: null }]);
    } finally {
      await db.end();
    }
    const problems = t
      .logs()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg?: string })
      .filter((entry) => entry.level >= 40);
    expect(problems).toEqual([]);
    expect(smtp.messages.filter((m) => m.messageId === messageId)).toHaveLength(1);
  });
});
