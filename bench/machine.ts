import { cpus, totalmem } from 'node:os';
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
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    kernel,
    date: new Date().toISOString(),
  };
}
