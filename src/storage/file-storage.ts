import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../common/app-error';

/**
 * A stored file that cannot be read (missing after a restore without the files folder, a disk
 * fault): the server's fault, answered 503 for that one request. The cause goes to the log by the
 * caller, who knows which document or certificate it was.
 */
export class StoredFileUnavailable extends AppError {
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super('unavailable', 'STORAGE.FILE_UNAVAILABLE', 'A stored file could not be read; the operators have been told');
  }
}

const unavailable = (key: string) => (err: unknown) => {
  throw new StoredFileUnavailable(key, (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err)));
};

/** Where uploaded documents, issued certificates and logos live: a local folder or an S3 bucket. */
export interface FileStorage {
  /** Stores under a content-addressed key and returns it; storing the same bytes twice is free. */
  put(namespace: string, content: Buffer): Promise<{ key: string; sha256: string }>;
  /**
   * The file opened for streaming, with its size. Resolves only once the file is open, so a caller
   * can still answer with an error before sending any header; rejects with StoredFileUnavailable.
   */
  open(key: string): Promise<{ stream: Readable; size: number }>;
  /** A lazy stream for archives; the caller must listen for its 'error'. */
  read(key: string): Readable;
  /** Rejects with StoredFileUnavailable. */
  readBuffer(key: string): Promise<Buffer>;
  /** Rejects with StoredFileUnavailable unless the file is there and readable. */
  assertReadable(key: string): Promise<void>;
  /** Resolves when the store can be reached at all (the readiness probe); rejects otherwise. */
  ping(): Promise<void>;
}

const KEY = /^[a-z-]+\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

/** `documents/ab/ab12…`: the namespace, then the SHA-256 of the content, fanned out by its first byte. */
export function contentKey(namespace: string, sha256: string): string {
  if (!/^[a-z-]+$/.test(namespace)) throw new Error(`bad storage namespace ${namespace}`);
  return `${namespace}/${sha256.slice(0, 2)}/${sha256}`;
}

/** The SHA-256 a content-addressed key names; throws on anything else. */
export function keySha256(key: string): string {
  const m = KEY.exec(key);
  if (!m) throw new Error(`bad storage key ${key}`);
  return m[1];
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(namespace: string, content: Buffer): Promise<{ key: string; sha256: string }> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const key = contentKey(namespace, sha256);
    const path = this.path(key);
    const exists = await stat(path).then(
      (s) => s.size === content.length,
      () => false,
    );
    if (!exists) {
      await mkdir(dirname(path), { recursive: true });
      // Write then rename: a crash never leaves a half-written file under the final name.
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(tmp, content);
      await rename(tmp, path);
    }
    return { key, sha256 };
  }

  async open(key: string): Promise<{ stream: Readable; size: number }> {
    const handle = await open(this.path(key), 'r').catch(unavailable(key));
    try {
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), size };
    } catch (err) {
      await handle.close().catch(() => undefined);
      return unavailable(key)(err);
    }
  }

  read(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async readBuffer(key: string): Promise<Buffer> {
    return readFile(this.path(key)).catch(unavailable(key));
  }

  async assertReadable(key: string): Promise<void> {
    const handle = await open(this.path(key), 'r').catch(unavailable(key));
    await handle.close();
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  private path(key: string): string {
    keySha256(key);
    return join(this.root, key);
  }
}
