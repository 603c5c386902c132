import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Logger } from '@nestjs/common';
import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { contentKey, keySha256, StoredFileUnavailable, type FileStorage } from './file-storage';
import { sha256Verifier } from './sha256-verifier';
import type { S3Location } from './storage-url';

/** How long a readiness probe waits for the store before calling it unreachable. */
const PING_TIMEOUT_MS = 3000;

const reasonOf = (err: unknown): string => {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.$metadata?.httpStatusCode === 404 || e?.name === 'NoSuchKey' || e?.name === 'NotFound') return 'NoSuchKey';
  return e?.name && e.name !== 'Error' ? `${e.name}: ${e.message ?? ''}`.trim() : (e?.message ?? String(err));
};

/**
 * Documents, certificates and logos in an S3-compatible bucket (MinIO, Ceph RGW, Garage, AWS S3),
 * under the same content-addressed keys as the local folder, so a key in the database means the
 * same bytes wherever they are kept. Each object carries its SHA-256 as metadata, and every read
 * hashes the bytes as they stream past and fails unless they hash to the key.
 */
export class S3Storage implements FileStorage {
  private readonly logger = new Logger('Storage');

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  static at(location: S3Location): S3Storage {
    const client = new S3Client({
      region: location.region,
      endpoint: location.endpoint,
      forcePathStyle: location.forcePathStyle,
      // Checksums only where S3 requires them: the default CRC32 trailers are not understood by
      // every S3-compatible server. Integrity is checked end to end with SHA-256 instead.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 5000 },
    });
    return new S3Storage(client, location.bucket);
  }

  async put(namespace: string, content: Buffer): Promise<{ key: string; sha256: string }> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const key = contentKey(namespace, sha256);
    if (!(await this.hasIntact(key))) await this.upload(key, sha256, content);
    return { key, sha256 };
  }

  /**
   * Streams `body` to `key` (multipart when large, so no whole file is held). The caller has hashed
   * the content already: the key is that hash.
   */
  async upload(key: string, sha256: string, body: Buffer | Readable): Promise<void> {
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/octet-stream', Metadata: { sha256 } },
    }).done();
  }

  /** True when the object exists and its metadata says it holds the bytes its key names (put and storage:migrate skip it then). */
  async hasIntact(key: string): Promise<boolean> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.Metadata?.sha256 === keySha256(key);
    } catch (err) {
      if (reasonOf(err) === 'NoSuchKey') return false;
      throw err;
    }
  }

  async open(key: string): Promise<{ stream: Readable; size: number }> {
    const expected = keySha256(key);
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })).catch((err: unknown) => {
      throw new StoredFileUnavailable(key, reasonOf(err));
    });
    const body = object.Body as Readable;
    // Metadata naming other bytes fails before any header is sent. Missing metadata (an object
    // copied in by a tool that drops it) is no verdict: the bytes are still hashed on the way.
    const declared = object.Metadata?.sha256;
    if (declared !== undefined && declared !== expected) {
      body.destroy();
      throw this.corrupt(key, `the object's sha256 metadata is ${declared}`);
    }
    const verified = sha256Verifier(expected, (mismatch) => this.corrupt(key, mismatch.message));
    body.once('error', (err) => verified.destroy(new StoredFileUnavailable(key, reasonOf(err))));
    body.pipe(verified);
    return { stream: verified, size: object.ContentLength ?? 0 };
  }

  read(key: string): Readable {
    const out = new PassThrough();
    this.open(key).then(
      ({ stream }) => {
        stream.once('error', (err) => out.destroy(err));
        stream.pipe(out);
      },
      (err: Error) => out.destroy(err),
    );
    return out;
  }

  async readBuffer(key: string): Promise<Buffer> {
    const { stream } = await this.open(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async assertReadable(key: string): Promise<void> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })).catch((err: unknown) => {
      throw new StoredFileUnavailable(key, reasonOf(err));
    });
    const declared = head.Metadata?.sha256;
    if (declared !== undefined && declared !== keySha256(key)) throw this.corrupt(key, `the object's sha256 metadata is ${declared}`);
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
  }

  /** Reads the object through and returns the SHA-256 of what came back (storage:migrate's check). */
  async hashOf(key: string): Promise<string | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const hash = createHash('sha256');
      await pipeline(object.Body as Readable, async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) hash.update(chunk);
      });
      return hash.digest('hex');
    } catch (err) {
      if (reasonOf(err) === 'NoSuchKey') return null;
      throw err;
    }
  }

  /** Closes the SDK's kept-alive connections (Nest calls this on app.close()). */
  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private corrupt(key: string, why: string): StoredFileUnavailable {
    this.logger.error(`stored object ${key} failed its integrity check: ${why}`);
    return new StoredFileUnavailable(key, why);
  }
}
