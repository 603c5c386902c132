import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npmStartEnv, ROOT } from './config';
import { freePort, npmStartCommand, ServerProcess } from './processes';
import { figure, type Figure } from './report';

/**
 * What `npm start` reads from a checkout: package.json and the lock file (prestart hashes it), the
 * tsconfig files, scripts/build-if-stale.js, what tsc compiles (src, migrations, bench) and
 * templates/ (pages, mail, certificate text and fonts, read at run time). test/, docs/ and docker/
 * play no part.
 */
const CHECKOUT = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'scripts', 'src', 'migrations', 'bench', 'templates'];
/** The bench's own data and results, kept under bench/ but not part of a checkout. */
const NOT_CHECKED_IN = new Set([join(ROOT, 'bench', '.data'), join(ROOT, 'bench', 'results')]);

const FIRST_TARGET = { op: '<', value: 10_000 } as const;
const SECOND_TARGET = { op: '<', value: 4_000 } as const;

const msText = (ms: number) => Math.round(ms).toLocaleString('en-US');
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** A fresh checkout (no dist/, no data/) in a temporary folder, node_modules the repository's by symlink. */
export function freshCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mitra-npm-start-'));
  // Run as root, the embedded PostgreSQL runs as the user "postgres", which must be able to enter it.
  chmodSync(dir, 0o755);
  for (const entry of CHECKOUT) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true, filter: (src) => !NOT_CHECKED_IN.has(src) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

interface Start {
  ms: number;
  spawnedAt: number;
  loadAverage: string;
  output: string;
  /** PostgreSQL removed its postmaster.pid: it shut down cleanly, not killed. */
  stoppedCleanly: boolean;
  stopMs: number;
}

/**
 * Start-up as a user meets `npm start`, the build included: first on a fresh checkout (no dist/,
 * an empty DATA_DIR), then again with nothing changed. Each is timed from spawning npm to the first
 * GET /health 200, then stopped with SIGTERM to its process group (npm, sh, node, PostgreSQL) and
 * awaited until none of it is left.
 */
export async function npmStartScenario(): Promise<{ figures: Figure[]; details: unknown; notes: string[] }> {
  const checkout = freshCheckout();
  const dataDir = join(checkout, 'data');
  const start = async (name: string, timeoutMs: number): Promise<Start> => {
    const port = await freePort();
    const proc = new ServerProcess(name, npmStartCommand(checkout), npmStartEnv({ port, dataDir }), port);
    const load = loadAverage();
    const spawnedAt = Date.now();
    let ms: number;
    try {
      ms = await proc.start('/health', timeoutMs);
    } finally {
      await proc.stop();
    }
    const stopped = Date.now();
    return {
      ms,
      spawnedAt,
      loadAverage: load,
      output: readFileSync(proc.logFile, 'utf8'),
      stoppedCleanly: !existsSync(join(dataDir, 'pg18', 'postmaster.pid')),
      stopMs: stopped - spawnedAt - ms,
    };
  };
  const sinceSpawn = (file: string, spawnedAt: number) => Math.round(statSync(file).mtimeMs - spawnedAt);
  /** When the service had its database up and began creating the Nest application (then migrations, listen). */
  const nestStartingMs = (run: Start) => {
    for (const line of run.output.split('\n')) {
      if (!line.includes('Starting Nest application')) continue;
      const time = Date.parse((JSON.parse(line) as { time: string }).time);
      return Math.round(time - run.spawnedAt);
    }
    throw new Error('the service never logged "Starting Nest application"');
  };
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(what);
  };

  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    const first = await start('npm-start-first', 300_000);
    expect(first.output.includes('build: compiling'), 'the first npm start did not compile (see bench/.data/logs/npm-start-first.log)');
    expect(first.output.includes('Demo data created'), 'the first npm start did not seed the demo data (see bench/.data/logs/npm-start-first.log)');
    // Written when tsc has finished, and when initdb has.
    const builtMs = sinceSpawn(join(checkout, 'dist', '.build-hash'), first.spawnedAt);
    const clusterMs = sinceSpawn(join(dataDir, 'pg18', 'mitra-password'), first.spawnedAt);
    const firstNestMs = nestStartingMs(first);
    figures.push(
      figure(
        'start-up',
        'first `npm start`, fresh checkout: build, new embedded PostgreSQL 18, migrations, demo seed → /health 200',
        first.ms,
        'ms',
        FIRST_TARGET,
        `built (npm, prestart, tsc --noCheck --noResolve) after ${msText(builtMs)} ms, PostgreSQL cluster initialised (initdb, beside the build) after ${msText(clusterMs)} ms, ` +
          `database up, Nest starting after ${msText(firstNestMs)} ms, then migrations, demo seed, listen; load average ${first.loadAverage}`,
      ),
    );

    const second = await start('npm-start-second', 120_000);
    expect(second.output.includes('not rebuilding'), 'the second npm start rebuilt although nothing changed (see bench/.data/logs/npm-start-second.log)');
    const secondNestMs = nestStartingMs(second);
    figures.push(
      figure(
        'start-up',
        'second `npm start`, nothing changed: build skipped, existing database → /health 200',
        second.ms,
        'ms',
        SECOND_TARGET,
        `npm, prestart check, node loading the service and PostgreSQL up: Nest starting after ${msText(secondNestMs)} ms; load average ${second.loadAverage}`,
      ),
    );

    notes.push(
      'Start-up: `npm start` (npm from PATH) in a throw-away copy of the checkout under the system temporary folder ' +
        `(${CHECKOUT.join(', ')}; node_modules a symlink to the repository's), with no NODE_ENV (development, as README's \`npm start\`), ` +
        'no DATABASE_URL, workers on, an empty DATA_DIR; timed from spawning npm to the first 200 of GET /health. ' +
        'The first start counts npm, the prestart check finding no dist/ and compiling with `tsc -p tsconfig.build.json --noCheck --noResolve` while it initialises the embedded PostgreSQL 18 cluster (initdb), ' +
        'then the service starting the cluster, running the migrations and seeding the demo data; ' +
        'the second counts npm, the prestart hash check (build skipped), PostgreSQL starting on the existing cluster and the service starting. ' +
        `Each was stopped with SIGTERM to its process group and awaited until none of it was left (${msText(first.stopMs)} and ${msText(second.stopMs)} ms); ` +
        (first.stoppedCleanly && second.stoppedCleanly ? 'PostgreSQL shut down cleanly both times.' : 'PostgreSQL left its postmaster.pid behind (it did not shut down cleanly).'),
    );
    return {
      figures,
      details: {
        firstMs: first.ms,
        firstBuiltMs: builtMs,
        firstClusterInitialisedMs: clusterMs,
        firstNestStartingMs: firstNestMs,
        firstLoadAverage: first.loadAverage,
        secondMs: second.ms,
        secondNestStartingMs: secondNestMs,
        secondLoadAverage: second.loadAverage,
        stopMs: [first.stopMs, second.stopMs],
        postgresStoppedCleanly: first.stoppedCleanly && second.stoppedCleanly,
      },
      notes,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const measured = figures.length;
    if (measured < 1) figures.push({ scenario: 'start-up', metric: 'first `npm start`, fresh checkout → /health 200', value: null, unit: 'ms', target: FIRST_TARGET, status: 'failed', note: message.split('\n')[0] });
    if (measured < 2) figures.push({ scenario: 'start-up', metric: 'second `npm start`, nothing changed → /health 200', value: null, unit: 'ms', target: SECOND_TARGET, status: 'failed', note: message.split('\n')[0] });
    notes.push(`\`npm start\` start-up failed:\n\n\`\`\`\n${message}\n\`\`\``);
    return { figures, details: { error: message }, notes };
  } finally {
    removeCheckout(checkout);
  }
}

/** Removes a checkout made by freshCheckout: the link first, so nothing can reach into the repository's node_modules. */
export function removeCheckout(checkout: string): void {
  if (existsSync(join(checkout, 'node_modules'))) unlinkSync(join(checkout, 'node_modules'));
  rmSync(checkout, { recursive: true, force: true });
}
