import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DATA_DIR } from './config';

const CLK_TCK = 100;

/** utime + stime of a process in clock ticks, or null once it is gone. */
export function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
export const rssKb = (pid: number) => statusKb(pid, 'VmRSS');
export const hwmKb = (pid: number) => statusKb(pid, 'VmHWM');

/** Resets VmHWM (peak RSS) to the current RSS; false where the kernel or permissions refuse. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Every PostgreSQL server process on this machine (postmaster and backends), by comm name. */
function postgresPids(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') out.push(Number(entry));
    } catch {
      // the process ended while listing
    }
  }
  return out;
}

/**
 * CPU use over a window, as % of one core, for named processes and for PostgreSQL as a whole
 * (backends that end during the window lose their ticks; the pool keeps its backends, so little).
 */
/** Busy clock ticks of the whole machine (all cores), from /proc/stat. */
function machineBusyTicks(): number {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return user + nice + system + irq + softirq + steal;
  } catch {
    return 0;
  }
}

export class CpuMeter {
  private readonly start: Map<string, number> = new Map();
  private readonly pgStart = new Map<number, number>();
  private t0 = 0n;
  private machine0 = 0;

  constructor(private readonly pids: Record<string, number | undefined>) {}

  begin(): this {
    this.t0 = process.hrtime.bigint();
    this.machine0 = machineBusyTicks();
    for (const [name, pid] of Object.entries(this.pids)) if (pid) this.start.set(name, cpuTicks(pid) ?? 0);
    for (const pid of postgresPids()) this.pgStart.set(pid, cpuTicks(pid) ?? 0);
    return this;
  }

  end(): Record<string, number> {
    const seconds = Number(process.hrtime.bigint() - this.t0) / 1e9;
    const pct = (ticks: number) => Math.round((ticks / CLK_TCK / seconds) * 1000) / 10;
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      if (!pid) continue;
      const now = cpuTicks(pid);
      if (now !== null) out[name] = pct(now - (this.start.get(name) ?? 0));
    }
    let pg = 0;
    for (const pid of postgresPids()) pg += (cpuTicks(pid) ?? 0) - (this.pgStart.get(pid) ?? 0);
    out.postgres = pct(pg);
    // Everything else on the machine (other people's builds and tests share it): noise in the figures.
    const known = Object.values(out).reduce((a, b) => a + b, 0);
    out.other = Math.max(0, Math.round((pct(machineBusyTicks() - this.machine0) - known) * 10) / 10);
    return out;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class StartError extends Error {}

/** What a ServerProcess runs: a program, its arguments and the folder it runs in. */
export interface Command {
  file: string;
  args: string[];
  cwd: string;
  /** A file that must exist before spawning (the built script): a clear message instead of node's. */
  needs?: string;
  /**
   * Run in a process group of its own, signalled as a whole and awaited until none of it is left:
   * `npm start` runs sh, which runs node, which runs PostgreSQL, and npm exits on SIGTERM without
   * waiting for them.
   */
  group?: boolean;
}

/** `node [flags] script` from the bench's data folder. */
export function nodeCommand(script: string, nodeArgs: string[] = []): Command {
  return { file: process.execPath, args: [...nodeArgs, script], cwd: DATA_DIR, needs: script };
}

/** `npm start` in a checkout, npm from PATH, as a user types it: the prestart build check, then the service. */
export function npmStartCommand(checkout: string): Command {
  return { file: 'npm', args: ['start'], cwd: checkout, group: true };
}

/** Live (not zombie) processes of a process group, from /proc. */
function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') out.push(Number(entry));
    } catch {
      // the process ended while listing
    }
  }
  return out;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone
  }
}

/**
 * A server under test in its own process. Its stdout and stderr go to a log file (never through
 * this process's event loop), whose tail is shown when it fails.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  /** How the process ended, once it has: "exited (code 1, signal null)", or why it never ran. */
  private exited: string | null = null;
  readonly logFile: string;

  constructor(
    readonly name: string,
    private readonly command: Command,
    private readonly env: NodeJS.ProcessEnv,
    readonly port: number,
  ) {
    mkdirSync(join(DATA_DIR, 'logs'), { recursive: true });
    this.logFile = join(DATA_DIR, 'logs', `${name}.log`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spawns and waits for `readyPath` to answer 200; resolves with the milliseconds it took. */
  async start(readyPath: string, timeoutMs: number): Promise<number> {
    const { file, args, cwd, needs, group } = this.command;
    if (needs && !existsSync(needs)) throw new StartError(`${this.name}: ${needs} is missing (did the build run?)`);
    const fd = openSync(this.logFile, 'w');
    const t0 = process.hrtime.bigint();
    this.exited = null;
    this.child = spawn(file, args, { env: this.env, cwd, stdio: ['ignore', fd, fd], detached: !!group });
    closeSync(fd);
    this.child.once('exit', (code, signal) => (this.exited = `exited (code ${code}, signal ${signal})`));
    // A command not found on PATH (npm) fails here, not with an exit.
    this.child.once('error', (err) => (this.exited = `could not be spawned (${err.message})`));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Set by the exit or error listener while this loop awaits.
      const exited = this.exited as string | null;
      if (exited) {
        throw new StartError(`${this.name} ${exited} during start-up. Last log lines:\n${this.tail(30)}`);
      }
      try {
        const res = await fetch(`${this.url}${readyPath}`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return Number(process.hrtime.bigint() - t0) / 1e6;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw new StartError(`${this.name} did not answer ${readyPath} with 200 within ${timeoutMs / 1000} s. Last log lines:\n${this.tail(30)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** SIGTERM (graceful), then SIGKILL after a grace period. Only this process (or its own group), by its id. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    if (this.command.group) return this.stopGroup(child.pid, graceMs);
    if (this.exited) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  }

  /** The group's leader may be gone while the rest still runs (npm leaves on SIGTERM): waits for every member. */
  private async stopGroup(pgid: number, graceMs: number): Promise<void> {
    const gone = async (ms: number) => {
      const until = Date.now() + ms;
      while (groupMembers(pgid).length > 0) {
        if (Date.now() > until) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
      return true;
    };
    if (groupMembers(pgid).length === 0) return;
    signalGroup(pgid, 'SIGTERM');
    if (await gone(graceMs)) return;
    signalGroup(pgid, 'SIGKILL');
    if (!(await gone(5_000))) throw new Error(`${this.name}: processes ${groupMembers(pgid).join(', ')} of group ${pgid} survived SIGKILL`);
  }

  get running(): boolean {
    return !!this.child && !this.exited;
  }

  tail(lines: number): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  logBytes(): number {
    try {
      return statSync(this.logFile).size;
    } catch {
      return 0;
    }
  }
}
