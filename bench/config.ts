import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The repository root: dist/bench/config.js sits two levels below it, bench/config.ts one. */
export const ROOT = resolve(__dirname, basename(dirname(__dirname)) === 'dist' ? '../..' : '..');
export const BENCH_DIR = join(ROOT, 'bench');
/** Gitignored: service DATA_DIR (stored files), logs, CPU profiles, the embedded-database start-up folder. */
export const DATA_DIR = join(BENCH_DIR, '.data');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const SERVICE_MAIN = join(ROOT, 'dist', 'src', 'main.js');
export const BASELINE_MAIN = join(ROOT, 'dist', 'bench', 'baseline-server.js');
export const LOAD_WORKER = join(ROOT, 'dist', 'bench', 'load-worker.js');

/**
 * Node's flags from `npm start` (package.json: `node <flags> dist/src/main.js`), so the bench runs
 * the service exactly as production starts it (today the old-space limit, see README's capacity note).
 */
export const SERVICE_NODE_ARGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node' || words[words.length - 1] !== 'dist/src/main.js') throw new Error(`package.json's start script is not "node [flags] dist/src/main.js": ${start}`);
  return words.slice(1, -1);
})();

/** Bumped whenever the shape of the seeded data changes: a database with another marker is rebuilt. */
export const DATASET_VERSION = 'mitra-bench-dataset-v2';

export interface Scale {
  agencies: number;
  outlets: number;
  /** Total journalists, the roster outlets' included. */
  journalists: number;
  applications: number;
  /** Approved applications, one certificate each. */
  approved: number;
  auditEvents: number;
  applicants: number;
  /** Outlets with a 200-journalist roster and every document, kept free of applications for the submit scenario. */
  rosterOutlets: number;
  rosterSize: number;
  /** Applications of agency 01, one per outlet (an outlet holds one open application per agency). */
  bigAgencyApplications: number;
  /** Certificates agency 01 issued last calendar year: the auditor export. */
  bigAgencyCertificatesLastYear: number;
}

export interface Durations {
  /** Seconds per measured load run. */
  run: number;
  warmup: number;
  login: number;
  /** Drafts prepared for the submit scenario (at most rosterOutlets × agencies). */
  submitDrafts: number;
  pdfRenders: number;
  profile: number;
  exportTimeoutMs: number;
}

export interface Mode {
  name: 'full' | 'quick';
  databaseUrl: string;
  scale: Scale;
  durations: Durations;
}

const FULL_SCALE: Scale = {
  agencies: 50,
  outlets: 20_000,
  journalists: 200_000,
  applications: 60_000,
  approved: 30_000,
  auditEvents: 1_000_000,
  applicants: 10_000,
  rosterOutlets: 20,
  rosterSize: 200,
  bigAgencyApplications: 15_000,
  bigAgencyCertificatesLastYear: 10_000,
};

/** One tenth of every volume; the agencies and the roster size stay, so the same people log in. */
const QUICK_SCALE: Scale = {
  agencies: 50,
  outlets: 2_000,
  journalists: 20_000,
  applications: 6_000,
  approved: 3_000,
  auditEvents: 100_000,
  applicants: 1_000,
  rosterOutlets: 10,
  rosterSize: 200,
  bigAgencyApplications: 1_500,
  bigAgencyCertificatesLastYear: 1_000,
};

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/mitra_bench';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The maintenance database on the same server, for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  return withDatabase(url, 'postgres');
}

export function modeFor(quick: boolean, env: NodeJS.ProcessEnv = process.env): Mode {
  const full = env.BENCH_DATABASE_URL || DEFAULT_URL;
  if (!quick) {
    return {
      name: 'full',
      databaseUrl: full,
      scale: FULL_SCALE,
      durations: { run: 10, warmup: 3, login: 10, submitDrafts: 800, pdfRenders: 200, profile: 8, exportTimeoutMs: 300_000 },
    };
  }
  return {
    name: 'quick',
    databaseUrl: env.BENCH_QUICK_DATABASE_URL || withDatabase(full, `${databaseName(full)}_quick`),
    scale: QUICK_SCALE,
    durations: { run: 5, warmup: 2, login: 5, submitDrafts: 300, pdfRenders: 200, profile: 5, exportTimeoutMs: 120_000 },
  };
}

// Fixed bench secrets: the seeder encrypts NIKs with the keys the service is started with.
const derive = (label: string) => createHash('sha256').update(`mitra-media-bench:${label}`).digest();
export const BENCH_SECRETS = {
  JWT_SECRET: derive('jwt').toString('base64url'),
  NIK_KEY_ID: 'bench1',
  NIK_KEY: derive('nik-encryption'),
  NIK_HASH_KEY: derive('nik-hash'),
};
export const BENCH_PASSWORD = 'bench-password-2026';

export const agencyNo = (i: number) => String(i).padStart(2, '0');
export const agencyCode = (i: number) => `BENCH-AG${agencyNo(i)}`;
export const staffEmail = (role: string, agency: number) => `${role}@agency-${agencyNo(agency)}.bench.test`;
export const ROSTER_APPLICANT_EMAIL = 'roster-owner@bench.test';
/** Agency 01 is the big one: the queue, the export and the EXPLAIN parameters use it. */
export const BIG_AGENCY = 1;

/** Environment the service runs with; every figure is reported beside it. */
export function serviceEnv(opts: { databaseUrl?: string; port: number; dataDir: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    JWT_SECRET: BENCH_SECRETS.JWT_SECRET,
    NIK_ENCRYPTION_KEYS: `${BENCH_SECRETS.NIK_KEY_ID}:${BENCH_SECRETS.NIK_KEY.toString('base64')}`,
    NIK_HASH_KEY: BENCH_SECRETS.NIK_HASH_KEY.toString('base64'),
    SEED_DEMO: 'false',
    WORKERS_ENABLED: 'false',
    // Every load request comes from 127.0.0.1: the per-IP public limit (default 600/min) would
    // answer 429 within a second. The limiter still runs; it just never trips.
    PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  return env;
}

/**
 * What `npm start` sees on a developer's machine (README: "npm install && npm start"): no NODE_ENV
 * (development: demo data on an empty database, secrets generated into DATA_DIR), no DATABASE_URL
 * (the embedded PostgreSQL 18), workers on, default log level. Only the port (a free one), the
 * listening interface and DATA_DIR are set; npm's update check is off, so no figure waits on the registry.
 */
export function npmStartEnv(opts: { port: number; dataDir: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    npm_config_update_notifier: 'false',
  };
}

/** What the report says about how the service ran. */
export const SERVICE_SETTINGS_NOTE =
  `node ${SERVICE_NODE_ARGS.join(' ')} dist/src/main.js (as \`npm start\`), ` +
  'NODE_ENV=production, LOG_LEVEL=info (default: one JSON log line per request, written to a file; public verification answers summed up in one line per 10 s), DB_POOL_SIZE=10 (default), ' +
  'WORKERS_ENABLED=false, PUBLIC_RATE_LIMIT_PER_MINUTE=1000000 (all load comes from one IP)';
