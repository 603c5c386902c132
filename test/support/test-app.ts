import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { SettableClock } from '../../src/common/clock';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_KEYS = {
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
  NIK_ENCRYPTION_KEYS: `t1:${Buffer.alloc(32, 7).toString('base64')}`,
  NIK_HASH_KEY: Buffer.alloc(32, 9).toString('base64'),
};

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  dataDir: string;
  /** The app's clock: every date the service decides comes from it; tests move it to cross days and years. */
  clock: SettableClock;
  http(): ReturnType<typeof request>;
  /** Every JSON log line the app wrote, when started with captureLogs. */
  logs(): string;
  close(): Promise<void>;
}

/**
 * The production app (createApp) on a database of this file's own; env overrides per file. Its
 * clock starts at `clock`, else at TEST_CLOCK_START (so a whole run can be moved to another hour),
 * else now, and runs on in real time.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  shared?: { db?: TestDatabase; captureLogs?: boolean; clock?: Date | string },
): Promise<TestApp> {
  const db = shared?.db ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'mitra-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WORKERS_ENABLED: 'false',
    PUBLIC_BASE_URL: 'http://mitra.test',
    ...TEST_KEYS,
    ...env,
  });
  let captured = '';
  const logger = shared?.captureLogs
    ? pino(
        { level: 'trace' },
        new Writable({
          write(chunk: Buffer, _enc, done) {
            captured += chunk.toString();
            done();
          },
        }),
      )
    : pino({ level: env.LOG_LEVEL ?? process.env.TEST_LOG_LEVEL ?? 'silent' });
  const clock = new SettableClock(shared?.clock ?? process.env.TEST_CLOCK_START ?? new Date());
  const app = await createApp(config, db.url, logger, { clock });
  return {
    app,
    config,
    db,
    dataSource: app.get(DataSource),
    dataDir,
    clock,
    http: () => request(app.getHttpServer()),
    logs: () => captured,
    close: async () => {
      await app.close();
      if (!shared?.db) await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
