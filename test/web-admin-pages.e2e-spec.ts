import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inTransaction } from '../src/database/transaction';
import { MAIL_TEMPLATE_NAMES } from '../src/notifications/mail-templates';
import { NotificationsService } from '../src/notifications/notifications.service';
import { hasText } from '../src/web/i18n';
import { createAgency, mailedToken, TEST_PASSWORD, type TestAgency } from './support/factories';
import { pngBytes } from './support/files';
import { startTestApp, type TestApp } from './support/test-app';
import { binary } from './support/zip';
import { PageClient } from './support/page-client';
import { extractPdfText } from '../src/certificates/testing/pdf-inspect';

describe('admin pages: users, invitations, settings, logo preview, parked mail', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;
  let admin: PageClient;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    other = await createAgency(t);
    admin = new PageClient(t);
    expect((await admin.login(agency.admin.email)).status).toBe(303);
  });
  afterAll(() => t.close());

  const unique = (what: string) => `${what}-${Math.random().toString(36).slice(2, 10)}@factory.test`;

  describe('users', () => {
    it('lists the staff with role and status and refuses the page to other roles', async () => {
      const page = await admin.get('/admin/pengguna');
      expect(page.status).toBe(200);
      expect(page.text).toContain(agency.officer.email);
      expect(page.text).toContain('Aktif');
      expect(page.text).not.toContain(other.officer.email);
      const officer = new PageClient(t);
      await officer.login(agency.officer.email);
      expect((await officer.get('/admin/pengguna')).status).toBe(403);
    });

    it('invites by email with the error beside the field, and the invitee sets a password and logs in', async () => {
      const bad = await admin.submit('/admin/pengguna', '/admin/pengguna', { name: 'Petugas', email: 'bukan-surel', role: 'officer', locale: 'id' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('id="f-email-error"');
      const taken = await admin.submit('/admin/pengguna', '/admin/pengguna', { name: 'Petugas', email: agency.officer.email, role: 'officer', locale: 'id' });
      expect(taken.status).toBe(400);
      expect(taken.text).toContain('Sudah ada akun dengan alamat surel ini');

      const email = unique('undangan');
      const ok = await admin.submit('/admin/pengguna', '/admin/pengguna', { name: 'Petugas Undangan', email, role: 'auditor', locale: 'id' });
      expect(ok.status).toBe(303);
      expect(ok.headers.location).toBe('/admin/pengguna?flash=invited');
      const list = await admin.get('/admin/pengguna?flash=invited');
      expect(list.text).toContain('Undangan dikirim');
      expect(list.text).toContain('Diundang, belum membuat kata sandi');
      const firstToken = await mailedToken(t, email, 'staff_invitation');
      // "Send the invitation again" on the row: a new link, the old one void.
      expect(list.text).toContain('Kirim ulang undangan');
      const again = await admin.post('/admin/pengguna', { _csrf: PageClient.csrf(list.text), name: 'Petugas Undangan', email, role: 'auditor', locale: 'id' });
      expect(again.headers.location).toBe('/admin/pengguna?flash=invited');
      const token = await mailedToken(t, email, 'staff_invitation');
      expect(token).not.toBe(firstToken);
      expect((await new PageClient(t).get(`/atur-sandi?token=${firstToken}`)).status).toBe(400);

      const invitee = new PageClient(t);
      const form = await invitee.get(`/atur-sandi?token=${token}`);
      expect(form.status).toBe(200);
      expect(form.text).toContain(email);
      const mismatch = await invitee.post('/atur-sandi', { _csrf: PageClient.csrf(form.text), token, password: TEST_PASSWORD, passwordConfirm: 'something-else-1' });
      expect(mismatch.status).toBe(400);
      const done = await invitee.post('/atur-sandi', { _csrf: PageClient.csrf(form.text), token, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe('/masuk?flash=passwordReset');
      expect((await invitee.get(`/atur-sandi?token=${token}`)).status).toBe(400);
      expect((await invitee.login(email)).headers.location).toBe('/dasbor');
      expect((await admin.get('/admin/pengguna')).text).not.toContain('Diundang, belum membuat kata sandi');
    });

    it('answers a made-up invitation link with the page that says so', async () => {
      const res = await new PageClient(t).get('/atur-sandi?token=made-up');
      expect(res.status).toBe(400);
      expect(res.text).toContain('Tautan undangan tidak berlaku');
    });

    it('changes a role, and deactivates and reactivates after a confirmation step', async () => {
      const id = agency.officer2.id;
      expect((await admin.submit('/admin/pengguna', `/admin/pengguna/${id}/peran`, { role: 'approver' })).headers.location).toBe('/admin/pengguna?flash=roleChanged');
      expect((await t.dataSource.query(`SELECT role FROM users WHERE id = $1`, [id]))[0].role).toBe('approver');
      await admin.submit('/admin/pengguna', `/admin/pengguna/${id}/peran`, { role: 'officer' });

      const confirm = await admin.get(`/admin/pengguna/${id}/status`);
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain('Nonaktifkan');
      const off = await admin.post(`/admin/pengguna/${id}/status`, { _csrf: PageClient.csrf(confirm.text), active: 'false' });
      expect(off.headers.location).toBe('/admin/pengguna?flash=deactivated');
      expect((await admin.get('/admin/pengguna')).text).toContain('Dinonaktifkan');
      const back = await admin.get(`/admin/pengguna/${id}/status`);
      expect(back.text).toContain('Aktifkan kembali');
      await admin.post(`/admin/pengguna/${id}/status`, { _csrf: PageClient.csrf(back.text), active: 'true' });
      expect((await t.dataSource.query(`SELECT active FROM users WHERE id = $1`, [id]))[0].active).toBe(true);
    });

    it('refuses changing the admin themselves in words, and another agency user is the 404 page', async () => {
      const self = await admin.submit('/admin/pengguna', `/admin/pengguna/${agency.admin.id}/status`, { active: 'false' });
      expect(self.status).toBe(403);
      expect(self.text).toContain('Anda tidak dapat mengubah peran atau menonaktifkan akun Anda sendiri');
      expect((await admin.get(`/admin/pengguna/${other.officer.id}/status`)).status).toBe(404);
      expect((await admin.submit('/admin/pengguna', `/admin/pengguna/${other.officer.id}/peran`, { role: 'admin' })).status).toBe(404);
      expect((await t.dataSource.query(`SELECT role FROM users WHERE id = $1`, [other.officer.id]))[0].role).toBe('officer');
    });
  });

  describe('settings', () => {
    const form = (over: Record<string, string> = {}) => ({
      'sla.administrative': '5',
      'sla.field': '10',
      'sla.approval': '5',
      'certificate.numberPattern': '{seq}/MM/{code}/{year}',
      'certificate.validityMonths': '12',
      ...over,
    });

    it('shows an invalid value beside its field, keeps what was typed, and saves nothing', async () => {
      const before = (await t.dataSource.query(`SELECT settings FROM agencies WHERE id = $1`, [agency.id]))[0].settings;
      const res = await admin.submit('/admin/pengaturan', '/admin/pengaturan', form({ 'sla.field': '0', 'certificate.numberPattern': '{seq}/MM', 'certificate.validityMonths': 'dua belas' }));
      expect(res.status).toBe(400);
      expect(res.text).toContain('id="f-sla-field-error"');
      expect(res.text).toContain('id="f-certificate-numberPattern-error"');
      expect(res.text).toContain('id="f-certificate-validityMonths-error"');
      expect(res.text).toContain('value="dua belas"');
      expect((await t.dataSource.query(`SELECT settings FROM agencies WHERE id = $1`, [agency.id]))[0].settings).toEqual(before);
      // A pattern the DTO lets through but the whole-settings check refuses (unknown token) is also shown beside the field.
      const unknown = await admin.submit('/admin/pengaturan', '/admin/pengaturan', form({ 'certificate.numberPattern': '{seq}/{year}/{nope}' }));
      expect(unknown.status).toBe(400);
      expect(unknown.text).toContain('id="f-certificate-numberPattern-error"');
    });

    it('saves valid values', async () => {
      const res = await admin.submit('/admin/pengaturan', '/admin/pengaturan', form({ 'sla.field': '12', 'certificate.validityMonths': '24' }));
      expect(res.headers.location).toBe('/admin/pengaturan?flash=settingsSaved');
      const [{ settings }] = await t.dataSource.query(`SELECT settings FROM agencies WHERE id = $1`, [agency.id]);
      expect(settings.sla.field).toBe(12);
      expect(settings.certificate.validityMonths).toBe(24);
    });

    it('adds a named holiday, refuses a bad date or a missing name beside the field, and removes it', async () => {
      const bad = await admin.submit('/admin/pengaturan', '/admin/pengaturan/libur', { holidayDate: '2026-02-31', holidayName: 'Tidak ada' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('id="f-holidayDate-error"');
      const noName = await admin.submit('/admin/pengaturan', '/admin/pengaturan/libur', { holidayDate: '2026-12-25', holidayName: '' });
      expect(noName.status).toBe(400);
      expect(noName.text).toContain('id="f-holidayName-error"');
      const ok = await admin.submit('/admin/pengaturan', '/admin/pengaturan/libur', { holidayDate: '2026-12-25', holidayName: 'Hari Raya Natal' });
      expect(ok.status).toBe(303);
      const listed = (await admin.get('/admin/pengaturan')).text;
      expect(listed).toContain('Hari Raya Natal');
      // The date in words, not the ISO value typed in.
      expect(listed).toContain('<td data-label="Tanggal">25 Desember 2026</td>');
      const twice = await admin.submit('/admin/pengaturan', '/admin/pengaturan/libur', { holidayDate: '2026-12-25', holidayName: 'Natal lagi' });
      expect(twice.status).toBe(400);
      expect(twice.text).toContain('id="f-holidayDate-error"');
      await admin.submit('/admin/pengaturan', '/admin/pengaturan/libur/hapus', { date: '2026-12-25' });
      const [{ settings }] = await t.dataSource.query(`SELECT settings FROM agencies WHERE id = $1`, [agency.id]);
      expect(settings.holidays).toEqual([]);
      expect(settings.holidayNames).toBeUndefined();
    });

    it('uploads a logo, refuses a non-PNG beside the field, and previews the certificate as a PDF this site may frame', async () => {
      const upload = async (file: Buffer, name: string) => {
        const csrf = PageClient.csrf((await admin.get('/admin/pengaturan')).text);
        return t.http().post('/admin/pengaturan/logo').set('accept', 'text/html').set('cookie', admin.cookieHeader()).field('_csrf', csrf).attach('file', file, name);
      };
      const preview = async () => {
        const res = await t.http().get('/admin/pengaturan/pratinjau.pdf').set('cookie', admin.cookieHeader()).buffer(true).parse(binary);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
        return res.body as Buffer;
      };
      const images = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Subtype\s*\/Image/g) ?? []).length;
      const before = await preview();

      const wrong = await upload(Buffer.from('%PDF-1.4 not a logo'), 'logo.png');
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('id="f-logo-error"');
      expect(wrong.text).toContain('Logo harus berkas PNG');
      const ok = await upload(pngBytes(), 'logo.png');
      expect(ok.status).toBe(303);
      expect(ok.headers.location).toBe('/admin/pengaturan?flash=logoSaved#pratinjau');
      const page = await admin.get('/admin/pengaturan?flash=logoSaved');
      expect(page.text).toContain('<iframe class="certificate-preview" src="/admin/pengaturan/pratinjau.pdf"');

      // The sample is the certificate renderer's, with the agency's settings, and now carries the logo.
      const after = await preview();
      expect(images(after)).toBeGreaterThan(images(before));
      const text = await extractPdfText(after);
      expect(text).toContain(`/MM/${agency.code}/`);
    });
  });

  describe('parked mail', () => {
    async function parkedMail(agencyId: string, email: string): Promise<string> {
      await inTransaction(t.dataSource, (m) =>
        t.app.get(NotificationsService).enqueue(m, {
          agencyId,
          template: 'password_reset',
          to: { email, name: 'Penerima', locale: 'id' },
          data: { link: `${t.config.PUBLIC_BASE_URL}/reset-password?token=x`, expiresAt: new Date().toISOString() },
        }),
      );
      const [row] = await t.dataSource.query(
        `UPDATE outbox SET status = 'parked', attempts = 3, last_error = '550 5.1.1 mailbox unavailable'
         WHERE id = (SELECT id FROM outbox WHERE recipient_email = $1 ORDER BY created_at DESC LIMIT 1) RETURNING id`,
        [email],
      );
      return (row as { id: string }[])[0]?.id ?? (row as { id: string }).id;
    }

    it('lists parked mail of the agency with recipient, template, error and attempts, and retries one', async () => {
      const email = unique('tertahan');
      const id = await parkedMail(agency.id, email);
      const foreign = await parkedMail(other.id, unique('lain'));
      const page = await admin.get('/admin/surel');
      expect(page.status).toBe(200);
      expect(page.text).toContain(email);
      expect(page.text).toContain('550 5.1.1 mailbox unavailable');
      // The kind of email in words, for every kind there is.
      expect(page.text).toContain('<td data-label="Jenis surel">Atur ulang kata sandi</td>');
      expect(page.text).not.toContain('password_reset');
      expect(MAIL_TEMPLATE_NAMES.filter((name) => !hasText(`admin.mail.kind.${name}`))).toEqual([]);
      expect(page.text).not.toContain(foreign);
      const res = await admin.post(`/admin/surel/${id}/ulang`, { _csrf: PageClient.csrf(page.text) });
      expect(res.headers.location).toBe('/admin/surel?flash=mailRetried');
      expect((await t.dataSource.query(`SELECT status, attempts FROM outbox WHERE id = $1`, [id]))[0]).toEqual({ status: 'pending', attempts: 0 });
      const again = await admin.post(`/admin/surel/${id}/ulang`, { _csrf: PageClient.csrf(page.text) });
      expect(again.status).toBe(409);
      expect(again.text).toContain('sudah tidak tertahan');
      expect((await admin.post(`/admin/surel/${foreign}/ulang`, { _csrf: PageClient.csrf(page.text) })).status).toBe(404);
    });
  });
});
