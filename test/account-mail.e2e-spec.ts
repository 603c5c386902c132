import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../src/common/clock';
import { OutboxWorker } from '../src/notifications/outbox.worker';
import { startSmtpTestServer, type ParsedMessage, type SmtpTestServer } from '../src/notifications/testing/smtp-test-server';
import { DemoSeed } from '../src/seed/demo.seed';
import { act, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, login, mailedToken, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

const NEW_PASSWORD = 'a-new-password-456';

/**
 * Forgot password and confirmed address, through the API of the production app, with the mail
 * delivered by the app's own outbox worker to a real SMTP server in this process, and time moved
 * through the auth clock.
 */
describe('account mail: password reset and email confirmation', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let agency: TestAgency;
  let now: number;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url });
    agency = await createAgency(t);
    now = Date.now();
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => new Date(now));
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  /** Delivers pending mail and returns the mails to this address, oldest first. */
  async function inbox(email: string): Promise<ParsedMessage[]> {
    await t.app.get(OutboxWorker).drain();
    return smtp.messages.filter((m) => m.envelope.to.includes(email));
  }

  /** The token of the newest delivered link to `path` for this address. */
  async function linkToken(email: string, path: '/reset-password' | '/confirm-email'): Promise<string> {
    const mails = (await inbox(email)).filter((m) => m.text.includes(`${t.config.PUBLIC_BASE_URL}${path}?token=`));
    expect(mails.length).toBeGreaterThan(0);
    const text = mails[mails.length - 1].text;
    const match = new RegExp(`${t.config.PUBLIC_BASE_URL}${path}\\?token=([\\w-]+)`).exec(text);
    return match![1];
  }

  const requestReset = (email: string) => t.http().post('/api/auth/password-reset/request').send({ email });
  const confirmReset = (token: string, password = NEW_PASSWORD) => t.http().post('/api/auth/password-reset/confirm').send({ token, password });

  async function auditActions(userId: string): Promise<{ action: string; summary: string; data: unknown }[]> {
    return t.dataSource.query(`SELECT action, summary, data FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id`, [userId]);
  }

  describe('forgot password', () => {
    it('answers the same for an unknown address and mails nothing for it', async () => {
      const applicant = await createApplicant(t);
      const unknown = `nobody-${applicant.id.slice(0, 8)}@factory.test`;
      const known = await requestReset(applicant.email).expect(202);
      const missing = await requestReset(unknown).expect(202);
      expect(missing.body).toEqual(known.body);
      expect(await inbox(unknown)).toEqual([]);
      const [mail] = (await inbox(applicant.email)).filter((m) => m.subject.includes('kata sandi'));
      expect(mail.subject).toBe('Tautan untuk mengatur ulang kata sandi akun Mitra Media');
      expect(mail.text).toContain('berlaku selama 30 menit');
    });

    it('sets the new password with the mailed link once, ends every session, and audits it without personal data', async () => {
      const applicant = await createApplicant(t, 'en');
      const secondSession = await login(t, applicant.email);
      await t.http().get('/api/me').set(bearer(applicant)).expect(200);
      await requestReset(applicant.email).expect(202);
      const token = await linkToken(applicant.email, '/reset-password');

      await confirmReset(token).expect(204);
      for (const session of [applicant.token, secondSession]) {
        const res = await t.http().get('/api/me').set(bearer(session)).expect(401);
        expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
      }
      await t.http().post('/api/auth/login').send({ email: applicant.email, password: TEST_PASSWORD }).expect(401);
      const fresh = await login(t, applicant.email, NEW_PASSWORD);
      await t.http().get('/api/me').set(bearer(fresh)).expect(200);

      const again = await confirmReset(token, 'yet-another-password-789').expect(400);
      expect(again.body).toMatchObject({ statusCode: 400, code: 'AUTH.RESET_LINK_INVALID' });
      await login(t, applicant.email, NEW_PASSWORD);

      const events = await auditActions(applicant.id);
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']));
      expect(JSON.stringify(events)).not.toContain(applicant.email);
      expect(JSON.stringify(events)).not.toContain(token);
      const [stored] = await t.dataSource.query(`SELECT count(*)::int AS n FROM account_tokens WHERE token_hash = $1`, [token]);
      expect(stored.n).toBe(0);
    });

    it('refuses a link 30 minutes after it was mailed, and an older link once a newer one is used', async () => {
      const applicant = await createApplicant(t);
      await requestReset(applicant.email).expect(202);
      const expired = await linkToken(applicant.email, '/reset-password');
      now += 30 * 60_000;
      const late = await confirmReset(expired).expect(400);
      expect(late.body.code).toBe('AUTH.RESET_LINK_INVALID');
      await login(t, applicant.email, TEST_PASSWORD);

      await requestReset(applicant.email).expect(202);
      const older = await linkToken(applicant.email, '/reset-password');
      await requestReset(applicant.email).expect(202);
      const newer = await linkToken(applicant.email, '/reset-password');
      expect(newer).not.toBe(older);
      now += 29 * 60_000;
      await confirmReset(newer).expect(204);
      await confirmReset(older, 'another-password-000').expect(400);
      await login(t, applicant.email, NEW_PASSWORD);
    });

    it('works for staff too, whose sessions end the same way', async () => {
      await requestReset(agency.auditor.email).expect(202);
      await confirmReset(await linkToken(agency.auditor.email, '/reset-password')).expect(204);
      await t.http().get('/api/audit').set(bearer(agency.auditor)).expect(401);
      await login(t, agency.auditor.email, NEW_PASSWORD);
    });

    it('refuses a made-up token and a short password with the error body', async () => {
      const bad = await confirmReset('not-a-token').expect(400);
      expect(bad.body).toMatchObject({ statusCode: 400, code: 'AUTH.RESET_LINK_INVALID' });
      const short = await confirmReset('not-a-token', 'short').expect(400);
      expect(short.body.errors).toHaveProperty('password');
    });
  });

  describe('confirmed address', () => {
    let owner: Actor;
    let appId: string;

    beforeAll(async () => {
      owner = await createApplicant(t, 'en', { confirmEmail: false });
      const outlet = await createCompleteOutlet(t, owner);
      appId = (await createDraft(t, owner, outlet.id, agency.id)).id;
    });

    it('mails a confirmation link on registration and shows the address as unconfirmed', async () => {
      const me = await t.http().get('/api/me').set(bearer(owner)).expect(200);
      expect(me.body.emailConfirmed).toBe(false);
      const [mail] = await inbox(owner.email);
      expect(mail.subject).toBe('Confirm the email address of your Mitra Media account');
      expect(mail.text).toContain(`${t.config.PUBLIC_BASE_URL}/confirm-email?token=`);
    });

    it('refuses to submit an application until the address is confirmed, saying how to get a new link', async () => {
      const res = await act(t, owner, appId, { action: 'submit', version: 1 }).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'AUTH.EMAIL_NOT_CONFIRMED' });
      expect(res.body.message).toContain('/api/auth/email/resend');
      const app = await t.http().get(`/api/applications/${appId}`).set(bearer(owner)).expect(200);
      expect(app.body).toMatchObject({ status: 'draft', version: 1 });
    });

    it('resends a new link, not twice within a minute, and the newest link confirms', async () => {
      const first = await linkToken(owner.email, '/confirm-email');
      now += 61_000;
      expect((await t.http().post('/api/auth/email/resend').set(bearer(owner)).expect(202)).body).toEqual({ sent: true });
      const tooSoon = await t.http().post('/api/auth/email/resend').set(bearer(owner)).expect(429);
      expect(tooSoon.body.code).toBe('AUTH.CONFIRMATION_RESEND_TOO_SOON');
      expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(tooSoon.headers['retry-after'])).toBeLessThanOrEqual(60);
      const second = await linkToken(owner.email, '/confirm-email');
      expect(second).not.toBe(first);

      const confirmed = await t.http().post('/api/auth/email/confirm').send({ token: second }).expect(200);
      expect(confirmed.body).toEqual({ emailConfirmed: true });
      expect((await t.http().get('/api/me').set(bearer(owner)).expect(200)).body.emailConfirmed).toBe(true);
      const reused = await t.http().post('/api/auth/email/confirm').send({ token: first }).expect(400);
      expect(reused.body.code).toBe('AUTH.CONFIRMATION_LINK_INVALID');
      const done = await t.http().post('/api/auth/email/resend').set(bearer(owner)).expect(409);
      expect(done.body.code).toBe('AUTH.EMAIL_ALREADY_CONFIRMED');
      expect((await auditActions(owner.id)).map((e) => e.action)).toEqual(
        expect.arrayContaining(['user.email_confirmation_sent', 'user.email_confirmed']),
      );
    });

    it('lets the confirmed applicant submit', async () => {
      const res = await act(t, owner, appId, { action: 'submit', version: 1 }).expect(200);
      expect(res.body.status).toBe('submitted');
    });

    it('confirms an invited staff address by the invitation link, and creates the demo accounts confirmed', async () => {
      const email = `officer-${owner.id.slice(0, 8)}@factory.test`;
      const invited = await t.http().post(`/api/agencies/${agency.id}/users`).set(bearer(agency.admin)).send({ email, name: 'Officer Baru', role: 'officer' }).expect(201);
      expect(invited.body).toMatchObject({ emailConfirmed: false, status: 'invited' });
      await t.http().post('/api/auth/staff-invitation/accept').send({ token: await mailedToken(t, email, 'staff_invitation'), password: TEST_PASSWORD }).expect(204);
      const list = await t.http().get(`/api/agencies/${agency.id}/users`).set(bearer(agency.admin)).expect(200);
      expect(list.body.find((u: { id: string }) => u.id === invited.body.id)).toMatchObject({ emailConfirmed: true, status: 'active' });
      await t.app.get(DemoSeed).run();
      const demo = await t.dataSource.query(`SELECT email FROM users WHERE email LIKE '%@demo.test' AND email_confirmed_at IS NULL`);
      expect(demo).toEqual([]);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@demo.test'`))[0].n).toBeGreaterThan(1);
    });
  });
});
