import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Each test file gets a database of its own: a fresh database on the server named by
 * TEST_DATABASE_URL (CI), or, when that is unset (a fresh machine), a throw-away embedded PostgreSQL
 * of its own: the service's embedded default, started in a child process.
 */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const child = spawn(process.execPath, [join(__dirname, 'embedded-postgres-child.js'), String(poolSize * 3 + 20)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const [line] = await Promise.race([
      (async () => {
        for await (const l of createInterface({ input: child.stdout })) return [l];
        return [''];
      })(),
      new Promise<string[]>((_, reject) => child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited ${code}`)))),
    ]);
    const { url } = JSON.parse(line) as { url: string };
    return {
      url,
      drop: () =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.stdin.end();
        }),
    };
  }
  const baseUrl = new URL(base);
  const baseName = baseUrl.pathname.slice(1);
  // Guard against pointing the suite at a real database by mistake: it creates and drops databases.
  if (!baseName.includes('test')) throw new Error(`TEST_DATABASE_URL must name a database containing "test", got ${baseName}`);
  const name = `${baseName}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
