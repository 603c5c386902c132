import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotificationScheduler } from '../src/notifications/notification-scheduler';
import { OutboxWorker } from '../src/notifications/outbox.worker';
import { startSmtpTestServer, type ParsedMessage, type SmtpTestServer } from '../src/notifications/testing/smtp-test-server';
import { addDays, wibDate } from '../src/common/wib-calendar';
import { act, createDraft, FIELD_VISIT, announceApplicationsChanged } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { binary } from './support/zip';

/**
 * The acceptance of the notifications feature, end to end: real workflow actions through the API
 * of the production app, a real SMTP server in this process, delivery by the app's own
 * OutboxWorker. Each test works in an agency of its own, so its officers' mailboxes are its own.
 */

interface OutboxRow {
  id: string;
  template: string;
  locale: string;
  recipient_email: string;
  status: string;
  attempts: number;
  message_id: string;
  last_error: string | null;
  in_future: boolean;
}

/** A delivered mail, labelled by the outbox row it came from. */
interface Delivered {
  template: string;
  to: string;
  mail: ParsedMessage;
}

const agencyName = (a: TestAgency) => `Diskominfo Uji ${a.code}`;

const LANGUAGE = {
  en: { greeting: /^Dear /, footer: 'This email was sent automatically by the Mitra Media system.', foreign: ['Yth.', 'Hormat kami', 'Dengan hormat'] },
  id: { greeting: /^Yth\. Bapak\/Ibu /, footer: 'Email ini dikirim secara otomatis oleh sistem Mitra Media.', foreign: ['Dear ', 'Yours sincerely', 'Kind regards'] },
} as const;

describe('notifications through the accreditation workflow', () => {
  let smtp: SmtpTestServer;
  // One database for the file: the last test plays a crash by starting a second process on it.
  let db: TestDatabase;
  let t: TestApp;
  let firstClosed = false;
  let second: TestApp | undefined;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    db = await createTestDatabase();
    t = await startTestApp({ SMTP_URL: smtp.url }, { db });
  });
  afterAll(async () => {
    await second?.close();
    if (t) {
      if (!firstClosed) await t.app.close();
      rmSync(t.dataDir, { recursive: true, force: true });
    }
    await db?.drop();
    await smtp?.restart();
    await smtp?.stop();
  });

  async function outboxOf(t: TestApp, agency: TestAgency): Promise<OutboxRow[]> {
    return (await t.dataSource.query(
      `SELECT id, template, locale, recipient_email, status, attempts, message_id, last_error, next_attempt_at > $2 AS in_future
       FROM outbox WHERE agency_id = $1 ORDER BY created_at, id`,
      [agency.id, t.clock.now()],
    )) as OutboxRow[];
  }

  /** Every mail of this agency the server received so far, labelled by its outbox row (matched by Message-ID). */
  async function receivedFor(t: TestApp, agency: TestAgency): Promise<Delivered[]> {
    const rows = new Map((await outboxOf(t, agency)).map((r) => [r.message_id, r]));
    return smtp.messages
      .filter((mail) => rows.has(mail.messageId))
      .map((mail) => ({ template: rows.get(mail.messageId)!.template, to: rows.get(mail.messageId)!.recipient_email, mail }));
  }

  /** Runs the app's worker and returns what arrived for this agency since the last call. */
  function mailbox(t: TestApp, agency: TestAgency) {
    let seen = 0;
    return {
      async deliver(): Promise<Delivered[]> {
        await t.app.get(OutboxWorker).drain();
        const all = await receivedFor(t, agency);
        const fresh = all.slice(seen);
        seen = all.length;
        return fresh;
      },
    };
  }

  const labels = (mails: Delivered[]) => mails.map((d) => `${d.template} -> ${d.to}`).sort();
  const expected = (...pairs: [string, Actor][]) => pairs.map(([template, a]) => `${template} -> ${a.email}`).sort();

  /** Language of the whole mail, the agency named in the footer, envelope and header agree. */
  function expectMail(d: Delivered, agency: TestAgency, locale: 'en' | 'id', subject: string) {
    const { mail } = d;
    expect(mail.subject).toBe(subject);
    expect(mail.envelope.to).toEqual([d.to]);
    expect(mail.to).toEqual([d.to]);
    expect(mail.text).toMatch(LANGUAGE[locale].greeting);
    for (const word of LANGUAGE[locale].foreign) expect(mail.text).not.toContain(word);
    expect(mail.text).toContain(LANGUAGE[locale].footer);
    expect(mail.html).toContain(`<html lang="${locale}">`);
    // The footer names the agency and its address; so does the HTML part.
    expect(mail.text).toContain(`${agencyName(agency)}\nJl. Uji No. 1`);
    expect(mail.html).toContain(agencyName(agency));
  }

  async function downloadPdf(t: TestApp, who: Actor, certificateId: string): Promise<Buffer> {
    const res = await t.http().get(`/api/certificates/${certificateId}/pdf`).set(bearer(who)).buffer(true).parse(binary).expect(200);
    return res.body as Buffer;
  }

  async function version(t: TestApp, who: Actor, appId: string): Promise<number> {
    return (await t.http().get(`/api/applications/${appId}`).set(bearer(who)).expect(200)).body.version as number;
  }

  /** Acts with the current version; returns the response body. */
  async function step(t: TestApp, who: Actor, appId: string, body: Record<string, unknown>) {
    const v = await version(t, who, appId);
    return (await act(t, who, appId, { ...body, version: v }).expect(200)).body as {
      status: string;
      version: number;
      certificate?: { id: string; number: string };
    };
  }

  describe('on one app', () => {
    it('walks submit, revision, resubmission and approval: exactly the expected mails, each once, to the right people, in their language', async () => {
      const agency = await createAgency(t);
      const applicant = await createApplicant(t, 'en');
      const box = mailbox(t, agency);
      const outlet = await createCompleteOutlet(t, applicant);
      const draft = await createDraft(t, applicant, outlet.id, agency.id);
      const ref = draft.reference;
      expect(await box.deliver()).toEqual([]);

      // submit: the applicant hears it was received, every officer of the agency that it waits for them.
      await step(t, applicant, draft.id, { action: 'submit' });
      const submitted = await box.deliver();
      expect(labels(submitted)).toEqual(
        expected(['application_submitted', applicant], ['application_submitted_staff', agency.officer], ['application_submitted_staff', agency.officer2]),
      );
      for (const d of submitted) {
        if (d.template === 'application_submitted') {
          expectMail(d, agency, 'en', `Your media partnership application for Lensa Jatim has been received (${ref})`);
          expect(d.mail.text).toContain(`http://mitra.test/permohonan/${draft.id}`);
        } else {
          expectMail(d, agency, 'id', `[Verifikasi] Permohonan baru ${ref}: Lensa Jatim`);
          expect(d.mail.text).toContain(`http://mitra.test/permohonan/${draft.id}`);
        }
      }

      // request_revision: the reason reaches the applicant, in both parts.
      const reason = 'Foto kantor redaksi tidak menampilkan papan nama; mohon unggah ulang.';
      await step(t, agency.officer, draft.id, { action: 'request_revision', reason });
      const revision = await box.deliver();
      expect(labels(revision)).toEqual(expected(['revision_requested', applicant]));
      expectMail(revision[0], agency, 'en', `Application ${ref} needs revision`);
      expect(revision[0].mail.text).toContain(reason);
      expect(revision[0].mail.html).toContain(reason);

      // resubmit: the officers hear of it; the applicant is not told again that it was received.
      await step(t, applicant, draft.id, { action: 'submit' });
      const resubmitted = await box.deliver();
      expect(labels(resubmitted)).toEqual(expected(['application_resubmitted', agency.officer], ['application_resubmitted', agency.officer2]));
      for (const d of resubmitted) expectMail(d, agency, 'id', `[Verifikasi] Permohonan ${ref} diajukan kembali: Lensa Jatim`);

      // Passing the reviews sends nothing.
      await step(t, agency.officer, draft.id, { action: 'pass_administrative' });
      expect(await box.deliver()).toEqual([]);
      await step(t, agency.officer2, draft.id, { action: 'pass_field', fieldVisit: FIELD_VISIT });
      expect(await box.deliver()).toEqual([]);

      // approve: the applicant gets the certificate, attached as the very PDF the API serves.
      const approved = await step(t, agency.approver, draft.id, { action: 'approve' });
      expect(approved.status).toBe('approved');
      const certificate = approved.certificate!;
      const approval = await box.deliver();
      expect(labels(approval)).toEqual(expected(['application_approved', applicant]));
      const [mail] = approval;
      expectMail(mail, agency, 'en', `Application ${ref} approved: media partner certificate ${certificate.number}`);
      expect(mail.mail.text).toContain(`http://mitra.test/sertifikat/${certificate.id}`);
      expect(mail.mail.attachments).toHaveLength(1);
      const [attachment] = mail.mail.attachments;
      expect(attachment.filename).toBe(`${certificate.number.replace(/\//g, '-')}.pdf`);
      expect(attachment.contentType).toBe('application/pdf');
      const pdf = await downloadPdf(t, applicant, certificate.id);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(attachment.content.equals(pdf)).toBe(true);

      // Over the whole walk: one row per mail, each sent at the first attempt and received once;
      // nobody else (admin, approver, auditor) got anything.
      expect(await t.app.get(OutboxWorker).drain()).toBe(0);
      const rows = await outboxOf(t, agency);
      expect(rows).toHaveLength(7);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
      const all = await receivedFor(t, agency);
      expect(all).toHaveLength(7);
      expect(new Set(all.map((d) => d.mail.messageId))).toEqual(new Set(rows.map((r) => r.message_id)));
      for (const staff of [agency.admin, agency.approver, agency.auditor]) {
        expect(smtp.messages.filter((m) => m.envelope.to.includes(staff.email))).toEqual([]);
      }
      // Locale stored with each row is the recipient's.
      expect(rows.filter((r) => r.recipient_email === applicant.email).every((r) => r.locale === 'en')).toBe(true);
      expect(rows.filter((r) => r.recipient_email !== applicant.email).every((r) => r.locale === 'id')).toBe(true);
    });

    it('tells the applicant of a rejection, a suspension, a reinstatement and a revocation, with the reasons', async () => {
      const agency = await createAgency(t);
      const applicant = await createApplicant(t, 'id');
      const box = mailbox(t, agency);

      // Rejected at the administrative review.
      const outlet = await createCompleteOutlet(t, applicant);
      const rejectedApp = await createDraft(t, applicant, outlet.id, agency.id);
      await step(t, applicant, rejectedApp.id, { action: 'submit' });
      expect(await box.deliver()).toHaveLength(3);
      const rejectReason = 'Badan usaha & susunan redaksi tidak memenuhi syarat <PT> (UU 40/1999 pasal 9 ayat 2).';
      await step(t, agency.officer, rejectedApp.id, { action: 'reject', reason: rejectReason });
      const rejection = await box.deliver();
      expect(labels(rejection)).toEqual(expected(['application_rejected', applicant]));
      expectMail(rejection[0], agency, 'id', `Permohonan ${rejectedApp.reference} tidak dapat disetujui`);
      // As written in the text part; escaped, not markup, in the HTML part.
      expect(rejection[0].mail.text).toContain(rejectReason);
      expect(rejection[0].mail.html).toContain('Badan usaha &amp; susunan redaksi tidak memenuhi syarat &lt;PT&gt;');
      expect(rejection[0].mail.attachments).toEqual([]);

      // A new application, approved; its certificate is then suspended, reinstated and revoked.
      const approvedApp = await createDraft(t, applicant, outlet.id, agency.id);
      await step(t, applicant, approvedApp.id, { action: 'submit' });
      await step(t, agency.officer, approvedApp.id, { action: 'pass_administrative' });
      await step(t, agency.officer2, approvedApp.id, { action: 'pass_field', fieldVisit: FIELD_VISIT });
      const { certificate } = await step(t, agency.approver, approvedApp.id, { action: 'approve' });
      const number = certificate!.number;
      expect(labels(await box.deliver())).toEqual(
        expected(
          ['application_submitted', applicant],
          ['application_submitted_staff', agency.officer],
          ['application_submitted_staff', agency.officer2],
          ['application_approved', applicant],
        ),
      );

      const suspendReason = 'Pemberitaan melanggar Kode Etik Jurnalistik (putusan Dewan Pers No. 12 Tahun 2026).';
      await t.http().post(`/api/certificates/${certificate!.id}/suspend`).set(bearer(agency.approver)).send({ reason: suspendReason }).expect(200);
      const suspension = await box.deliver();
      expect(labels(suspension)).toEqual(expected(['certificate_suspended', applicant]));
      expectMail(suspension[0], agency, 'id', `Sertifikat Mitra Media ${number} ditangguhkan sementara`);
      expect(suspension[0].mail.text).toContain(suspendReason);
      expect(suspension[0].mail.html).toContain(suspendReason);

      await t.http().post(`/api/certificates/${certificate!.id}/reinstate`).set(bearer(agency.approver)).send({ reason: 'Klarifikasi diterima Dewan Pers.' }).expect(200);
      const reinstatement = await box.deliver();
      expect(labels(reinstatement)).toEqual(expected(['certificate_reinstated', applicant]));
      expectMail(reinstatement[0], agency, 'id', `Sertifikat Mitra Media ${number} berlaku kembali`);

      const revokeReason = 'Media tidak lagi terbit sejak Maret 2026 dan alamat kantor tidak ditemukan.';
      await t.http().post(`/api/certificates/${certificate!.id}/revoke`).set(bearer(agency.approver)).send({ reason: revokeReason }).expect(200);
      const revocation = await box.deliver();
      expect(labels(revocation)).toEqual(expected(['certificate_revoked', applicant]));
      expectMail(revocation[0], agency, 'id', `Sertifikat Mitra Media ${number} dicabut`);
      expect(revocation[0].mail.text).toContain(revokeReason);
      expect(revocation[0].mail.html).toContain(revokeReason);

      // A refused change (revoked is final) sends nothing.
      await t.http().post(`/api/certificates/${certificate!.id}/suspend`).set(bearer(agency.approver)).send({ reason: suspendReason }).expect(409);
      expect(await box.deliver()).toEqual([]);

      const rows = await outboxOf(t, agency);
      expect(rows).toHaveLength(11);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
      expect(await receivedFor(t, agency)).toHaveLength(11);
    });

    it('delays mail while the mail server is down, then delivers every one exactly once', async () => {
      const agency = await createAgency(t);
      const applicant = await createApplicant(t, 'en');
      const box = mailbox(t, agency);
      const worker = t.app.get(OutboxWorker);
      const outlet = await createCompleteOutlet(t, applicant);
      const draft = await createDraft(t, applicant, outlet.id, agency.id);
      await step(t, applicant, draft.id, { action: 'submit' });
      expect(await box.deliver()).toHaveLength(3);

      await smtp.stop();
      let certificateId: string;
      try {
        await step(t, agency.officer, draft.id, { action: 'request_revision', reason: 'Akta pendirian belum diunggah.' });
        await step(t, applicant, draft.id, { action: 'submit' });
        await step(t, agency.officer, draft.id, { action: 'pass_administrative' });
        await step(t, agency.officer2, draft.id, { action: 'pass_field', fieldVisit: FIELD_VISIT });
        certificateId = (await step(t, agency.approver, draft.id, { action: 'approve' })).certificate!.id;

        await expect(worker.drain()).resolves.toBe(0);
        const failed = (await outboxOf(t, agency)).filter((r) => r.status !== 'sent');
        expect(failed.map((r) => r.template).sort()).toEqual(
          ['application_approved', 'application_resubmitted', 'application_resubmitted', 'revision_requested'].sort(),
        );
        for (const row of failed) {
          expect(row).toMatchObject({ status: 'pending', attempts: 1, in_future: true });
          expect(row.last_error).toBeTruthy();
        }

        // Still acting while the server is down: the new mail waits with the others.
        await t.http().post(`/api/certificates/${certificateId}/suspend`).set(bearer(agency.approver)).send({ reason: 'Sengketa pemberitaan sedang diperiksa.' }).expect(200);
        await expect(worker.drain()).resolves.toBe(0);
        // Not due yet: a second pass does not retry the failed ones.
        await expect(worker.drain()).resolves.toBe(0);
        const waiting = (await outboxOf(t, agency)).filter((r) => r.status !== 'sent');
        expect(waiting).toHaveLength(5);
        expect(waiting.every((r) => r.status === 'pending' && r.attempts === 1 && r.in_future)).toBe(true);
      } finally {
        await smtp.restart();
      }
      expect(await box.deliver()).toEqual([]);

      // Past the backoff: after one failure the app's worker waits 30 s.
      t.clock.advance(30_000);
      const late = await box.deliver();
      expect(labels(late)).toEqual(
        expected(
          ['revision_requested', applicant],
          ['application_resubmitted', agency.officer],
          ['application_resubmitted', agency.officer2],
          ['application_approved', applicant],
          ['certificate_suspended', applicant],
        ),
      );
      expect(await worker.drain()).toBe(0);
      const approvedMail = late.find((d) => d.template === 'application_approved')!;
      expect(approvedMail.mail.attachments[0].content.equals(await downloadPdf(t, applicant, certificateId))).toBe(true);
      expect(late.find((d) => d.template === 'revision_requested')!.mail.text).toContain('Akta pendirian belum diunggah.');

      // Counted by Message-ID and by template: 8 mails, none lost, none twice.
      const rows = await outboxOf(t, agency);
      expect(rows).toHaveLength(8);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      expect(rows.filter((r) => r.attempts === 2).map((r) => r.template).sort()).toEqual(late.map((d) => d.template).sort());
      const all = await receivedFor(t, agency);
      const ids = all.map((d) => d.mail.messageId);
      expect(ids).toHaveLength(8);
      expect(new Set(ids)).toEqual(new Set(rows.map((r) => r.message_id)));
      const byTemplate: Record<string, number> = {};
      for (const d of all) byTemplate[d.template] = (byTemplate[d.template] ?? 0) + 1;
      expect(byTemplate).toEqual({
        application_submitted: 1,
        application_submitted_staff: 2,
        revision_requested: 1,
        application_resubmitted: 2,
        application_approved: 1,
        certificate_suspended: 1,
      });
    });

    it('reminds of a certificate ending within 30 days and digests overdue applications once, even when the scheduler runs twice', async () => {
      const agency = await createAgency(t);
      const applicant = await createApplicant(t, 'en');
      await t.dataSource.query(`UPDATE users SET locale = 'en' WHERE id = $1`, [agency.officer2.id]);
      const box = mailbox(t, agency);
      const scheduler = t.app.get(NotificationScheduler);

      // An approved application whose certificate now ends in 10 days.
      const first = await createCompleteOutlet(t, applicant);
      const approvedApp = await createDraft(t, applicant, first.id, agency.id);
      await step(t, applicant, approvedApp.id, { action: 'submit' });
      await step(t, agency.officer, approvedApp.id, { action: 'pass_administrative' });
      await step(t, agency.officer2, approvedApp.id, { action: 'pass_field', fieldVisit: FIELD_VISIT });
      const { certificate } = await step(t, agency.approver, approvedApp.id, { action: 'approve' });
      expect(await box.deliver()).toHaveLength(4);
      // The scheduler's runs all at one instant, so "the same day" holds whatever the hour.
      const now = t.clock.now();
      await t.dataSource.query(`UPDATE certificates SET valid_until = $2::date WHERE id = $1`, [certificate!.id, addDays(wibDate(now), 10)]);

      await Promise.all([scheduler.runExpiryReminders(now), scheduler.runExpiryReminders(now)]);
      await scheduler.runExpiryReminders(now);
      const reminders = await box.deliver();
      expect(await box.deliver()).toEqual([]);
      expect(labels(reminders)).toEqual(expected(['certificate_expiring', applicant]));
      expectMail(reminders[0], agency, 'en', `Media partner certificate ${certificate!.number} expires in 10 days`);

      // An application whose administrative review is two days overdue.
      const secondOutlet = await createCompleteOutlet(t, applicant);
      const lateApp = await createDraft(t, applicant, secondOutlet.id, agency.id);
      await step(t, applicant, lateApp.id, { action: 'submit' });
      expect(await box.deliver()).toHaveLength(3);
      await t.dataSource.query(`UPDATE applications SET due_at = $2 WHERE id = $1`, [lateApp.id, new Date(now.getTime() - 50 * 3_600_000)]);
      await announceApplicationsChanged(t, lateApp.id);

      await Promise.all([scheduler.runOverdueDigests(now), scheduler.runOverdueDigests(now)]);
      await scheduler.runOverdueDigests(now);
      const digests = await box.deliver();
      expect(await box.deliver()).toEqual([]);
      expect(labels(digests)).toEqual(expected(['overdue_digest', agency.officer], ['overdue_digest', agency.officer2]));
      const byOfficer = (a: Actor) => digests.find((d) => d.to === a.email)!;
      expectMail(byOfficer(agency.officer), agency, 'id', '[Pengingat] 1 permohonan melewati batas waktu');
      expectMail(byOfficer(agency.officer2), agency, 'en', '[Reminder] 1 application is overdue');
      for (const d of digests) {
        expect(d.mail.text).toContain(lateApp.reference);
        expect(d.mail.text).toContain(`http://mitra.test/permohonan/${lateApp.id}`);
      }

      // And a later run the same day still adds nothing.
      await scheduler.runExpiryReminders(now);
      await scheduler.runOverdueDigests(now);
      expect(await box.deliver()).toEqual([]);
      const rows = await outboxOf(t, agency);
      expect(rows.filter((r) => r.template === 'certificate_expiring')).toHaveLength(1);
      expect(rows.filter((r) => r.template === 'overdue_digest')).toHaveLength(2);
    });
  });

  describe('across a crash between commit and delivery', () => {
    it('delivers, from a new process on the same database, every mail the first committed, once', async () => {
      // The first process is the app of the tests above; it has delivered everything it had.
      const t1 = t;
      expect(await t1.app.get(OutboxWorker).drain()).toBe(0);
      const agency = await createAgency(t1);
      const applicant = await createApplicant(t1, 'en');
      // Its registration's confirmation link goes out before the crash; the mails counted below are the workflow's.
      expect(await t1.app.get(OutboxWorker).drain()).toBe(1);
      const outlet = await createCompleteOutlet(t1, applicant);
      const draft = await createDraft(t1, applicant, outlet.id, agency.id);
      await step(t1, applicant, draft.id, { action: 'submit' });
      await step(t1, agency.officer, draft.id, { action: 'request_revision', reason: 'Susunan redaksi belum mencantumkan penanggung jawab.' });
      await step(t1, applicant, draft.id, { action: 'submit' });
      await step(t1, agency.officer, draft.id, { action: 'pass_administrative' });
      await step(t1, agency.officer2, draft.id, { action: 'pass_field', fieldVisit: FIELD_VISIT });
      const { certificate } = await step(t1, agency.approver, draft.id, { action: 'approve' });

      const committed = await outboxOf(t1, agency);
      expect(committed).toHaveLength(7);
      expect(committed.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
      expect(await receivedFor(t1, agency)).toEqual([]);
      // The first process had just claimed the approval mail (as its worker does, for 60 s) when it died.
      const claimed = committed.find((r) => r.template === 'application_approved')!;
      await t1.dataSource.query(`UPDATE outbox SET locked_until = now() + interval '60 seconds' WHERE id = $1`, [claimed.id]);
      firstClosed = true;
      await t1.app.close();

      // Same database, same files (the certificate PDF), new process.
      // One world, one time: the new process's clock goes on from the first one's.
      second = await startTestApp({ SMTP_URL: smtp.url, DATA_DIR: t1.dataDir }, { db, clock: t1.clock.now() });
      const t2 = second;
      const worker = t2.app.get(OutboxWorker);
      expect(await worker.drain()).toBe(6);
      // The dead process's claim keeps the approval mail off until it runs out (moved there rather than waited for).
      expect((await receivedFor(t2, agency)).map((d) => d.template)).not.toContain('application_approved');
      expect(await worker.drain()).toBe(0);
      await t2.dataSource.query(`UPDATE outbox SET locked_until = now() - interval '1 millisecond' WHERE id = $1`, [claimed.id]);
      expect(await worker.drain()).toBe(1);
      expect(await worker.drain()).toBe(0);

      const all = await receivedFor(t2, agency);
      expect(labels(all)).toEqual(
        expected(
          ['application_submitted', applicant],
          ['application_submitted_staff', agency.officer],
          ['application_submitted_staff', agency.officer2],
          ['revision_requested', applicant],
          ['application_resubmitted', agency.officer],
          ['application_resubmitted', agency.officer2],
          ['application_approved', applicant],
        ),
      );
      expect(new Set(all.map((d) => d.mail.messageId))).toEqual(new Set(committed.map((r) => r.message_id)));
      const rows = await outboxOf(t2, agency);
      expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
      const approval = all.find((d) => d.template === 'application_approved')!;
      expect(approval.mail.attachments[0].content.equals(await downloadPdf(t2, applicant, certificate!.id))).toBe(true);
    });
  });
});
