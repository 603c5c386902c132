import { cpus, totalmem } from 'node:os';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  kernel: string;
  date: string;
  /** /proc/loadavg when the bench started: other work on the machine skews every figure. */
  loadAverage: string;
  /**
   * A fixed single-thread job timed when the bench starts (median of three): a virtual machine's
   * speed changes with its host, and figures of runs are comparable only at a like speed.
   */
  cpuReferenceMs: number;
}

/** 100,000 SHA-256 of short strings and 1,000,000 small objects; lower is faster. */
export function cpuReferenceMs(): number {
  const once = () => {
    const started = process.hrtime.bigint();
    let sink = 0;
    for (let i = 0; i < 100_000; i++) sink += createHash('sha256').update(`mitra ${i}`).digest()[0];
    const objects: { i: number; s: string }[] = [];
    for (let i = 0; i < 1_000_000; i++) objects.push({ i, s: `x${i}` });
    sink += objects.length;
    if (sink < 0) throw new Error('unreachable');
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const runs = [once(), once(), once()].sort((a, b) => a - b);
  return Math.round(runs[1]);
}

export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let postgres = 'unknown';
  try {
    const { rows } = await client.query<{ v: string; sb: string }>(`SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb`);
    postgres = `${rows[0].v} (shared_buffers ${rows[0].sb})`;
  } finally {
    await client.end();
  }
  let kernel = 'unknown';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    // not Linux
  }
  let loadAverage = 'unknown';
  try {
    loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    // not Linux
  }
  return {
    loadAverage,
    cpuReferenceMs: cpuReferenceMs(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    kernel,
    date: new Date().toISOString(),
  };
}
