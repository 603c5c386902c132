import { BENCH_PASSWORD, staffEmail, type Mode } from './config';
import { pageLogin } from './http';
import { runLoad, type LoadSpec, type MeasuredLoad } from './load';
import type { ServerProcess } from './processes';
import { figure, unavailable, type Figure } from './report';
import type { ScenarioOutput } from './scenarios';
import { log, round } from './util';

/** Staff sessions in each staff page scenario (issue 12: 20 concurrent staff sessions). */
const SESSIONS = 20;
const QUEUE_P95_MS = 50;
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

// ---- the officer's queue page: first page, overdue filter, next page ---------------------------

/**
 * Officers of agencies 01 to 07 (agency 01 is the big tenant, 15,000 applications), one session
 * each, on their own agency's queue. The overdue filter and the next page are the links the first
 * page offers (rel="next"; a queue link naming overdue), so the scenario follows the page as built.
 */
export async function queuePageScenario(mode: Mode, service: ServerProcess): Promise<ScenarioOutput> {
  const names = [`queue page, first page (${SESSIONS} sessions)`, `queue page, overdue filter (${SESSIONS} sessions)`, `queue page, next page (${SESSIONS} sessions)`];
  const emails: string[] = [];
  for (let a = 1; emails.length < SESSIONS; a++) for (const slot of ['officer1', 'officer2', 'officer3']) if (emails.length < SESSIONS) emails.push(staffEmail(slot, a));
  const [probeSession] = await logIn(service, emails.slice(0, 1));
  const probe = await get(service, '/antrean', probeSession.cookie);
  log(`  queue page: probe HTTP ${probe.status}, ${probe.html.length} bytes`);
  if (probe.status !== 200) {
    return { figures: notAvailable(names, `not available (GET /antrean answered HTTP ${probe.status}${probe.location ? ` to ${probe.location}` : ''})`, QUEUE_P95_MS), details: { probe: probe.status } };
  }
  const sessions = [probeSession, ...(await logIn(service, emails.slice(1)))];
  const firsts = await Promise.all(sessions.map((s) => get(service, '/antrean', s.cookie)));
  const overdueLink = /href="(\/antrean\?[^"]*(?:terlambat|overdue|lewat)[^"]*)"/i.exec(probe.html)?.[1];
  const overduePath = overdueLink ? decode(overdueLink) : '/antrean?terlambat=1';
  const nextPaths = firsts.map((f) => {
    const m = /href="([^"]+)"[^>]*rel="next"|rel="next"[^>]*href="([^"]+)"/.exec(f.html);
    return m ? decode(m[1] ?? m[2]) : null;
  });
  const variants: [string, string[], string][] = [
    [names[0], sessions.map(() => '/antrean'), 'GET /antrean'],
    [names[1], sessions.map(() => overduePath), `GET ${overduePath}${overdueLink ? ' (the link on the page)' : ' (no overdue link found on the page: assumed)'}`],
  ];
  const figures: Figure[] = [];
  // A small agency's queue may fit on one page: the next-page load runs on the sessions that have one.
  const paged = nextPaths.filter((p) => p !== null).length;
  if (paged > 0) {
    variants.push([names[2], nextPaths.map((p) => p ?? '/antrean'), `each session its own first page's rel="next" link (${paged} of ${sessions.length} sessions have one; the others, whose queue fits on one page, are left out)`]);
  } else figures.push(...notAvailable([names[2]], 'failed: no first page had a rel="next" link', QUEUE_P95_MS));
  const details: Record<string, unknown> = { sessions: sessions.length, overduePath, firstPageBytes: probe.html.length };
  const profileSpecs: NonNullable<ScenarioOutput['profileSpecs']> = [];
  for (const [name, paths, what] of variants) {
    const using = name === names[2] ? sessions.filter((_, i) => nextPaths[i] !== null) : sessions;
    const usingPaths = name === names[2] ? paths.filter((_, i) => nextPaths[i] !== null) : paths;
    const probeVariant = await get(service, usingPaths[0], using[0].cookie);
    if (probeVariant.status !== 200) {
      figures.push(...notAvailable([name], `probe of ${usingPaths[0]} answered HTTP ${probeVariant.status}`, QUEUE_P95_MS));
      continue;
    }
    const spec = (d: number) => specFor(service, using, usingPaths, d);
    const r = await measure(mode, service, name, spec);
    figures.push(...pageFigures(name, r, QUEUE_P95_MS, `${what}; ${SESSIONS} connections, each request a random one of ${using.length} officer sessions (agencies 01 to ${String(Math.ceil(SESSIONS / 3)).padStart(2, '0')})`));
    details[name] = r;
    if (name === names[0]) profileSpecs.push({ scenario: 'queue page', spec: spec(mode.durations.profile) });
  }
  return { figures, details, profileSpecs };
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
