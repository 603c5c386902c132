import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { act, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { PageClient } from './support/page-client';
import { ROUND_2027 as ROUND } from './support/rounds';

/** The page's words, without tags and entities, so assertions read like the page. */
const words = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');


/**
 * The outlet's side of a round on the pages: told when a round opens, the window on the check and
 * submit pages, a late submission refused with the dates, the public result list, and an appeal
 * filed through its form and shown with its decision.
 */
describe('web: registration rounds for outlets', () => {
  let t: TestApp;
  let agency: TestAgency;
  let roundId: string;
  const people = {} as Record<'a' | 'c' | 'late', Actor>;
  const apps = {} as Record<'a' | 'c' | 'late', { id: string; outletId: string; reference: string }>;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: '2027-01-03T10:00:00+07:00' });
    agency = await createAgency(t);
    await t.http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'rounds' }).expect(200);
    for (const [key, name] of [['a', 'Warta Alpha'], ['c', 'Suara Charlie'], ['late', 'Lensa Telat']] as const) {
      people[key] = await createApplicant(t);
      const outlet = await createCompleteOutlet(t, people[key], { reporters: 0, overrides: { brandName: name } });
      apps[key] = { id: '', outletId: outlet.id, reference: '' };
    }
  }, 120_000);
  afterAll(() => t.close());

  const at = (wib: string) => t.clock.set(`${wib}+07:00`);
  const page = async (actor: Actor, path: string) => (await PageClient.as(t, actor)).get(path);

  it('an outlet asks on the agency page to be told, and is mailed when the round is announced', async () => {
    const anonymous = await new PageClient(t).get(`/instansi/${agency.code}`);
    expect(words(anonymous.text)).toContain('Masuk sebagai media untuk diberi tahu saat periode dibuka');
    const c = await PageClient.as(t, people.late);
    expect(words((await c.get(`/instansi/${agency.code}`)).text)).toContain('Beri tahu saya saat periode dibuka');
    const on = await c.submit(`/instansi/${agency.code}`, `/instansi/${agency.code}/pemberitahuan`, { action: 'subscribe' });
    expect(on.status).toBe(303);
    expect(on.headers.location).toBe(`/instansi/${agency.code}?flash=roundSubscribed#pemberitahuan`);
    const shown = words((await c.get(on.headers.location as string)).text);
    expect(shown).toMatch(/Anda akan diberi tahu saat Diskominfo Uji \S+ mengumumkan atau membuka periode pendaftaran\./);
    expect(shown).toContain('Berhenti memberi tahu saya');
    // Staff have no such form, and posting it is refused.
    const officer = await PageClient.as(t, agency.officer);
    expect((await officer.get(`/instansi/${agency.code}`)).text).not.toContain('pemberitahuan"');
    expect((await officer.submit(`/instansi/${agency.code}`, `/instansi/${agency.code}/pemberitahuan`, { action: 'subscribe' })).status).toBe(403);

    roundId = (await t.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.admin)).send(ROUND).expect(201)).body.id;
    const [mail] = await t.dataSource.query(`SELECT recipient_email FROM outbox WHERE template = 'round_announced' AND agency_id = $1`, [agency.id]);
    expect(mail.recipient_email).toBe(people.late.email);
  });

  it('before registration opens, the check and submit pages give the dates instead of a submit button', async () => {
    const check = words((await page(people.late, `/media/${apps.late.outletId}/cek?instansi=${agency.code}`)).text);
    expect(check).toContain('Pendaftaran Periode 2027 dibuka 7 Januari 2027 s.d. 11 Januari 2027 (WIB).');
    expect(check).toContain('Siapkan draf permohonan');
    // The rule results say their dates in WIB words, not ISO.
    expect(check).toMatch(/oleh Dewan Pers sejak \d{1,2} [A-Z][a-z]+ \d{4}, berlaku sampai \d{1,2} [A-Z][a-z]+ \d{4}\./);
    expect(check).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    for (const key of ['a', 'c', 'late'] as const) {
      const draft = await createDraft(t, people[key], apps[key].outletId, agency.id);
      apps[key] = { ...apps[key], id: draft.id, reference: draft.reference };
    }
    const review = await page(people.a, `/permohonan/${apps.a.id}/ajukan`);
    expect(words(review.text)).toContain('dibuka 7 Januari 2027 s.d. 11 Januari 2027');
    expect(review.text).not.toContain(`action="/permohonan/${apps.a.id}/ajukan"`);
  });

  it('during registration the submit page names the closing day and takes the submission', async () => {
    at('2027-01-11T20:00:00');
    const c = await PageClient.as(t, people.a);
    const review = await c.get(`/permohonan/${apps.a.id}/ajukan`);
    expect(words(review.text)).toContain('Periode 2027: pendaftaran dibuka sampai 11 Januari 2027 pukul 23.59 WIB.');
    const submitted = await c.submit(`/permohonan/${apps.a.id}/ajukan`, `/permohonan/${apps.a.id}/ajukan`, { version: '1' });
    expect(submitted.status).toBe(303);
    await act(t, people.c, apps.c.id, { action: 'submit', version: 1 }).expect(200);
  });

  it('refuses a late submission on the page with the dates, in Indonesian and in English', async () => {
    at('2027-01-12T00:00:00');
    const c = await PageClient.as(t, people.late);
    const app = words((await c.get(`/permohonan/${apps.late.id}`)).text);
    expect(app).toContain('Pendaftaran Periode 2027 sudah ditutup; pendaftaran dibuka 7 Januari 2027 s.d. 11 Januari 2027 (WIB).');
    expect(app).not.toContain('Ajukan permohonan');
    // A form kept open from the day before is refused, with the dates and no submit button.
    const late = await c.submit(`/permohonan/${apps.late.id}`, `/permohonan/${apps.late.id}/ajukan`, { version: '1' });
    expect(late.status).toBe(422);
    expect(words(late.text)).toContain('7 Januari 2027 s.d. 11 Januari 2027');
    expect(late.text).not.toContain('name="version"');
    await c.submit(`/permohonan/${apps.late.id}`, '/bahasa', { locale: 'en', next: `/permohonan/${apps.late.id}` });
    const en = words((await c.get(`/permohonan/${apps.late.id}`)).text);
    expect(en).toContain('Registration for Periode 2027 has closed; it was open from 7 January 2027 to 11 January 2027 (WIB).');
    expect((await t.http().get(`/api/applications/${apps.late.id}`).set(bearer(people.late)).expect(200)).body.status).toBe('draft');
  });

  it('the appeal form says when appeals open until the provisional result is out, then the public page lists the result', async () => {
    at('2027-01-13T09:00:00');
    for (const key of ['a', 'c'] as const) {
      await act(t, agency.officer, apps[key].id, { action: 'reject', version: 2, reason: 'Akta pendirian tidak memuat KBLI pers.' }).expect(200);
    }
    at('2027-01-24T09:00:00');
    const before = words((await page(people.a, `/permohonan/${apps.a.id}/sanggah`)).text);
    expect(before).toContain('Hasil sementara Periode 2027 belum diumumkan; sanggahan diajukan setelah pengumuman itu, pada masa sanggah 26 Januari 2027 s.d. 27 Januari 2027 (WIB).');
    expect(before).toContain('Akta pendirian tidak memuat KBLI pers.');

    at('2027-01-25T09:00:00');
    await t.http().post(`/api/agencies/${agency.id}/rounds/${roundId}/announcements/provisional`).set(bearer(agency.approver)).expect(201);
    const agencyPage = (await new PageClient(t).get(`/instansi/${agency.code}`)).text;
    expect(agencyPage).toContain(`href="/instansi/${agency.code}/pengumuman/${roundId}"`);
    const list = await new PageClient(t).get(`/instansi/${agency.code}/pengumuman/${roundId}`);
    expect(list.status).toBe(200);
    const listed = words(list.text);
    expect(listed).toContain('Pengumuman Periode 2027');
    expect(listed).toContain(`${apps.a.reference} Warta Alpha Ditolak`);
    expect(listed).toContain(`${apps.c.reference} Suara Charlie Ditolak`);
    expect(listed).not.toContain('Lensa Telat');
    expect(listed).toContain('Diterima 0, ditolak 2, dalam proses 0.');
    const [{ pdf_sha256: sha }] = await t.dataSource.query(`SELECT pdf_sha256 FROM round_announcements WHERE round_id = $1`, [roundId]);
    expect(list.text).toContain(sha);
    expect(list.text).toContain(`/api/public/rounds/${roundId}/announcements/provisional.pdf`);
    expect((await new PageClient(t).get(`/instansi/NOPE/pengumuman/${roundId}`)).status).toBe(404);
    expect(words((await page(people.a, `/permohonan/${apps.a.id}/sanggah`)).text)).toContain('Masa sanggah Periode 2027 baru dibuka 26 Januari 2027 s.d. 27 Januari 2027 (WIB).');
  });

  it('in the window the outlet files one appeal through the form, and sees it and its decision afterwards', async () => {
    at('2027-01-26T08:00:00');
    const c = await PageClient.as(t, people.a);
    const appPage = words((await c.get(`/permohonan/${apps.a.id}`)).text);
    expect(appPage).toContain('Anda dapat mengajukan sanggahan satu kali, paling lambat 27 Januari 2027 pukul 23.59 WIB.');
    const dashboard = words((await c.get('/dasbor')).text);
    expect(dashboard).toContain('Warta Alpha: permohonan ke Diskominfo');
    expect(dashboard).toContain('ditolak; sanggahan dapat diajukan paling lambat 27 Januari 2027.');
    expect((await c.get('/dasbor')).text).toContain(`href="/permohonan/${apps.a.id}/sanggah"`);
    const form = await c.get(`/permohonan/${apps.a.id}/sanggah`);
    expect(words(form.text)).toContain(`Permohonan ${apps.a.reference} (Warta Alpha) ditolak pada Periode 2027.`);
    const [doc] = await t.dataSource.query(`SELECT id FROM documents WHERE outlet_id = $1 AND type = 'deed' LIMIT 1`, [apps.a.outletId]);
    expect(form.text).toContain(`value="${doc.id}"`);

    const short = await c.submit(`/permohonan/${apps.a.id}/sanggah`, `/permohonan/${apps.a.id}/sanggah`, { reason: 'Salah.' });
    expect(short.status).toBe(400);
    expect(words(short.text)).toContain('Tulis alasan sanggahan, 10 sampai 4000 karakter');
    expect(short.text).toContain('Salah.');
    const filed = await c.submit(`/permohonan/${apps.a.id}/sanggah`, `/permohonan/${apps.a.id}/sanggah`, { reason: 'Akta perubahan 2026 sudah memuat KBLI 63122.', documentIds: [doc.id] });
    expect(filed.status).toBe(303);
    expect(filed.headers.location).toBe(`/permohonan/${apps.a.id}?flash=appealFiled`);
    const after = words((await c.get(filed.headers.location as string)).text);
    expect(after).toContain('Sanggahan terkirim.');
    expect(after).toContain('Sedang diperiksa');
    expect(after).toContain('Akta perubahan 2026 sudah memuat KBLI 63122.');
    expect(after).toContain('Akta pendirian: ');
    // Once per application: the form now leads back to the application.
    expect((await c.get(`/permohonan/${apps.a.id}/sanggah`)).headers.location).toBe(`/permohonan/${apps.a.id}`);
    const appeal = (await t.http().get(`/api/applications/${apps.a.id}/appeal`).set(bearer(people.a)).expect(200)).body;
    expect(appeal).toMatchObject({ status: 'filed', documentIds: [doc.id] });

    // Staff have no appeal form; another outlet does not see this application.
    expect((await page(agency.officer, `/permohonan/${apps.a.id}/sanggah`)).status).toBe(403);
    expect((await page(people.late, `/permohonan/${apps.a.id}/sanggah`)).status).toBe(404);

    await t.http().post(`/api/appeals/${appeal.id}/decision`).set(bearer(agency.officer2)).send({ outcome: 'dismissed', reason: 'Akta perubahan belum disahkan Kemenkumham.' }).expect(200);
    const decided = words((await c.get(`/permohonan/${apps.a.id}`)).text);
    expect(decided).toContain('Ditolak: keputusan penolakan tetap berlaku');
    expect(decided).toContain('Akta perubahan belum disahkan Kemenkumham.');
  });

  it('after the window the page says when it was, in words', async () => {
    at('2027-01-28T00:00:00');
    const text = words((await page(people.c, `/permohonan/${apps.c.id}`)).text);
    expect(text).toContain('Masa sanggah Periode 2027 sudah berakhir; masa sanggah berlangsung 26 Januari 2027 s.d. 27 Januari 2027 (WIB).');
    const form = await page(people.c, `/permohonan/${apps.c.id}/sanggah`);
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('name="reason"');
  });
});
