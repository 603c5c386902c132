import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/test-app';
import { act, createDraft, FIELD_VISIT } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { jpegBytes, pdfBytes, pngBytes } from './support/files';
import { createCompleteOutlet } from './support/outlets';
import { binary, readZip } from './support/zip';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Field-visit photos: uploaded by the officer while the application is in field verification,
 * attached to the pass_field decision in its transaction, shown in the application and exported.
 */
describe('field visit photos', () => {
  let t: TestApp;
  let owner: Actor;
  let agency: TestAgency;
  let app: { id: string; reference: string };
  let version: number;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: '2026-06-15T03:00:00Z' });
    owner = await createApplicant(t);
    agency = await createAgency(t);
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    app = await createDraft(t, owner, outlet.id, agency.id);
    version = (await act(t, owner, app.id, { action: 'submit', version: 1 }).expect(200)).body.version;
  });
  afterAll(() => t.close());

  const upload = (actor: Actor, file: { content: Buffer; name: string; type: string } | null, id = app.id) => {
    const req = t.http().post(`/api/applications/${id}/field-visit-photos`).set(bearer(actor));
    return file ? req.attach('file', file.content, { filename: file.name, contentType: file.type }) : req.field('note', 'x');
  };
  const photoCount = async () => ((await t.dataSource.query(`SELECT count(*)::int AS n FROM field_visit_photos`)) as { n: number }[])[0].n;

  it('is refused before the field stage, then uploaded as JPEG with its SHA-256 and an audit event', async () => {
    const jpeg = jpegBytes(80, 60);
    const early = await upload(agency.officer, { content: jpeg, name: 'kantor.jpg', type: 'image/jpeg' });
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'FIELD_VISIT.NOT_IN_FIELD_STAGE' });
    version = (await act(t, agency.officer, app.id, { action: 'pass_administrative', version }).expect(200)).body.version;

    const res = await upload(agency.officer2, { content: jpeg, name: 'Papan nama kantor.jpg', type: 'image/jpeg' }).expect(201);
    expect(res.body).toMatchObject({
      applicationId: app.id,
      fileName: 'Papan-nama-kantor.jpg',
      mimeType: 'image/jpeg',
      size: jpeg.length,
      sha256: sha256(jpeg),
      uploadedBy: { id: agency.officer2.id },
      attached: false,
    });
    const audit = await t.http().get('/api/audit').query({ action: 'application.field_visit_photo_uploaded' }).set(bearer(agency.auditor)).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ entityId: app.id })]);
    // Pending photos are not yet evidence of anything.
    const detail = await t.http().get(`/api/applications/${app.id}`).set(bearer(agency.officer)).expect(200);
    expect(detail.body.fieldVisitPhotos).toEqual([]);
  });

  it('refuses bad content, strangers and other roles with a 4xx, storing nothing', async () => {
    const before = await photoCount();
    const cases: [{ content: Buffer; name: string; type: string } | null, number, string][] = [
      [null, 400, 'FIELD_VISIT.NO_PHOTO'],
      [{ content: Buffer.alloc(0), name: 'x.jpg', type: 'image/jpeg' }, 422, 'FIELD_VISIT.EMPTY_PHOTO'],
      [{ content: pdfBytes('bukan foto'), name: 'x.pdf', type: 'application/pdf' }, 422, 'FIELD_VISIT.UNSUPPORTED_TYPE'],
      [{ content: jpegBytes(), name: 'x.png', type: 'image/png' }, 422, 'FIELD_VISIT.TYPE_MISMATCH'],
      [{ content: pngBytes().subarray(0, 40), name: 'x.png', type: 'image/png' }, 422, 'FIELD_VISIT.UNREADABLE_PHOTO'],
      [{ content: Buffer.from('<html><script>alert(1)</script></html>'), name: 'x.jpg', type: 'image/jpeg' }, 422, 'FIELD_VISIT.UNSUPPORTED_TYPE'],
    ];
    for (const [file, status, code] of cases) {
      const res = await upload(agency.officer, file);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    }
    const png = { content: pngBytes(), name: 'x.png', type: 'image/png' };
    expect((await upload(owner, png)).status).toBe(403);
    expect((await upload(agency.approver, png)).status).toBe(403);
    const other = await createAgency(t);
    expect((await upload(other.officer, png)).status).toBe(404);
    expect(await photoCount()).toBe(before);
  });

  it('is attached to the pass_field decision, shown in the application, readable by staff only, and in the export', async () => {
    const png = pngBytes();
    const second = (await upload(agency.officer2, { content: png, name: 'ruang redaksi.png', type: 'image/png' }).expect(201)).body as { id: string };
    const [first] = (await t.dataSource.query(`SELECT id FROM field_visit_photos WHERE application_id = $1 AND id <> $2`, [app.id, second.id])) as { id: string }[];
    const other = await createAgency(t);

    // A photo that is not this application's refuses the whole decision.
    const bad = await act(t, agency.officer2, app.id, { action: 'pass_field', version, fieldVisit: { ...FIELD_VISIT, photoIds: [first.id, '00000000-0000-4000-8000-000000000000'] } });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 422, code: 'FIELD_VISIT.UNKNOWN_PHOTO' });
    expect(bad.body.errors).toHaveProperty(['fieldVisit.photoIds']);

    const passed = await act(t, agency.officer2, app.id, { action: 'pass_field', version, fieldVisit: { ...FIELD_VISIT, photoIds: [first.id, second.id] } }).expect(200);
    version = passed.body.version;
    expect(passed.body.fieldVisitPhotos.map((p: { id: string; attached: boolean }) => [p.id, p.attached])).toEqual([
      [first.id, true],
      [second.id, true],
    ]);
    expect(passed.body.fieldVisit).toEqual({ ...FIELD_VISIT, photoIds: [first.id, second.id] });
    const audit = await t.http().get('/api/audit').query({ action: 'application.pass_field' }).set(bearer(agency.auditor)).expect(200);
    expect(audit.body.items[0].data.photos).toEqual([
      { id: first.id, sha256: sha256(jpegBytes(80, 60)) },
      { id: second.id, sha256: sha256(png) },
    ]);
    // The outlet sees that there is evidence, not the pictures.
    const mine = await t.http().get(`/api/applications/${app.id}`).set(bearer(owner)).expect(200);
    expect(mine.body.fieldVisitPhotos).toHaveLength(2);

    const photoUrl = `/api/applications/${app.id}/field-visit-photos/${second.id}`;
    const read = await t.http().get(photoUrl).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
    expect(read.headers['content-type']).toBe('image/png');
    expect(read.headers['x-content-sha256']).toBe(sha256(png));
    expect(sha256(read.body as Buffer)).toBe(sha256(png));
    expect((await t.http().get(photoUrl).set(bearer(owner))).status).toBe(404);
    expect((await t.http().get(photoUrl).set(bearer(other.auditor))).status).toBe(404);

    await act(t, agency.approver, app.id, { action: 'approve', version }).expect(200);
    const zip = await t.http().get('/api/certificates/export').query({ year: 2026 }).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
    const files = await readZip(zip.body as Buffer);
    const csv = files.get('field-visit-photos.csv')!.toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('application,visited_on,decided_by,decided_at,sha256,file');
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => [r[0], r[1], r[5]])).toEqual([
      [app.reference, FIELD_VISIT.visitedOn, `field-visits/${first.id}.jpg`],
      [app.reference, FIELD_VISIT.visitedOn, `field-visits/${second.id}.png`],
    ]);
    for (const r of rows) expect(sha256(files.get(r[5])!)).toBe(r[4]);
  });

  it('is refused once the field stage is over', async () => {
    const res = await upload(agency.officer, { content: pngBytes(), name: 'x.png', type: 'image/png' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'FIELD_VISIT.NOT_IN_FIELD_STAGE' });
  });
});
