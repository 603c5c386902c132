import { beforeAll, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { approveThrough, createDraft } from './support/applications';
import { browserSuite, checkPage, loginInBrowser, useBrowserWorld } from './support/browser';
import { createAgency, createApplicant, TEST_PASSWORD, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';

/** The auditor's trail (filter, CSV, chain check) and the dashboard, in Chromium, with axe on each page. */
browserSuite('auditor pages and the dashboard in a real browser', () => {
  const world = useBrowserWorld();
  let agency: TestAgency;
  let reference: string;

  beforeAll(async () => {
    const { t } = world;
    agency = await createAgency(t);
    const owner = await createApplicant(t);
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    reference = draft.reference;
    await approveThrough(t, { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver }, draft.id);
  });

  it('the auditor filters the trail, downloads the CSV of the filter and verifies the chain', async () => {
    const { context, page } = await world.newPage();
    try {
      await loginInBrowser(page, world.base, agency.auditor.email, TEST_PASSWORD);
      await page.getByRole('link', { name: 'Jejak audit' }).first().click();
      expect(await page.locator('h1').innerText()).toBe('Jejak audit');
      await checkPage(page, 'audit', 'trail');

      await page.getByLabel('Tindakan').selectOption({ label: 'Permohonan disetujui' });
      await page.getByRole('button', { name: 'Terapkan saringan' }).click();
      await page.waitForURL(/aksi=application\.approve/);
      const rows = page.locator('table.audit-table tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain(reference);
      expect(await rows.first().innerText()).toContain(`approver ${agency.code}`);
      // The decision in words, not the stored English summary with its status codes.
      expect(await rows.first().innerText()).toContain('Status: Menunggu persetujuan menjadi Disetujui.');
      expect(await rows.first().innerText()).not.toMatch(/->|awaiting_approval/);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh CSV (saringan yang sama)' }).click()]);
      expect(download.suggestedFilename()).toBe('jejak-audit.csv');
      const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
      expect(csv[0]).toBe('id,seq,createdAt,actorId,actorRole,action,entityType,entityId,summary,hash');
      expect(csv).toHaveLength(2);
      expect(csv[1]).toContain('application.approve');

      await page.getByRole('button', { name: 'Verifikasi rantai' }).click();
      await page.waitForURL(/\/audit\/verifikasi/);
      expect(await page.locator('main').innerText()).toMatch(/Rantai utuh\s+\d+ peristiwa diperiksa\./);
      await checkPage(page, 'audit', 'verify');
    } finally {
      await context.close();
    }
  });

  it('the dashboard shows each figure as an SVG chart with its table', async () => {
    const { context, page } = await world.newPage();
    try {
      await loginInBrowser(page, world.base, agency.officer.email, TEST_PASSWORD);
      await page.getByRole('link', { name: 'Statistik' }).first().click();
      expect(await page.locator('h1').innerText()).toBe('Statistik');
      expect(await page.locator('svg.chart[role="img"]').count()).toBe(4);
      // Each chart is an image named by its title, and its numbers are a table a screen reader can walk.
      expect(await page.getByRole('img', { name: /Diagram batang: jumlah sertifikat per status/ }).count()).toBe(1);
      const certificates = page.getByRole('table', { name: 'Sertifikat menurut status' });
      expect(await certificates.getByRole('row', { name: 'Aktif 1' }).count()).toBe(1);
      const months = page.getByRole('table', { name: /disetujui dan ditolak per bulan/ });
      expect(await months.locator('tfoot').innerText()).toMatch(/Jumlah\s+1\s+0/);
      await checkPage(page, 'statistics', 'dashboard');
    } finally {
      await context.close();
    }
  });
});
