import { expect, it } from '@jest/globals';
import { inTransaction } from '../src/database/transaction';
import { NotificationsService } from '../src/notifications/notifications.service';
import { browserSuite, checkPage, loginInBrowser, useBrowserWorld } from './support/browser';
import { createAgency, mailedToken, TEST_PASSWORD, type TestAgency } from './support/factories';
import { pngBytes } from './support/files';

/** The admin console in Chromium: invitations, settings, logo preview, parked mail (issue 12). */
browserSuite('admin console in a real browser', () => {
  const w = useBrowserWorld();
  let agency: TestAgency;

  it('runs the admin pages end to end', async () => {
    const { t, base } = w;
    agency = await createAgency(t);
    const { page } = await w.newPage();
    await loginInBrowser(page, base, agency.admin.email, TEST_PASSWORD);

    // The admin invites an officer.
    await page.goto(`${base}/admin/pengguna`);
    await checkPage(page, 'admin', 'users');
    const email = `petugas-${Date.now()}@factory.test`;
    await page.getByLabel('Nama', { exact: true }).fill('Petugas Undangan');
    await page.getByLabel('Alamat surel', { exact: true }).fill(email);
    await page.getByLabel('Peran', { exact: true }).selectOption('officer');
    await page.getByRole('button', { name: 'Kirim undangan' }).click();
    await page.waitForURL(/flash=invited/);
    expect(await page.getByRole('status').textContent()).toContain('Undangan dikirim');
    expect(await page.locator('tr', { hasText: email }).textContent()).toContain('Diundang, belum membuat kata sandi');

    // The officer sets a password from the mailed link and logs in.
    const token = await mailedToken(t, email, 'staff_invitation');
    const invitee = await w.newPage();
    await invitee.page.goto(`${base}/atur-sandi?token=${token}`);
    await checkPage(invitee.page, 'admin', 'set-password');
    await invitee.page.getByLabel('Kata sandi baru', { exact: true }).fill(TEST_PASSWORD);
    await invitee.page.getByLabel('Ulangi kata sandi baru').fill(TEST_PASSWORD);
    await invitee.page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await invitee.page.waitForURL(/\/masuk/);
    await loginInBrowser(invitee.page, base, email, TEST_PASSWORD);
    await invitee.context.close();
    await page.goto(`${base}/admin/pengguna`);
    expect(await page.locator('tr', { hasText: email }).textContent()).toContain('Aktif');

    // A setting with an invalid value: the error beside the field; then a valid one.
    await page.goto(`${base}/admin/pengaturan`);
    await checkPage(page, 'admin', 'settings');
    await page.getByLabel('Verifikasi lapangan').fill('0');
    await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
    expect(await page.locator('#f-sla-field-error').textContent()).toContain('Batas verifikasi lapangan');
    expect(await page.locator('.error-summary').isVisible()).toBe(true);
    await checkPage(page, 'admin', 'settings-error');
    await page.getByLabel('Verifikasi lapangan').fill('12');
    await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await page.waitForURL(/flash=settingsSaved/);
    expect(await page.getByLabel('Verifikasi lapangan').inputValue()).toBe('12');

    // A logo upload and the preview of the certificate it produces.
    await page.locator('#f-logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: pngBytes() });
    await page.getByRole('button', { name: 'Unggah dan simpan logo' }).click();
    await page.waitForURL(/flash=logoSaved/);
    const preview = page.locator('iframe.certificate-preview');
    expect(await preview.isVisible()).toBe(true);
    const pdf = await page.request.get(`${base}${await preview.getAttribute('src')}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await checkPage(page, 'admin', 'settings-logo');

    // A parked mail retried.
    const parkedTo = `tertahan-${Date.now()}@factory.test`;
    await inTransaction(t.dataSource, (m) =>
      t.app.get(NotificationsService).enqueue(m, {
        agencyId: agency.id,
        template: 'password_reset',
        to: { email: parkedTo, name: 'Penerima', locale: 'id' },
        data: { link: `${t.config.PUBLIC_BASE_URL}/reset-password?token=x`, expiresAt: new Date().toISOString() },
      }),
    );
    await t.dataSource.query(`UPDATE outbox SET status = 'parked', attempts = 3, last_error = '550 5.1.1 mailbox unavailable' WHERE recipient_email = $1`, [parkedTo]);
    await page.goto(`${base}/admin/surel`);
    await checkPage(page, 'admin', 'parked-mail');
    const row = page.locator('tr', { hasText: parkedTo });
    expect(await row.textContent()).toContain('550 5.1.1 mailbox unavailable');
    await row.getByRole('button', { name: /Kirim ulang/ }).click();
    await page.waitForURL(/flash=mailRetried/);
    expect(await page.locator('tr', { hasText: parkedTo }).count()).toBe(0);
    const [{ status }] = await t.dataSource.query(`SELECT status FROM outbox WHERE recipient_email = $1`, [parkedTo]);
    expect(status).toBe('pending');
  }, 90_000);
});
