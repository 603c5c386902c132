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
 * Evidence for checks with no API: an officer records the lookup on an application under review;
 * it shows in the application and in the auditor's export, screenshot and hash included.
 */
describe('attestations', () => {
  let t: TestApp;
  let owner: Actor;
  let agency: TestAgency;
  let app: { id: string; reference: string };

  beforeAll(async () => {
    t = await startTestApp({}, { clock: '2026-06-15T03:00:00Z' });
    owner = await createApplicant(t);
    agency = await createAgency(t);
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    app = await createDraft(t, owner, outlet.id, agency.id);
  });
  afterAll(() => t.close());

  const attest = (actor: Actor, fields: Record<string, string>, file: { content: Buffer; name: string; type: string } | null) => {
    let req = t.http().post(`/api/applications/${app.id}/attestations`).set(bearer(actor));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', file.content, { filename: file.name, contentType: file.type });
    return req;
  };
  const GOOD = {
    ruleId: 'press-council-verification',
    lookupUrl: 'https://dewanpers.or.id/data/perusahaanpers?nama=Lensa+Jatim',
    lookedUpAt: '2026-06-15T09:30:00+07:00',
    observed: 'PT Lensa Jatim Media tercatat Terverifikasi Faktual sejak 12 Maret 2023',
  };

  it('is refused on a draft, then recorded by an officer with a PNG screenshot while the application is under review', async () => {
    const screenshot = pngBytes();
    // Staff do not see a draft at all.
    expect((await attest(agency.officer, GOOD, { content: screenshot, name: 'dp.png', type: 'image/png' })).status).toBe(404);
    await act(t, owner, app.id, { action: 'submit', version: 1 }).expect(200);

    const res = await attest(agency.officer, GOOD, { content: screenshot, name: 'Dewan Pers hasil.png', type: 'image/png' }).expect(201);
    expect(res.body).toMatchObject({
      applicationId: app.id,
      ruleId: 'press-council-verification',
      lookupUrl: GOOD.lookupUrl,
      lookedUpAt: '2026-06-15T02:30:00.000Z',
      observed: GOOD.observed,
      screenshot: { mimeType: 'image/png', size: screenshot.length, sha256: sha256(screenshot), fileName: 'Dewan-Pers-hasil.png' },
      recordedBy: { id: agency.officer.id },
    });

    const detail = await t.http().get(`/api/applications/${app.id}`).set(bearer(agency.approver)).expect(200);
    expect(detail.body.attestations).toEqual([res.body]);
    const shot = await t
      .http()
      .get(`/api/applications/${app.id}/attestations/${res.body.id}/screenshot`)
      .set(bearer(agency.auditor))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(sha256(shot.body as Buffer)).toBe(sha256(screenshot));
    const audit = await t.http().get('/api/audit').query({ action: 'application.attestation_recorded' }).set(bearer(agency.auditor)).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ entityId: app.id })]);
  });

  it('refuses what an auditor could not replay, naming the field, and stores nothing', async () => {
    const png = { content: pngBytes(), name: 'dp.png', type: 'image/png' };
    const cases: [Record<string, string>, typeof png | null, number, string, string?][] = [
      [{ ...GOOD, lookupUrl: 'http://dewanpers.or.id/data' }, png, 400, 'ATTESTATION.INVALID', 'lookupUrl'],
      [{ ...GOOD, lookedUpAt: '2026-06-15 09:30' }, png, 400, 'ATTESTATION.INVALID', 'lookedUpAt'],
      [{ ...GOOD, lookedUpAt: '2026-06-16T09:30:00+07:00' }, png, 400, 'ATTESTATION.INVALID', 'lookedUpAt'],
      [{ ...GOOD, observed: '   ' }, png, 400, 'ATTESTATION.INVALID', 'observed'],
      [GOOD, null, 400, 'ATTESTATION.NO_SCREENSHOT'],
      [GOOD, { content: pdfBytes('bukan gambar'), name: 'dp.pdf', type: 'application/pdf' }, 422, 'ATTESTATION.UNSUPPORTED_TYPE'],
      [GOOD, { content: jpegBytes(), name: 'dp.png', type: 'image/png' }, 422, 'ATTESTATION.TYPE_MISMATCH'],
      [GOOD, { content: pngBytes().subarray(0, 40), name: 'dp.png', type: 'image/png' }, 422, 'ATTESTATION.UNREADABLE_SCREENSHOT'],
      [{ ...GOOD, ruleId: 'ahu-register' }, png, 422, 'ATTESTATION.UNKNOWN_RULE', 'ruleId'],
    ];
    for (const [fields, file, status, code, field] of cases) {
      const res = await attest(agency.officer, fields, file);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      if (field) expect(Object.keys(res.body.errors)).toContain(field);
    }
    expect((await attest(owner, GOOD, png)).status).toBe(403);
    expect((await attest(agency.auditor, GOOD, png)).status).toBe(403);
    const other = await createAgency(t);
    expect((await attest(other.officer, GOOD, png)).status).toBe(404);
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM application_attestations`)) as { n: number }[];
    expect(n).toBe(1);
  });

  it("is in the auditor's export: the screenshot, and a CSV row whose SHA-256 matches it", async () => {
    const jpeg = jpegBytes(80, 60);
    const second = await attest(agency.officer2, { ...GOOD, ruleId: 'legal-entity', lookupUrl: 'https://ahu.go.id/pencarian/profil-pt', observed: 'Badan hukum PT aktif; pengesahan AHU-0012345' }, {
      content: jpeg,
      name: 'ahu.jpg',
      type: 'image/jpeg',
    }).expect(201);
    const detail = (await t.http().get(`/api/applications/${app.id}`).set(bearer(agency.officer)).expect(200)).body as { version: number; attestations: { id: string }[] };
    expect(detail.attestations.map((a) => a.id)).toHaveLength(2);
    let v = (await act(t, agency.officer, app.id, { action: 'pass_administrative', version: detail.version }).expect(200)).body.version as number;
    v = (await act(t, agency.officer2, app.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
    await act(t, agency.approver, app.id, { action: 'approve', version: v }).expect(200);

    const res = await t.http().get('/api/certificates/export').query({ year: 2026 }).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
    const files = await readZip(res.body as Buffer);
    const csv = files.get('attestations.csv')!.toString('utf8').trim().split('\n');
    expect(csv[0]).toBe('application,rule_id,lookup_url,looked_up_at,observed,recorded_by,recorded_at,screenshot_sha256,file');
    expect(csv).toHaveLength(3);
    const rows = csv.slice(1).map((line) => line.split(','));
    const byRule = new Map(rows.map((r) => [r[1], r]));
    expect(byRule.get('press-council-verification')).toEqual([
      app.reference,
      'press-council-verification',
      GOOD.lookupUrl,
      '2026-06-15T02:30:00.000Z',
      GOOD.observed,
      expect.any(String),
      expect.any(String),
      sha256(pngBytes()),
      expect.stringMatching(/^attestations\/[0-9a-f-]+\.png$/),
    ]);
    const ahu = byRule.get('legal-entity')!;
    expect(ahu[8]).toBe(`attestations/${second.body.id}.jpg`);
    for (const row of rows) expect(sha256(files.get(row[8])!)).toBe(row[7]);
    expect(sha256(files.get(ahu[8])!)).toBe(sha256(jpeg));
  });
});
