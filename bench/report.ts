import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from './config';
import type { ExplainResult } from './explain';
import type { Machine } from './machine';
import type { ProfileSummary } from './profile';
import type { SeedReport } from './seed';
import { round } from './util';

export type Status = 'met' | 'missed' | 'info' | 'not available' | 'failed';

export interface Target {
  op: '<' | '<=' | '>=';
  value: number;
}

export interface Figure {
  scenario: string;
  metric: string;
  value: number | null;
  unit: string;
  target?: Target;
  status: Status;
  /** For a miss: the likely cause, from CPU shares and the profile. */
  bottleneck?: string;
  note?: string;
  /** CPU % of one core during the load run behind this figure (server, loadgen, postgres). */
  cpu?: Record<string, number>;
}

export interface Results {
  mode: 'full' | 'quick';
  machine: Machine;
  serviceSettings: string;
  dataset: SeedReport;
  totalSeconds: number;
  figures: Figure[];
  /** Raw per-scenario measurements (load results with CPU shares, probes, sizes). */
  scenarios: Record<string, unknown>;
  profile: ProfileSummary[];
  explain: ExplainResult[];
  notes: string[];
}

export function judge(value: number | null, target: Target | undefined): Status {
  if (!target) return 'info';
  if (value === null || !Number.isFinite(value)) return 'failed';
  const ok = target.op === '<' ? value < target.value : target.op === '<=' ? value <= target.value : value >= target.value;
  return ok ? 'met' : 'missed';
}

export function figure(scenario: string, metric: string, value: number | null, unit: string, target?: Target, note?: string): Figure {
  return { scenario, metric, value: value === null ? null : round(value, value < 10 ? 2 : 1), unit, target, status: judge(value, target), note };
}

export function unavailable(scenario: string, metric: string, unit: string, why: string, target?: Target): Figure {
  return { scenario, metric, value: null, unit, target, status: why.startsWith('not available') ? 'not available' : 'failed', note: why };
}

const fmtValue = (f: Figure) => (f.value === null ? '—' : `${f.value.toLocaleString('en-US')} ${f.unit}`.trim());
const fmtTarget = (t?: Target, unit = '') => (t ? `${t.op} ${t.value.toLocaleString('en-US')} ${unit}`.trim() : '');
const STATUS_MARK: Record<Status, string> = { met: '✅ met', missed: '❌ missed', info: 'info', 'not available': '⚪ not available', failed: '⚠️ failed' };
const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdown(r: Results): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`# Mitra Media benchmark (${r.mode})`);
  lines.push('');
  lines.push(`- **Date:** ${m.date}`);
  lines.push(`- **Machine:** ${m.cores} cores, ${m.cpuModel}, ${m.memoryGiB} GiB RAM, Linux ${m.kernel}`);
  lines.push(`- **Node:** ${m.node}; **PostgreSQL:** ${m.postgres}; **load average at start:** ${m.loadAverage}`);
  lines.push(
    `- **CPU speed reference:** ${m.cpuReferenceMs} ms for a fixed single-thread job (100,000 SHA-256 and 1,000,000 small objects, median of 3; lower is faster). ` +
      `This virtual machine's speed follows its host's load: compare runs at a like reference, and by the baseline's requests/s below.`,
  );
  lines.push(`- **Service:** ${r.serviceSettings}`);
  lines.push(`- **Load generator:** autocannon in a separate process on the same machine (it shares the 2 cores with the service and PostgreSQL)`);
  const c = r.dataset.counts;
  lines.push(
    `- **Dataset:** \`${r.dataset.database}\` (${r.dataset.reused ? 'reused' : `seeded in ${r.dataset.seconds} s`}): ` +
      ['agencies', 'users', 'outlets', 'journalists', 'documents', 'applications', 'certificates', 'audit_events'].map((k) => `${(c[k] ?? 0).toLocaleString('en-US')} ${k.replace('_', ' ')}`).join(', '),
  );
  lines.push(`- **Audit chains:** ${r.dataset.chainCheck}`);
  lines.push(`- **Total bench time:** ${Math.round(r.totalSeconds)} s`);
  lines.push('');
  lines.push('## Figures');
  lines.push('');
  lines.push('| scenario | metric | value | target | status | bottleneck / note |');
  lines.push('|---|---|---:|---|---|---|');
  for (const f of r.figures) {
    lines.push(`| ${cell(f.scenario)} | ${cell(f.metric)} | ${fmtValue(f)} | ${fmtTarget(f.target, f.unit)} | ${STATUS_MARK[f.status]} | ${cell([f.bottleneck, f.note].filter(Boolean).join('; '))} |`);
  }
  const v = r.scenarios.verification as { service?: LoadSummary; baseline?: LoadSummary } | undefined;
  if (v?.baseline || v?.service) {
    lines.push('');
    lines.push('## Public verification: service vs bare node:http + pg');
    lines.push('');
    lines.push('| | requests/s | p50 ms | p95 ms | p99 ms | errors + non-2xx | CPU server % | CPU PostgreSQL % | CPU load generator % | CPU other processes % |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, s] of [['service', v.service], ['baseline', v.baseline]] as const) {
      if (!s) continue;
      lines.push(`| ${name} | ${round(s.rps, 0)} | ${round(s.latencyMs.p50, 2)} | ${round(s.latencyMs.p95, 2)} | ${round(s.latencyMs.p99, 2)} | ${s.errors + s.timeouts + s.non2xx} | ${s.cpu.server ?? '—'} | ${s.cpu.postgres ?? '—'} | ${s.cpu.loadgen ?? '—'} | ${s.cpu.other ?? '—'} |`);
    }
    if (v.service && v.baseline) lines.push('', `Ratio service/baseline (requests/s): **${round(v.service.rps / v.baseline.rps, 2)}** (target ≥ 0.7).`);
  }
  if (r.profile.length > 0) {
    lines.push('');
    lines.push('## Where the service spends its main thread (short profiled pass, `--cpu-prof`)');
    lines.push('');
    lines.push('| scenario | event loop busy | GC | self time by package (% of busy) | top functions |');
    lines.push('|---|---:|---:|---|---|');
    for (const p of r.profile) {
      lines.push(
        `| ${p.scenario} | ${p.busyPct}% | ${p.gcPct}% | ${cell(p.byPackage.slice(0, 6).map((x) => `${x.name} ${x.pct}%`).join(', '))} | ${cell(p.topFunctions.slice(0, 4).map((x) => `${x.name} ${x.pct}%`).join(', '))} |`,
      );
    }
  }
  lines.push('');
  lines.push('## EXPLAIN ANALYZE of the hot queries (bench/queries.ts)');
  lines.push('');
  lines.push('| query | used by | plan | ms | flag |');
  lines.push('|---|---|---|---:|---|');
  for (const e of r.explain) {
    lines.push(`| ${cell(e.name)} | ${cell(e.usedBy)} | ${cell(e.error ? `error: ${e.error}` : e.plan)} | ${e.executionMs ?? '—'} | ${cell(e.flags.length ? `⚠️ ${e.flags.join('; ')}` : '')} |`);
  }
  if (r.notes.length > 0) {
    lines.push('');
    lines.push('## Notes');
    lines.push('');
    for (const n of r.notes) lines.push(`- ${n}`);
  }
  lines.push('');
  return lines.join('\n');
}

interface LoadSummary {
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  cpu: Record<string, number>;
}

/** A run of some parts only (--only) goes to partial.*, so latest.* always holds a whole run. */
export function writeResults(r: Results, partial = false): { json: string; md: string; text: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const base = partial ? 'partial' : 'latest';
  const json = join(RESULTS_DIR, `${base}.json`);
  const md = join(RESULTS_DIR, `${base}.md`);
  const text = markdown(r);
  writeFileSync(json, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(md, text);
  return { json, md, text };
}
