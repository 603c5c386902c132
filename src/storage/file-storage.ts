import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/** Where uploaded documents and issued certificates live. An S3-compatible one can follow. */
export interface FileStorage {
  /** Stores under a content-addressed key and returns it; storing the same bytes twice is free. */
  put(namespace: string, content: Buffer): Promise<{ key: string; sha256: string }>;
  read(key: string): Readable;
  readBuffer(key: string): Promise<Buffer>;
}

export const FILE_STORAGE = Symbol('FILE_STORAGE');

export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(namespace: string, content: Buffer): Promise<{ key: string; sha256: string }> {
    if (!/^[a-z-]+$/.test(namespace)) throw new Error(`bad storage namespace ${namespace}`);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const key = `${namespace}/${sha256.slice(0, 2)}/${sha256}`;
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

  read(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async readBuffer(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  private path(key: string): string {
    if (!/^[a-z-]+\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`bad storage key ${key}`);
    return join(this.root, key);
  }
}
