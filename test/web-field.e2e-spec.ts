import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { act, createDraft } from './support/applications';
import { appealedApplication } from './support/appeals';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { jpegBytes, pdfBytes, pngBytes } from './support/files';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { PageClient } from './support/page-client';

const version = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];

describe('officer evidence pages: field visit with photos, attestation, appeal decision', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;
  let owner: Actor;
  let app: { id: string; reference: string };

  beforeAll(async () => {
    t = await startTestApp({}, { clock: '2026-06-15T03:00:00Z' });
    agency = await createAgency(t);
    other = await createAgency(t);
    owner = await createApplicant(t);
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    app = await createDraft(t, owner, outlet.id, agency.id);
    await act(t, owner, app.id, { action: 'submit', version: 1 }).expect(200);
  });
  afterAll(() => t.close());

  it('records an attestation with its screenshot, showing each error beside its field first', async () => {
    const c = await PageClient.as(t, agency.officer);
    const page = await c.get(`/permohonan/${app.id}/atestasi`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Atestasi pemeriksaan');
    expect(page.text).toContain('value="press-council-verification"');
    const csrf = PageClient.csrf(page.text);

    const bad = await c.upload(`/permohonan/${app.id}/atestasi`, { _csrf: csrf, ruleId: 'press-council-verification', lookupUrl: 'http://dewanpers.or.id', lookedUpAt: '2026-06-15T09:30', observed: '' }, [
      { name: 'file', content: pdfBytes(), fileName: 'x.pdf', type: 'application/pdf' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('class="error-summary"');
    expect(bad.text).toContain('Masukkan alamat https lengkap halaman yang diperiksa');
    expect(bad.text).toContain('Tuliskan apa yang terlihat');
    expect(bad.text).toContain('value="http://dewanpers.or.id"');

    const good = await c.upload(
      `/permohonan/${app.id}/atestasi`,
      { _csrf: csrf, ruleId: 'press-council-verification', lookupUrl: 'https://dewanpers.or.id/data/perusahaanpers', lookedUpAt: '2026-06-15T09:30', observed: 'Terverifikasi faktual sejak 2023' },
      [{ name: 'file', content: pngBytes(), fileName: 'dp.png', type: 'image/png' }],
    );
    expect(good.status).toBe(303);
    expect(good.headers.location).toBe(`/permohonan/${app.id}?flash=attestationRecorded`);
    const detail = await t.http().get(`/api/applications/${app.id}`).set(bearer(agency.auditor)).expect(200);
    // 09:30 on the form is WIB.
    expect(detail.body.attestations).toEqual([expect.objectContaining({ lookedUpAt: '2026-06-15T02:30:00.000Z', observed: 'Terverifikasi faktual sejak 2023' })]);
    const listed = await c.get(`/permohonan/${app.id}/atestasi`);
    expect(listed.text).toContain('Terverifikasi faktual sejak 2023');
    // The screenshot opens through the page session, for staff of the agency only.
    const shotUrl = `/permohonan/${app.id}/atestasi/${detail.body.attestations[0].id as string}`;
    expect(listed.text).toContain(`href="${shotUrl}"`);
    const shot = await t.http().get(shotUrl).set('cookie', c.cookieHeader()).buffer(true).expect(200);
    expect(shot.headers['content-type']).toBe('image/png');
    const stranger = await PageClient.as(t, other.auditor);
    expect((await stranger.get(shotUrl)).status).toBe(404);
  });

  it('sends the visit form back to the application before the field stage, and keeps strangers out', async () => {
    const c = await PageClient.as(t, agency.officer);
    const early = await c.get(`/permohonan/${app.id}/kunjungan`);
    expect({ status: early.status, location: early.headers.location }).toEqual({ status: 303, location: `/permohonan/${app.id}` });
    const approver = await PageClient.as(t, agency.approver);
    expect((await approver.get(`/permohonan/${app.id}/kunjungan`)).status).toBe(403);
    const stranger = await PageClient.as(t, other.officer);
    for (const path of [`/permohonan/${app.id}/kunjungan`, `/permohonan/${app.id}/atestasi`]) expect((await stranger.get(path)).status).toBe(404);
  });

  it('records the field visit with photos: errors kept beside fields, uploaded photos kept, office not confirmed explained', async () => {
    const v = (await t.http().get(`/api/applications/${app.id}`).set(bearer(agency.officer)).expect(200)).body.version as number;
    await act(t, agency.officer, app.id, { action: 'pass_administrative', version: v }).expect(200);
    const c = await PageClient.as(t, agency.officer2);
    const page = await c.get(`/permohonan/${app.id}/kunjungan`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Kunjungan lapangan');
    expect(page.text).toContain('multiple accept="image/jpeg,image/png"');
    const csrf = PageClient.csrf(page.text);
    const url = `/permohonan/${app.id}/kunjungan`;

    // Nothing filled in, one good photo and one that is not a picture.
    const first = await c.upload(url, { _csrf: csrf, version: version(page.text), visitedOn: '', notes: '' }, [
      { name: 'photos', content: jpegBytes(), fileName: 'papan nama.jpg', type: 'image/jpeg' },
      { name: 'photos', content: pdfBytes(), fileName: 'bukan.jpg', type: 'image/jpeg' },
    ]);
    expect(first.status).toBe(400);
    expect(first.text).toContain('class="error-summary"');
    expect(first.text).toContain('Pilih apakah kantor ditemukan');
    expect(first.text).toContain('Foto harus berupa JPEG atau PNG');
    expect(first.text).toContain('papan-nama.jpg');
    const kept = [...first.text.matchAll(/name="photoIds" value="([0-9a-f-]+)"/g)].map((m) => m[1]);
    expect(kept).toHaveLength(1);

    // The office was not found: the page says to request a revision or reject instead.
    const notFound = await c.upload(url, { _csrf: csrf, version: version(first.text), visitedOn: '2026-06-14', officeConfirmed: 'no', notes: 'Alamat kosong.', photoIds: kept }, []);
    expect(notFound.status).toBe(400);
    expect(notFound.text).toContain('Kantor tidak terkonfirmasi');
    expect(notFound.text).toContain('Kembali ke halaman permohonan untuk meminta perbaikan atau menolak');
    expect(notFound.text).toContain(`value="${kept[0]}"`);

    const passed = await c.upload(url, { _csrf: csrf, version: version(notFound.text), visitedOn: '2026-06-14', officeConfirmed: 'yes', notes: 'Kantor ada, 5 orang bekerja.', photoIds: kept }, [
      { name: 'photos', content: pngBytes(), fileName: 'ruang.png', type: 'image/png' },
    ]);
    expect(passed.status).toBe(303);
    expect(passed.headers.location).toBe(`/permohonan/${app.id}?flash=fieldVisitPassed`);
    const after = await c.get(passed.headers.location);
    expect(after.text).toContain('Kunjungan lapangan disimpan');
    const detail = (await t.http().get(`/api/applications/${app.id}`).set(bearer(agency.auditor)).expect(200)).body;
    expect(detail.status).toBe('awaiting_approval');
    expect(detail.fieldVisit).toMatchObject({ visitedOn: '2026-06-14', officeConfirmed: true, notes: 'Kantor ada, 5 orang bekerja.' });
    expect(detail.fieldVisitPhotos.map((p: { fileName: string }) => p.fileName)).toEqual(['papan-nama.jpg', 'ruang.png']);

    // Staff open a photo through the page session; another agency cannot.
    const photoUrl = `/permohonan/${app.id}/foto/${kept[0]}`;
    const photo = await t.http().get(photoUrl).set('cookie', c.cookieHeader()).buffer(true).expect(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const stranger = await PageClient.as(t, other.officer);
    expect((await stranger.get(photoUrl)).status).toBe(404);
    // The field stage is over: the form sends the officer back to the application.
    expect((await c.get(url)).status).toBe(303);
  });

  it('shows an appeal with the rejection it answers; the officer who rejected is told why not; an approver upholds it', async () => {
    const appellant = await createApplicant(t);
    const appeal = await appealedApplication(t, agency, appellant, { passAdministrativeBy: agency.officer, rejecter: agency.officer2 });
    const url = `/sanggahan/${appeal.appealId}`;

    const rejecter = await PageClient.as(t, agency.officer2);
    // The staff application page leads to the appeal.
    expect((await rejecter.get(`/permohonan/${appeal.applicationId}`)).text).toContain(`href="${url}"`);
    const refused = await rejecter.get(url);
    expect(refused.status).toBe(200);
    expect(refused.text).toContain('Akta perubahan terbaru sudah disahkan AHU');
    expect(refused.text).toContain('Akta pendirian tidak sesuai dengan data AHU');
    expect(refused.text).toContain('Anda tidak dapat memutus sanggahan ini karena Anda ikut mengambil keputusan yang disanggah');
    expect(refused.text).not.toContain('name="outcome"');
    const forced = await rejecter.post(url, { _csrf: PageClient.csrf(refused.text), outcome: 'upheld', reason: 'Saya berubah pikiran.' });
    expect(forced.status).toBe(403);
    expect(forced.text).toContain('ikut mengambil keputusan yang disanggah');

    const stranger = await PageClient.as(t, other.approver);
    expect((await stranger.get(url)).status).toBe(404);
    const auditor = await PageClient.as(t, agency.auditor);
    expect((await auditor.get(url)).status).toBe(403);

    const approver = await PageClient.as(t, agency.approver);
    const form = await approver.get(url);
    expect(form.text).toContain('name="outcome"');
    const csrf = PageClient.csrf(form.text);
    const missing = await approver.post(url, { _csrf: csrf, reason: 'ok' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Pilih keputusan: terima atau tolak sanggahan');
    expect(missing.text).toContain('Tuliskan alasan, 5 sampai 4000 karakter');
    const upheld = await approver.post(url, { _csrf: csrf, outcome: 'upheld', reason: 'Akta perubahan sudah disahkan sebelum pendaftaran.' });
    expect(upheld.status).toBe(303);
    expect(upheld.headers.location).toBe(`/permohonan/${appeal.applicationId}?flash=appealUpheld`);
    // Upholding did not make the approver a reviewer: the approval is still theirs to give.
    expect((await approver.get(upheld.headers.location)).text).toContain('Setujui dan terbitkan sertifikat');
    const decided = await approver.get(url);
    expect(decided.text).toContain('Diterima');
    expect(decided.text).toContain('Akta perubahan sudah disahkan sebelum pendaftaran.');
  });
});
