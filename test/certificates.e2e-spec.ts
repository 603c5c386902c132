import { createHash } from 'node:crypto';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { countPdfPages, decodeQrFromPdf, extractPdfText } from '../src/certificates/testing/pdf-inspect';
import { wibDate } from '../src/common/wib-calendar';
import { act, approveThrough, createDraft, FIELD_VISIT } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pdfBytes, pngBytes } from './support/files';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { binary, readZip } from './support/zip';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('certificates', () => {
  let t: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  const people = () => ({ owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver });
  const approveNew = async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    return { outletId: outlet.id, appId: draft.id, ...(await approveThrough(t, people(), draft.id)) };
  };
  const pdf = (actor: Actor, id: string) => t.http().get(`/api/certificates/${id}/pdf`).set(bearer(actor)).buffer(true).parse(binary);
  /** The year certificates issued now carry: the year in WIB on the app's clock. */
  const thisYear = () => Number(wibDate(t.clock.now()).slice(0, 4));

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://mitra.example.go.id' });
    agency = await createAgency(t);
    owner = await createApplicant(t);
  });
  afterAll(() => t.close());

  it('issues a one-page PDF with the right text and a QR code that leads to a page saying it is valid', async () => {
    const { certificate } = await approveNew();
    const meta = await t.http().get(`/api/certificates/${certificate.id}`).set(bearer(owner)).expect(200);
    expect(meta.body).toMatchObject({ status: 'active', number: certificate.number, verificationCode: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/) });

    const res = await pdf(owner, certificate.id).expect(200);
    const bytes = res.body as Buffer;
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(sha256(bytes)).toBe(meta.body.pdfSha256);
    expect(await countPdfPages(bytes)).toBe(1);
    const text = (await extractPdfText(bytes)).replace(/\s+/g, ' ');
    for (const s of [certificate.number, 'Lensa Jatim', 'PT Lensa Jatim Media', 'Bambang Sutrisno', meta.body.verificationCode]) expect(text).toContain(s);
    expect(text).not.toMatch(/\d{16}/);

    const qr = await decodeQrFromPdf(bytes);
    expect(qr).toBe(`https://mitra.example.go.id/verify/${meta.body.verificationCode}`);
    const page = await t.http().get(new URL(qr!).pathname).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('SAH');
    expect(page.text).toContain(certificate.number);
    expect(page.text).toContain('mitra.example.go.id');

    const again = await pdf(agency.auditor, certificate.id).expect(200);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    const downloads = await t.http().get('/api/audit').query({ action: 'certificate.downloaded', entityId: certificate.id }).set(bearer(agency.auditor)).expect(200);
    expect(downloads.body.items).toHaveLength(2);
  });

  it('keeps downloads to the owner and the agency’s staff', async () => {
    const { certificate } = await approveNew();
    const stranger = await createApplicant(t);
    const otherAgency = await createAgency(t);
    await pdf(stranger, certificate.id).expect(404);
    await pdf(otherAgency.auditor, certificate.id).expect(404);
    await pdf(agency.officer, certificate.id).expect(200);
  });

  it('answers public verification as JSON without personal data, 404 for unknown codes', async () => {
    const { certificate } = await approveNew();
    const meta = await t.http().get(`/api/certificates/${certificate.id}`).set(bearer(owner)).expect(200);
    const code = meta.body.verificationCode as string;
    const res = await t.http().get(`/api/public/certificates/${code.toLowerCase().replace(/-/g, '')}`).expect(200);
    expect(res.body).toMatchObject({ number: certificate.number, status: 'active', valid: true, outlet: { brandName: 'Lensa Jatim' }, pdfSha256: meta.body.pdfSha256 });
    expect(JSON.stringify(res.body)).not.toMatch(/Bambang|nik|\d{16}/i);
    const missing = await t.http().get('/api/public/certificates/AAAA-BBBB-CCCC-DDDD').expect(404);
    expect(missing.body.code).toBe('CERTIFICATE.NOT_FOUND');
    await t.http().get('/verify/AAAA-BBBB-CCCC-DDDD').expect(404);
    const registry = await t.http().get('/api/public/registry').query({ agencyId: agency.id }).expect(200);
    expect(registry.body.partners.map((p: { certificateNumber: string }) => p.certificateNumber)).toContain(certificate.number);
  });

  it('shows a suspension and a revocation with the reason at once, and the PDF stays the same', async () => {
    const { certificate } = await approveNew();
    const meta = await t.http().get(`/api/certificates/${certificate.id}`).set(bearer(owner)).expect(200);
    const code = meta.body.verificationCode;
    await t.http().post(`/api/certificates/${certificate.id}/suspend`).set(bearer(agency.officer)).send({ reason: 'Sedang diperiksa' }).expect(403);
    await t.http().post(`/api/certificates/${certificate.id}/suspend`).set(bearer(agency.approver)).send({ reason: 'Sedang diperiksa Dewan Pers' }).expect(200);
    expect((await t.http().get(`/api/public/certificates/${code}`).expect(200)).body).toMatchObject({ status: 'suspended', valid: false, statusReason: 'Sedang diperiksa Dewan Pers' });
    await t.http().post(`/api/certificates/${certificate.id}/reinstate`).set(bearer(agency.approver)).send({ reason: 'Pemeriksaan selesai' }).expect(200);
    expect((await t.http().get(`/api/public/certificates/${code}`).expect(200)).body.status).toBe('active');
    await t.http().post(`/api/certificates/${certificate.id}/revoke`).set(bearer(agency.approver)).send({ reason: 'Melanggar Kode Etik Jurnalistik' }).expect(200);
    const page = await t.http().get(`/verify/${code}`).expect(200);
    expect(page.text).toContain('DICABUT');
    expect(page.text).toContain('Melanggar Kode Etik Jurnalistik');
    const again = await t.http().post(`/api/certificates/${certificate.id}/reinstate`).set(bearer(agency.approver)).send({ reason: 'Tidak bisa' }).expect(409);
    expect(again.body.code).toBe('CERTIFICATE.STATUS_CONFLICT');
    expect(sha256((await pdf(owner, certificate.id).expect(200)).body as Buffer)).toBe(meta.body.pdfSha256);
    const mails = await t.dataSource.query(`SELECT template FROM outbox WHERE data->'certificate'->>'number' = $1 ORDER BY created_at`, [certificate.number]);
    expect(mails.map((m: { template: string }) => m.template)).toEqual(['application_approved', 'certificate_suspended', 'certificate_reinstated', 'certificate_revoked']);
  });

  it('supersedes the old certificate when a renewal is approved', async () => {
    const first = await approveNew();
    const renewal = await t.http().post('/api/applications').set(bearer(owner)).send({ outletId: first.outletId, agencyId: agency.id, renewalOf: first.certificate.id }).expect(201);
    const { certificate } = await approveThrough(t, people(), renewal.body.id);
    const old = await t.http().get(`/api/certificates/${first.certificate.id}`).set(bearer(owner)).expect(200);
    expect(old.body).toMatchObject({ status: 'superseded', supersededBy: certificate.id });
  });

  it('prints the agency logo an admin uploads on certificates issued afterwards', async () => {
    const before = await approveNew();
    const plain = (await pdf(owner, before.certificate.id).expect(200)).body as Buffer;
    expect(plain.toString('latin1')).not.toContain('/Subtype /Image');
    const upload = (file: Buffer, name: string, type: string) =>
      t.http().put(`/api/agencies/${agency.id}/logo`).set(bearer(agency.admin)).attach('file', file, { filename: name, contentType: type });
    const refused = await upload(pdfBytes(), 'logo.pdf', 'application/pdf').expect(422);
    expect(refused.body.code).toBe('AGENCY.LOGO_NOT_PNG');
    await t.http().put(`/api/agencies/${agency.id}/logo`).set(bearer(agency.officer)).attach('file', pngBytes(32, 32), { filename: 'logo.png', contentType: 'image/png' }).expect(403);
    await upload(pngBytes(32, 32), 'logo.png', 'image/png').expect(200);
    const after = await approveNew();
    const withLogo = (await pdf(owner, after.certificate.id).expect(200)).body as Buffer;
    expect(withLogo.toString('latin1')).toContain('/Subtype /Image');
    expect(await countPdfPages(withLogo)).toBe(1);
    expect(sha256((await pdf(owner, before.certificate.id).expect(200)).body as Buffer)).toBe(sha256(plain));
  });

  it('refuses an export whose stored PDF is missing before sending any of it, and keeps serving', async () => {
    const exporting = await createAgency(t);
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    const draft = await createDraft(t, owner, outlet.id, exporting.id);
    const { certificate } = await approveThrough(t, { owner, officer: exporting.officer, officer2: exporting.officer2, approver: exporting.approver }, draft.id);
    const [row] = await t.dataSource.query(`SELECT pdf_storage_key FROM certificates WHERE id = $1`, [certificate.id]);
    // Another certificate may share the content-addressed file; move it away and put it back after.
    const path = join(t.dataDir, 'files', row.pdf_storage_key);
    const exportYear = () => t.http().get('/api/certificates/export').query({ year: thisYear() }).set(bearer(exporting.auditor));
    renameSync(path, `${path}.away`);
    try {
      // Not a 200 with a ZIP that breaks off: the one error body, before the archive starts.
      const refused = await exportYear().expect(503);
      expect(refused.headers['content-type']).toMatch(/application\/json/);
      expect(refused.body).toMatchObject({ statusCode: 503, code: 'STORAGE.FILE_UNAVAILABLE' });
    } finally {
      renameSync(`${path}.away`, path);
    }
    await t.http().get('/health').expect(200);
    // The same export with the file back is whole and holds that certificate: the refusal was the missing file.
    const files = await readZip((await exportYear().buffer(true).parse(binary).expect(200)).body as Buffer);
    expect(files.get('manifest.csv')!.toString('utf8')).toContain(certificate.number);
  });

  it('numbers 50 concurrent approvals gaplessly', async () => {
    const numbering = await createAgency(t);
    const apps: { id: string; version: number }[] = [];
    for (let i = 0; i < 50; i++) {
      const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
      const d = await createDraft(t, owner, outlet.id, numbering.id);
      let v = (await act(t, owner, d.id, { action: 'submit', version: 1 }).expect(200)).body.version;
      v = (await act(t, numbering.officer, d.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
      v = (await act(t, numbering.officer2, d.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
      apps.push({ id: d.id, version: v });
    }
    const results = await Promise.all(apps.map((a) => act(t, numbering.approver, a.id, { action: 'approve', version: a.version })));
    expect(results.map((r) => r.status)).toEqual(apps.map(() => 200));
    const seqs = (await t.dataSource.query(`SELECT seq, number FROM certificates WHERE agency_id = $1 ORDER BY seq`, [numbering.id])) as { seq: number; number: string }[];
    expect(seqs.map((s) => s.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(seqs.map((s) => s.number)).size).toBe(50);
  }, 240_000);

  it('exports a year as a streamed ZIP whose manifest hashes match its files', async () => {
    const a = await approveNew();
    const b = await approveNew();
    await t.http().get('/api/certificates/export').query({ year: 2026 }).set(bearer(owner)).expect(403);
    const res = await t.http().get('/api/certificates/export').query({ year: thisYear() }).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = await readZip(res.body as Buffer);
    const manifest = files.get('manifest.csv')!.toString('utf8').trim().split('\n');
    expect(manifest[0]).toBe('number,outlet,status,valid_from,valid_until,sha256,file');
    const rows = manifest.slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      const [number, , , , , hash, file] = row;
      expect(sha256(files.get(file)!)).toBe(hash);
      expect(number).toMatch(/\/MM\//);
    }
    expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining([a.certificate.number, b.certificate.number]));
  });
});
