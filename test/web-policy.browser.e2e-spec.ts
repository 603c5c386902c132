import { expect, it } from '@jest/globals';
import { SHIPPED_PACKS } from '../src/requirements/packs/shipped-packs';
import { addDays, wibDate } from '../src/common/wib-calendar';
import { browserSuite, checkPage, loginInBrowser, useBrowserWorld } from './support/browser';
import { createAgency, createApplicant, TEST_PASSWORD } from './support/factories';
import { createCompleteOutlet } from './support/outlets';

/**
 * The admin's requirement policy and the registration rounds, in Chromium: switching the agency to
 * the Kaltim pack changes an outlet's pre-check; a broken pasted pack is refused by field path;
 * two versions are compared; a round is created and its provisional result published.
 */
browserSuite('staff console in a real browser: requirement policy and rounds', () => {
  const world = useBrowserWorld();
  const P = 'policy';

  it('switches the pack, refuses a broken one, compares versions, creates a round and announces it', async () => {
    const { t, base } = world;
    const agency = await createAgency(t);
    const owner = await createApplicant(t);
    const outlet = await createCompleteOutlet(t, owner);
    const check = `${base}/media/${outlet.id}/cek?instansi=${agency.code}`;

    // The outlet's pre-check on the default pack: no outlet-age requirement.
    const outletSide = await world.newPage();
    await loginInBrowser(outletSide.page, base, owner.email, TEST_PASSWORD);
    await outletSide.page.goto(check);
    // The engine's own title for the outlet-age rule, as the pre-check shows it.
    const ageRule = outletSide.page.getByRole('heading', { level: 3, name: /Lama berdiri/ });
    await expect(ageRule.count()).resolves.toBe(0);

    // The admin switches the agency to the Kaltim pack.
    const { page } = await world.newPage();
    await loginInBrowser(page, base, agency.admin.email, TEST_PASSWORD);
    await page.goto(`${base}/admin/kebijakan`);
    await expect(page.getByText(SHIPPED_PACKS.default.name).first().isVisible()).resolves.toBe(true);
    await checkPage(page, P, 'policy');
    await page.getByLabel('Paket bawaan').selectOption('kaltim');
    await page.getByLabel('Catatan').first().fill('Pergub Kaltim 49/2024 berlaku');
    await page.getByRole('button', { name: 'Terapkan paket ini' }).click();
    await page.waitForURL(/flash=published/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Versi kebijakan baru diterbitkan');

    // The outlet's pre-check now carries the Pergub's requirements.
    await outletSide.page.goto(check);
    await expect(ageRule.count()).resolves.toBe(1);
    await expect(outletSide.page.getByText('Pergub Kaltim 49/2024 Pasal 8 ayat (1) huruf f').isVisible()).resolves.toBe(true);

    // A pasted pack with a wrong parameter: the error names its path, beside the box and in the summary.
    const broken = JSON.parse(JSON.stringify(SHIPPED_PACKS.kaltim)) as { rules: { params: Record<string, unknown> }[] };
    broken.rules[2].params.minYears = 'dua';
    await page.getByLabel('Paket persyaratan (JSON)').fill(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Terbitkan paket ini' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('rules[2].params.minYears: must be an integer from 1 to 100');
    await expect(page.locator('#f-packJson-error').textContent()).resolves.toContain('rules[2].params.minYears');
    await checkPage(page, P, 'policy-invalid');

    // Version 1 against version 2, in words.
    await page.goto(`${base}/admin/kebijakan`);
    await page.getByLabel('Dari versi').selectOption('1');
    await page.getByLabel('Ke versi').selectOption('2');
    await page.getByRole('button', { name: 'Tampilkan perbedaan' }).click();
    await page.waitForURL(/dari=1&ke=2/);
    const diff = page.locator('section.diff');
    await expect(diff.getByRole('heading', { name: 'Perbedaan versi 1 ke versi 2' }).isVisible()).resolves.toBe(true);
    await expect(diff.textContent()).resolves.toMatch(/Syarat yang ditambahkan[\s\S]*Usia perusahaan[\s\S]*Syarat yang dihapus/);
    await expect(diff.textContent()).resolves.toMatch(/params\.minStatus\s*:\s*factual\s*→\s*administrative/);
    await checkPage(page, P, 'policy-diff');

    // The admin creates a round whose provisional result is due today (WIB).
    const today = wibDate(t.clock.now());
    await page.goto(`${base}/periode`);
    await checkPage(page, P, 'rounds');
    await page.getByRole('link', { name: 'Buat periode baru' }).click();
    await page.waitForURL(/\/periode\/baru$/);
    await checkPage(page, P, 'round-new');
    await page.getByLabel('Nama periode', { exact: true }).fill('Periode Pendaftaran Uji');
    await page.getByLabel('Tahun anggaran', { exact: true }).fill(today.slice(0, 4));
    await page.getByLabel('Pendaftaran dibuka', { exact: true }).fill(addDays(today, -10));
    await page.getByLabel('Pendaftaran ditutup', { exact: true }).fill(addDays(today, -6));
    await page.getByLabel('Verifikasi sampai', { exact: true }).fill(addDays(today, -1));
    await page.getByLabel('Pengumuman sementara', { exact: true }).fill(today);
    await page.getByLabel('Pengumuman akhir', { exact: true }).fill(addDays(today, 7));
    await page.getByRole('button', { name: 'Buat periode' }).click();
    await page.waitForURL(/flash=created/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Periode Pendaftaran Uji');
    const roundUrl = page.url().replace(/\?.*$/, '');
    await checkPage(page, P, 'round-admin');

    // The approver publishes the provisional result after a confirmation step.
    const approverSide = await world.newPage();
    const approver = approverSide.page;
    await loginInBrowser(approver, base, agency.approver.email, TEST_PASSWORD);
    await approver.goto(roundUrl);
    await approver.getByRole('link', { name: 'Terbitkan pengumuman sementara' }).click();
    await approver.waitForURL(/umumkan\/sementara$/);
    await checkPage(approver, P, 'round-announce');
    await approver.getByRole('button', { name: 'Ya, terbitkan pengumuman sementara' }).click();
    await approver.waitForURL(/flash=provisionalPublished/);
    const sha = (await approver.locator('[data-sha256]').textContent())!.trim();
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    await expect(approver.getByRole('link', { name: 'Halaman publik instansi' }).getAttribute('href')).resolves.toBe(`/instansi/${agency.code}`);
    await expect(approver.getByRole('link', { name: 'Terbitkan pengumuman sementara' }).count()).resolves.toBe(0);
    await checkPage(approver, P, 'round-approver');
    await outletSide.context.close();
    await approverSide.context.close();
  });
});
