import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { extractPdfText } from '../src/certificates/testing/pdf-inspect';
import { bearer, createApplicant, type Actor } from './support/factories';
import { jpegBytes, pdfBytes, pngBytes } from './support/files';
import { completeOutletPayload, uploadDocument } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';
import { binary } from './support/zip';

describe('documents are judged by whether they open, not by their first bytes', () => {
  let t: TestApp;
  let owner: Actor;
  let outletId: string;

  const storedFiles = () => {
    try {
      return readdirSync(join(t.dataDir, 'files', 'documents'), { recursive: true }).length;
    } catch {
      return 0;
    }
  };
  const written = async () => ({
    rows: ((await t.dataSource.query(`SELECT count(*)::int AS n FROM documents WHERE outlet_id = $1`, [outletId])) as { n: number }[])[0].n,
    audit: ((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'document.uploaded' AND entity_id = $1`, [outletId])) as { n: number }[])[0].n,
    files: storedFiles(),
  });

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createApplicant(t);
    outletId = (await t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload()).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const realPdf = pdfBytes('Akta pendirian');
  const realPng = pngBytes(64, 48);
  const realJpeg = jpegBytes(64, 48);

  it.each([
    ['only the PDF signature', Buffer.from('%PDF-'), 'application/pdf', 'deed.pdf'],
    ['a PDF with a broken body', Buffer.concat([realPdf.subarray(0, 9), Buffer.from('1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')]), 'application/pdf', 'deed.pdf'],
    ['a PDF cut in half', realPdf.subarray(0, Math.floor(realPdf.length / 2)), 'application/pdf', 'deed.pdf'],
    ['a PNG signature followed by garbage', Buffer.concat([realPng.subarray(0, 8), Buffer.from('garbage, not image data, but long enough to look like a file')]), 'image/png', 'office.png'],
    ['a truncated PNG', realPng.subarray(0, realPng.length - 30), 'image/png', 'office.png'],
    ['a truncated JPEG', realJpeg.subarray(0, Math.floor(realJpeg.length / 2)), 'image/jpeg', 'office.jpg'],
  ])('refuses %s with 422 naming the detected type, and stores nothing', async (_, file, type, name) => {
    const before = await written();
    const res = await uploadDocument(t, owner, outletId, 'office_photo', file, name, type).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, code: 'DOCUMENT.UNREADABLE', message: expect.stringContaining('cannot be read') });
    expect(res.body.errors.file).toContain(`detected ${type}`);
    expect(await written()).toEqual(before);
  });

  it.each([
    ['PDF', realPdf, 'application/pdf', 'deed.pdf'],
    ['PNG', realPng, 'image/png', 'office.png'],
    ['JPEG', realJpeg, 'image/jpeg', 'office.jpg'],
  ])('still accepts a real %s and serves it back byte for byte', async (_, file, type, name) => {
    const before = await written();
    const res = await uploadDocument(t, owner, outletId, 'office_photo', file, name, type).expect(201);
    expect(res.body).toMatchObject({ mimeType: type, size: file.length });
    const back = await t.http().get(`/api/documents/${res.body.id}/content`).set(bearer(owner)).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(back.body as Buffer, file)).toBe(0);
    const after = await written();
    expect(after.rows).toBe(before.rows + 1);
    expect(after.audit).toBe(before.audit + 1);
  });

  it('uses test PDFs a PDF reader opens, with their text', async () => {
    expect(await extractPdfText(realPdf)).toContain('Akta pendirian');
  });
});
