import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { announceChange } from '../src/database/change-events';
import { act, createDraft, FIELD_VISIT, announceApplicationsChanged } from './support/applications';
import { bearer, createAgency, createApplicant, login, TEST_PASSWORD, type Actor, type TestAgency } from './support/factories';
import { PasswordHasher } from '../src/auth/password-hasher';
import { UsersService } from '../src/users/users.service';
import { pngBytes } from './support/files';
import { createCompleteOutlet, uploadDocument } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { PageClient } from './support/page-client';

/** Posts a staff action the way the page's form does, with the page's CSRF token and version. */
async function postAction(c: PageClient, appId: string, form: Record<string, string>) {
  const page = await c.get(`/permohonan/${appId}`);
  // A form's version, or (no form for this user) the version the page shows.
  const version = (/name="version" value="(\d+)"/.exec(page.text) ?? /id="app-version">(\d+)</.exec(page.text))![1];
  return c.post(`/permohonan/${appId}/tindakan`, { _csrf: PageClient.csrf(page.text), version, ...form });
}

/** Visible text of a page, tags stripped, whitespace folded: what a reader sees. */
const words = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('officer console pages: queue, staff application page, actions, staff landing', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;
  let owner: Actor;
  let seq = 0;

  async function submitted(brandName: string) {
    seq++;
    const n = String(seq).padStart(4, '0');
    const outlet = await createCompleteOutlet(t, owner, { overrides: { brandName, businessId: `912030123${n}`, taxId: `01234567890${n}` } });
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const res = await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);
    return { id: draft.id, outletId: outlet.id, reference: draft.reference, version: res.body.version as number, chiefEditorNik: outlet.chiefEditorNik };
  }

  let fresh: Awaited<ReturnType<typeof submitted>>;
  let late: Awaited<ReturnType<typeof submitted>>;
  let visiting: Awaited<ReturnType<typeof submitted>>;

  beforeAll(async () => {
    // Wednesday 2 December 2026, 10:00 WIB.
    t = await startTestApp({}, { clock: '2026-12-02T03:00:00Z' });
    agency = await createAgency(t);
    other = await createAgency(t);
    owner = await createApplicant(t);
    fresh = await submitted('Kabar Pagi Surabaya');
    late = await submitted('Warta Terlambat');
    visiting = await submitted('Suara Lapangan');
    await act(t, agency.officer, visiting.id, { action: 'pass_administrative', version: visiting.version }).expect(200);
    // Due at the end of Friday 27 November (WIB): three working days late on Wednesday.
    await t.dataSource.query(`UPDATE applications SET due_at = '2026-11-27T16:59:59.999Z' WHERE id = $1`, [late.id]);
    await announceApplicationsChanged(t, late.id);
  }, 120_000);
  afterAll(() => t.close());

  describe('queue', () => {
    it('lists the agency applications by due date, overdue first, marked with the working days late, with counts per stage', async () => {
      const officer = await PageClient.as(t, agency.officer.email);
      const res = await officer.get('/antrean');
      expect(res.status).toBe(200);
      const text = words(res.text);
      expect(text).toContain('Antrean permohonan');
      const order = [late.reference, fresh.reference, visiting.reference].map((r) => res.text.indexOf(r));
      expect(order.every((i) => i > 0)).toBe(true);
      expect(order[0]).toBeLessThan(order[1]);
      expect(text).toContain('terlambat 3 hari kerja');
      expect(text.match(/terlambat \d+ hari kerja/g)).toHaveLength(1);
      // Counts: 2 waiting for the check, 1 in field verification, 1 overdue.
      expect(text).toMatch(/2 Diajukan/);
      expect(text).toMatch(/1 Verifikasi lapangan/);
      expect(text).toMatch(/1 Terlambat/);
    });

    it('filters by stage, overdue only and outlet name', async () => {
      const officer = await PageClient.as(t, agency.officer.email);
      const byStage = await officer.get('/antrean?tahap=field_verification');
      expect(byStage.text).toContain(visiting.reference);
      expect(byStage.text).not.toContain(fresh.reference);
      const overdue = await officer.get('/antrean?terlambat=1');
      expect(overdue.text).toContain(late.reference);
      expect(overdue.text).not.toContain(fresh.reference);
      const byName = await officer.get(`/antrean?q=${encodeURIComponent('kabar pagi')}`);
      expect(byName.text).toContain(fresh.reference);
      expect(byName.text).not.toContain(late.reference);
      // An unknown stage reads as "all stages", never an error page.
      expect((await officer.get('/antrean?tahap=bogus')).status).toBe(200);
      // Another agency's officer sees none of these.
      const stranger = await PageClient.as(t, other.officer.email);
      expect((await stranger.get('/antrean')).text).not.toContain(fresh.reference);
    });

    it('pages with a cursor: every row once, a link back to the first page, and a forged cursor is a 400', async () => {
      // 30 decided applications of one outlet, straight into the table.
      await t.dataSource.query(
        `INSERT INTO applications (reference, outlet_id, agency_id, status, outlet_name, created_by, submitted_at, decided_at)
         SELECT 'PAGE-' || g, $1, $2, 'rejected', 'Arsip ' || g, $3, now(), now() FROM generate_series(1, 30) g`,
        [fresh.outletId, agency.id, owner.id],
      );
      const officer = await PageClient.as(t, agency.officer.email);
      const first = await officer.get('/antrean?tahap=rejected');
      const refs = (html: string) => [...html.matchAll(/>(PAGE-\d+)</g)].map((m) => m[1]);
      expect(refs(first.text)).toHaveLength(25);
      const next = /href="(\/antrean\?[^"]*setelah[^"]+)"/.exec(first.text)![1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
      expect(next).toContain('tahap=rejected');
      const second = await officer.get(next);
      expect(refs(second.text)).toHaveLength(5);
      expect(new Set([...refs(first.text), ...refs(second.text)]).size).toBe(30);
      expect(second.text).toContain('Kembali ke halaman pertama');
      expect(second.text).not.toContain('setelah=');
      const forged = await officer.get('/antrean?setelah=bm90LWEtY3Vyc29y');
      expect(forged.status).toBe(400);
    });

    it('pages the API queue across the end of the due dates into the rows without one: every row once, in order', async () => {
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM applications WHERE agency_id = $1 AND submitted_at IS NOT NULL`, [agency.id])) as { n: number }[];
      const seen: { id: string; dueAt: string | null }[] = [];
      let cursor: string | undefined;
      do {
        const res = await t.http().get('/api/applications').query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(bearer(agency.officer)).expect(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen.map((a) => a.id)).size).toBe(n);
      expect(seen).toHaveLength(n);
      const firstWithout = seen.findIndex((a) => a.dueAt === null);
      expect(firstWithout).toBeGreaterThan(0);
      expect(seen.slice(firstWithout).every((a) => a.dueAt === null)).toBe(true);
      const dues = seen.slice(0, firstWithout).map((a) => Date.parse(a.dueAt!));
      expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    });

    it('filters by registration round when the agency has rounds, with the counts of that round', async () => {
      const [round] = (await t.dataSource.query(
        `INSERT INTO registration_rounds (agency_id, budget_year, name, registration_opens_on, registration_closes_on, verification_until,
           provisional_announcement_on, final_announcement_on, created_by)
         VALUES ($1, 2027, 'Periode Uji 2027', '2026-11-01', '2026-11-30', '2026-12-15', '2026-12-20', '2026-12-31', $2) RETURNING id`,
        [agency.id, agency.admin.id],
      )) as { id: string }[];
      // Written behind the service's back: announced as the service's own round writes are.
      await announceChange(t.dataSource.manager, { type: 'round.changed', agencyId: agency.id });
      await t.dataSource.query(`UPDATE applications SET round_id = $1 WHERE id = $2`, [round.id, fresh.id]);
      await announceApplicationsChanged(t, fresh.id);
      const officer = await PageClient.as(t, agency.officer.email);
      const all = await officer.get('/antrean');
      expect(words(all.text)).toContain('Periode Uji 2027');
      const inRound = await officer.get(`/antrean?periode=${round.id}`);
      expect(inRound.text).toContain(fresh.reference);
      expect(inRound.text).not.toContain(late.reference);
      expect(words(inRound.text)).toMatch(/1 Diajukan/);
      expect(words(inRound.text)).toMatch(/0 Terlambat/);
      // Another agency's round id reads as "all rounds".
      expect((await officer.get('/antrean?periode=00000000-0000-4000-8000-000000000000')).text).toContain(late.reference);
      await t.dataSource.query(`UPDATE applications SET round_id = NULL WHERE id = $1`, [fresh.id]);
      await announceApplicationsChanged(t, fresh.id);
      await t.dataSource.query(`DELETE FROM registration_rounds WHERE id = $1`, [round.id]);
      await announceChange(t.dataSource.manager, { type: 'round.changed', agencyId: agency.id });
    });

    it('sends an applicant to their own dashboard', async () => {
      const applicant = await PageClient.as(t, owner.email);
      const res = await applicant.get('/antrean');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/dasbor');
    });
  });

  describe('staff application page', () => {
    it('shows the frozen snapshot with masked NIKs, documents in the page, rule results with citations, due date and timeline', async () => {
      // One citation is marked unverified: the page must say so.
      await t.dataSource.query(
        `UPDATE applications SET evaluation = jsonb_set(evaluation, '{results,0,citationVerified}', 'false') WHERE id = $1`,
        [fresh.id],
      );
      const officer = await PageClient.as(t, agency.officer.email);
      const res = await officer.get(`/permohonan/${fresh.id}`);
      expect(res.status).toBe(200);
      const text = words(res.text);
      expect(text).toContain('Data yang dinilai');
      expect(text).toContain('Kabar Pagi Surabaya');
      expect(text).toContain(`************${fresh.chiefEditorNik.slice(-4)}`);
      expect(res.text).not.toContain(fresh.chiefEditorNik);
      expect(res.text).toMatch(/<img src="\/permohonan\/[^"]+\/dokumen\/[^"]+"/);
      expect(res.text).toMatch(/<iframe src="\/permohonan\/[^"]+\/dokumen\/[^"]+" title="/);
      expect(text).toContain('Hasil pemeriksaan persyaratan');
      expect(text).toContain('Dasar');
      expect(text).toContain('dasar hukum belum terverifikasi');
      expect(text).toContain('Permohonan diajukan');
      expect(text).toContain('Luluskan pemeriksaan administrasi');
      expect(text).toContain('Dokumen tidak dapat dibaca atau tidak lengkap halamannya.');
      // The Press Council rule's dates read as WIB words on the page; the API keeps them ISO.
      const [{ verifiedOn, validUntil }] = (await t.dataSource.query(
        `SELECT r->'details'->>'verifiedOn' AS "verifiedOn", r->'details'->>'validUntil' AS "validUntil"
           FROM applications a, jsonb_array_elements(a.evaluation->'results') r WHERE a.id = $1 AND r->>'family' = 'press_council_verification'`,
        [fresh.id],
      )) as { verifiedOn: string; validUntil: string }[];
      const wib = (iso: string, tag: string) => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(new Date(`${iso}T00:00:00+07:00`));
      expect(text).toContain(`oleh Dewan Pers sejak ${wib(verifiedOn, 'id-ID')}, berlaku sampai ${wib(validUntil, 'id-ID')}.`);
      expect(text).not.toContain(validUntil);
    });

    it('shows the officers\' evidence and the field visit record', async () => {
      await t
        .http()
        .post(`/api/applications/${visiting.id}/attestations`)
        .set(bearer(agency.officer))
        .field('ruleId', 'press-council-verification')
        .field('lookupUrl', 'https://dewanpers.or.id/data/perusahaanpers?nama=Suara')
        .field('lookedUpAt', new Date(t.clock.now().getTime() - 60 * 60_000).toISOString())
        .field('observed', 'Terverifikasi faktual di situs Dewan Pers')
        .attach('file', pngBytes(), { filename: 'dewan-pers.png', contentType: 'image/png' })
        .expect(201);
      const v = (await t.http().get(`/api/applications/${visiting.id}`).set(bearer(agency.officer)).expect(200)).body.version as number;
      await act(t, agency.officer2, visiting.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200);
      const approver = await PageClient.as(t, agency.approver.email);
      const text = words((await approver.get(`/permohonan/${visiting.id}`)).text);
      expect(text).toContain('Terverifikasi faktual di situs Dewan Pers');
      expect(text).toContain(FIELD_VISIT.notes);
      expect(text).toContain('Kantor ditemukan Ya');
      expect(text).toContain('Setujui dan terbitkan sertifikat');
    });

    it('serves the snapshot documents inline for framing by our pages, and only those', async () => {
      const officer = await PageClient.as(t, agency.officer.email);
      const page = await officer.get(`/permohonan/${fresh.id}`);
      const imageHref = /<img src="(\/permohonan\/[^"]+\/dokumen\/[^"]+)"/.exec(page.text)![1];
      const pdfHref = /<iframe src="(\/permohonan\/[^"]+\/dokumen\/[^"]+)"/.exec(page.text)![1];
      const image = await officer.get(imageHref);
      expect(image.status).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(image.headers['content-disposition']).toMatch(/^inline;/);
      expect(image.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      const pdf = await officer.get(pdfHref);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      // A document of another application is not served through this one.
      const otherDoc = /\/dokumen\/([0-9a-f-]{36})/.exec((await officer.get(`/permohonan/${late.id}`)).text)![1];
      expect((await officer.get(`/permohonan/${fresh.id}/dokumen/${otherDoc}`)).status).toBe(404);
      const stranger = await PageClient.as(t, other.officer.email);
      expect((await stranger.get(imageHref)).status).toBe(404);
    });
  });

  describe('actions', () => {
    it('passes the administrative check through the form, with the flash on the application page', async () => {
      const app = await submitted('Lolos Administrasi');
      const officer = await PageClient.as(t, agency.officer.email);
      const res = await postAction(officer, app.id, { action: 'pass_administrative' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/permohonan/${app.id}?flash=acted-pass_administrative`);
      const page = words((await officer.get(res.headers.location as string)).text);
      expect(page).toMatch(/Pemeriksaan administrasi diluluskan\. Kunjungan lapangan paling lambat \d+ Desember 2026\./);
      expect(page).toContain('Catat kunjungan lapangan dan luluskan');
    });

    it('requests a revision with a standard reason and an explanation that read as one for the applicant; no reason is refused beside the field', async () => {
      const app = await submitted('Perlu Perbaikan');
      const officer = await PageClient.as(t, agency.officer.email);
      const missing = await postAction(officer, app.id, { action: 'request_revision', reasonCode: '', reasonText: '' });
      expect(missing.status).toBe(400);
      expect(words(missing.text)).toContain('Pilih alasan, atau tulis penjelasan, yang dapat ditindaklanjuti media');
      const otherEmpty = await postAction(officer, app.id, { action: 'request_revision', reasonCode: 'other', reasonText: '' });
      expect(otherEmpty.status).toBe(400);
      const ok = await postAction(officer, app.id, { action: 'request_revision', reasonCode: 'document_unreadable', reasonText: 'Akta halaman 2 buram, mohon pindai ulang' });
      expect(ok.status).toBe(303);
      const [decision] = (await t.dataSource.query(`SELECT reason FROM application_decisions WHERE application_id = $1 AND action = 'request_revision'`, [app.id])) as { reason: string }[];
      expect(decision.reason).toBe('Dokumen tidak dapat dibaca atau tidak lengkap halamannya. Akta halaman 2 buram, mohon pindai ulang.');
      // The applicant reads it on their own page.
      const applicant = await PageClient.as(t, owner.email);
      expect(words((await applicant.get(`/permohonan/${app.id}`)).text)).toContain('Akta halaman 2 buram, mohon pindai ulang.');
    });

    it('refuses in words: an officer approving, an approver who reviewed approving, a wrong stage', async () => {
      const app = await submitted('Pemisahan Tugas');
      // The reviewer is later made an approver: the one who checked may not also decide.
      const reviewer = await createAgencyOfficer();
      let v = (await act(t, reviewer, app.id, { action: 'pass_administrative', version: app.version }).expect(200)).body.version as number;
      // Wrong stage: passing the administrative check again, on the current version.
      const officer = await PageClient.as(t, agency.officer.email);
      const wrong = await postAction(officer, app.id, { action: 'pass_administrative' });
      expect(wrong.status).toBe(409);
      expect(words(wrong.text)).toContain('Tindakan itu tidak dapat dilakukan pada tahap permohonan sekarang.');
      v = (await act(t, agency.officer2, app.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;

      const officerPage = words((await officer.get(`/permohonan/${app.id}`)).text);
      expect(officerPage).toContain('Persetujuan diberikan oleh pejabat penyetuju');
      const officerTries = await postAction(officer, app.id, { action: 'approve' });
      expect(officerTries.status).toBe(403);
      expect(words(officerTries.text)).toContain('Tindakan itu bukan wewenang peran Anda pada tahap ini. Persetujuan diberikan oleh pejabat penyetuju.');

      await t.dataSource.query(`UPDATE users SET role = 'approver' WHERE id = $1`, [reviewer.id]);
      const approver = await PageClient.as(t, reviewer.email);
      const approverPage = words((await approver.get(`/permohonan/${app.id}`)).text);
      expect(approverPage).toContain('Anda sudah memeriksa permohonan ini, jadi tidak boleh juga menyetujuinya');
      expect(approverPage).not.toContain('Setujui dan terbitkan sertifikat');
      const approverTries = await postAction(approver, app.id, { action: 'approve' });
      expect(approverTries.status).toBe(403);
      expect(words(approverTries.text)).toContain('Pemisahan tugas: Anda sudah memeriksa permohonan ini');
      // Nothing changed; a different approver may approve.
      const [row] = (await t.dataSource.query(`SELECT status, version FROM applications WHERE id = $1`, [app.id])) as { status: string; version: number }[];
      expect(row).toEqual({ status: 'awaiting_approval', version: v });
      const approver2 = await PageClient.as(t, agency.approver.email);
      expect(words((await approver2.get(`/permohonan/${app.id}`)).text)).toContain('Setujui dan terbitkan sertifikat');
      const approved = await postAction(approver2, app.id, { action: 'approve' });
      expect(approved.status).toBe(303);
      expect(words((await approver2.get(approved.headers.location as string)).text)).toContain('Permohonan disetujui; sertifikat terbit dan dikirim kepada media.');
    });

    it('lets an approver reject with a standard reason from the same page', async () => {
      const app = await submitted('Ditolak Penyetuju');
      let v = (await act(t, agency.officer, app.id, { action: 'pass_administrative', version: app.version }).expect(200)).body.version as number;
      v = (await act(t, agency.officer2, app.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
      const approver = await PageClient.as(t, agency.approver.email);
      const page = words((await approver.get(`/permohonan/${app.id}`)).text);
      expect(page).toContain('Tolak permohonan');
      expect(page).not.toContain('Minta perbaikan (media dapat mengajukan kembali)');
      const res = await postAction(approver, app.id, { action: 'reject', reasonCode: 'office_not_confirmed', reasonText: 'Alamat kantor ternyata rumah tinggal' });
      expect(res.status).toBe(303);
      const [row] = (await t.dataSource.query(
        `SELECT a.status, d.reason, d.actor_id FROM applications a JOIN application_decisions d ON d.application_id = a.id AND d.action = 'reject' WHERE a.id = $1`,
        [app.id],
      )) as { status: string; reason: string; actor_id: string }[];
      expect(row).toEqual({ status: 'rejected', reason: 'Kantor redaksi tidak dapat dipastikan keberadaannya. Alamat kantor ternyata rumah tinggal.', actor_id: agency.approver.id });
    });

    it('tells the second of two officers that the first acted, and overwrites nothing', async () => {
      const app = await submitted('Dua Petugas');
      const first = await PageClient.as(t, agency.officer.email);
      const second = await PageClient.as(t, agency.officer2.email);
      const page1 = await first.get(`/permohonan/${app.id}`);
      const page2 = await second.get(`/permohonan/${app.id}`);
      const form = (html: string) => ({ _csrf: PageClient.csrf(html), version: /name="version" value="(\d+)"/.exec(html)![1] });
      expect((await first.post(`/permohonan/${app.id}/tindakan`, { ...form(page1.text), action: 'pass_administrative' })).status).toBe(303);
      const late2 = await second.post(`/permohonan/${app.id}/tindakan`, { ...form(page2.text), action: 'reject', reasonCode: 'not_press_council_verified', reasonText: 'Tidak ada di daftar' });
      expect(late2.status).toBe(409);
      const text = words(late2.text);
      expect(text).toContain('Orang lain bertindak lebih dulu');
      expect(text).toMatch(/officer .* \(verifikator\) sudah mencatat "Lulus pemeriksaan administrasi"/);
      expect(text).toContain('Verifikasi lapangan');
      // The explanation they typed is still in the form.
      expect(late2.text).toContain('Tidak ada di daftar');
      const [row] = (await t.dataSource.query(`SELECT status FROM applications WHERE id = $1`, [app.id])) as { status: string }[];
      expect(row.status).toBe('field_verification');
      const rejects = (await t.dataSource.query(`SELECT 1 FROM application_decisions WHERE application_id = $1 AND action = 'reject'`, [app.id])) as unknown[];
      expect(rejects).toHaveLength(0);
    });

    it('keeps the judged documents readable by the agency after the decision', async () => {
      const app = await submitted('Sudah Ditolak');
      const officer = await PageClient.as(t, agency.officer.email);
      expect((await postAction(officer, app.id, { action: 'reject', reasonCode: 'legal_documents_missing', reasonText: '' })).status).toBe(303);
      const [decision] = (await t.dataSource.query(`SELECT reason FROM application_decisions WHERE application_id = $1 AND action = 'reject'`, [app.id])) as { reason: string }[];
      expect(decision.reason).toBe('Dokumen badan hukum (akta, SK Kemenkumham, NPWP atau NIB) belum lengkap.');
      const page = await officer.get(`/permohonan/${app.id}`);
      expect(words(page.text)).toContain('Permohonan sudah selesai');
      const href = /src="(\/permohonan\/[^"]+\/dokumen\/([^"]+))"/.exec(page.text)!;
      // The outlet itself is closed to the agency now, but the snapshot's files are not.
      expect((await t.http().get(`/api/outlets/${app.outletId}`).set(bearer(agency.officer))).status).toBe(404);
      expect((await officer.get(href[1])).status).toBe(200);
      expect((await t.http().get(`/api/documents/${href[2]}/content`).set(bearer(agency.auditor))).status).toBe(200);
      // A file the outlet uploads afterwards is not in any snapshot of this agency.
      const later = await uploadDocument(t, owner, app.outletId, 'other');
      expect((await t.http().get(`/api/documents/${later.body.id}/content`).set(bearer(agency.auditor))).status).toBe(404);
      expect((await t.http().get(`/api/documents/${href[2]}/content`).set(bearer(other.auditor))).status).toBe(404);
    });
  });

  describe('in English', () => {
    it('shows the queue, the read-only staff page and the landing in English for an auditor', async () => {
      const auditor = await PageClient.as(t, agency.auditor.email);
      const home = await auditor.get('/dasbor');
      expect((await auditor.post('/bahasa', { _csrf: PageClient.csrf(home.text), locale: 'en', next: '/antrean' })).status).toBe(303);
      const queue = words((await auditor.get('/antrean')).text);
      expect(queue).toContain('Application queue');
      expect(queue).toContain('3 working day(s) late');
      const page = words((await auditor.get(`/permohonan/${fresh.id}`)).text);
      expect(page).toContain('What was judged');
      expect(page).toContain('As auditor, you can read this application but not decide on it.');
      expect(page).not.toContain('Pass the administrative check');
      const [{ validUntil }] = (await t.dataSource.query(
        `SELECT r->'details'->>'validUntil' AS "validUntil" FROM applications a, jsonb_array_elements(a.evaluation->'results') r
          WHERE a.id = $1 AND r->>'family' = 'press_council_verification'`,
        [fresh.id],
      )) as { validUntil: string }[];
      const until = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(new Date(`${validUntil}T00:00:00+07:00`));
      expect(page).toContain(`by the Press Council since`);
      expect(page).toContain(`valid until ${until}.`);
      expect(page).not.toContain(validUntil);
      const landing = words((await auditor.get('/dasbor')).text);
      expect(landing).toContain('Audit trail (filters, CSV, chain check)');
    });
  });

  describe('withdrawn after submission', () => {
    it('names the snapshot files without opening them: the applicant took them back', async () => {
      const app = await submitted('Ditarik Kembali');
      const officer = await PageClient.as(t, agency.officer.email);
      const before = await officer.get(`/permohonan/${app.id}`);
      const href = /<img src="(\/permohonan\/[^"]+\/dokumen\/[^"]+)"/.exec(before.text)![1];
      await act(t, owner, app.id, { action: 'withdraw', version: app.version }).expect(200);
      const page = await officer.get(`/permohonan/${app.id}`);
      expect(page.status).toBe(200);
      expect(words(page.text)).toContain('Foto kantor');
      expect(page.text).not.toContain('/dokumen/');
      expect((await officer.get(href)).status).toBe(404);
    });
  });

  describe('staff landing', () => {
    it('says what to do next for each role, with counts and links', async () => {
      const officer = words((await (await PageClient.as(t, agency.officer.email)).get('/dasbor')).text);
      expect(officer).toMatch(/\d+ permohonan menunggu pemeriksaan administrasi/);
      expect(officer).toContain('1 permohonan melewati batas waktu');
      expect(officer).toContain('Statistik instansi');
      const approverHtml = (await (await PageClient.as(t, agency.approver.email)).get('/dasbor')).text;
      expect(approverHtml).toContain('href="/persetujuan"');
      const auditorHtml = (await (await PageClient.as(t, agency.auditor.email)).get('/dasbor')).text;
      expect(auditorHtml).toContain('href="/audit"');
      expect(auditorHtml).toContain('href="/sertifikat"');
      const adminHtml = (await (await PageClient.as(t, agency.admin.email)).get('/dasbor')).text;
      for (const href of ['/admin/pengguna', '/admin/pengaturan', '/admin/kebijakan', '/admin/surel', '/statistik']) expect(adminHtml).toContain(`href="${href}"`);
    });
  });

  /** A further officer of the agency (to be promoted to approver in a test). */
  async function createAgencyOfficer(): Promise<Actor> {
    const email = `reviewer-${Date.now()}@factory.test`;
    const u = await t.app.get(UsersService).insert(t.dataSource.manager, {
      email,
      name: 'Rina Peninjau',
      role: 'officer',
      agencyId: agency.id,
      passwordHash: await t.app.get(PasswordHasher).hash(TEST_PASSWORD),
      locale: 'id',
      emailConfirmed: true,
    });
    return { id: u.id, email, role: 'officer', token: await login(t, email) };
  }
});
