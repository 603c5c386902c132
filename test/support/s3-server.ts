import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed credentials; the service reads them the usual AWS way. */
export const S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export interface S3Server {
  bucket: string;
  endpoint: string;
  /** The STORAGE_URL that points the service at this bucket. */
  storageUrl: string;
  /** Where s3rver keeps the bucket's objects on disk. */
  directory: string;
  /** The file holding an object's bytes on s3rver's disk (for corrupting it behind the service's back). */
  objectPath(key: string): string;
  stop(): Promise<void>;
  /** Starts again on the same port and directory. */
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A real S3-compatible server (s3rver, from npm) in the test process, on 127.0.0.1 and a port of
 * its own, with a fresh directory (or the given one: a restored copy) and the bucket created at start.
 */
export async function startS3Server(bucket = 'mitra-test', options: { directory?: string } = {}): Promise<S3Server> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'mitra-s3-'));
  let port = 0;
  let server: S3rver | undefined;
  const start = async () => {
    server = new S3rver({ address: '127.0.0.1', port, directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
    const address = (await server.run()) as AddressInfo;
    port = address.port;
  };
  const stop = async () => {
    const http = (server as unknown as { httpServer?: Server }).httpServer;
    const closed = server?.close();
    // The SDK keeps connections alive; without this close() waits for them.
    http?.closeAllConnections();
    await closed;
    server = undefined;
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    bucket,
    endpoint,
    storageUrl: `s3://${bucket}?endpoint=${endpoint}&region=us-east-1&forcePathStyle=true`,
    directory,
    objectPath: (key) => join(directory, bucket, `${key}._S3rver_object`),
    stop,
    start,
    dispose: async () => {
      if (server) await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
