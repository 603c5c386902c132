/**
 * `npm run bench [-- --quick] [-- --reseed]`: seeds (or reuses) the bench database, starts the
 * production build against it, drives it over HTTP from a separate process, measures in-process
 * figures, EXPLAINs the hot queries and writes bench/results/latest.{json,md}. See bench/README.md.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { adminUrl, BASELINE_MAIN, DATA_DIR, modeFor, SERVICE_MAIN, SERVICE_NODE_ARGS, SERVICE_SETTINGS_NOTE, serviceEnv, type Mode } from './config';
import { explainHotQueries, type ExplainResult } from './explain';
import { runLoad } from './load';
import { describeMachine } from './machine';
import { freePort, hwmKb, nodeCommand, rssKb, ServerProcess, StartError } from './processes';
import { newestProfile, summarizeProfile, type ProfileSummary } from './profile';
import { figure, writeResults, type Figure, type Results } from './report';
import {
  exportScenario,
  loadFacts,
  loginScenario,
  pagesScenario,
  pdfScenario,
  queueScenario,
  revocationScenario,
  submitScenario,
  verificationScenario,
  type ScenarioOutput,
} from './scenarios';
import { ensureDataset, resetRosterApplications } from './seed';
import { dashboardScenario } from './staff-pages';
import { npmStartScenario } from './startup';
import { log, round } from './util';

const PARTS = ['explain', 'startup', 'verification', 'revocation', 'queue', 'submit', 'export', 'login', 'pages', 'dashboard', 'profile', 'pdf'] as const;
const USAGE = `usage: npm run bench [-- --quick] [-- --reseed] [-- --only=part,part]
  --quick         smaller dataset (1/10) in mitra_bench_quick, 5 s runs; under 3 minutes
  --reseed        drop and seed the bench database again
  --only=...      run only these parts: ${PARTS.join(', ')}
env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mitra_bench), BENCH_QUICK_DATABASE_URL`;

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  if (args.has('--help') || args.has('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const onlyArg = [...args].find((a) => a.startsWith('--only='));
  const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').filter(Boolean)) : null;
  const want = (part: (typeof PARTS)[number]) => !only || only.has(part);
  const unknown = [...args].filter((a) => !['--quick', '--reseed'].includes(a) && a !== onlyArg);
  if (only) unknown.push(...[...only].filter((p) => !(PARTS as readonly string[]).includes(p)).map((p) => `--only=${p}`));
  if (unknown.length) {
    process.stderr.write(`unknown option ${unknown.join(' ')}\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  const mode = modeFor(args.has('--quick'));
  log(`mode ${mode.name}: database ${new URL(mode.databaseUrl).pathname.slice(1)}, ${mode.durations.run} s per load run`);
  for (const file of [SERVICE_MAIN, BASELINE_MAIN]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run through \`npm run bench\`, which builds first`);
  }
  mkdirSync(DATA_DIR, { recursive: true });

  const machine = await describeMachine(adminUrl(mode.databaseUrl));
  log(`machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}`);
  const dataset = await ensureDataset(mode, { reseed: args.has('--reseed') });
  const facts = await loadFacts(mode);

  const figures: Figure[] = [];
  const scenarios: Record<string, unknown> = {};
  const notes: string[] = [];
  const results = (): Results => ({
    mode: mode.name,
    machine,
    serviceSettings: SERVICE_SETTINGS_NOTE,
    dataset,
    totalSeconds: (Date.now() - started) / 1000,
    figures,
    scenarios,
    profile,
    explain,
    notes,
  });
  let profile: ProfileSummary[] = [];
  let explain: ExplainResult[] = [];

  if (want('explain')) {
    log('EXPLAIN ANALYZE of the hot queries');
    explain = await explainHotQueries(mode.databaseUrl, facts.explain);
    const flagged = explain.filter((e) => e.flags.length > 0 || e.error);
    log(`  ${explain.length} queries, ${flagged.length} flagged${flagged.length ? `: ${flagged.map((e) => e.name).join('; ')}` : ''}`);
  }

  if (want('startup')) {
    log('scenario: npm start, build included (first on a fresh checkout, then unchanged)');
    const startup = await npmStartScenario();
    figures.push(...startup.figures);
    scenarios.startup = startup.details;
    notes.push(...startup.notes);
    for (const f of startup.figures) log(`  ${f.metric}: ${f.value ?? f.status} ${f.unit}`);
  }

  const withdrawn = await resetRosterApplications(mode.databaseUrl, mode.scale);
  if (withdrawn > 0) log(`withdrew ${withdrawn} applications left open by an earlier run on the roster outlets`);

  const port = await freePort();
  const service = new ServerProcess('service', nodeCommand(SERVICE_MAIN, SERVICE_NODE_ARGS), serviceEnv({ databaseUrl: mode.databaseUrl, port, dataDir: DATA_DIR }), port);
  const baselinePort = await freePort();
  const baseline = new ServerProcess('baseline', nodeCommand(BASELINE_MAIN), { PATH: process.env.PATH, BENCH_DB_URL: mode.databaseUrl, PORT: String(baselinePort) }, baselinePort);
  const profileSpecs: NonNullable<ScenarioOutput['profileSpecs']> = [];
  let failed: string | null = null;
  try {
    log('starting the service (production build) on the bench database');
    const startMs = await service.start('/health', 60_000);
    log(`  /health 200 after ${Math.round(startMs)} ms (pid ${service.pid}, log ${service.logFile})`);
    figures.push(figure('start-up', 'PostgreSQL (bench database, migrations applied) → /health 200', startMs, 'ms', undefined, 'spawn of node dist/src/main.js to first 200'));
    await baseline.start('/health', 15_000);

    // The export runs first, on a service that has not yet grown its heap under load, so its peak
    // RSS shows what the export itself costs.
    const steps: [(typeof PARTS)[number], () => Promise<ScenarioOutput>][] = [
      ['export', () => exportScenario(mode, service, facts)],
      ['verification', () => verificationScenario(mode, service, baseline, facts)],
      ['revocation', () => withSecondService(mode, (second) => revocationScenario(mode, service, second))],
      ['queue', () => queueScenario(mode, service)],
      ['submit', () => submitScenario(mode, service, facts)],
      ['login', () => loginScenario(mode, service, facts)],
      ['pages', () => pagesScenario(mode, service, facts)],
      ['dashboard', () => dashboardScenario(mode, service)],
    ];
    const rssAfter: Record<string, number> = {};
    for (const [name, run] of steps) {
      if (!want(name)) continue;
      log(`scenario: ${name}`);
      try {
        const out = await run();
        figures.push(...out.figures);
        scenarios[name] = out.details;
        profileSpecs.push(...(out.profileSpecs ?? []));
        rssAfter[name] = Math.round((rssKb(service.pid!) ?? 0) / 1024);
      } catch (err) {
        if (!service.running) throw new StartError(`the service died during "${name}". Last log lines:\n${service.tail(30)}`);
        const message = err instanceof Error ? err.message : String(err);
        log(`  ${name} failed: ${message}`);
        figures.push({ scenario: name, metric: '(scenario)', value: null, unit: '', status: 'failed', note: message.slice(0, 300) });
      }
    }
    scenarios.serviceRssMbAfter = rssAfter;
    notes.push(
      `Service RSS after each scenario (MB): ${Object.entries(rssAfter).map(([k, v]) => `${k} ${v}`).join(', ')}; peak over the whole run (VmHWM) ${Math.round((hwmKb(service.pid!) ?? 0) / 1024)} MB.`,
    );
    notes.push(`The service wrote ${round(service.logBytes() / 2 ** 20, 1)} MiB of JSON logs during the run at LOG_LEVEL=info (request logging on): ${service.logFile}.`);
  } catch (err) {
    if (!(err instanceof StartError)) throw err;
    failed = err.message;
    log(`SERVICE FAILURE: ${err.message}`);
    figures.push({ scenario: 'service', metric: '(start / run)', value: null, unit: '', status: 'failed', note: err.message.split('\n')[0] });
    notes.push(`Service failure:\n\n\`\`\`\n${err.message}\n\`\`\``);
  } finally {
    await baseline.stop();
    await service.stop();
  }

  if (profileSpecs.length > 0 && want('profile')) profile = await profiledPass(mode, profileSpecs);
  if (want('pdf')) {
    log('scenario: certificate PDF rendering (in-process)');
    const pdf = await pdfScenario(mode);
    figures.push(...pdf.figures);
    scenarios.pdf = pdf.details;
  }
  const noisy = figures.filter((f) => (f.cpu?.other ?? 0) >= 15);
  if (noisy.length > 0) {
    const worst = Math.max(...noisy.map((f) => f.cpu!.other));
    notes.push(
      `Other processes on this machine used up to ${worst}% CPU during the load runs (${[...new Set(noisy.map((f) => f.scenario))].join('; ')}): ` +
        'those figures are lower than on a quiet machine. Load average at start: ' + machine.loadAverage + '.',
    );
  }

  addBottlenecks(figures, profile, scenarios);
  if (explain.some((e) => e.flags.length)) notes.push(`EXPLAIN flagged: ${explain.filter((e) => e.flags.length).map((e) => `${e.name}: ${e.flags.join(', ')}`).join('; ')}`);
  for (const f of figures.filter((x) => x.status === 'not available')) {
    if (!notes.some((n) => n.startsWith(`Not available: ${f.scenario}`))) notes.push(`Not available: ${f.scenario}: ${f.note}`);
  }
  const out = writeResults(results(), only !== null);
  process.stdout.write(`\n${out.text}\n`);
  log(`results: ${out.json}, ${out.md} (${Math.round((Date.now() - started) / 1000)} s in all)`);
  if (failed) {
    process.stderr.write(`\nbench incomplete: ${failed}\n`);
    return 1;
  }
  return 0;
}

/** A second service process on the bench database for the duration of `work`. */
async function withSecondService<T>(mode: Mode, work: (second: ServerProcess) => Promise<T>): Promise<T> {
  const port = await freePort();
  const second = new ServerProcess('service-2', nodeCommand(SERVICE_MAIN, SERVICE_NODE_ARGS), serviceEnv({ databaseUrl: mode.databaseUrl, port, dataDir: DATA_DIR }), port);
  try {
    await second.start('/health', 60_000);
    return await work(second);
  } finally {
    await second.stop();
  }
}

/** The same loads, short, against a service started with --cpu-prof; each window is summarised. */
async function profiledPass(mode: Mode, specs: NonNullable<ScenarioOutput['profileSpecs']>): Promise<ProfileSummary[]> {
  const dir = join(DATA_DIR, 'profiles');
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.cpuprofile')) rmSync(join(dir, f));
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const svc = new ServerProcess(
    'service-profiled',
    nodeCommand(SERVICE_MAIN, [...SERVICE_NODE_ARGS, '--cpu-prof', `--cpu-prof-dir=${dir}`]),
    serviceEnv({ databaseUrl: mode.databaseUrl, port, dataDir: DATA_DIR }),
    port,
  );
  log(`profiled pass (--cpu-prof): ${specs.map((s) => s.scenario).join(', ')}`);
  const windows: { scenario: string; startUs: number; endUs: number }[] = [];
  try {
    await svc.start('/health', 60_000);
    for (const { scenario, spec } of specs) {
      const startUs = Number(process.hrtime.bigint() / 1000n);
      await runLoad({ ...spec, url: svc.url }, svc.pid);
      windows.push({ scenario, startUs, endUs: Number(process.hrtime.bigint() / 1000n) });
    }
  } catch (err) {
    log(`  profiled pass failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await svc.stop();
  }
  const file = newestProfile(dir);
  if (!file) {
    log('  no .cpuprofile was written');
    return [];
  }
  const summaries = summarizeProfile(file, windows);
  for (const s of summaries) log(`  ${s.scenario}: event loop busy ${s.busyPct}%, top ${s.byPackage.slice(0, 3).map((p) => `${p.name} ${p.pct}%`).join(', ')}`);
  return summaries;
}

/** Names the likely cause of each miss from the CPU shares of the run and the profile of the same load. */
function addBottlenecks(figures: Figure[], profile: ProfileSummary[], scenarios: Record<string, unknown>): void {
  const profileFor = (scenario: string) => profile.find((p) => scenario.toLowerCase().startsWith(p.scenario.toLowerCase()));
  for (const f of figures) {
    if (f.status !== 'missed') continue;
    const parts: string[] = [];
    const cpu = f.cpu;
    if (f.metric.startsWith('ratio')) {
      type Run = { rps: number; cpu: Record<string, number> };
      const v = scenarios.verification as { service?: Run; page?: Run; baseline?: Run };
      const side = f.scenario.includes('page') ? v.page : v.service;
      if (side && v.baseline) {
        const perReq = (x: Run) => round(((x.cpu.server ?? 0) * 10) / Math.max(1, x.rps), 3);
        parts.push(
          `CPU per request: service ${perReq(side)} ms vs baseline ${perReq(v.baseline)} ms (service ${side.cpu.server}% of a core, baseline ${v.baseline.cpu.server}%; PostgreSQL ${side.cpu.postgres}% vs ${v.baseline.cpu.postgres}%)`,
        );
      }
    } else if (cpu && f.scenario.startsWith('certificate PDF')) {
      parts.push(`pure CPU work in one thread (${cpu.server}% of a core)`);
    } else if (cpu && cpu.server !== undefined) {
      const s = cpu.server;
      const pg = cpu.postgres ?? 0;
      const lg = cpu.loadgen ?? 0;
      const other = cpu.other ?? 0;
      const busy = profileFor(f.scenario)?.busyPct ?? 0;
      // A process starved by a busy machine looks "busy" to the profiler too: machine saturation first.
      if (s >= 85) parts.push(`service main thread saturated (${s}% of one core${busy ? `; ${busy}% busy under the profiler` : ''})`);
      else if (pg >= 85) parts.push(`PostgreSQL CPU-bound (${pg}%)`);
      else if (s + pg + lg + other >= 160) parts.push(`both cores busy (service ${s}%, PostgreSQL ${pg}%, load generator ${lg}%, other processes ${other}%)`);
      else if (busy >= 85) parts.push(`service main thread saturated (${busy}% busy under the profiler, ${s}% of one core in the measured run)`);
      else parts.push(`not CPU-bound (service ${s}%, PostgreSQL ${pg}%): waiting on locks, the pool (10) or I/O`);
      if (other >= 15 && !parts[parts.length - 1].includes('other')) parts.push(`other processes took ${other}% CPU meanwhile`);
    } else if (f.metric.includes('RSS')) {
      const e = scenarios.export as { rssBeforeMb?: number; peakRssMb?: number } | undefined;
      const growth = (e?.peakRssMb ?? 0) - (e?.rssBeforeMb ?? 0);
      parts.push(
        growth > 100
          ? `the export added ${Math.round(growth)} MB: something holds whole files or the archive in memory`
          : `the export added only ${Math.round(growth)} MB; the process was already at ${Math.round(e?.rssBeforeMb ?? 0)} MB before it`,
      );
    }
    const p = profileFor(f.scenario);
    if (p && !f.metric.includes('RSS')) parts.push(`profile: loop busy ${p.busyPct}%, GC ${p.gcPct}%, top ${p.byPackage.slice(0, 4).map((x) => `${x.name} ${x.pct}%`).join(', ')}`);
    if (parts.length) f.bottleneck = parts.join('; ');
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`\nbench failed: ${err instanceof Error ? (err instanceof StartError ? err.message : (err.stack ?? err.message)) : String(err)}\n`);
    process.exit(1);
  },
);
