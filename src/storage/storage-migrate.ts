import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { keySha256 } from './file-storage';
import type { S3Storage } from './s3-storage';

export interface MigrationReport {
  /** Uploaded by this run. */
  copied: number;
  /** Already in the bucket with the right bytes (a re-run copies nothing). */
  present: number;
  /** Local files whose bytes do not match their name, or objects that read back wrong. */
  failed: { key: string; problem: string }[];
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) hash.update(chunk);
  });
  return hash.digest('hex');
}

/** Every content-addressed key under the local files folder; temporary files of an interrupted write are not keys. */
async function localKeys(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const keys: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const key = join(e.parentPath ?? e.path, e.name).slice(root.length + 1).split(sep).join('/');
    try {
      keySha256(key);
      keys.push(key);
    } catch {
      // not a stored file
    }
  }
  return keys.sort();
}

/**
 * Copies the local files folder into the bucket under the same keys, streaming each file, and
 * reads every object back to check its SHA-256 against its key: objects already there are checked
 * too and copied again when wrong. Safe to run again, and while the service runs (objects are
 * immutable and named by their content).
 */
export async function migrateLocalToS3(root: string, target: S3Storage, progress: (line: string) => void = () => undefined): Promise<MigrationReport> {
  const report: MigrationReport = { copied: 0, present: 0, failed: [] };
  for (const key of await localKeys(root)) {
    const sha256 = keySha256(key);
    const path = join(root, ...key.split('/'));
    const local = await hashFile(path);
    if (local !== sha256) {
      report.failed.push({ key, problem: `the local file hashes to ${local}` });
      progress(`FAILED  ${key}: the local file hashes to ${local}`);
      continue;
    }
    if ((await target.hasIntact(key)) && (await target.hashOf(key)) === sha256) {
      report.present++;
      continue;
    }
    await target.upload(key, sha256, createReadStream(path));
    const stored = await target.hashOf(key);
    if (stored !== sha256) {
      report.failed.push({ key, problem: `the uploaded object reads back as ${stored ?? 'missing'}` });
      progress(`FAILED  ${key}: the uploaded object reads back as ${stored ?? 'missing'}`);
      continue;
    }
    report.copied++;
    progress(`copied  ${key}`);
  }
  return report;
}
