import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freshCheckout, removeCheckout } from '../bench/startup';
import { prepareDatabaseServer } from '../src/database/database-server';
import { startServiceProcess } from './support/service-process';
import { TEST_KEYS } from './support/test-app';

/**
 * `npm start` on a fresh checkout: its build step (scripts/build-if-stale.js) compiles each file on
 * its own (--noCheck --noResolve) and initialises the embedded database's folder meanwhile; the
 * service it compiled then starts on that folder.
 */
describe('the first npm start: the database folder is prepared during the build', () => {
  let checkout: string;
  let dataDir: string;
  let build: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    checkout = freshCheckout();
    dataDir = join(checkout, 'data');
    const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_KEYS, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    build = spawnSync(process.execPath, [join(checkout, 'scripts', 'build-if-stale.js')], { cwd: checkout, env, encoding: 'utf8', timeout: 150_000 });
  }, 180_000);
  afterAll(() => {
    if (checkout) removeCheckout(checkout);
  });

  it('compiles the service and leaves an initialised PostgreSQL folder with no server running', () => {
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(build.stdout).not.toContain('left for the service');
    expect(existsSync(join(checkout, 'dist', 'src', 'main.js'))).toBe(true);
    expect(existsSync(join(checkout, 'dist', '.build-hash'))).toBe(true);
    expect(existsSync(join(dataDir, 'pg18', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(dataDir, 'pg18', 'postmaster.pid'))).toBe(false);
    // No half-made staging folder beside it.
    expect(readdirSync(dataDir).filter((name) => name.startsWith('pg18'))).toEqual(['pg18']);
  });

  it("gives a service, from the build step's own output, that starts on that folder as it is and works", async () => {
    const password = readFileSync(join(dataDir, 'pg18', 'mitra-password'), 'utf8');
    const service = await startServiceProcess(null, { DATA_DIR: dataDir, SEED_DEMO: 'true' }, checkout);
    try {
      expect(service.output()).toContain(`Database: embedded PostgreSQL 18 in ${join(dataDir, 'pg18')}`);
      expect(readFileSync(join(dataDir, 'pg18', 'mitra-password'), 'utf8')).toBe(password);
      // Dependency injection, the demo seed, the API and the pages, as compiled by the build step.
      expect(service.output()).toContain('Demo logins');
      const login = await request(service.url).post('/api/auth/login').send({ email: 'officer@demo.test', password: 'mitra-demo-2026' }).expect(200);
      await request(service.url).get('/api/applications').set('Authorization', `Bearer ${login.body.accessToken as string}`).expect(200);
      expect((await request(service.url).get('/masuk').expect(200)).text).toContain('<form');
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
    }
  }, 120_000);

  it('prepares nothing when DATABASE_URL names a server', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'mitra-first-start-url-'));
    try {
      await prepareDatabaseServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', DATA_DIR: elsewhere });
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
