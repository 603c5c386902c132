import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { extractPdfText } from '../src/certificates/testing/pdf-inspect';
import { act, createDraft, FIELD_VISIT } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { binary, readZip } from './support/zip';
import { ROUND_2027 } from './support/rounds';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const ROUND = { ...ROUND_2027, name: 'Periode Pendaftaran 2027' };

/**
 * A whole yearly round through the API, the clock moved from day to day in WIB: four applicants,
 * one approved, one rejected whose appeal is upheld and then approved, one rejected whose appeal
 * is dismissed, one too late; provisional and final result lists with their PDF's SHA-256.
 */
describe('registration round with announcements and appeals', () => {
  let t: TestApp;
  let agency: TestAgency;
  let roundId: string;
  const owners: Record<'a' | 'b' | 'c' | 'd', Actor> = {} as never;
  const apps: Record<'a' | 'b' | 'c' | 'd', { id: string; outletId: string; reference: string }> = {} as never;

  // 10:00 WIB on 5 January 2027, two days before registration opens.
  beforeAll(async () => {
    t = await startTestApp({}, { clock: '2027-01-05T10:00:00+07:00' });
    agency = await createAgency(t);
    for (const [key, name] of [['a', 'Warta Alpha'], ['b', 'Kabar Bravo'], ['c', 'Suara Charlie'], ['d', 'Lensa Delta']] as const) {
      owners[key] = await createApplicant(t);
      const outlet = await createCompleteOutlet(t, owners[key], { reporters: 0, overrides: { brandName: name } });
      apps[key] = { id: '', outletId: outlet.id, reference: '' };
    }
  }, 120_000);
  afterAll(() => t.close());

  const at = (wib: string) => t.clock.set(`${wib}+07:00`);
  const version = async (actor: Actor, id: string) => (await t.http().get(`/api/applications/${id}`).set(bearer(actor)).expect(200)).body.version as number;
  const announce = (kind: string) => t.http().post(`/api/agencies/${agency.id}/rounds/${roundId}/announcements/${kind}`).set(bearer(agency.approver));
  const fileAppeal = (key: 'a' | 'b' | 'c', body: Record<string, unknown>) => t.http().post(`/api/applications/${apps[key].id}/appeal`).set(bearer(owners[key])).send(body);
  const mails = async (template: string) =>
    (await t.dataSource.query(`SELECT recipient_email, data FROM outbox WHERE template = $1 AND agency_id = $2 ORDER BY id`, [template, agency.id])) as {
      recipient_email: string;
      data: Record<string, unknown>;
    }[];

  it('the admin switches the agency to rounds and sets a round whose dates are in order', async () => {
    await t.http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.officer)).send({ intake: 'rounds' }).expect(403);
    await t.http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'rounds' }).expect(200);
    const disordered = await t.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.admin)).send({ ...ROUND, finalAnnouncementOn: '2027-01-27' }).expect(400);
    expect(disordered.body).toMatchObject({ code: 'ROUND.DATES_OUT_OF_ORDER', errors: { finalAnnouncementOn: expect.any(String) } });
    await t.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.approver)).send(ROUND).expect(403);

    const created = await t.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.admin)).send({ ...ROUND, validityMonths: 6 }).expect(201);
    roundId = created.body.id;
    expect(created.body).toMatchObject({ phase: 'upcoming', validityMonths: 6, version: 1 });
    const edited = await t.http().put(`/api/agencies/${agency.id}/rounds/${roundId}`).set(bearer(agency.admin)).send({ ...ROUND, version: 1 }).expect(200);
    expect(edited.body).toMatchObject({ validityMonths: null, certificateValidity: 'until 2027-12-31', version: 2 });
    await t.http().put(`/api/agencies/${agency.id}/rounds/${roundId}`).set(bearer(agency.admin)).send({ ...ROUND, version: 1 }).expect(409);
    const overlap = await t.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.admin)).send({ ...ROUND, name: 'Kedua', registrationOpensOn: '2027-01-11' }).expect(409);
    expect(overlap.body.code).toBe('ROUND.OVERLAPS');

    const pub = await t.http().get(`/api/agencies/${agency.id}/rounds/public`).expect(200);
    expect(pub.body).toMatchObject({ intake: 'rounds', current: null, next: { id: roundId, registrationOpensOn: '2027-01-07', appealOpensOn: '2027-01-26' } });
    // The agency's public page says, in plain words, when to apply and when results come.
    const page = await t.http().get(`/instansi/${agency.code}`).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Periode berikutnya: Periode Pendaftaran 2027');
    expect(page.text).toContain('Pendaftaran: 7 Januari 2027 s.d. 11 Januari 2027');
    expect(page.text).toContain('Masa sanggah: 26 Januari 2027 s.d. 27 Januari 2027');
    const audit = await t.http().get('/api/audit').query({ entityType: 'round', limit: 100 }).set(bearer(agency.auditor)).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['round.created', 'round.updated']);
  });

  it('drafts wait for the round; a submission before it opens is refused with the dates in both languages', async () => {
    for (const key of ['a', 'b', 'c', 'd'] as const) {
      const draft = await createDraft(t, owners[key], apps[key].outletId, agency.id);
      apps[key] = { ...apps[key], id: draft.id, reference: draft.reference };
    }
    const early = await act(t, owners.a, apps.a.id, { action: 'submit', version: 1 }).expect(422);
    expect(early.body.code).toBe('ROUND.CLOSED');
    expect(early.body.message).toContain('7 Januari 2027 s.d. 11 Januari 2027');
    expect(early.body.message).toContain('from 7 January 2027 to 11 January 2027');
  });

  it('takes submissions from 00:00 WIB on the opening day and refuses one at 00:00 WIB after the close', async () => {
    at('2027-01-07T00:00:00');
    for (const key of ['a', 'b', 'c'] as const) {
      const res = await act(t, owners[key], apps[key].id, { action: 'submit', version: 1 }).expect(200);
      expect(res.body).toMatchObject({ status: 'submitted', roundId });
    }
    at('2027-01-11T23:59:00');
    expect((await t.http().get(`/api/agencies/${agency.id}/rounds/public`).expect(200)).body.current.phase).toBe('registration');
    at('2027-01-12T00:00:00');
    const late = await act(t, owners.d, apps.d.id, { action: 'submit', version: 1 }).expect(422);
    expect(late.body.code).toBe('ROUND.CLOSED');
    expect(late.body.message).toContain('11 Januari 2027');
    expect(late.body.message).toContain('11 January 2027');
    expect((await t.http().get(`/api/applications/${apps.d.id}`).set(bearer(owners.d)).expect(200)).body.status).toBe('draft');
  });

  it('staff keep working after the close: a resubmission is taken, and the queue filters by round', async () => {
    at('2027-01-13T09:00:00');
    // A: approved, its certificate valid to 31 December of the budget year.
    let v = (await act(t, agency.officer, apps.a.id, { action: 'pass_administrative', version: 2 }).expect(200)).body.version;
    v = (await act(t, agency.officer2, apps.a.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
    const approved = await act(t, agency.approver, apps.a.id, { action: 'approve', version: v }).expect(200);
    const [certA] = await t.dataSource.query(`SELECT valid_from, valid_until FROM certificates WHERE id = $1`, [approved.body.certificate.id]);
    expect(certA).toEqual({ valid_from: '2027-01-13', valid_until: '2027-12-31' });
    // B: rejected by the approver.
    v = (await act(t, agency.officer, apps.b.id, { action: 'pass_administrative', version: 2 }).expect(200)).body.version;
    v = (await act(t, agency.officer2, apps.b.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
    await act(t, agency.approver, apps.b.id, { action: 'reject', version: v, reason: 'Surat keterangan domisili kantor tidak sesuai alamat.' }).expect(200);
    // C: a revision asked and answered after the close, then rejected at the desk by the officer.
    v = (await act(t, agency.officer, apps.c.id, { action: 'request_revision', version: 2, reason: 'Lengkapi susunan redaksi.' }).expect(200)).body.version;
    v = (await act(t, owners.c, apps.c.id, { action: 'submit', version: v }).expect(200)).body.version;
    await act(t, agency.officer, apps.c.id, { action: 'reject', version: v, reason: 'Susunan redaksi tetap tidak memuat penanggung jawab.' }).expect(200);

    const queue = await t.http().get('/api/applications').query({ roundId }).set(bearer(agency.officer)).expect(200);
    expect(queue.body.items.map((i: { reference: string }) => i.reference).sort()).toEqual([apps.a.reference, apps.b.reference, apps.c.reference].sort());
    const other = await t.http().get('/api/applications').query({ roundId: '00000000-0000-4000-8000-000000000000' }).set(bearer(agency.officer)).expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('publishes the provisional result from its day: public list, PDF with its SHA-256, a mail to each applicant', async () => {
    at('2027-01-24T23:00:00');
    expect((await announce('provisional').expect(422)).body.code).toBe('ANNOUNCEMENT.TOO_EARLY');
    expect((await fileAppeal('b', { reason: 'Alamat domisili sudah diperbarui sesuai akta.' }).expect(422)).body.code).toBe('APPEAL.WINDOW_CLOSED');
    at('2027-01-25T09:00:00');
    await t.http().post(`/api/agencies/${agency.id}/rounds/${roundId}/announcements/provisional`).set(bearer(agency.officer)).expect(403);
    const published = await announce('provisional').expect(201);
    expect(published.body.counts).toEqual({ approved: 1, rejected: 2, pending: 0 });
    await announce('provisional').expect(409);

    const pub = await t.http().get(`/api/public/rounds/${roundId}/announcements`).expect(200);
    const [provisional] = pub.body.announcements;
    expect(provisional.entries).toEqual(
      expect.arrayContaining([
        { reference: apps.a.reference, outletName: 'Warta Alpha', result: 'approved' },
        { reference: apps.b.reference, outletName: 'Kabar Bravo', result: 'rejected' },
        { reference: apps.c.reference, outletName: 'Suara Charlie', result: 'rejected' },
      ]),
    );
    expect(provisional.entries).toHaveLength(3);
    const json = JSON.stringify(pub.body);
    for (const o of Object.values(owners)) expect(json).not.toContain(o.email);
    expect(json).not.toContain('Bambang');

    const pdf = await t.http().get(provisional.pdfUrl).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(sha256(pdf.body as Buffer)).toBe(provisional.pdfSha256);
    expect(pdf.headers['x-content-sha256']).toBe(provisional.pdfSha256);
    const text = await extractPdfText(pdf.body as Buffer);
    expect(text).toContain('PENGUMUMAN HASIL SEMENTARA');
    expect(text).toContain(`Kabar Bravo (${apps.b.reference}): Ditolak / Rejected`);
    expect(text).toContain(`Warta Alpha (${apps.a.reference}): Diterima / Approved`);
    expect(text).not.toContain('Lensa Delta');

    const sent = await mails('round_result_announced');
    expect(sent.map((m) => m.recipient_email).sort()).toEqual([owners.a.email, owners.b.email, owners.c.email].sort());
    expect(sent.every((m) => m.data.pdfSha256 === provisional.pdfSha256 && m.data.final === false)).toBe(true);
  });

  it('takes one appeal per rejected application in the window, reviewed by staff who did not reject it', async () => {
    at('2027-01-26T08:00:00');
    const [doc] = await t.dataSource.query(`SELECT id FROM documents WHERE outlet_id = $1 LIMIT 1`, [apps.b.outletId]);
    const [foreign] = await t.dataSource.query(`SELECT id FROM documents WHERE outlet_id = $1 LIMIT 1`, [apps.c.outletId]);
    expect((await fileAppeal('b', { reason: 'Alamat domisili sudah diperbarui sesuai akta.', documentIds: [foreign.id] }).expect(422)).body.code).toBe('APPEAL.UNKNOWN_DOCUMENT');
    const appealB = await fileAppeal('b', { reason: 'Alamat domisili sudah diperbarui sesuai akta.', documentIds: [doc.id] }).expect(201);
    expect(appealB.body).toMatchObject({ status: 'filed', documentIds: [doc.id] });
    expect((await fileAppeal('b', { reason: 'Sanggahan kedua untuk permohonan yang sama.' }).expect(409)).body.code).toBe('APPEAL.ALREADY_FILED');
    expect((await fileAppeal('a', { reason: 'Permohonan ini sudah diterima sebelumnya.' }).expect(409)).body.code).toBe('APPEAL.NOT_REJECTED');
    const appealC = await fileAppeal('c', { reason: 'Penanggung jawab sudah tercantum di halaman 2.' }).expect(201);
    const filedMails = await mails('appeal_filed_staff');
    expect(filedMails.map((m) => m.recipient_email).sort()).toEqual(
      [agency.officer.email, agency.officer2.email, agency.officer.email, agency.officer2.email].map((e) => e.toLowerCase()).sort(),
    );

    const decide = (actor: Actor, id: string, body: Record<string, unknown>) => t.http().post(`/api/appeals/${id}/decision`).set(bearer(actor)).send(body);
    // The approver who rejected B may not review appeals at all; the officer who rejected C may not review C's.
    await decide(agency.approver, appealB.body.id, { outcome: 'upheld', reason: 'Alamat sudah sesuai.' }).expect(403);
    const own = await decide(agency.officer, appealC.body.id, { outcome: 'upheld', reason: 'Penanggung jawab tercantum.' }).expect(403);
    expect(own.body).toMatchObject({ code: 'APPLICATION.SEPARATION_OF_DUTIES', errors: { duty: 'DECIDED_APPLICATION' } });

    const dismissed = await decide(agency.officer2, appealC.body.id, { outcome: 'dismissed', reason: 'Halaman 2 memuat redaksi lama, bukan penanggung jawab saat ini.' }).expect(200);
    expect(dismissed.body.status).toBe('dismissed');
    expect((await t.http().get(`/api/applications/${apps.c.id}`).set(bearer(owners.c)).expect(200)).body.status).toBe('rejected');
    await decide(agency.officer2, appealC.body.id, { outcome: 'upheld', reason: 'Berubah pikiran.' }).expect(409);

    const upheld = await decide(agency.officer, appealB.body.id, { outcome: 'upheld', reason: 'Alamat domisili sesuai akta terbaru.' }).expect(200);
    expect(upheld.body.status).toBe('upheld');
    const b = (await t.http().get(`/api/applications/${apps.b.id}`).set(bearer(agency.approver)).expect(200)).body;
    expect(b.status).toBe('awaiting_approval');
    expect(b.allowedActions).toEqual(['approve', 'reject']);
    expect(b.timeline.at(-1)).toMatchObject({ action: 'uphold_appeal', fromStatus: 'rejected', toStatus: 'awaiting_approval', reason: 'Alamat domisili sesuai akta terbaru.' });
    // The transition is reachable only through an appeal, never as a plain action.
    expect((await act(t, agency.officer, apps.c.id, { action: 'uphold_appeal', version: await version(owners.c, apps.c.id) }).expect(409)).body.code).toBe('APPLICATION.ACTION_NOT_ALLOWED');

    const approvedB = await act(t, agency.approver, apps.b.id, { action: 'approve', version: b.version }).expect(200);
    const [certB] = await t.dataSource.query(`SELECT valid_until FROM certificates WHERE id = $1`, [approvedB.body.certificate.id]);
    expect(certB.valid_until).toBe('2027-12-31');

    const decided = await mails('appeal_decided');
    expect(decided.map((m) => [m.recipient_email, m.data.upheld])).toEqual(expect.arrayContaining([[owners.b.email, true], [owners.c.email, false]]));
    at('2027-01-28T00:00:00');
    expect((await fileAppeal('c', { reason: 'Sanggahan setelah masa sanggah berakhir.' }).expect(422)).body.code).toBe('APPEAL.WINDOW_CLOSED');
  });

  it('publishes the final result, which closes the round, and the auditor exports both lists', async () => {
    at('2027-01-31T23:59:00');
    expect((await announce('final').expect(422)).body.code).toBe('ANNOUNCEMENT.TOO_EARLY');
    at('2027-02-01T09:00:00');
    const final = await announce('final').expect(201);
    expect(final.body.counts).toEqual({ approved: 2, rejected: 1, pending: 0 });
    expect(final.body.entries).toEqual(expect.arrayContaining([{ reference: apps.b.reference, outletName: 'Kabar Bravo', result: 'approved' }]));

    const pdf = await t.http().get(final.body.pdfUrl).buffer(true).parse(binary).expect(200);
    expect(sha256(pdf.body as Buffer)).toBe(final.body.pdfSha256);
    const text = await extractPdfText(pdf.body as Buffer);
    expect(text).toContain('PENGUMUMAN HASIL AKHIR');
    expect(text).toContain(`Kabar Bravo (${apps.b.reference}): Diterima / Approved`);
    expect(text).toContain(`Suara Charlie (${apps.c.reference}): Ditolak / Rejected`);

    const round = (await t.http().get(`/api/agencies/${agency.id}/rounds/${roundId}`).set(bearer(agency.officer)).expect(200)).body;
    expect(round.phase).toBe('closed');
    expect(round.closedAt).not.toBeNull();
    expect((await announce('final').expect(409)).body.code).toBe('ROUND.FINAL_PUBLISHED');
    await t.http().put(`/api/agencies/${agency.id}/rounds/${roundId}`).set(bearer(agency.admin)).send({ ...ROUND, version: round.version }).expect(409);
    expect((await mails('round_result_announced')).filter((m) => m.data.final === true)).toHaveLength(3);

    const actions = (await t.http().get('/api/audit').query({ limit: 200 }).set(bearer(agency.auditor)).expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['round.provisional_announced', 'round.final_announced', 'appeal.filed', 'appeal.upheld', 'appeal.dismissed', 'agency.intake_changed']));

    const zip = await t.http().get('/api/certificates/export').query({ year: 2027 }).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
    const files = await readZip(zip.body as Buffer);
    const rows = files.get('manifest.csv')!.toString('utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const listed = rows.filter((r) => r[0].startsWith('announcement-'));
    expect(listed.map((r) => r[0]).sort()).toEqual(['announcement-final', 'announcement-provisional']);
    for (const r of rows) expect(sha256(files.get(r[6])!)).toBe(r[5]);
    expect(listed.find((r) => r[0] === 'announcement-final')![5]).toBe(final.body.pdfSha256);
  });

  it('a round without an appeal window takes no appeal', async () => {
    at('2027-02-20T09:00:00');
    const plain = { ...ROUND, name: 'Periode Tambahan 2027', registrationOpensOn: '2027-03-01', registrationClosesOn: '2027-03-03', verificationUntil: '2027-03-05', provisionalAnnouncementOn: '2027-03-08', appealOpensOn: null, appealClosesOn: null, finalAnnouncementOn: '2027-03-10' };
    const second = await t.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.admin)).send(plain).expect(201);
    // D's draft, too late for the first round, joins the round open when it is submitted.
    at('2027-03-02T09:00:00');
    const submitted = await act(t, owners.d, apps.d.id, { action: 'submit', version: 1 }).expect(200);
    expect(submitted.body.roundId).toBe(second.body.id);
    await act(t, agency.officer, apps.d.id, { action: 'reject', version: submitted.body.version, reason: 'Akta pendirian tidak terbaca.' }).expect(200);
    at('2027-03-08T09:00:00');
    await t.http().post(`/api/agencies/${agency.id}/rounds/${second.body.id}/announcements/provisional`).set(bearer(agency.approver)).expect(201);
    at('2027-03-09T09:00:00');
    const refused = await t.http().post(`/api/applications/${apps.d.id}/appeal`).set(bearer(owners.d)).send({ reason: 'Akta sudah diunggah ulang dengan jelas.' }).expect(422);
    expect(refused.body.code).toBe('APPEAL.NO_WINDOW');
    expect(refused.body.message).toContain('tidak memiliki masa sanggah');
  });
});
