import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KEYS } from './test-app';

const ROOT = join(__dirname, '..', '..');

/** Node's flags of `npm start` (package.json: `node <flags> dist/src/main.js`), e.g. the old-space limit. */
const START_NODE_ARGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start
  .trim()
  .split(/\s+/)
  .slice(1, -1);

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The built service (`node dist/src/main.js`) as a separate process on the given database, or with
 * `null` on its embedded default, exactly as `npm start` runs it (no DATABASE_URL); by default this
 * repository's build, or that of another checkout.
 */
export async function startServiceProcess(databaseUrl: string | null, env: Record<string, string> = {}, checkout = ROOT): Promise<ServiceProcess> {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const child = spawn(process.execPath, [...START_NODE_ARGS, join(checkout, 'dist/src/main.js')], {
    cwd: checkout,
    env: {
      ...inherited,
      ...TEST_KEYS,
      NODE_ENV: 'test',
      ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl }),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mitra-proc-')),
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      WORKERS_ENABLED: 'false',
      PUBLIC_BASE_URL: 'http://mitra.test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind a failed start.
      child.kill('SIGKILL');
      reject(new Error(`service did not start:\n${out}`));
    }, 60_000);
    const check = () => {
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited ${code}:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/** A worker process (`node dist/src/worker.js`): outbox and scheduler, no HTTP; resolves once it runs. */
export async function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<Omit<ServiceProcess, 'url'>> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/worker.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...TEST_KEYS,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mitra-worker-')),
      LOG_LEVEL: 'warn',
      PUBLIC_BASE_URL: 'http://mitra.test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (!out.includes('worker is running')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited ${code}:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/** Runs the built CLI against a database and returns its exit code and output. */
export function runCli(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/src/cli.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...TEST_KEYS, NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'mitra-cli-')), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
