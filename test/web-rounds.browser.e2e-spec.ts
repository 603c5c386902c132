import { beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { act, createDraft } from './support/applications';
import { browserSuite, checkPage, loginInBrowser, useBrowserWorld } from './support/browser';
import { bearer, createAgency, createApplicant, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { ROUND_2027 as ROUND } from './support/rounds';


/**
 * The outlet's side of a round in Chromium, each page checked with axe at 1280 and 360 px: asking
 * to be told, the dates on the check page, a late draft's page, the public result list, and an
 * appeal filed through its form.
 */
browserSuite('web in a browser: registration rounds for outlets', () => {
  const w = useBrowserWorld();
  let agency: TestAgency;
  let roundId: string;
  let rejected: Actor;
  let late: Actor;
  const ids = { rejected: '', lateOutlet: '', late: '' };

  beforeAll(async () => {
    const t = w.t;
    t.clock.set('2027-01-05T10:00:00+07:00');
    agency = await createAgency(t);
    await t.http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'rounds' }).expect(200);
    roundId = (await t.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.admin)).send(ROUND).expect(201)).body.id;
    rejected = await createApplicant(t);
    late = await createApplicant(t);
    const outletR = await createCompleteOutlet(t, rejected, { reporters: 0, overrides: { brandName: 'Warta Sanggah' } });
    const outletL = await createCompleteOutlet(t, late, { reporters: 0, overrides: { brandName: 'Lensa Telat' } });
    ids.lateOutlet = outletL.id;
    ids.rejected = (await createDraft(t, rejected, outletR.id, agency.id)).id;
    ids.late = (await createDraft(t, late, outletL.id, agency.id)).id;
  }, 60_000);

  async function as(actor: Actor): Promise<Page> {
    const { page } = await w.newPage();
    await loginInBrowser(page, w.base, actor.email, TEST_PASSWORD);
    return page;
  }

  it('an outlet asks to be told on the agency page and sees the dates on its check page', async () => {
    const page = await as(late);
    await page.goto(`${w.base}/instansi/${agency.code}`);
    await page.getByRole('button', { name: 'Beri tahu saya saat periode dibuka' }).click();
    await page.getByRole('button', { name: 'Berhenti memberi tahu saya' }).waitFor();
    await checkPage(page, 'rounds', 'agency-subscribed');
    await page.goto(`${w.base}/media/${ids.lateOutlet}/cek?instansi=${agency.code}`);
    await page.getByText('Pendaftaran Periode 2027 dibuka 7 Januari 2027 s.d. 11 Januari 2027 (WIB).', { exact: false }).waitFor();
    await checkPage(page, 'rounds', 'check-upcoming');
    await page.context().close();
  }, 60_000);

  it('after the close, a draft says when registration was instead of offering to submit', async () => {
    w.t.clock.set('2027-01-08T09:00:00+07:00');
    const t = w.t;
    await act(t, rejected, ids.rejected, { action: 'submit', version: 1 }).expect(200);
    await act(t, agency.officer, ids.rejected, { action: 'reject', version: 2, reason: 'Akta pendirian tidak memuat KBLI pers.' }).expect(200);
    t.clock.set('2027-01-12T09:00:00+07:00');
    const page = await as(late);
    await page.goto(`${w.base}/permohonan/${ids.late}`);
    await page.getByText('sudah ditutup; pendaftaran dibuka 7 Januari 2027 s.d. 11 Januari 2027', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'Ajukan permohonan' }).count()).toBe(0);
    await checkPage(page, 'rounds', 'application-late');
    await page.context().close();
  }, 60_000);

  it('the rejected outlet files its appeal through the form, and the public page lists the result', async () => {
    const t = w.t;
    t.clock.set('2027-01-25T09:00:00+07:00');
    await t.http().post(`/api/agencies/${agency.id}/rounds/${roundId}/announcements/provisional`).set(bearer(agency.approver)).expect(201);
    t.clock.set('2027-01-26T09:00:00+07:00');
    const page = await as(rejected);
    await page.goto(`${w.base}/instansi/${agency.code}/pengumuman/${roundId}`);
    await page.getByRole('cell', { name: 'Warta Sanggah' }).waitFor();
    await checkPage(page, 'rounds', 'announcements');

    await page.goto(`${w.base}/permohonan/${ids.rejected}`);
    await page.getByRole('link', { name: 'Ajukan sanggahan' }).click();
    await page.waitForURL(/\/sanggah$/);
    await checkPage(page, 'rounds', 'appeal-form');
    await page.getByRole('button', { name: 'Kirim sanggahan' }).click();
    await page.getByText('Tulis alasan sanggahan, 10 sampai 4000 karakter').first().waitFor();
    await checkPage(page, 'rounds', 'appeal-errors');
    await page.getByLabel('Alasan sanggahan').fill('Akta perubahan 2026 sudah memuat KBLI 63122 dan disahkan Kemenkumham.');
    await page.getByLabel(/Akta pendirian/).first().check();
    await page.getByRole('button', { name: 'Kirim sanggahan' }).click();
    await page.waitForURL(/flash=appealFiled/);
    await page.getByText('Sedang diperiksa').waitFor();
    await checkPage(page, 'rounds', 'appeal-filed');
    await page.context().close();
  }, 60_000);
});
