import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../src/audit/audit.service';
import { inTransaction } from '../src/database/transaction';
import { WebSessionsService } from '../src/web/web-sessions.service';
import { act, createDraft, FIELD_VISIT } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The auditor's trail pages (/audit, /audit/ekspor, /audit/verifikasi) and the dashboard
 * (/statistik, GET /api/agencies/:id/statistics) on a small dataset made on a known calendar:
 * the clock starts on Monday 2 March 2026, 09:00 WIB.
 */
describe('audit trail and statistics pages', () => {
  let t: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  const cookies = new Map<string, string>();

  /** GET a page in the actor's web session, expecting `status`. */
  async function page(actor: Actor, path: string, status: number) {
    if (!cookies.has(actor.id)) {
      const [{ token_version }] = (await t.dataSource.query(`SELECT token_version FROM users WHERE id = $1`, [actor.id])) as { token_version: number }[];
      cookies.set(actor.id, (await t.app.get(WebSessionsService).create({ userId: actor.id, tokenVersion: token_version })).token);
    }
    return t.http().get(path).set('accept', 'text/html').set('cookie', `mm_session=${cookies.get(actor.id)}`).expect(status);
  }

  /** The events table of a trail page, entities decoded (Handlebars writes `=` in links as `&#x3D;`). */
  const table = (html: string) => (/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  const rowCount = (html: string) => (table(html).match(/<tr>/g) ?? []).length;

  /** Moves the clock to a WIB wall-clock time and takes one action. */
  async function at(wib: string, actor: Actor, appId: string, body: Record<string, unknown>) {
    t.clock.set(`${wib}+07:00`);
    const [{ version }] = (await t.dataSource.query(`SELECT version FROM applications WHERE id = $1`, [appId])) as { version: number }[];
    return act(t, actor, appId, { version, ...body }).expect(200);
  }

  // Three applications submitted on Monday 2 March 2026:
  //   A: administrative check 2 working days (Wed 4), field 3 (Mon 9), approval 1 (Tue 10): approved in March;
  //   B: rejected at the administrative check after 4 working days (Fri 6): rejected in March;
  //   C: administrative check 1 working day (Tue 3), then left in the field visit (due Tue 17 March).
  // Medians: administrative 2 (1, 2, 4), field 3, approval 1; C is overdue from 18 March.
  const apps: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

  beforeAll(async () => {
    t = await startTestApp({}, { clock: '2026-03-02T09:00:00+07:00' });
    agency = await createAgency(t);
    owner = await createApplicant(t);
    for (const key of ['a', 'b', 'c'] as const) {
      const outlet = await createCompleteOutlet(t, owner, { overrides: { legalName: `PT Statistik ${key.toUpperCase()}`, brandName: `Statistik ${key.toUpperCase()}` } });
      apps[key] = (await createDraft(t, owner, outlet.id, agency.id)).id;
      await at('2026-03-02T09:30:00', owner, apps[key], { action: 'submit' });
    }
    await at('2026-03-03T10:00:00', agency.officer, apps.c, { action: 'pass_administrative' });
    await at('2026-03-04T10:00:00', agency.officer, apps.a, { action: 'pass_administrative' });
    await at('2026-03-06T15:00:00', agency.officer, apps.b, { action: 'reject', reason: 'Akta pendirian tidak sesuai dengan data AHU' });
    await at('2026-03-09T11:00:00', agency.officer2, apps.a, { action: 'pass_field', fieldVisit: FIELD_VISIT });
    await at('2026-03-10T14:00:00', agency.approver, apps.a, { action: 'approve' });
    t.clock.set('2026-03-20T09:00:00+07:00');
  });
  afterAll(() => t.close());

  describe('/audit', () => {
    it('lists the agency trail in words: who, what, when in WIB, and the record with a link', async () => {
      const res = await page(agency.auditor, '/audit', 200);
      expect(res.text).toContain('Jejak audit');
      expect(res.text).toContain('Permohonan disetujui');
      expect(res.text).toContain(`approver ${agency.code}`);
      expect(table(res.text)).toMatch(/10 Maret 2026 pukul 14\.00 WIB/);
      const [{ reference }] = (await t.dataSource.query(`SELECT reference FROM applications WHERE id = $1`, [apps.a])) as { reference: string }[];
      expect(table(res.text)).toContain(`<a href="/permohonan/${apps.a}">${reference}</a>`);
      // The verify button and the export link carry the page's filters.
      expect(res.text).toContain('action="/audit/verifikasi"');
      expect(res.text).toContain('href="/audit/ekspor"');
      // Each event in words of the page's language, never the stored English summary with its codes.
      expect(table(res.text)).not.toMatch(/->|awaiting_approval|reason:/);
      const rejected = await page(agency.auditor, `/audit?aksi=application.reject&rekaman=${apps.b}`, 200);
      expect(table(rejected.text)).toContain('<strong>Permohonan ditolak</strong><br>Status: Diajukan menjadi Ditolak.<br>Alasan: “Akta pendirian tidak sesuai dengan data AHU”');
      const approved = await page(agency.auditor, `/audit?aksi=application.approve&rekaman=${apps.a}`, 200);
      expect(table(approved.text)).toContain('<strong>Permohonan disetujui</strong><br>Status: Menunggu persetujuan menjadi Disetujui.');
    });

    it('says a decision in English words, with the reason as entered, to staff who chose English', async () => {
      await t.http().patch('/api/me').set(bearer(agency.admin)).send({ locale: 'en' }).expect(200);
      try {
        const res = await page(agency.admin, `/audit?aksi=application.reject&rekaman=${apps.b}`, 200);
        expect(table(res.text)).toContain('<strong>Application rejected</strong><br>Status: Submitted to Rejected.<br>Reason: “Akta pendirian tidak sesuai dengan data AHU”');
        expect(table(res.text)).not.toMatch(/->|reason:/);
      } finally {
        await t.http().patch('/api/me').set(bearer(agency.admin)).send({ locale: 'id' }).expect(200);
      }
    });

    it('links a registration round event to the round page, by its name', async () => {
      const round = await t
        .http()
        .post(`/api/agencies/${agency.id}/rounds`)
        .set(bearer(agency.admin))
        .send({
          budgetYear: 2025,
          name: 'Periode Pendaftaran 2025',
          registrationOpensOn: '2025-01-06',
          registrationClosesOn: '2025-01-10',
          verificationUntil: '2025-01-20',
          provisionalAnnouncementOn: '2025-01-24',
          finalAnnouncementOn: '2025-01-31',
        })
        .expect(201);
      const res = await page(agency.auditor, '/audit?jenis=round', 200);
      expect(table(res.text)).toContain(`Periode pendaftaran: <a href="/periode/${round.body.id}">Periode Pendaftaran 2025</a>`);
    });

    it('filters by action, actor, record and WIB dates, and keeps the filters in the export link', async () => {
      const byAction = await page(agency.auditor, '/audit?aksi=application.reject', 200);
      expect(table(byAction.text)).toContain('Permohonan ditolak');
      expect(rowCount(byAction.text)).toBe(1);
      expect(byAction.text).toContain('href="/audit/ekspor?aksi&#x3D;application.reject"');

      const byActor = await page(agency.auditor, `/audit?pelaku=${agency.officer2.id}`, 200);
      expect(table(byActor.text)).toContain('Lulus verifikasi lapangan');
      expect(rowCount(byActor.text)).toBe(1);

      const byRecord = await page(agency.auditor, `/audit?jenis=application&rekaman=${apps.b}`, 200);
      expect(rowCount(byRecord.text)).toBe(3); // created, submitted, rejected

      // 4 March WIB only: A's administrative check.
      const oneDay = await page(agency.auditor, '/audit?dari=2026-03-04&sampai=2026-03-04', 200);
      expect(table(oneDay.text)).toContain('Lulus pemeriksaan administrasi');
      expect(rowCount(oneDay.text)).toBe(1);
    });

    it('says what is wrong with a filter beside the field, with a 400', async () => {
      const res = await page(agency.auditor, '/audit?dari=2026-02-31&sampai=2026-01-01&pelaku=x', 400);
      expect(res.text).toContain('error-summary');
      expect(res.text).toContain('Masukkan tanggal yang benar');
      expect(res.text).toContain('Pilih pelaku dari daftar');
      const range = await page(agency.auditor, '/audit?dari=2026-03-05&sampai=2026-03-01', 400);
      expect(range.text).toContain('Tanggal akhir tidak boleh sebelum tanggal awal');
    });

    it('pages with a cursor, 50 events a page', async () => {
      await inTransaction(t.dataSource, async (m) => {
        for (let i = 0; i < 60; i++) {
          await t.app.get(AuditService).append(m, { agencyId: agency.id, actor: agency.admin, action: 'agency.updated', entityType: 'agency', entityId: agency.id, summary: `Pengaturan ${i}` });
        }
      });
      const first = await page(agency.auditor, '/audit?aksi=agency.updated', 200);
      expect(rowCount(first.text)).toBe(50);
      const next = /href="(\/audit\?aksi&#x3D;agency\.updated&amp;kursor&#x3D;[^"]+)" rel="next"/.exec(first.text)![1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
      const second = await page(agency.auditor, next, 200);
      expect(rowCount(second.text)).toBe(10);
      // The oldest of the sixty is on the second page (the page shows its number, not the stored summary).
      const [{ id: oldest }] = (await t.dataSource.query(`SELECT id FROM audit_events WHERE agency_id = $1 AND summary = 'Pengaturan 0'`, [agency.id])) as { id: string }[];
      expect(table(second.text)).toContain(`#${oldest}</span>`);
      expect(second.text).not.toContain('rel="next"');
    });

    it('exports the same filter as formula-safe CSV', async () => {
      await inTransaction(t.dataSource, (m) =>
        t.app.get(AuditService).append(m, { agencyId: agency.id, actor: agency.admin, action: 'outbox.retried', entityType: 'outbox', entityId: null, summary: '=HYPERLINK("http://evil.example","x")' }),
      );
      const res = await page(agency.auditor, '/audit/ekspor?aksi=outbox.retried', 200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('jejak-audit.csv');
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toBe('id,seq,createdAt,actorId,actorRole,action,entityType,entityId,summary,hash');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
      const api = await t.http().get('/api/audit/export?action=outbox.retried').set(bearer(agency.auditor)).expect(200);
      expect(api.text).toBe(res.text);
    });

    it('is the auditor\'s and admin\'s, and shows only the caller\'s agency', async () => {
      await page(agency.officer, '/audit', 403);
      await page(agency.admin, '/audit', 200);
      const other = await createAgency(t);
      const res = await page(other.auditor, '/audit', 200);
      // Only its own agency's creation.
      expect(rowCount(res.text)).toBe(1);
      expect(table(res.text)).toContain('Instansi dibuat');
      expect(table(res.text)).not.toContain(agency.code);
    });
  });

  describe('/audit/verifikasi', () => {
    it('reports an intact chain with the number of events checked, then the first broken event of a tampered one', async () => {
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE chain_key = $1`, [`agency:${agency.id}`])) as { n: number }[];
      const ok = await page(agency.auditor, '/audit/verifikasi', 200);
      expect(ok.text).toContain('Rantai utuh');
      expect(ok.text).toContain(`${n} peristiwa diperiksa`);

      const [victim] = (await t.dataSource.query(
        `SELECT id, seq FROM audit_events WHERE chain_key = $1 AND action = 'application.reject'`,
        [`agency:${agency.id}`],
      )) as { id: string; seq: string }[];
      // Only a superuser who disables the append-only trigger can do this; the chain still tells.
      await t.dataSource.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
      try {
        await t.dataSource.query(`UPDATE audit_events SET summary = 'diubah diam-diam' WHERE id = $1`, [victim.id]);
      } finally {
        await t.dataSource.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
      }
      const broken = await page(agency.auditor, '/audit/verifikasi', 200);
      expect(broken.text).toContain('Rantai rusak');
      expect(broken.text).toContain(`#${victim.id} (urutan ke-${victim.seq}), tercatat 6 Maret 2026 pukul 15.00 WIB, tindakan &quot;Permohonan ditolak&quot;`);
      expect(broken.text).toContain('Isi peristiwa ini telah diubah');
    });
  });

  describe('/statistik and GET /api/agencies/:id/statistics', () => {
    it('counts stages, overdue, median working days, decisions per WIB month and certificates', async () => {
      const res = await t.http().get(`/api/agencies/${agency.id}/statistics`).set(bearer(agency.auditor)).expect(200);
      expect(res.body).toMatchObject({
        agencyId: agency.id,
        year: 2026,
        overdue: 1,
        stages: [
          { stage: 'submitted', applications: 0, overdue: 0 },
          { stage: 'field_verification', applications: 1, overdue: 1 },
          { stage: 'awaiting_approval', applications: 0, overdue: 0 },
          { stage: 'revision_requested', applications: 0, overdue: 0 },
        ],
        stageDurations: [
          { stage: 'submitted', completed: 3, medianWorkingDays: 2, deadlineWorkingDays: 5 },
          { stage: 'field_verification', completed: 1, medianWorkingDays: 3, deadlineWorkingDays: 10 },
          { stage: 'awaiting_approval', completed: 1, medianWorkingDays: 1, deadlineWorkingDays: 5 },
          { stage: 'revision_requested', completed: 0, medianWorkingDays: null, deadlineWorkingDays: null },
        ],
        certificates: [
          { status: 'active', count: 1 },
          { status: 'expired', count: 0 },
          { status: 'suspended', count: 0 },
          { status: 'revoked', count: 0 },
          { status: 'superseded', count: 0 },
        ],
      });
      expect(res.body.decisionsByMonth).toHaveLength(12);
      expect(res.body.decisionsByMonth[2]).toEqual({ month: 3, approved: 1, rejected: 1 });
      expect(res.body.decisionsByMonth.filter((m: { approved: number; rejected: number }) => m.approved + m.rejected > 0)).toHaveLength(1);

      const lastYear = await t.http().get(`/api/agencies/${agency.id}/statistics?year=2025`).set(bearer(agency.officer)).expect(200);
      expect(lastYear.body.decisionsByMonth.every((m: { approved: number; rejected: number }) => m.approved + m.rejected === 0)).toBe(true);
      expect(lastYear.body.stageDurations[0]).toMatchObject({ completed: 0, medianWorkingDays: null });
    });

    it('refuses applicants and another agency\'s staff', async () => {
      await t.http().get(`/api/agencies/${agency.id}/statistics`).set(bearer(owner)).expect(403);
      const other = await createAgency(t);
      await t.http().get(`/api/agencies/${agency.id}/statistics`).set(bearer(other.admin)).expect(404);
      await t.http().get(`/api/agencies/${agency.id}/statistics?year=1999`).set(bearer(agency.admin)).expect(400);
    });

    it('draws each figure as inline SVG with a title, beside a table of its numbers', async () => {
      const res = await page(agency.officer, '/statistik', 200);
      const svgs = res.text.match(/<svg class="chart"[^>]*role="img"[^>]*aria-labelledby="([\w-]+)"/g) ?? [];
      expect(svgs).toHaveLength(4);
      for (const id of ['chart-stages-title', 'chart-durations-title', 'chart-months-title', 'chart-certificates-title']) expect(res.text).toContain(`<title id="${id}">`);
      expect(res.text).toContain('<caption>Median hari kerja per tahap (tahap yang selesai pada 2026)</caption>');
      expect(res.text).toMatch(/<th scope="row">Diajukan<\/th><td class="num">2 hari kerja<\/td><td class="num">3<\/td><td class="num">5 hari kerja<\/td>/);
      expect(res.text).toMatch(/<th scope="row">Maret<\/th><td class="num">1<\/td><td class="num">1<\/td>/);
      expect(res.text).toMatch(/<span class="stat-number">1<\/span> permohonan lewat batas waktu/);
      expect(res.text).not.toContain('style=');

      const other = await page(agency.officer, '/statistik?tahun=2025', 200);
      expect(other.text).toMatch(/<option value="2025" selected>/);
      const bad = await page(agency.officer, '/statistik?tahun=abc', 400);
      expect(bad.text).toContain('Pilih tahun dari daftar');
      await page(owner, '/statistik', 403);
    });

    it('speaks English to staff who chose it', async () => {
      await t.http().patch('/api/me').set(bearer(agency.officer2)).send({ locale: 'en' }).expect(200);
      const res = await page(agency.officer2, '/statistik', 200);
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toContain('Median time in each stage, 2026');
      expect(res.text).toMatch(/<th scope="row">March<\/th><td class="num">1<\/td><td class="num">1<\/td>/);
    });
  });
});
