import { beforeAll, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { PasswordHasher } from '../src/auth/password-hasher';
import { UsersService } from '../src/users/users.service';
import { act, createDraft, FIELD_VISIT } from './support/applications';
import { browserSuite, checkPage, loginInBrowser, useBrowserWorld } from './support/browser';
import { createAgency, createApplicant, login, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';

/**
 * The officer's console in Chromium: passing the administrative check from the queue, refusals
 * said in words (an officer approving, an approver who reviewed approving), two officers on the
 * same application, and axe on the queue, the staff application page and the staff landing.
 */
/** What a reader sees in an element, whitespace folded. */
const textOf = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ');

browserSuite('officer console in a real browser', () => {
  const world = useBrowserWorld();
  let agency: TestAgency;
  let owner: Actor;
  let seq = 0;

  async function submitted(brandName: string) {
    const t = world.t;
    seq++;
    const n = String(seq).padStart(4, '0');
    const outlet = await createCompleteOutlet(t, owner, { overrides: { brandName, businessId: `912030456${n}`, taxId: `01234567899${n}` } });
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const res = await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);
    return { id: draft.id, reference: draft.reference, version: res.body.version as number };
  }

  /** Submits a form the page does not offer (a stale tab, a crafted request), as the browser would. */
  async function forcePost(page: Page, url: string, fields: Record<string, string>) {
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const version = (await page.locator('#app-version').textContent())!.trim();
    const all = { _csrf: csrf, version, ...fields };
    await Promise.all([
      page.waitForNavigation(),
      page.evaluate(`(() => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = ${JSON.stringify(url)};
        for (const [k, v] of Object.entries(${JSON.stringify(all)})) {
          const i = document.createElement('input');
          i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i);
        }
        document.body.appendChild(f);
        f.submit();
      })()`),
    ]);
  }

  beforeAll(async () => {
    agency = await createAgency(world.t);
    owner = await createApplicant(world.t);
  }, 60_000);

  it('an officer passes the administrative check from the queue; the queue, the staff page and the landing pass axe', async () => {
    const app = await submitted('Kabar Browser');
    const { context, page } = await world.newPage();
    await loginInBrowser(page, world.base, agency.officer.email, TEST_PASSWORD);
    await page.getByText(/permohonan menunggu pemeriksaan administrasi/).waitFor();
    await checkPage(page, 'officer', 'dasbor');
    await page.getByRole('link', { name: 'Antrean', exact: true }).first().click();
    await page.waitForURL(/\/antrean/);
    await page.getByRole('heading', { name: 'Antrean permohonan' }).waitFor();
    await checkPage(page, 'officer', 'antrean');
    await page.getByRole('link', { name: app.reference }).click();
    await page.waitForURL(new RegExp(`/permohonan/${app.id}`));
    await page.getByRole('heading', { name: 'Data yang dinilai' }).waitFor();
    await checkPage(page, 'officer', 'permohonan');
    await page.getByRole('button', { name: 'Luluskan pemeriksaan administrasi' }).click();
    await page.waitForURL(/flash=acted-pass_administrative/);
    await page.getByText(/Pemeriksaan administrasi diluluskan\. Kunjungan lapangan paling lambat \d+ \w+ \d{4}\./).waitFor();
    expect(await textOf(page.locator('dl.summary').first())).toContain('Verifikasi lapangan');
    await context.close();
  }, 90_000);

  it('an officer trying to approve, and an approver who reviewed trying to approve, are both told why not', async () => {
    const t = world.t;
    const app = await submitted('Pemisahan Tugas Browser');
    const email = `reviewer-browser-${Date.now()}@factory.test`;
    const reviewer = await t.app.get(UsersService).insert(t.dataSource.manager, {
      email,
      name: 'Rina Peninjau',
      role: 'officer',
      agencyId: agency.id,
      passwordHash: await t.app.get(PasswordHasher).hash(TEST_PASSWORD),
      locale: 'id',
      emailConfirmed: true,
    });
    const token = await login(t, email);
    let v = (await act(t, { id: reviewer.id, email, role: 'officer', token }, app.id, { action: 'pass_administrative', version: app.version }).expect(200)).body.version as number;
    v = (await act(t, agency.officer2, app.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;

    const officer = await world.newPage();
    await loginInBrowser(officer.page, world.base, agency.officer.email, TEST_PASSWORD);
    await officer.page.goto(`${world.base}/permohonan/${app.id}`);
    expect(await textOf(officer.page.locator('#why-not'))).toContain('Persetujuan diberikan oleh pejabat penyetuju');
    await forcePost(officer.page, `/permohonan/${app.id}/tindakan`, { action: 'approve' });
    expect(await textOf(officer.page.locator('.error-summary'))).toContain('Tindakan itu bukan wewenang peran Anda pada tahap ini.');
    await officer.context.close();

    // The reviewer becomes an approver: the one who checked the application may not decide it.
    await t.dataSource.query(`UPDATE users SET role = 'approver' WHERE id = $1`, [reviewer.id]);
    const approver = await world.newPage();
    await loginInBrowser(approver.page, world.base, email, TEST_PASSWORD);
    await approver.page.goto(`${world.base}/permohonan/${app.id}`);
    expect(await textOf(approver.page.locator('#why-not'))).toContain('Anda sudah memeriksa permohonan ini, jadi tidak boleh juga menyetujuinya');
    expect(await approver.page.getByRole('button', { name: 'Setujui dan terbitkan sertifikat' }).count()).toBe(0);
    await forcePost(approver.page, `/permohonan/${app.id}/tindakan`, { action: 'approve' });
    expect(await textOf(approver.page.locator('.error-summary'))).toContain('Pemisahan tugas: Anda sudah memeriksa permohonan ini');
    await approver.context.close();
    const [row] = (await t.dataSource.query(`SELECT status, version FROM applications WHERE id = $1`, [app.id])) as { status: string; version: number }[];
    expect(row).toEqual({ status: 'awaiting_approval', version: v });
  }, 90_000);

  it('two officers act on the same application: the second sees that the first acted, and nothing is overwritten', async () => {
    const app = await submitted('Dua Meja');
    const first = await world.newPage();
    const second = await world.newPage();
    await loginInBrowser(first.page, world.base, agency.officer.email, TEST_PASSWORD);
    await loginInBrowser(second.page, world.base, agency.officer2.email, TEST_PASSWORD);
    await first.page.goto(`${world.base}/permohonan/${app.id}`);
    await second.page.goto(`${world.base}/permohonan/${app.id}`);

    await first.page.getByRole('button', { name: 'Luluskan pemeriksaan administrasi' }).click();
    await first.page.waitForURL(/flash=acted-pass_administrative/);

    // The second officer, on the page loaded before, asks for a revision.
    await second.page.getByLabel('Minta perbaikan (media dapat mengajukan kembali)').check();
    await second.page.getByLabel('Alasan', { exact: true }).selectOption('document_unreadable');
    await second.page.getByLabel('Penjelasan untuk media').fill('Akta halaman 2 buram');
    await second.page.getByRole('button', { name: 'Kirim keputusan' }).click();
    await second.page.waitForLoadState();
    const stale = second.page.locator('#stale');
    expect(await textOf(stale)).toContain('Orang lain bertindak lebih dulu');
    expect(await textOf(stale)).toContain('(verifikator) sudah mencatat "Lulus pemeriksaan administrasi"');
    expect(await textOf(stale)).toContain('Tindakan Anda tidak disimpan dan tidak ada yang ditimpa');
    expect(await textOf(second.page.locator('dl.summary').first())).toContain('Verifikasi lapangan');
    // What they typed is still there to use on the current stage.
    expect(await second.page.getByLabel('Penjelasan untuk media').inputValue()).toBe('Akta halaman 2 buram');
    await checkPage(second.page, 'officer', 'permohonan-stale');
    const decisions = (await world.t.dataSource.query(`SELECT action FROM application_decisions WHERE application_id = $1 ORDER BY id`, [app.id])) as { action: string }[];
    expect(decisions.map((d) => d.action)).toEqual(['submit', 'pass_administrative']);
    await first.context.close();
    await second.context.close();
  }, 90_000);
});
