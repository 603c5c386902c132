import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { browserSuite, checkPage, CHROMIUM, SCREENSHOTS } from './support/browser';
import { bearer, createAgency, createApplicant, type TestAgency } from './support/factories';
import { jpegBytes, pdfBytes, windowsExecutable } from './support/files';
import { createCompleteOutlet, nik, REQUIRED_DOCUMENTS } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The outlet's whole journey through the pages only, in the system Chromium (Debian's package;
 * browsers cannot be downloaded here). Without Chromium the suite is skipped and says so, unless
 * REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
 */
const OUT = SCREENSHOTS;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const suite = browserSuite;

suite('web portal in a real browser: the outlet journey', () => {
  let t: TestApp;
  let base: string;
  let agency: TestAgency;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];
  const visited: string[] = [];

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium: install the "chromium" package');
    mkdirSync(OUT, { recursive: true });
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    agency = await createAgency(t);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'id-ID' });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** axe-core at desktop width and at 360 px, and a screenshot of each: no serious or critical violation. */
  async function check(name: string, forReadme?: 'desktop' | 'phone'): Promise<void> {
    visited.push(name);
    // Small viewport-only pictures for the README (copied to docs/ by hand when the pages change).
    if (forReadme) {
      await page.setViewportSize(forReadme === 'phone' ? { width: 360, height: 720 } : { width: 1024, height: 680 });
      await page.screenshot({ path: join(OUT, `readme-${name}.png`) });
    }
    await checkPage(page, String(visited.length).padStart(2, '0'), name);
  }

  const submit = (label: string) => page.getByRole('button', { name: label, exact: true }).click();

  it('registers, builds an outlet, applies, answers a revision and downloads the certificate', async () => {
    const email = `browser-${Date.now()}@factory.test`;
    await page.goto(`${base}/`);
    await check('beranda');
    await page.getByRole('link', { name: 'Daftar sebagai media' }).first().click();
    await check('daftar');
    await page.getByLabel('Nama lengkap').fill('Rina Wulandari');
    await page.getByLabel('Alamat surel').fill(email);
    await page.getByLabel('Kata sandi', { exact: true }).fill('kata-sandi-rahasia');
    await page.getByLabel('Ulangi kata sandi').fill('kata-sandi-lain-12');
    await submit('Buat akun');
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('#f-passwordConfirm-error').innerText()).toContain('Kedua kata sandi tidak sama');
    expect(await page.getByLabel('Alamat surel').inputValue()).toBe(email);
    await check('daftar-galat');
    await page.getByLabel('Kata sandi', { exact: true }).fill('kata-sandi-rahasia');
    await page.getByLabel('Ulangi kata sandi').fill('kata-sandi-rahasia');
    await submit('Buat akun');
    await page.waitForURL(/\/dasbor/);
    const cookie = (await context.cookies()).find((c) => c.name === 'mm_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.locator('.notice.warning').innerText()).toContain('Konfirmasi alamat surel Anda');
    await check('dasbor-baru');
    // The mailed confirmation link (from the outbox row the mail is rendered from) opens a page.
    const link = new URL((await t.dataSource.query(`SELECT data->>'link' AS link FROM outbox WHERE recipient_email = $1 AND template = 'email_confirmation'`, [email]))[0].link);
    await page.goto(`${base}${link.pathname}${link.search}`);
    await check('konfirmasi-surel');
    await submit('Konfirmasi alamat surel');
    expect(await page.locator('h1').innerText()).toBe('Alamat surel terkonfirmasi');
    await page.getByRole('link', { name: 'Buka dasbor' }).click();
    expect(await page.locator('.notice.warning').count()).toBe(0);

    await page.getByRole('link', { name: 'Isi profil media' }).click();
    await check('profil-baru');
    await page.getByLabel('Nama badan hukum').fill('PT Suara Peramban Media');
    await page.getByLabel('Nama media').fill('Suara Peramban');
    await page.getByLabel('Bentuk badan hukum').selectOption('PT');
    await page.getByLabel('Jenis media').selectOption('online');
    await page.getByLabel('Nomor akta pendirian').fill('AHU-77 Tahun 2017');
    await page.getByLabel('Nomor SK Kemenkumham').fill('AHU-0077777.AH.01.01.TAHUN 2017');
    await page.getByLabel('NPWP').fill('01.234.567.8-901.234');
    await page.getByLabel('Status pajak').selectOption('pkp');
    await page.getByLabel('NIB').fill('9120301234567');
    await page.getByLabel('Tanggal berdiri').fill('2017-05-02');
    await page.getByLabel('Situs web').fill('https://suaraperamban.example');
    await page.getByLabel('Status verifikasi Dewan Pers').selectOption('factual');
    await page.getByLabel('Nomor sertifikat Dewan Pers').fill('456/DP-Verifikasi-K/IV/2024');
    await page.getByLabel('Tanggal verifikasi Dewan Pers').fill('2024-04-10');
    await page.getByLabel('Jalan dan nomor').fill('Jl. Basuki Rahmat No. 8');
    await page.getByLabel('Kota atau kabupaten').fill('Surabaya');
    await page.getByLabel('Provinsi').fill('Jawa Timur');
    await page.getByLabel('Organisasi').fill('AMSI, SMSI');
    await submit('Simpan profil media');
    await page.waitForURL(/\/media\/[0-9a-f-]{36}\?flash=outletCreated/);
    const outletId = /\/media\/([0-9a-f-]{36})/.exec(page.url())![1];
    await check('profil');

    await page.getByRole('link', { name: 'Susunan redaksi' }).click();
    for (const j of [
      { name: 'Bambang Sutrisno', position: 'chief_editor', level: 'utama', number: '10001-PWI/WU/DP/2015', issuer: 'PWI', date: '2015-06-01' },
      { name: 'Sari Lestari', position: 'reporter', level: 'muda', number: '20001-AJI/WM/DP/2020', issuer: 'AJI', date: '2020-02-01' },
    ]) {
      await page.getByRole('link', { name: 'Tambah wartawan' }).click();
      if (j.name === 'Bambang Sutrisno') await check('wartawan-baru');
      await page.getByLabel('Nama', { exact: true }).fill(j.name);
      await page.getByLabel('NIK').fill(nik());
      await page.getByLabel('Jabatan').selectOption(j.position);
      await page.getByLabel('Jenjang').selectOption(j.level);
      await page.getByLabel('Nomor sertifikat').fill(j.number);
      await page.getByLabel('Lembaga penguji').fill(j.issuer);
      await page.getByLabel('Tanggal terbit').fill(j.date);
      await submit('Tambahkan ke susunan redaksi');
      await page.waitForURL(/redaksi\?flash=journalistAdded/);
    }
    expect(await page.locator('tbody tr').count()).toBe(2);
    expect(await page.locator('tbody').innerText()).toMatch(/\d{16}/);
    await check('redaksi');

    await page.getByRole('link', { name: 'Dokumen', exact: true }).click();
    await page.getByLabel('Jenis dokumen').selectOption('deed');
    await page.getByLabel('Berkas').setInputFiles({ name: 'program.pdf', mimeType: 'application/pdf', buffer: windowsExecutable() });
    await submit('Unggah dokumen');
    await page.locator('#f-file-error').waitFor();
    expect(await page.locator('#f-file-error').innerText()).toContain('PDF, JPEG atau PNG');
    await check('dokumen-galat');
    await page.getByLabel('Instansi tujuan').selectOption(agency.code);
    await submit('Tampilkan dokumen yang kurang');
    await page.locator('ul.missing-documents').waitFor();
    expect(await page.locator('ul.missing-documents li').count()).toBe(REQUIRED_DOCUMENTS.length);
    await check('dokumen-kurang');
    for (const [i, type] of REQUIRED_DOCUMENTS.entries()) {
      await page.getByLabel('Jenis dokumen').selectOption(type);
      const file = type === 'office_photo'
        ? { name: 'kantor.jpg', mimeType: 'image/jpeg', buffer: jpegBytes() }
        : { name: `${type}.pdf`, mimeType: 'application/pdf', buffer: pdfBytes(type) };
      await page.getByLabel('Berkas').setInputFiles(file);
      await submit('Unggah dokumen');
      // The upload script sends the form with a progress bar, then loads the list afresh.
      await page.locator('tbody tr').nth(i).waitFor();
      await page.locator('.notice.success').waitFor();
    }
    expect(await page.locator('tbody tr').count()).toBe(REQUIRED_DOCUMENTS.length);
    expect(await page.locator('tbody').innerText()).toContain(sha256(jpegBytes()));
    // The uploads kept the chosen agency: nothing it asks for is missing any more.
    expect(await page.locator('main').innerText()).toContain('Semua dokumen yang diminta');
    expect(await page.locator('ul.missing-documents').count()).toBe(0);
    await check('dokumen', 'desktop');

    await page.getByRole('link', { name: 'Cek persyaratan' }).click();
    await page.getByLabel('Instansi tujuan').selectOption(agency.code);
    await submit('Periksa persyaratan');
    await page.locator('.checklist').waitFor();
    expect(await page.locator('.checklist > li.fail').count()).toBe(0);
    expect(await page.locator('.checklist').innerText()).toContain('UU 40/1999');
    await check('cek-persyaratan', 'phone');
    await submit('Buat permohonan ke instansi ini');
    await page.waitForURL(/\/permohonan\/[0-9a-f-]{36}/);
    const appId = /\/permohonan\/([0-9a-f-]{36})/.exec(page.url())![1];
    await check('permohonan-draf');
    await page.getByRole('link', { name: 'Periksa dan ajukan' }).click();
    await check('periksa-jawaban');
    await submit('Ajukan permohonan');
    await page.waitForURL(/flash=submitted/);
    expect(await page.locator('.notice.success').innerText()).toMatch(/Permohonan diajukan. Petugas akan memeriksa paling lambat \d+ \w+ \d{4}/);
    await check('permohonan-diajukan');

    // The officer asks for a revision through the API.
    const api = (await t.http().get(`/api/applications/${appId}`).set(bearer(agency.officer)).expect(200)).body;
    await t.http().post(`/api/applications/${appId}/actions`).set(bearer(agency.officer))
      .send({ action: 'request_revision', version: api.version, reason: 'Foto kantor kurang jelas; unggah foto papan nama kantor.' }).expect(200);
    await page.reload();
    expect(await page.locator('.notice.warning').innerText()).toContain('Foto kantor kurang jelas');
    await check('permohonan-revisi');
    await page.getByRole('link', { name: 'Dokumen', exact: true }).click();
    await page.getByLabel('Jenis dokumen').selectOption('office_photo');
    await page.getByLabel('Berkas').setInputFiles({ name: 'papan-nama.jpg', mimeType: 'image/jpeg', buffer: jpegBytes(80, 60) });
    await submit('Unggah dokumen');
    await page.locator('tbody tr').nth(REQUIRED_DOCUMENTS.length).waitFor();
    expect(await page.locator('tbody').innerText()).toContain(sha256(jpegBytes(80, 60)));
    await page.goto(`${base}/permohonan/${appId}`);
    await page.getByRole('link', { name: 'Periksa dan ajukan kembali' }).click();
    await submit('Ajukan kembali permohonan');
    await page.waitForURL(/flash=submitted/);
    expect(await page.locator('.tag.submitted').first().innerText()).toMatch(/diajukan/i);

    // The agency approves through the API.
    let v = (await t.http().get(`/api/applications/${appId}`).set(bearer(agency.officer)).expect(200)).body.version as number;
    v = (await t.http().post(`/api/applications/${appId}/actions`).set(bearer(agency.officer)).send({ action: 'pass_administrative', version: v }).expect(200)).body.version;
    v = (await t.http().post(`/api/applications/${appId}/actions`).set(bearer(agency.officer2))
      .send({ action: 'pass_field', version: v, fieldVisit: { visitedOn: '2026-01-15', officeConfirmed: true, notes: 'Kantor ada dan aktif.' } }).expect(200)).body.version;
    const approved = await t.http().post(`/api/applications/${appId}/actions`).set(bearer(agency.approver)).send({ action: 'approve', version: v }).expect(200);
    const certId = approved.body.certificate.id as string;

    await page.goto(`${base}/dasbor`);
    await check('dasbor-sertifikat');
    await page.goto(`${base}/permohonan/${appId}`);
    expect(await page.locator('.timeline > li').count()).toBe(6);
    await check('permohonan-disetujui', 'desktop');
    await page.getByRole('link', { name: 'Lihat sertifikat' }).click();
    await check('sertifikat');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh sertifikat (PDF)' }).click()]);
    const fromPage = readFileSync((await download.path())!);
    const owner = await t.http().post('/api/auth/login').send({ email, password: 'kata-sandi-rahasia' }).expect(200);
    const fromApi = await t.http().get(`/api/certificates/${certId}/pdf`).set(bearer(owner.body.accessToken)).buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
    expect(sha256(fromPage)).toBe(sha256(fromApi.body as Buffer));
    expect(fromPage.subarray(0, 5).toString()).toBe('%PDF-');
    const code = (await t.http().get(`/api/certificates/${certId}`).set(bearer(owner.body.accessToken)).expect(200)).body.verificationCode as string;
    await page.goto(`${base}/verify/${code}`);
    expect(await page.locator('h1').innerText()).toMatch(/SAH/);
    await check('verifikasi');
    await page.goto(`${base}/sertifikat`);
    await check('daftar-sertifikat');
    await page.getByRole('link', { name: /Unduh PDF/ }).waitFor();
    await page.goto(`${base}/sertifikat/${certId}`);
    await submit('Ajukan perpanjangan');
    await page.waitForURL(/\/permohonan\/[0-9a-f-]{36}\?flash=applicationCreated/);
    const renewalId = /\/permohonan\/([0-9a-f-]{36})/.exec(page.url())![1];
    const renewal = await t.http().get(`/api/applications/${renewalId}`).set(bearer(owner.body.accessToken)).expect(200);
    expect(renewal.body).toMatchObject({ status: 'draft', renewalOf: certId });

    // Another outlet's pages answer the 404 page.
    const stranger = await createApplicant(t);
    const other = await createCompleteOutlet(t, stranger);
    await page.goto(`${base}/media/${other.id}/redaksi`);
    expect(await page.locator('h1').innerText()).toBe('Halaman tidak ditemukan');
    await check('404');

    // The public pages and English.
    await page.goto(`${base}/instansi/${agency.code}`);
    expect(await page.locator('table').innerText()).toContain('Suara Peramban');
    await check('instansi');
    await submit('English');
    await page.waitForURL(/\/instansi\//);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.goto(`${base}/media/${outletId}/cek?instansi=${agency.code}`);
    expect(await page.locator('h2').first().innerText()).toBe('Check requirements');
    await check('check-en');
    await page.goto(`${base}/akun`);
    await check('akun-en');
    expect(cspViolations).toEqual([]);
    // The whole journey, some thirty pages each checked with axe and a screenshot: a guard against
    // hanging, not a timed assertion (it took 55-70 s on this machine at a third of its usual speed).
  }, 240_000);
});
