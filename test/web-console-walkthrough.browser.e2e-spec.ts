import { beforeAll, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addDays, wibDate } from '../src/common/wib-calendar';
import { act, createDraft } from './support/applications';
import { browserSuite, checkPage, SCREENSHOTS, loginInBrowser, useBrowserWorld } from './support/browser';
import { createAgency, createApplicant, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { jpegBytes } from './support/files';
import { createCompleteOutlet } from './support/outlets';
import { STAFF_NAV } from '../src/web/staff-nav';

/**
 * One registration window walked through the staff console by people who are not programmers:
 * each role follows its whole menu from the landing, the officer passes (administrative check and
 * field visit) / returns / rejects, the outlet reads the reason, the approver approves and
 * suspends, the auditor opens the trail, the admin changes a deadline.
 */

/**
 * checkPage; with PEEK=1 also the page's text and viewport-sized slices (top and further down) at
 * both widths in test-output/peek-*, readable by eye where the full-page shots are too tall.
 */
async function look(page: Page, name: string): Promise<void> {
  await checkPage(page, 'walk', name);
  if (process.env.PEEK !== '1') return;
  writeFileSync(join(SCREENSHOTS, `peek-${name}.txt`), await page.locator('body').innerText());
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
    for (let y = 0, i = 0; y < Math.min(height, 2700); y += 900, i++) {
      await page.screenshot({ path: join(SCREENSHOTS, `peek-${name}-${width}-${i}.png`), clip: { x: 0, y, width, height: Math.min(900, height - y) }, fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const text = async (page: Page, selector = 'main') => (await page.locator(selector).innerText()).replace(/\s+/g, ' ');

browserSuite('staff console walkthrough: one registration window', () => {
  const world = useBrowserWorld();
  let agency: TestAgency;
  let owner: Actor;
  const apps: { id: string; reference: string; version: number }[] = [];

  /** Logs `who` in, checks the landing and opens every menu link: each answers 200 with one h1. */
  async function staffDesk(who: Actor, role: keyof typeof STAFF_NAV): Promise<Page> {
    const { page } = await world.newPage();
    await loginInBrowser(page, world.base, who.email, TEST_PASSWORD);
    expect(await page.locator('h1').count()).toBe(1);
    const menu = page.getByRole('navigation', { name: 'Menu utama' });
    for (const item of STAFF_NAV[role]) {
      expect(await menu.locator(`a[href="${item.href}"]`).count()).toBe(1);
      const res = await page.goto(`${world.base}${item.href}`);
      expect({ href: item.href, status: res?.status() }).toEqual({ href: item.href, status: 200 });
      expect({ href: item.href, h1: await page.locator('h1').count() }).toEqual({ href: item.href, h1: 1 });
      expect(await menu.locator(`a[href="${item.href}"][aria-current="page"]`).count()).toBe(1);
    }
    await page.goto(`${world.base}/dasbor`);
    return page;
  }

  beforeAll(async () => {
    const t = world.t;
    [agency, owner] = await Promise.all([createAgency(t), createApplicant(t)]);
    for (const [i, brandName] of ['Warta Lulus', 'Kabar Perbaikan', 'Suara Ditolak'].entries()) {
      const outlet = await createCompleteOutlet(t, owner, { reporters: 1, overrides: { legalName: `PT ${brandName}`, brandName, businessId: `91203045677${i}0`, taxId: `0123456789977${i}0` } });
      const draft = await createDraft(t, owner, outlet.id, agency.id);
      const res = await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);
      apps.push({ id: draft.id, reference: draft.reference, version: res.body.version as number });
    }
  }, 60_000);

  it('the officer: landing, menu, pass from the queue, a revision with a standard reason, a rejection', async () => {
    const page = await staffDesk(agency.officer, 'officer');
    expect(await text(page, '.todo-list')).toContain('3 permohonan menunggu pemeriksaan administrasi');
    await look(page, 'officer-dasbor');
    await page.getByRole('link', { name: 'Antrean', exact: true }).first().click();
    await page.waitForURL(/\/antrean/);
    await look(page, 'officer-antrean');

    await page.getByRole('link', { name: apps[0].reference }).click();
    await page.getByRole('button', { name: 'Luluskan pemeriksaan administrasi' }).click();
    await page.waitForURL(/flash=acted-pass_administrative/);
    expect(await text(page, '.notice.success')).toMatch(/Kunjungan lapangan paling lambat \d{1,2} \w+ \d{4}\./);
    await look(page, 'officer-lulus');
    await page.getByRole('link', { name: 'Catat kunjungan lapangan dan luluskan' }).click();
    await page.getByLabel('Tanggal kunjungan').fill(addDays(wibDate(world.t.clock.now()), -1));
    await page.getByLabel('Ya, kantor ditemukan dan aktif').check();
    await page.getByLabel('Catatan kunjungan').fill('Papan nama terpasang, ruang redaksi aktif.');
    await page.getByLabel(/Foto kunjungan/).setInputFiles({ name: 'papan-nama.jpg', mimeType: 'image/jpeg', buffer: jpegBytes(80, 60) });
    await look(page, 'officer-kunjungan');
    await page.getByRole('button', { name: 'Simpan kunjungan dan luluskan verifikasi lapangan' }).click();
    await page.waitForURL(/flash=fieldVisitPassed/);

    await page.goto(`${world.base}/permohonan/${apps[1].id}`);
    await page.getByLabel('Minta perbaikan (media dapat mengajukan kembali)').check();
    await page.getByLabel('Alasan', { exact: true }).selectOption('document_unreadable');
    await page.getByLabel('Penjelasan untuk media').fill('Akta halaman 2 buram');
    await page.getByRole('button', { name: 'Kirim keputusan' }).click();
    await page.waitForURL(/flash=acted-request_revision/);
    expect(await text(page, '.notice.success')).toContain('Setelah media mengajukan kembali, permohonan muncul lagi di antrean.');
    await look(page, 'officer-perbaikan');

    await page.goto(`${world.base}/permohonan/${apps[2].id}`);
    await page.getByLabel('Tolak (permohonan selesai)').check();
    await page.getByLabel('Alasan', { exact: true }).selectOption('not_press_council_verified');
    await page.getByRole('button', { name: 'Kirim keputusan' }).click();
    await page.waitForURL(/flash=acted-reject/);
    await look(page, 'officer-tolak');
    await page.context().close();
  }, 60_000);

  it('the outlet sees the officer\'s reason on its application page', async () => {
    const { page } = await world.newPage();
    await loginInBrowser(page, world.base, owner.email, TEST_PASSWORD);
    await page.goto(`${world.base}/permohonan/${apps[1].id}`);
    const main = await text(page);
    expect(main).toContain('Dokumen tidak dapat dibaca atau tidak lengkap halamannya. Akta halaman 2 buram.');
    await look(page, 'outlet-perbaikan');
    await page.context().close();
  }, 60_000);

  it('the approver approves after the field visit, finds the certificate and suspends it with confirmation', async () => {
    const t = world.t;
    const page = await staffDesk(agency.approver, 'approver');
    expect(await text(page, '.todo-list')).toContain('1 permohonan menunggu persetujuan');
    await look(page, 'approver-dasbor');
    await page.locator('.todo-list').getByRole('link').first().click();
    await page.waitForURL(/\/persetujuan$/);
    await look(page, 'approver-persetujuan');
    expect(await text(page, '.breadcrumbs')).toBe('Dasbor');
    await page.getByRole('link', { name: 'Warta Lulus' }).click();
    // Back leads to the list the approver came from.
    expect(await text(page, '.breadcrumbs')).toBe('Menunggu persetujuan');
    await page.getByRole('button', { name: 'Setujui dan terbitkan sertifikat' }).click();
    await page.waitForURL(/flash=acted-approve/);
    expect(await text(page, 'main')).toMatch(/Sertifikat .* sudah terbit/);
    await look(page, 'approver-disetujui');
    const [{ number }] = (await t.dataSource.query(`SELECT number FROM certificates WHERE application_id = $1`, [apps[0].id])) as { number: string }[];

    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Sertifikat' }).click();
    await page.getByRole('link', { name: number, exact: true }).click();
    await page.getByRole('link', { name: 'Bekukan', exact: true }).click();
    await page.getByLabel('Alasan').fill('Pengaduan masyarakat sedang diperiksa Dewan Pers');
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByRole('heading', { name: 'Konfirmasi pembekuan' }).waitFor();
    await look(page, 'approver-bekukan-konfirmasi');
    await page.getByRole('button', { name: 'Ya, bekukan sertifikat' }).click();
    await page.waitForURL(/flash=suspended/);
    await look(page, 'approver-dibekukan');
    await page.context().close();
  }, 60_000);

  it('the auditor follows the menu; the landing says where to start', async () => {
    const page = await staffDesk(agency.auditor, 'auditor');
    await look(page, 'auditor-dasbor');
    await page.goto(`${world.base}/audit`);
    await look(page, 'auditor-audit');
    // The trail says the suspension in words, with the approver's reason as entered; no status codes.
    const trail = await text(page, 'table.audit-table');
    expect(trail).toContain('Status: Aktif menjadi Dibekukan.');
    expect(trail).toContain('Alasan: “Pengaduan masyarakat sedang diperiksa Dewan Pers”');
    expect(trail).not.toMatch(/->|awaiting_approval|reason:/);
    expect(await text(page, '.breadcrumbs')).toBe('Dasbor');
    await page.goto(`${world.base}/statistik`);
    await look(page, 'auditor-statistik');
    await page.goto(`${world.base}/sertifikat`);
    await look(page, 'auditor-sertifikat');
    await page.context().close();
  }, 60_000);

  it('the admin follows the menu and changes a deadline', async () => {
    const page = await staffDesk(agency.admin, 'admin');
    await look(page, 'admin-dasbor');
    await page.locator('ul.links').getByRole('link', { name: /^Periode pendaftaran/ }).waitFor();
    await page.goto(`${world.base}/admin/pengaturan`);
    await page.getByLabel('Pemeriksaan administrasi').fill('7');
    await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await page.waitForURL(/flash=settingsSaved/);
    expect(await page.getByLabel('Pemeriksaan administrasi').inputValue()).toBe('7');
    await look(page, 'admin-pengaturan');
    await page.goto(`${world.base}/periode`);
    await look(page, 'admin-periode');
    await page.context().close();
  }, 60_000);

  it('the English switch turns two staff pages into English', async () => {
    const { page } = await world.newPage();
    await loginInBrowser(page, world.base, agency.officer.email, TEST_PASSWORD);
    await page.goto(`${world.base}/antrean`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(/\/antrean/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await look(page, 'en-antrean');
    await page.goto(`${world.base}/permohonan/${apps[0].id}`);
    await look(page, 'en-permohonan');
    const h1s = [await text(page, 'h1')];
    await page.goto(`${world.base}/antrean`);
    h1s.push(await text(page, 'h1'));
    expect(h1s.join(' | ')).not.toMatch(/Permohonan|Antrean/);
    await page.context().close();
  }, 60_000);
});
