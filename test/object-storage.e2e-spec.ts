import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { LocalDiskStorage } from '../src/storage/file-storage';
import { Readiness } from '../src/health/readiness';
import { approveThrough, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pdfBytes } from './support/files';
import { createCompleteOutlet, uploadDocument } from './support/outlets';
import { startS3Server, S3_CREDENTIALS, type S3Server } from './support/s3-server';
import { runCli, startServiceProcess } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';
import { binary, readZip } from './support/zip';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('documents and certificates in an S3-compatible bucket (s3rver)', () => {
  let s3: S3Server;
  let sdk: S3Client;
  let t: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let outletId: string;

  beforeAll(async () => {
    Object.assign(process.env, S3_CREDENTIALS);
    s3 = await startS3Server();
    sdk = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: S3_CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: S3_CREDENTIALS.AWS_SECRET_ACCESS_KEY },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    t = await startTestApp({ STORAGE_URL: s3.storageUrl }, { captureLogs: true });
    agency = await createAgency(t);
    owner = await createApplicant(t);
    outletId = (await createCompleteOutlet(t, owner)).id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    sdk?.destroy();
    await s3?.dispose();
  });

  const upload = async (text: string) => {
    const file = pdfBytes(text);
    const res = await uploadDocument(t, owner, outletId, 'masthead', file, 'boks-redaksi.pdf');
    expect(res.status).toBe(201);
    const [row] = await t.dataSource.query(`SELECT storage_key FROM documents WHERE id = $1`, [res.body.id]);
    return { file, id: res.body.id as string, key: row.storage_key as string };
  };
  const download = (id: string) => t.http().get(`/api/documents/${id}/content`).set(bearer(owner)).buffer(true).parse(binary);

  it('keeps an uploaded document in the bucket, not on local disk, and downloads the same bytes', async () => {
    const { file, id, key } = await upload('Boks redaksi disimpan di S3');
    expect(key).toBe(`documents/${sha256(file).slice(0, 2)}/${sha256(file)}`);
    expect(readFileSync(s3.objectPath(key))).toEqual(file);
    expect(existsSync(join(t.dataDir, 'files', key))).toBe(false);
    const res = await download(id).expect(200);
    expect(sha256(res.body as Buffer)).toBe(sha256(file));
    expect(res.headers['x-content-sha256']).toBe(sha256(file));
  });

  it('refuses an object overwritten behind its back with other bytes and their hash, with a clear error, and keeps serving', async () => {
    const { id, key } = await upload('Akan ditimpa lewat SDK');
    const other = pdfBytes('Bukan dokumen aslinya');
    await sdk.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: other, Metadata: { sha256: sha256(other) } }));
    const res = await t.http().get(`/api/documents/${id}/content`).set(bearer(owner)).expect(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'STORAGE.FILE_UNAVAILABLE' });
    expect(t.logs()).toContain(`stored object ${key} failed its integrity check: the object's sha256 metadata is ${sha256(other)}`);
    await t.http().get('/health').expect(200);
  });

  it.each([
    ['corrupted on the S3 server disk', async (key: string, file: Buffer) => {
      const corrupted = Buffer.from(file);
      corrupted[corrupted.length - 20] ^= 0xff;
      writeFileSync(s3.objectPath(key), corrupted);
      return corrupted;
    }],
    ['overwritten through the SDK without metadata', async (key: string) => {
      const other = pdfBytes('Ditimpa tanpa metadata');
      await sdk.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: other }));
      return other;
    }],
  ])('cuts off the download of an object %s instead of delivering it whole', async (_, damage) => {
    const { file, id, key } = await upload(`Akan dirusak ${Math.random()}`);
    const damaged = await damage(key, file);
    const outcome = await download(id).then(
      (res) => ({ status: res.status, bytes: (res.body as Buffer).length }),
      (err: Error) => ({ status: 'cut off', bytes: 0, message: err.message }),
    );
    // Either the connection is cut or the body is short of its Content-Length: never the wrong bytes whole.
    expect(outcome.bytes).toBeLessThan(damaged.length);
    expect(t.logs()).toContain(`stored object ${key} failed its integrity check: checksum mismatch: the stored bytes hash to ${sha256(damaged)}`);
    await sdk.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: file, Metadata: { sha256: sha256(file) } }));
    expect(sha256((await download(id).expect(200)).body as Buffer)).toBe(sha256(file));
  });

  it('answers a missing object with STORAGE.FILE_UNAVAILABLE, and the next request is served', async () => {
    const kept = await upload('Dokumen yang tetap ada');
    const { id, key } = await upload('Dokumen yang hilang');
    await sdk.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
    const res = await t.http().get(`/api/documents/${id}/content`).set(bearer(owner)).expect(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'STORAGE.FILE_UNAVAILABLE' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(sha256((await download(kept.id).expect(200)).body as Buffer)).toBe(sha256(kept.file));
  });

  it('stores the certificate PDF in the bucket, serves it, and streams the year ZIP from there', async () => {
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const { certificate } = await approveThrough(t, { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver }, draft.id);
    const [row] = await t.dataSource.query(`SELECT pdf_storage_key, pdf_sha256, year FROM certificates WHERE id = $1`, [certificate.id]);
    expect(row.pdf_storage_key).toMatch(/^certificates\//);
    expect(sha256(readFileSync(s3.objectPath(row.pdf_storage_key)))).toBe(row.pdf_sha256);

    const pdf = await t.http().get(`/api/certificates/${certificate.id}/pdf`).set(bearer(owner)).buffer(true).parse(binary).expect(200);
    expect(sha256(pdf.body as Buffer)).toBe(row.pdf_sha256);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const zip = await t.http().get('/api/certificates/export').query({ year: row.year }).set(bearer(agency.auditor)).buffer(true).parse(binary).expect(200);
    const files = await readZip(zip.body as Buffer);
    const inZip = [...files.entries()].find(([name]) => name.startsWith('certificates/'));
    expect(inZip).toBeDefined();
    expect(sha256(inZip![1])).toBe(row.pdf_sha256);
    expect(files.get('manifest.csv')!.toString()).toContain(row.pdf_sha256);
  }, 60_000);

  it('storage:migrate copies the local files folder into the bucket, checks every hash, and is safe to run again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mitra-migrate-'));
    const migrating = await startS3Server('mitra-migrate');
    try {
      const local = new LocalDiskStorage(join(dataDir, 'files'));
      const a = await local.put('documents', pdfBytes('Lokal satu'));
      const b = await local.put('certificates', pdfBytes('Lokal dua'));
      const env = { ...S3_CREDENTIALS, DATA_DIR: dataDir, STORAGE_URL: migrating.storageUrl };

      const first = await runCli('postgres://unused@127.0.0.1:1/none_test', ['storage:migrate'], env);
      expect(first.output).toContain('2 copied, 0 already present, 0 failed');
      expect(first.code).toBe(0);
      expect(sha256(readFileSync(migrating.objectPath(a.key)))).toBe(a.sha256);
      expect(sha256(readFileSync(migrating.objectPath(b.key)))).toBe(b.sha256);

      const again = await runCli('postgres://unused@127.0.0.1:1/none_test', ['storage:migrate'], env);
      expect(again.output).toContain('0 copied, 2 already present, 0 failed');

      // An object damaged in the bucket is found by reading it back, and copied again.
      writeFileSync(migrating.objectPath(b.key), pdfBytes('Rusak'));
      const repaired = await runCli('postgres://unused@127.0.0.1:1/none_test', ['storage:migrate'], env);
      expect(repaired.output).toContain('1 copied, 1 already present, 0 failed');
      expect(sha256(readFileSync(migrating.objectPath(b.key)))).toBe(b.sha256);

      // A local file whose bytes do not match its name is reported, not copied.
      const bogus = `documents/${'0'.repeat(2)}/${'0'.repeat(64)}`;
      await mkdir(dirname(join(dataDir, 'files', bogus)), { recursive: true });
      writeFileSync(join(dataDir, 'files', bogus), 'not what the name says');
      const failing = await runCli('postgres://unused@127.0.0.1:1/none_test', ['storage:migrate'], env);
      expect(failing.code).toBe(1);
      expect(failing.output).toContain(`FAILED  ${bogus}: the local file hashes to`);
      expect(failing.output).toContain('0 copied, 2 already present, 1 failed');
      expect(existsSync(migrating.objectPath(bogus))).toBe(false);
    } finally {
      await migrating.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is ready with database and storage up, and not ready (storage named) while the S3 server is down', async () => {
    expect((await t.http().get('/health/ready').expect(200)).body).toEqual({ status: 'ready', database: 'up', storage: 'up' });
    await s3.stop();
    try {
      const down = await t.http().get('/health/ready').expect(503);
      expect(down.body).toMatchObject({ statusCode: 503, code: 'HEALTH.NOT_READY', message: 'Not ready: storage unreachable', database: 'up', storage: 'down' });
      expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'ok' });
    } finally {
      await s3.start();
    }
    await t.http().get('/health/ready').expect(200);
  }, 60_000);

  it('fails readiness as soon as shutdown begins while requests are still served', async () => {
    const readiness = t.app.get(Readiness);
    await readiness.drain();
    const res = await t.http().get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'HEALTH.SHUTTING_DOWN' });
    await t.http().get('/health').expect(200);
    await t.http().get(`/api/outlets/${outletId}`).set(bearer(owner)).expect(200);
  });

  it('the built service on SIGTERM answers readiness 503 first, keeps serving during the drain, then exits 0', async () => {
    const proc = await startServiceProcess(t.db.url, { ...S3_CREDENTIALS, STORAGE_URL: s3.storageUrl, SHUTDOWN_DRAIN_SECONDS: '10' });
    await request(proc.url).get('/health/ready').expect(200);
    const exited = new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
    proc.child.kill('SIGTERM');
    let ready = await request(proc.url).get('/health/ready');
    while (ready.status === 200) ready = await request(proc.url).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('HEALTH.SHUTTING_DOWN');
    await request(proc.url).get(`/api/outlets/${outletId}`).set(bearer(owner)).expect(200);
    expect(await exited).toBe(0);
  }, 60_000);
});
