import { fork } from 'node:child_process';
import { LOAD_WORKER } from './config';
import { CpuMeter } from './processes';
import { latencySummary } from './util';

/** One autocannon run, described as data so it can cross to the worker process. */
export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds; ignored by autocannon when `amount` is set. */
  duration?: number;
  amount?: number;
  maxSeconds?: number;
  timeoutSeconds?: number;
  method: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** A random one per request. */
  paths?: string[];
  bodies?: string[];
  /** The next one per request (each draft is submitted once). */
  sequence?: { path: string; body?: string }[];
  /** A random one per request, with its own headers (a page as one of several logged-in sessions). */
  variants?: { path: string; headers: Record<string, string> }[];
  /** Return every 2xx latency, so runs can be merged (alternating rounds). */
  keepLatencies?: boolean;
}

export interface LoadResult {
  seconds: number;
  responses: number;
  /** 2xx responses. */
  ok: number;
  /** 2xx per second. */
  rps: number;
  /** Of 2xx responses. */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  allLatencyP95Ms: number;
  status: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  errorSamples: string[];
  setupCalls: number;
  /** Sorted 2xx latencies, when the spec asked for them. */
  okLatencies?: number[];
}

export interface MeasuredLoad extends LoadResult {
  /** % of one core during the run: the server under test, the load generator, PostgreSQL. */
  cpu: Record<string, number>;
}

/** Runs the load in a forked worker while measuring CPU of the server, the worker and PostgreSQL. */
export function runLoad(spec: LoadSpec, serverPid: number | undefined): Promise<MeasuredLoad> {
  return new Promise((resolve, reject) => {
    const child = fork(LOAD_WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let meter: CpuMeter | null = null;
    let settled = false;
    child.once('spawn', () => {
      meter = new CpuMeter({ server: serverPid, loadgen: child.pid }).begin();
      child.send(spec);
    });
    child.on('message', (msg: { result?: LoadResult; error?: string }) => {
      const cpu = meter?.end() ?? {};
      settled = true;
      if (msg.result) resolve({ ...msg.result, cpu });
      else reject(new Error(`load generator: ${msg.error}`));
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited with code ${code} before reporting`));
    });
  });
}

/** One result from several runs of the same load: counts add up, percentiles from all latencies, CPU time-weighted. */
export function mergeLoads(runs: MeasuredLoad[]): MeasuredLoad {
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const ok = runs.flatMap((r) => r.okLatencies ?? []).sort((a, b) => a - b);
  const sum = (f: (r: MeasuredLoad) => number) => runs.reduce((a, r) => a + f(r), 0);
  const status: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  for (const r of runs) {
    for (const [k, v] of Object.entries(r.status)) status[k] = (status[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.cpu)) cpu[k] = (cpu[k] ?? 0) + (v * r.seconds) / seconds;
  }
  for (const k of Object.keys(cpu)) cpu[k] = Math.round(cpu[k] * 10) / 10;
  return {
    seconds,
    responses: sum((r) => r.responses),
    ok: ok.length,
    rps: ok.length / seconds,
    latencyMs: latencySummary(ok),
    allLatencyP95Ms: Math.max(...runs.map((r) => r.allLatencyP95Ms)),
    status,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    errorSamples: runs.flatMap((r) => r.errorSamples).slice(0, 3),
    setupCalls: sum((r) => r.setupCalls),
    cpu,
  };
}
