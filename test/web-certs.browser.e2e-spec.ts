import { expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { act, approveThrough, createDraft, FIELD_VISIT } from './support/applications';
import { browserSuite, checkPage, loginInBrowser, useBrowserWorld } from './support/browser';
import { bearer, createAgency, createApplicant, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { readZip } from './support/zip';
// After the test app's imports: loaded first, the job's policies import would meet agencies half-loaded.
import { CertificateRevalidationJob } from '../src/certificates/certificate-revalidation.job';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

browserSuite('staff console in a real browser: certificates and the awaiting-approval list', () => {
  const world = useBrowserWorld();
  let agency: TestAgency;
  let owner: Actor;
  let certA: { id: string; number: string };
  let certB: { id: string; number: string };
  let awaitingRef: string;

  const publicStatus = async (id: string) => {
    const [{ verification_code: code }] = (await world.t.dataSource.query(`SELECT verification_code FROM certificates WHERE id = $1`, [id])) as { verification_code: string }[];
    return (await world.t.http().get(`/api/public/certificates/${code}`).expect(200)).body.status as string;
  };
  const staffPage = async (who: Actor): Promise<Page> => {
    const { page } = await world.newPage();
    await loginInBrowser(page, world.base, who.email, TEST_PASSWORD);
    return page;
  };

  it('sets up an agency with two certificates (one flagged review needed) and an application awaiting approval', async () => {
    const t = world.t;
    [agency, owner] = await Promise.all([createAgency(t), createApplicant(t)]);
    const people = { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver };
    const outlets = [];
    for (const brandName of ['Warta Timur', 'Kabar Pesisir', 'Suara Delta']) {
      outlets.push(await createCompleteOutlet(t, owner, { reporters: 1, overrides: { legalName: `PT ${brandName}`, brandName } }));
    }
    certA = (await approveThrough(t, people, (await createDraft(t, owner, outlets[0].id, agency.id)).id)).certificate;
    certB = (await approveThrough(t, people, (await createDraft(t, owner, outlets[1].id, agency.id)).id)).certificate;
    const draft = await createDraft(t, owner, outlets[2].id, agency.id);
    let v = (await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200)).body.version as number;
    v = (await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
    await act(t, agency.officer2, draft.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200);
    awaitingRef = draft.reference;
    await t.http().patch(`/api/outlets/${outlets[0].id}`).set(bearer(owner)).send({ website: 'https://warta-timur-baru.example' }).expect(200);
    await t.app.get(CertificateRevalidationJob).run();
  }, 60_000);

  it('the approver sees what awaits approval, then suspends and reinstates a certificate, each after a confirmation step', async () => {
    const page = await staffPage(agency.approver);
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Menunggu persetujuan' }).click();
    await page.waitForURL(/\/persetujuan$/);
    expect(await page.locator('main').innerText()).toContain(awaitingRef);
    await checkPage(page, 'certs', 'persetujuan');

    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Sertifikat' }).click();
    await page.getByRole('button', { name: 'Terapkan saringan' }).waitFor();
    await checkPage(page, 'certs', 'sertifikat-staf');
    await page.getByRole('link', { name: certB.number, exact: true }).click();
    await page.getByRole('heading', { name: `Sertifikat ${certB.number}` }).waitFor();
    await checkPage(page, 'certs', 'sertifikat-staf-detail');

    await page.getByRole('link', { name: 'Bekukan', exact: true }).click();
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').innerText()).toContain('Tulis alasan');
    await checkPage(page, 'certs', 'bekukan-galat');
    const reason = 'Pengaduan masyarakat sedang diperiksa Dewan Pers';
    await page.getByLabel('Alasan').fill(reason);
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    await page.getByRole('heading', { name: 'Konfirmasi pembekuan' }).waitFor();
    expect(await page.locator('main').innerText()).toContain(`Sertifikat ${certB.number} (Kabar Pesisir) akan dibekukan; pemeriksaan QR akan menunjukkan DIBEKUKAN`);
    await checkPage(page, 'certs', 'bekukan-konfirmasi');
    // Nothing has changed before the second step.
    expect(await publicStatus(certB.id)).toBe('active');
    await page.getByRole('button', { name: 'Ya, bekukan sertifikat' }).click();
    await page.waitForURL(/flash=suspended/);
    expect(await page.locator('.notice.success').innerText()).toContain('Sertifikat dibekukan.');
    expect(await publicStatus(certB.id)).toBe('suspended');

    await page.getByRole('link', { name: 'Pulihkan', exact: true }).click();
    await page.getByLabel('Alasan').fill('Pengaduan tidak terbukti menurut Dewan Pers');
    await page.getByRole('button', { name: 'Lanjutkan' }).click();
    expect(await page.locator('main').innerText()).toContain('akan dipulihkan; pemeriksaan QR akan kembali menunjukkan AKTIF');
    await page.getByRole('button', { name: 'Ya, pulihkan sertifikat' }).click();
    await page.waitForURL(/flash=reinstated/);
    expect(await publicStatus(certB.id)).toBe('active');
    const history = await page.locator('.timeline').innerText();
    expect(history).toContain('Dibekukan');
    expect(history).toContain('Dipulihkan');
    await page.context().close();
  }, 60_000);

  it('an officer keeps a certificate flagged review needed, with a reason', async () => {
    const page = await staffPage(agency.officer);
    await page.goto(`${world.base}/sertifikat?tinjauan=perlu`);
    await page.getByRole('link', { name: certA.number, exact: true }).click();
    await page.getByRole('heading', { name: 'Perlu ditinjau', exact: true }).waitFor();
    await checkPage(page, 'certs', 'sertifikat-tinjau');
    await page.getByLabel(/Pertahankan sertifikat/).check();
    await page.getByLabel('Alasan').fill('Situs pindah alamat; redaksi dan badan hukum tetap');
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await page.waitForURL(/flash=reviewKept/);
    expect(await page.locator('.notice.success').innerText()).toContain('Sertifikat dipertahankan.');
    expect(await page.locator('.timeline').innerText()).toContain('Dipertahankan setelah ditinjau');
    const [{ status }] = (await world.t.dataSource.query(`SELECT status FROM certificate_reviews WHERE certificate_id = $1`, [certA.id])) as { status: string }[];
    expect(status).toBe('kept');
    await page.context().close();
  }, 60_000);

  it('the auditor downloads the year\'s ZIP, seeing it prepared, and its manifest matches the PDFs in it', async () => {
    const page = await staffPage(agency.auditor);
    await page.goto(`${world.base}/sertifikat`);
    // What the status line says, in order, from the click to the download (Playwright's own
    // locators wait for the pending navigation, so the page records its changes itself).
    await page.evaluate(`(() => {
      const status = document.querySelector('[data-export-status]');
      window.exportTexts = [];
      new MutationObserver(() => window.exportTexts.push(status.textContent + (document.querySelector('form[data-export] button').disabled ? ' [disabled]' : '')))
        .observe(status, { childList: true, characterData: true, subtree: true });
    })()`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh arsip ZIP' }).click()]);
    await page.getByText('Unduhan arsip dimulai', { exact: false }).waitFor();
    expect(page.url()).toBe(`${world.base}/sertifikat`);
    const said = (await page.evaluate('window.exportTexts')) as string[];
    expect(said[0]).toMatch(/^Menyiapkan arsip… .* \[disabled\]$/);
    expect(said[said.length - 1]).toMatch(/^Unduhan arsip dimulai\./);
    expect(await page.getByRole('button', { name: 'Unduh arsip ZIP' }).isEnabled()).toBe(true);
    await checkPage(page, 'certs', 'sertifikat-ekspor');
    const zip = await readZip(readFileSync((await download.path())!));
    const lines = zip.get('manifest.csv')!.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('number,outlet,status,valid_from,valid_until,sha256,file');
    const certificates = lines.slice(1).map((l) => l.split(',')).filter((cells) => cells[cells.length - 1].startsWith('certificates/'));
    expect(certificates.map((cells) => cells[0]).sort()).toEqual([certA.number, certB.number].sort());
    for (const cells of certificates) {
      const pdf = zip.get(cells[cells.length - 1])!;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(sha256(pdf)).toBe(cells[cells.length - 2]);
    }
    await page.context().close();
  }, 60_000);
});
