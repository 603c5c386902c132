import { expect, it } from '@jest/globals';
import { wibDate, addDays } from '../src/common/wib-calendar';
import { act, createDraft } from './support/applications';
import { appealedApplication } from './support/appeals';
import { browserSuite, checkPage, loginInBrowser, useBrowserWorld } from './support/browser';
import { bearer, createAgency, createApplicant, TEST_PASSWORD } from './support/factories';
import { jpegBytes } from './support/files';
import { createCompleteOutlet } from './support/outlets';

/**
 * The officer's evidence in Chromium: the administrative check on the staff page, the field visit
 * with a photo (a thumbnail on the staff page after), a different approver's approval on the staff
 * page, and the certificate on the outlet's /sertifikat page; then the attestation form and an
 * appeal decided by an approver who took no part in the rejection. axe-core on each page.
 */
browserSuite('officer evidence pages in a real browser', () => {
  const w = useBrowserWorld();

  it('takes an application through the field visit with a photo; another approver approves; the outlet sees its certificate', async () => {
    const { t, base } = w;
    const agency = await createAgency(t);
    const owner = await createApplicant(t);
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0, overrides: { brandName: 'Kabar Lapangan' } });
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);

    // The administrative check on the staff application page, then its link to the visit form.
    const { context, page } = await w.newPage();
    await loginInBrowser(page, base, agency.officer.email, TEST_PASSWORD);
    await page.goto(`${base}/permohonan/${draft.id}`);
    await page.getByRole('button', { name: 'Luluskan pemeriksaan administrasi' }).click();
    await page.waitForURL(/flash=acted-pass_administrative/);
    await page.getByRole('link', { name: 'Catat kunjungan lapangan dan luluskan' }).click();
    await page.waitForURL(new RegExp(`/permohonan/${draft.id}/kunjungan`));
    await checkPage(page, 'field', 'kunjungan');
    // Sent empty first: the summary and each field say what is missing.
    await page.getByRole('button', { name: 'Simpan kunjungan dan luluskan verifikasi lapangan' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').innerText()).toContain('Pilih apakah kantor ditemukan');
    await checkPage(page, 'field', 'kunjungan-galat');

    const yesterday = addDays(wibDate(t.clock.now()), -1);
    await page.getByLabel('Tanggal kunjungan').fill(yesterday);
    await page.getByLabel('Ya, kantor ditemukan dan aktif').check();
    await page.getByLabel('Catatan kunjungan').fill('Papan nama terpasang, ruang redaksi aktif, 4 orang bekerja.');
    await page.getByLabel(/Foto kunjungan/).setInputFiles({ name: 'papan-nama.jpg', mimeType: 'image/jpeg', buffer: jpegBytes(80, 60) });
    await page.getByRole('button', { name: 'Simpan kunjungan dan luluskan verifikasi lapangan' }).click();
    await page.waitForURL(new RegExp(`/permohonan/${draft.id}\\?flash=fieldVisitPassed`));
    expect(await page.locator('[role=status]').innerText()).toContain('Kunjungan lapangan disimpan');

    // The staff page shows the photo as a thumbnail linking to the image.
    const thumb = page.locator('.visit-photos img');
    await thumb.waitFor();
    await thumb.scrollIntoViewIfNeeded();
    const loaded = (img: unknown) => {
      const i = img as { complete: boolean; naturalWidth: number; decode(): Promise<void> };
      return i.decode().then(() => i.naturalWidth);
    };
    expect(await thumb.evaluate(loaded)).toBe(80);
    await checkPage(page, 'field', 'permohonan-foto');
    const detail = (await t.http().get(`/api/applications/${draft.id}`).set(bearer(agency.auditor)).expect(200)).body;
    expect(detail.status).toBe('awaiting_approval');
    expect(detail.fieldVisitPhotos).toEqual([expect.objectContaining({ fileName: 'papan-nama.jpg', attached: true })]);
    expect(detail.fieldVisit).toMatchObject({ visitedOn: yesterday, officeConfirmed: true });

    // An attestation while awaiting approval: the form passes axe too.
    await page.goto(`${base}/permohonan/${draft.id}/atestasi`);
    await checkPage(page, 'field', 'atestasi');
    await context.close();

    // A different person approves on the staff page (not the officer who reviewed).
    const approver = await w.newPage();
    await loginInBrowser(approver.page, base, agency.approver.email, TEST_PASSWORD);
    await approver.page.goto(`${base}/permohonan/${draft.id}`);
    await approver.page.getByRole('button', { name: 'Setujui dan terbitkan sertifikat' }).click();
    await approver.page.waitForURL(/flash=acted-approve/);
    await approver.context.close();
    const number = ((await t.http().get(`/api/applications/${draft.id}`).set(bearer(agency.auditor)).expect(200)).body.certificate as { number: string }).number;

    const outletSide = await w.newPage();
    await loginInBrowser(outletSide.page, base, owner.email, TEST_PASSWORD);
    await outletSide.page.goto(`${base}/sertifikat`);
    expect(await outletSide.page.locator('main').innerText()).toContain(number);
    await outletSide.context.close();
  });

  it('lets an approver who took no part decide an appeal that every officer worked on', async () => {
    const { t, base } = w;
    const agency = await createAgency(t);
    const appellant = await createApplicant(t);
    const appeal = await appealedApplication(t, agency, appellant, { passAdministrativeBy: agency.officer, rejecter: agency.officer2 });

    // The officer who rejected is told, in words, why the decision is not theirs.
    const officer = await w.newPage();
    await loginInBrowser(officer.page, base, agency.officer2.email, TEST_PASSWORD);
    await officer.page.goto(`${base}/sanggahan/${appeal.appealId}`);
    expect(await officer.page.locator('[role=alert]').innerText()).toContain('ikut mengambil keputusan yang disanggah');
    await checkPage(officer.page, 'field', 'sanggahan-ditolak');
    await officer.context.close();

    const { context, page } = await w.newPage();
    await loginInBrowser(page, base, agency.approver.email, TEST_PASSWORD);
    await page.goto(`${base}/sanggahan/${appeal.appealId}`);
    await checkPage(page, 'field', 'sanggahan');
    await page.getByLabel('Terima sanggahan: permohonan kembali ke tahap persetujuan').check();
    await page.getByLabel('Alasan keputusan').fill('Akta perubahan sudah disahkan AHU sebelum pendaftaran ditutup.');
    await page.getByRole('button', { name: 'Simpan keputusan sanggahan' }).click();
    await page.waitForURL(new RegExp(`/permohonan/${appeal.applicationId}\\?flash=appealUpheld`));
    expect(await page.locator('[role=status]').innerText()).toContain('Sanggahan diterima');
    await context.close();
  });
});
