import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { act, approveThrough, createDraft, FIELD_VISIT, announceApplicationsChanged } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { binary, readZip } from './support/zip';
import { PageClient } from './support/page-client';
// After the test app's imports: loaded first, the job's policies import would meet agencies half-loaded.
import { CertificateRevalidationJob } from '../src/certificates/certificate-revalidation.job';

/** An attribute's value as the browser reads it (Handlebars escapes `=` and `&`). */
const unhtml = (s: string) => s.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
const hidden = (html: string, name: string) => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden ${name}`);
  return unhtml(m[1]);
};
/** The "next page" link's address. */
const nextLink = (html: string) => unhtml(/<a class="button secondary" href="([^"]+)">Halaman berikutnya</.exec(html)![1]);
/** The rows of the page's table, by the link each row's first cell holds. */
const rowLinks = (html: string, prefix: string) => [...html.matchAll(new RegExp(`<td data-label="[^"]*"><a href="${prefix}/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1]);
const statusOf = async (t: TestApp, id: string) =>
  ((await t.dataSource.query(`SELECT status FROM certificates WHERE id = $1`, [id])) as { status: string }[])[0].status;

describe('staff pages: awaiting approval, certificates with filters, status changes with confirmation, reviews, the yearly ZIP', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;
  let owner: Actor;
  let certA: { id: string; number: string };
  let certB: { id: string; number: string };
  let awaiting: { id: string; reference: string }[];
  let year: number;
  const pages = new Map<string, PageClient>();
  const as = async (who: Actor) => {
    if (!pages.has(who.email)) pages.set(who.email, await PageClient.as(t, who));
    return pages.get(who.email)!;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [agency, other, owner] = await Promise.all([createAgency(t), createAgency(t), createApplicant(t)]);
    const people = { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver };
    const outlets = [];
    for (const brandName of ['Warta Timur', 'Kabar Pesisir', 'Suara Delta', 'Gema Utara']) {
      outlets.push(await createCompleteOutlet(t, owner, { overrides: { legalName: `PT ${brandName}`, brandName } }));
    }
    certA = (await approveThrough(t, people, (await createDraft(t, owner, outlets[0].id, agency.id)).id)).certificate;
    certB = (await approveThrough(t, people, (await createDraft(t, owner, outlets[1].id, agency.id)).id)).certificate;
    awaiting = [];
    for (const o of outlets.slice(2)) {
      const draft = await createDraft(t, owner, o.id, agency.id);
      let v = (await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200)).body.version as number;
      v = (await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
      await act(t, agency.officer2, draft.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200);
      awaiting.push({ id: draft.id, reference: draft.reference });
    }
    // The second one waits past its due date, so it is the first due.
    await t.dataSource.query(`UPDATE applications SET due_at = $2 WHERE id = $1`, [awaiting[1].id, new Date(t.clock.now().getTime() - 3 * 86_400_000)]);
    await announceApplicationsChanged(t, awaiting[1].id);
    // Warta Timur's website changes after approval: the day's re-validation flags its certificate.
    await t.http().patch(`/api/outlets/${outlets[0].id}`).set(bearer(owner)).send({ website: 'https://warta-timur-baru.example' }).expect(200);
    await t.app.get(CertificateRevalidationJob).run();
    [{ year }] = (await t.dataSource.query(`SELECT year FROM certificates WHERE id = $1`, [certA.id])) as { year: number }[];
  }, 120_000);
  afterAll(() => t?.close());

  it('lists the applications awaiting approval, the one due first at the top, with counts, overdue marked, and pages by cursor', async () => {
    const c = await as(agency.approver);
    const page = await c.get('/persetujuan');
    expect(page.status).toBe(200);
    expect(page.text).toContain('2 permohonan menunggu persetujuan, 1 di antaranya melewati batas waktu.');
    expect(rowLinks(page.text, '/permohonan')).toEqual([awaiting[1].id, awaiting[0].id]);
    expect(page.text).toContain(awaiting[0].reference);
    expect(page.text.match(/Terlambat/g)).toHaveLength(1);
    expect(page.text).toContain('href="/persetujuan" aria-current="page"');

    const first = await c.get('/persetujuan?limit=1');
    expect(rowLinks(first.text, '/permohonan')).toEqual([awaiting[1].id]);
    const next = nextLink(first.text);
    expect(next).toContain('limit=1');
    const second = await c.get(next);
    expect(rowLinks(second.text, '/permohonan')).toEqual([awaiting[0].id]);
    expect(second.text).not.toContain('Halaman berikutnya');
    expect(second.text).toContain('Kembali ke halaman pertama');

    // Another agency's approver sees none of them; an applicant is told the page is not for them.
    const x = await (await as(other.approver)).get('/persetujuan');
    expect(x.text).toContain('0 permohonan menunggu persetujuan');
    expect(x.text).not.toContain(awaiting[0].reference);
    expect((await (await as(owner)).get('/persetujuan')).status).toBe(403);
    expect((await c.get('/persetujuan?cursor=bukan-kursor')).status).toBe(400);
  });

  it('shows staff the agency\'s certificates with filters and cursor paging, and the applicant their own list as before', async () => {
    const c = await as(agency.auditor);
    const all = await c.get('/sertifikat');
    expect(all.status).toBe(200);
    expect(rowLinks(all.text, '/sertifikat')).toEqual([certB.id, certA.id]);
    expect(all.text).toContain('Perlu ditinjau');

    const byOutlet = await c.get('/sertifikat?media=warta');
    expect(rowLinks(byOutlet.text, '/sertifikat')).toEqual([certA.id]);
    expect(rowLinks((await c.get(`/sertifikat?nomor=${encodeURIComponent(certB.number)}`)).text, '/sertifikat')).toEqual([certB.id]);
    expect(rowLinks((await c.get('/sertifikat?tinjauan=perlu')).text, '/sertifikat')).toEqual([certA.id]);
    expect(rowLinks((await c.get('/sertifikat?tinjauan=tidak')).text, '/sertifikat')).toEqual([certB.id]);
    expect(rowLinks((await c.get(`/sertifikat?tahun=${year}&status=active`)).text, '/sertifikat')).toEqual([certB.id, certA.id]);
    const none = await c.get(`/sertifikat?tahun=${year - 1}`);
    expect(rowLinks(none.text, '/sertifikat')).toEqual([]);
    expect(none.text).toContain('Tidak ada sertifikat yang cocok');

    const first = await c.get('/sertifikat?status=active&limit=1');
    expect(rowLinks(first.text, '/sertifikat')).toEqual([certB.id]);
    const next = nextLink(first.text);
    expect(next).toContain('status=active');
    const second = await c.get(next);
    expect(rowLinks(second.text, '/sertifikat')).toEqual([certA.id]);
    expect(second.text).not.toContain('Halaman berikutnya');

    // A filter the list does not know is said in words, and the list is shown without it.
    const bad = await c.get('/sertifikat?status=hilang&tinjauan=entah');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Saringan ini tidak dikenal; pilih dari daftar');
    expect(rowLinks(bad.text, '/sertifikat')).toEqual([certB.id, certA.id]);

    // The applicant's own list and page are the applicant's view: no filters, no staff actions.
    const mine = await (await as(owner)).get('/sertifikat');
    expect(mine.status).toBe(200);
    expect(mine.text).not.toContain('Terapkan saringan');
    expect(mine.text).toContain(certA.number);
    const own = await (await as(owner)).get(`/sertifikat/${certA.id}`);
    expect(own.text).toContain('Ajukan perpanjangan');
    expect(own.text).not.toContain('Riwayat');
    // Another agency's staff list has none of this agency's certificates.
    expect((await (await as(other.auditor)).get('/sertifikat')).text).not.toContain(certA.number);
  });

  it('shows a certificate\'s status, review flag and history, with each role\'s actions only', async () => {
    const officer = await (await as(agency.officer)).get(`/sertifikat/${certA.id}`);
    expect(officer.status).toBe(200);
    expect(officer.text).toContain('Pemeriksaan ulang harian');
    expect(officer.text).toContain('Simpan keputusan');
    expect(officer.text).toContain('Sertifikat terbit');
    expect(officer.text).toContain('Ditandai perlu ditinjau');
    expect(officer.text).not.toContain(`/sertifikat/${certA.id}/bekukan`);
    const approver = await (await as(agency.approver)).get(`/sertifikat/${certA.id}`);
    expect(approver.text).toContain(`href="/sertifikat/${certA.id}/bekukan"`);
    expect(approver.text).toContain(`href="/sertifikat/${certA.id}/cabut"`);
    expect(approver.text).not.toContain(`href="/sertifikat/${certA.id}/pulihkan"`);
    expect(approver.text).not.toContain('Simpan keputusan');
    const auditor = await (await as(agency.auditor)).get(`/sertifikat/${certA.id}`);
    expect(auditor.text).not.toContain('Simpan keputusan');
    expect(auditor.text).not.toContain(`/sertifikat/${certA.id}/bekukan`);
    expect(auditor.text).toContain(`href="/sertifikat/${certA.id}/pdf"`);
  });

  it('suspends and reinstates only after the confirmation step, and says in words when the state changed meanwhile', async () => {
    const c = await as(agency.approver);
    const form = await c.get(`/sertifikat/${certB.id}/bekukan`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('DIBEKUKAN');
    // No reason: the form again, with the error beside the field; nothing changes.
    const empty = await c.submit(`/sertifikat/${certB.id}/bekukan`, `/sertifikat/${certB.id}/bekukan`, { reason: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Tulis alasan, 5 sampai 2000 karakter');
    // A reason, no confirmation: the page restates what will happen; still nothing changes.
    const reason = 'Pengaduan masyarakat sedang diperiksa Dewan Pers';
    const confirm = await c.submit(`/sertifikat/${certB.id}/bekukan`, `/sertifikat/${certB.id}/bekukan`, { reason });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`Sertifikat ${certB.number} (Kabar Pesisir) akan dibekukan; pemeriksaan QR akan menunjukkan DIBEKUKAN`);
    expect(confirm.text).toContain(reason);
    expect(await statusOf(t, certB.id)).toBe('active');
    // "Change the reason" comes back to the form with the reason kept.
    const change = await c.post(`/sertifikat/${certB.id}/bekukan`, { _csrf: PageClient.csrf(confirm.text), reason, ubah: 'ya' });
    expect(change.text).toContain(`>${reason}</textarea>`);
    expect(await statusOf(t, certB.id)).toBe('active');
    // A confirmation for a state the certificate is no longer in changes nothing.
    const stale = await c.post(`/sertifikat/${certB.id}/bekukan`, { _csrf: PageClient.csrf(confirm.text), reason, seen: 'active@2000-01-01T00:00:00.000Z', konfirmasi: 'ya' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Status sertifikat ini berubah sejak Anda mengonfirmasi');
    expect(await statusOf(t, certB.id)).toBe('active');

    const done = await c.post(`/sertifikat/${certB.id}/bekukan`, { _csrf: PageClient.csrf(confirm.text), reason, seen: hidden(confirm.text, 'seen'), konfirmasi: 'ya' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/sertifikat/${certB.id}?flash=suspended`);
    expect(await statusOf(t, certB.id)).toBe('suspended');
    const after = await c.get(done.headers.location as string);
    expect(after.text).toContain('Sertifikat dibekukan.');
    expect(after.text).toContain(reason);
    expect(after.text).toContain(`href="/sertifikat/${certB.id}/pulihkan"`);
    // The same confirmation again: the certificate is suspended already, said in words.
    const again = await c.post(`/sertifikat/${certB.id}/bekukan`, { _csrf: PageClient.csrf(confirm.text), reason, seen: hidden(confirm.text, 'seen'), konfirmasi: 'ya' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('tidak dapat dibekukan karena statusnya sekarang Dibekukan');
    // Suspending is not offered on a suspended certificate.
    expect((await c.get(`/sertifikat/${certB.id}/bekukan`)).status).toBe(303);

    const reinstate = await c.submit(`/sertifikat/${certB.id}/pulihkan`, `/sertifikat/${certB.id}/pulihkan`, { reason: 'Pengaduan tidak terbukti' });
    expect(reinstate.text).toContain('akan dipulihkan; pemeriksaan QR akan kembali menunjukkan AKTIF');
    const reinstated = await c.post(`/sertifikat/${certB.id}/pulihkan`, { _csrf: PageClient.csrf(reinstate.text), reason: 'Pengaduan tidak terbukti', seen: hidden(reinstate.text, 'seen'), konfirmasi: 'ya' });
    expect(reinstated.status).toBe(303);
    expect(await statusOf(t, certB.id)).toBe('active');
    const history = (await c.get(`/sertifikat/${certB.id}`)).text;
    expect(history).toContain('Dibekukan');
    expect(history).toContain('Dipulihkan');
    // The public check follows.
    const [{ verification_code: code }] = (await t.dataSource.query(`SELECT verification_code FROM certificates WHERE id = $1`, [certB.id])) as { verification_code: string }[];
    expect((await t.http().get(`/api/public/certificates/${code}`).expect(200)).body.status).toBe('active');
  });

  it('lets an officer keep a flagged certificate, once, and refuses a review without a decision', async () => {
    const c = await as(agency.officer);
    const missing = await c.submit(`/sertifikat/${certA.id}`, `/sertifikat/${certA.id}/tinjau`, { reason: 'Situs pindah alamat' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Pilih pertahankan atau minta pembekuan');
    const kept = await c.submit(`/sertifikat/${certA.id}`, `/sertifikat/${certA.id}/tinjau`, { decision: 'keep', reason: 'Situs pindah alamat; redaksi dan badan hukum tetap' });
    expect(kept.status).toBe(303);
    const page = await c.get(kept.headers.location as string);
    expect(page.text).toContain('Sertifikat dipertahankan.');
    expect(page.text).toContain('Dipertahankan setelah ditinjau');
    expect(page.text).not.toContain('Simpan keputusan');
    const [{ status }] = (await t.dataSource.query(`SELECT status FROM certificate_reviews WHERE certificate_id = $1 ORDER BY flagged_at DESC LIMIT 1`, [certA.id])) as { status: string }[];
    expect(status).toBe('kept');
    // A second answer (a colleague's tab) is told the flag was settled; nothing is overwritten.
    const twice = await c.post(`/sertifikat/${certA.id}/tinjau`, { _csrf: PageClient.csrf(page.text), decision: 'request_suspension', reason: 'Seharusnya dibekukan' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('sudah diselesaikan orang lain');
  });

  it('lets an officer ask the approver to suspend a flagged certificate; the approver sees the request and the filter finds it', async () => {
    const [{ outlet_id: outletId }] = (await t.dataSource.query(`SELECT outlet_id FROM certificates WHERE id = $1`, [certB.id])) as { outlet_id: string }[];
    await t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).send({ website: 'https://kabar-pesisir-baru.example' }).expect(200);
    await t.app.get(CertificateRevalidationJob).run();
    const officer = await as(agency.officer);
    const reason = 'Kantor redaksi tidak ditemukan di alamat baru';
    const asked = await officer.submit(`/sertifikat/${certB.id}`, `/sertifikat/${certB.id}/tinjau`, { decision: 'request_suspension', reason });
    expect(asked.status).toBe(303);
    expect((await officer.get(asked.headers.location as string)).text).toContain('Permintaan pembekuan dikirim ke pejabat penyetuju.');
    const approver = await as(agency.approver);
    expect(rowLinks((await approver.get('/sertifikat?tinjauan=diminta')).text, '/sertifikat')).toEqual([certB.id]);
    const page = await approver.get(`/sertifikat/${certB.id}`);
    expect(page.text).toContain('meminta pejabat penyetuju membekukan sertifikat ini');
    expect(page.text).toContain(reason);
    expect(page.text).toContain(`href="/sertifikat/${certB.id}/bekukan"`);
    // Still valid, and the public check unchanged, until the approver acts.
    expect(await statusOf(t, certB.id)).toBe('active');
  });

  it('answers the 404 page to another agency\'s staff for every certificate page and action, and changes nothing', async () => {
    const approverX = await as(other.approver);
    for (const path of [`/sertifikat/${certA.id}`, `/sertifikat/${certA.id}/bekukan`, `/sertifikat/${certA.id}/cabut`, `/sertifikat/${certA.id}/pdf`]) {
      expect({ path, status: (await approverX.get(path)).status }).toEqual({ path, status: 404 });
    }
    const csrf = PageClient.csrf((await approverX.get('/sertifikat')).text);
    const posted = await approverX.post(`/sertifikat/${certA.id}/cabut`, { _csrf: csrf, reason: 'Bukan urusan instansi ini', seen: 'x', konfirmasi: 'ya' });
    expect(posted.status).toBe(404);
    const officerX = await as(other.officer);
    const review = await officerX.post(`/sertifikat/${certA.id}/tinjau`, { _csrf: PageClient.csrf((await officerX.get('/sertifikat')).text), decision: 'keep', reason: 'Bukan urusan instansi ini' });
    expect(review.status).toBe(404);
    expect(await statusOf(t, certA.id)).toBe('active');
    // An officer may not change a certificate's status at all.
    expect((await (await as(agency.officer)).submit('/sertifikat', `/sertifikat/${certA.id}/cabut`, { reason: 'Tidak berwenang', konfirmasi: 'ya' })).status).toBe(403);
  });

  it('exports the year\'s ZIP for the auditor, with the download signal for the page script, and says a bad year in words', async () => {
    const c = await as(agency.auditor);
    const list = await c.get('/sertifikat');
    expect(list.text).toContain('Unduh arsip ZIP');
    expect(list.text).toMatch(/<script src="\/assets\/export\.[0-9a-f]{12}\.js" defer><\/script>/);
    const res = await t
      .http()
      .get(`/sertifikat/ekspor?tahun=${year}&unduh=abcdef0123456789abcd`)
      .set('accept', 'text/html')
      .set('cookie', c.cookieHeader())
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).some((x) => x.startsWith('mm_export=abcdef0123456789abcd;') && !/HttpOnly/i.test(x))).toBe(true);
    const zip = await readZip(res.body as Buffer);
    const manifest = zip.get('manifest.csv')!.toString('utf8').trim().split('\n').slice(1);
    const pdfs = manifest.filter((line) => line.includes('certificates/'));
    expect(pdfs).toHaveLength(2);
    for (const line of pdfs) {
      const cells = line.split(',');
      const file = cells[cells.length - 1];
      expect(createHash('sha256').update(zip.get(file)!).digest('hex')).toBe(cells[cells.length - 2]);
    }
    const bad = await c.get('/sertifikat/ekspor?tahun=dua-ribu');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Pilih tahun terbit dari daftar');
    // The approver holds no export permission: no export form, and the address is refused.
    const approver = await as(agency.approver);
    expect((await approver.get('/sertifikat')).text).not.toContain('Unduh arsip ZIP');
    expect((await approver.get(`/sertifikat/ekspor?tahun=${year}`)).status).toBe(403);
  });

  it('revokes with the confirmation step; the public check then shows it revoked', async () => {
    const c = await as(agency.approver);
    const reason = 'Perusahaan pers dibubarkan menurut akta RUPS';
    const confirm = await c.submit(`/sertifikat/${certA.id}/cabut`, `/sertifikat/${certA.id}/cabut`, { reason });
    expect(confirm.text).toContain(`Sertifikat ${certA.number} (Warta Timur) akan dicabut; pemeriksaan QR akan menunjukkan DICABUT`);
    expect(await statusOf(t, certA.id)).toBe('active');
    const done = await c.post(`/sertifikat/${certA.id}/cabut`, { _csrf: PageClient.csrf(confirm.text), reason, seen: hidden(confirm.text, 'seen'), konfirmasi: 'ya' });
    expect(done.status).toBe(303);
    expect(await statusOf(t, certA.id)).toBe('revoked');
    const page = await c.get(done.headers.location as string);
    expect(page.text).toContain('Sertifikat dicabut.');
    expect(page.text).not.toContain('/bekukan"');
    expect((await c.get(`/sertifikat/${certA.id}/cabut`)).status).toBe(303);
  });
});
