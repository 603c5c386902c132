import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { Response } from 'supertest';
import { approveThrough, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, login, type Actor, type TestAgency } from './support/factories';
import { pngBytes } from './support/files';
import { createCompleteOutlet, uploadDocument } from './support/outlets';
import { startServiceProcess } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';
import { binary } from './support/zip';

function expectUnavailable(res: Response): void {
  expect({ status: res.status, type: res.headers['content-type'], body: res.body }).toMatchObject({
    status: 503,
    type: expect.stringMatching(/application\/json/),
    body: { statusCode: 503, code: 'STORAGE.FILE_UNAVAILABLE', message: expect.any(String) },
  });
  expect(res.headers['content-disposition']).toBeUndefined();
}

/** Moves a stored file away for the duration of `work` (content-addressed files may be shared). */
async function withoutFile<T>(dataDir: string, key: string, work: () => Promise<T>): Promise<T> {
  const path = join(dataDir, 'files', key);
  renameSync(path, `${path}.away`);
  try {
    return await work();
  } finally {
    renameSync(`${path}.away`, path);
  }
}

describe('a stored file that cannot be read costs one request, never the process', () => {
  let t: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let outletId: string;
  let certificateId: string;

  const auditCount = async () => ((await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events`)) as { n: number }[])[0].n;

  beforeAll(async () => {
    t = await startTestApp({}, { captureLogs: true });
    agency = await createAgency(t);
    owner = await createApplicant(t);
    outletId = (await createCompleteOutlet(t, owner, { reporters: 0 })).id;
    const draft = await createDraft(t, owner, outletId, agency.id);
    certificateId = (await approveThrough(t, { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver }, draft.id)).certificate.id;
  });
  afterAll(() => t.close());

  it('document content: a 503 error body naming the fault, logged with the document id, nothing audited', async () => {
    const uploaded = await uploadDocument(t, owner, outletId, 'masthead', pngBytes(24, 24), 'masthead.png', 'image/png').expect(201);
    const [row] = await t.dataSource.query(`SELECT storage_key FROM documents WHERE id = $1`, [uploaded.body.id]);
    const before = await auditCount();
    await withoutFile(t.dataDir, row.storage_key, async () => {
      expectUnavailable(await t.http().get(`/api/documents/${uploaded.body.id}/content`).set(bearer(owner)));
      expectUnavailable(await t.http().get(`/api/documents/${uploaded.body.id}/content`).set(bearer(agency.officer)));
    });
    expect(await auditCount()).toBe(before);
    expect(t.logs()).toContain(uploaded.body.id);
    const served = await t.http().get(`/api/documents/${uploaded.body.id}/content`).set(bearer(owner)).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(served.body as Buffer, pngBytes(24, 24))).toBe(0);
    expect(served.headers['content-length']).toBe(String(pngBytes(24, 24).length));
  });

  it('certificate PDF: a 503 error body, and the download is not audited', async () => {
    const [row] = await t.dataSource.query(`SELECT pdf_storage_key FROM certificates WHERE id = $1`, [certificateId]);
    const before = await auditCount();
    await withoutFile(t.dataDir, row.pdf_storage_key, async () => {
      expectUnavailable(await t.http().get(`/api/certificates/${certificateId}/pdf`).set(bearer(owner)));
    });
    expect(await auditCount()).toBe(before);
    expect(t.logs()).toContain(certificateId);
    await t.http().get(`/api/certificates/${certificateId}/pdf`).set(bearer(owner)).expect(200);
  });

  it('ZIP export: refused with the error body before the archive starts', async () => {
    const [row] = await t.dataSource.query(`SELECT pdf_storage_key, year FROM certificates WHERE id = $1`, [certificateId]);
    const before = await auditCount();
    await withoutFile(t.dataDir, row.pdf_storage_key, async () => {
      expectUnavailable(await t.http().get('/api/certificates/export').query({ year: row.year }).set(bearer(agency.auditor)));
    });
    expect(await auditCount()).toBe(before);
    const zip = await t.http().get('/api/certificates/export').query({ year: row.year }).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
    expect(zip.headers['content-type']).toBe('application/zip');
  });

  it('agency logo: an approval that cannot read it is refused (422, the admin re-uploads) and changes nothing', async () => {
    const own = await createAgency(t);
    await t.http().put(`/api/agencies/${own.id}/logo`).set(bearer(own.admin)).attach('file', pngBytes(32, 32), { filename: 'logo.png', contentType: 'image/png' }).expect(200);
    const [{ settings }] = await t.dataSource.query(`SELECT settings FROM agencies WHERE id = $1`, [own.id]);
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    const draft = await createDraft(t, owner, outlet.id, own.id);
    const people = { owner, officer: own.officer, officer2: own.officer2, approver: own.approver };
    await withoutFile(t.dataDir, settings.certificate.logoKey, async () => {
      await expect(approveThrough(t, people, draft.id)).rejects.toThrow(/got 422/);
    });
    const app = await t.http().get(`/api/applications/${draft.id}`).set(bearer(owner)).expect(200);
    expect(app.body.status).toBe('awaiting_approval');
    expect(await t.dataSource.query(`SELECT id FROM certificates WHERE application_id = $1`, [draft.id])).toEqual([]);
  });

  it('the built service keeps running after a missing file (child process)', async () => {
    const docs = await t.http().get(`/api/outlets/${outletId}/documents`).set(bearer(owner)).expect(200);
    const doc = docs.body.find((d: { type: string }) => d.type === 'deed');
    const service = await startServiceProcess(t.db.url, { DATA_DIR: t.dataDir });
    try {
      const http = () => request(service.url);
      const token = await login({ http } as unknown as TestApp, owner.email);
      const [row] = await t.dataSource.query(`SELECT storage_key FROM documents WHERE id = $1`, [doc.id]);
      await withoutFile(t.dataDir, row.storage_key, async () => {
        for (let i = 0; i < 3; i++) expectUnavailable(await http().get(`/api/documents/${doc.id}/content`).set(bearer(token)));
      });
      await http().get('/health').expect(200);
      await http().get(`/api/documents/${doc.id}/content`).set(bearer(token)).expect(200);
      expect(service.child.exitCode).toBeNull();
    } finally {
      // A clean stop flushes the buffered log, which names the document.
      expect(await service.stop()).toBe(0);
    }
    expect(service.output()).toContain(doc.id);
  });
});
