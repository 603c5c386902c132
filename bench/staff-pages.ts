import { BENCH_PASSWORD, staffEmail, type Mode } from './config';
import { pageLogin } from './http';
import { runLoad, type LoadSpec, type MeasuredLoad } from './load';
import type { ServerProcess } from './processes';
import { figure, unavailable, type Figure } from './report';
import type { ScenarioOutput } from './scenarios';
import { log, round } from './util';

/**
 * The staff dashboard under load (issue 12: 20 concurrent staff sessions). The queue page's loads
 * are in scenarios.ts (queuePageLoads, part `queue`).
 */
const SESSIONS = 20;
const DASHBOARD_P95_MS = 150;

interface Session {
  email: string;
  cookie: string;
}

/** Logs the staff in through the login form, four at a time (argon2id per login). */
async function logIn(service: ServerProcess, emails: string[]): Promise<Session[]> {
  const t0 = Date.now();
  const sessions: Session[] = new Array(emails.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < emails.length) {
        const i = next++;
        sessions[i] = { email: emails[i], cookie: await pageLogin(service.url, emails[i], BENCH_PASSWORD) };
      }
    }),
  );
  log(`  staff pages: ${emails.length} staff logged in through /masuk in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return sessions;
}

async function get(service: ServerProcess, path: string, cookie: string): Promise<{ status: number; html: string; location: string | null }> {
  const res = await fetch(`${service.url}${path}`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

const decode = (href: string) => href.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&#x2F;/g, '/');

function pageFigures(name: string, r: MeasuredLoad, p95: number, note: string): Figure[] {
  const errors = r.errors + r.timeouts + r.non2xx;
  const cpu = `CPU: service ${r.cpu.server ?? '?'}%, PostgreSQL ${r.cpu.postgres ?? '?'}%, load generator ${r.cpu.loadgen ?? '?'}%, other processes ${r.cpu.other ?? '?'}% (of one core; 2 cores in all)`;
  const figures = [
    figure(name, 'requests/s (2xx)', r.rps, 'req/s', undefined, `${r.ok} responses in ${round(r.seconds, 1)} s; ${note}; ${cpu}`),
    figure(name, 'p50 latency', r.latencyMs.p50, 'ms'),
    figure(name, 'p95 latency', r.latencyMs.p95, 'ms', { op: '<', value: p95 }),
    figure(name, 'errors + non-2xx', errors, '', { op: '<=', value: 0 }, errors ? `status ${JSON.stringify(r.status)}${r.errorSamples[0] ? `; first: ${r.errorSamples[0].slice(0, 160)}` : ''}` : undefined),
  ];
  for (const f of figures) f.cpu = { ...r.cpu, rps: round(r.rps, 1) };
  return figures;
}

const notAvailable = (names: string[], why: string, p95: number): Figure[] =>
  names.flatMap((n) => [unavailable(n, 'requests/s (2xx)', 'req/s', why), unavailable(n, 'p95 latency', 'ms', why, { op: '<', value: p95 })]);

/** Each request one of the sessions at random, each session on its own path. */
const specFor = (service: ServerProcess, sessions: Session[], paths: string[], duration: number): LoadSpec => ({
  url: service.url,
  connections: SESSIONS,
  duration,
  method: 'GET',
  variants: sessions.map((s, i) => ({ path: paths[i], headers: { cookie: s.cookie, accept: 'text/html' } })),
});

async function measure(mode: Mode, service: ServerProcess, name: string, spec: (duration: number) => LoadSpec): Promise<MeasuredLoad> {
  await runLoad(spec(mode.durations.warmup), service.pid);
  log(`  staff pages: ${name} ${mode.durations.run} s`);
  const r = await runLoad(spec(mode.durations.run), service.pid);
  log(`    ${round(r.rps, 0)} req/s, p95 ${round(r.latencyMs.p95, 2)} ms`);
  return r;
}

// ---- the dashboard ------------------------------------------------------------------------------

/**
 * Every staff member of agencies 01 to 03 and two of 04 (all four roles, agency 01 the big tenant),
 * each on their own agency's /statistik. The service keeps an agency's figures for a minute, so this
 * measures what staff see in a busy window; the statements themselves, uncached, are in the EXPLAIN part.
 */
export async function dashboardScenario(mode: Mode, service: ServerProcess): Promise<ScenarioOutput> {
  const name = `dashboard /statistik (${SESSIONS} sessions)`;
  const emails: string[] = [];
  for (let a = 1; emails.length < SESSIONS; a++) for (const slot of ['admin', 'officer1', 'officer2', 'officer3', 'approver', 'auditor']) if (emails.length < SESSIONS) emails.push(staffEmail(slot, a));
  const [probeSession] = await logIn(service, emails.slice(0, 1));
  const t0 = Date.now();
  const probe = await get(service, '/statistik', probeSession.cookie);
  const coldMs = Date.now() - t0;
  log(`  dashboard: probe HTTP ${probe.status}, ${probe.html.length} bytes, ${coldMs} ms (first request: figures computed)`);
  if (probe.status !== 200) return { figures: notAvailable([name], `not available (GET /statistik answered HTTP ${probe.status})`, DASHBOARD_P95_MS), details: { probe: probe.status } };
  const sessions = [probeSession, ...(await logIn(service, emails.slice(1)))];
  const spec = (d: number) => specFor(service, sessions, sessions.map(() => '/statistik'), d);
  const r = await measure(mode, service, name, spec);
  const figures = pageFigures(name, r, DASHBOARD_P95_MS, `each request a random one of ${sessions.length} staff sessions of agencies 01 to 04 (all roles); figures kept a minute per agency`);
  figures.push(figure(name, 'first request, figures computed (agency 01)', coldMs, 'ms', undefined, `one request before the load, ${probe.html.length} bytes of HTML; the statements' own times are in the EXPLAIN section ("dashboard: ...")`));
  return { figures, details: { sessions: sessions.length, coldMs, result: r }, profileSpecs: [{ scenario: 'dashboard', spec: spec(mode.durations.profile) }] };
}
