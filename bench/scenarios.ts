import { Client } from 'pg';
import { agencyCode, BENCH_PASSWORD, BIG_AGENCY, ROSTER_APPLICANT_EMAIL, staffEmail, type Mode } from './config';
import { call, describe, isMissingRoute, login, pageLogin } from './http';
import { mergeLoads, runLoad, type LoadSpec, type MeasuredLoad } from './load';
import { loadRenderer } from './pdf';
import { CpuMeter, hwmKb, resetPeakRss, rssKb, type ServerProcess } from './processes';
import type { QueryParams } from './queries';
import { figure, unavailable, type Figure } from './report';
import { agencyId, log, outletId, percentile, round, staffId } from './util';

/** What the scenarios need from the seeded database. */
export interface Facts {
  bigAgencyId: string;
  exportYear: number;
  exportCount: number;
  codes: string[];
  staffEmails: string[];
  rosterOutletIds: string[];
  /** Applicants who own an outlet with a submitted application: the page scenario's sessions. */
  pageOwners: PageOwner[];
  explain: QueryParams;
}

export interface PageOwner {
  userId: string;
  email: string;
  outletId: string;
  applicationId: string;
  agencyCode: string;
}

/** Sessions in the page scenario, one applicant each. */
const PAGE_SESSIONS = 20;

export async function loadFacts(mode: Mode): Promise<Facts> {
  const c = new Client({ connectionString: mode.databaseUrl });
  await c.connect();
  try {
    const big = agencyId(BIG_AGENCY);
    const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear() - 1;
    const { rows: codes } = await c.query<{ verification_code: string }>(`SELECT verification_code FROM certificates`);
    const { rows: exp } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM certificates WHERE agency_id = $1 AND year = $2`, [big, year]);
    const { rows: cursor } = await c.query<{ due_at: Date; id: string }>(
      `SELECT due_at, id FROM applications WHERE agency_id = $1 AND status = 'submitted' ORDER BY due_at, id OFFSET 40 LIMIT 1`,
      [big],
    );
    const { rows: app } = await c.query<{ id: string }>(`SELECT id FROM applications WHERE agency_id = $1 AND status = 'approved' LIMIT 1`, [big]);
    const { rows: nik } = await c.query<{ nik_hash: string }>(
      `SELECT nik_hash FROM journalists WHERE outlet_id = $1 AND nik_hash IN (SELECT nik_hash FROM journalists GROUP BY 1 HAVING count(*) > 1) LIMIT 1`,
      [outletId(mode.scale.rosterOutlets + 1)],
    );
    const { rows: anyNik } = await c.query<{ nik_hash: string }>(`SELECT nik_hash FROM journalists WHERE outlet_id = $1 LIMIT 1`, [outletId(mode.scale.rosterOutlets + 1)]);
    // One application per applicant, submitted (a timeline, a due date) and of any agency.
    const { rows: owners } = await c.query<PageOwner>(
      `SELECT DISTINCT ON (u.id) u.id AS "userId", u.email, a.outlet_id AS "outletId", a.id AS "applicationId", g.code AS "agencyCode"
       FROM applications a JOIN outlet_owners w ON w.outlet_id = a.outlet_id JOIN users u ON u.id = w.user_id JOIN agencies g ON g.id = a.agency_id
       WHERE a.status = 'submitted' AND u.role = 'applicant' AND u.active AND u.email LIKE 'applicant%'
       ORDER BY u.id, a.id LIMIT $1`,
      [PAGE_SESSIONS],
    );
    const staffEmails: string[] = [];
    for (let a = 1; a <= mode.scale.agencies; a++) for (const slot of ['admin', 'officer1', 'officer2', 'officer3', 'approver', 'auditor']) staffEmails.push(staffEmail(slot, a));
    return {
      bigAgencyId: big,
      exportYear: year,
      exportCount: exp[0].n,
      codes: codes.map((r) => r.verification_code),
      staffEmails,
      rosterOutletIds: Array.from({ length: mode.scale.rosterOutlets }, (_, i) => outletId(i + 1)),
      pageOwners: owners,
      explain: {
        bigAgencyId: big,
        verificationCode: codes[Math.floor(codes.length / 2)].verification_code,
        outletId: outletId(mode.scale.rosterOutlets + 1),
        rosterOutletId: outletId(1),
        nikHash: (nik[0] ?? anyNik[0]).nik_hash,
        applicationId: app[0].id,
        cursorDueAt: (cursor[0]?.due_at ?? new Date()).toISOString(),
        cursorId: cursor[0]?.id ?? '00000000-0000-0000-0000-000000000000',
        exportYear: year,
        email: staffEmail('officer1', BIG_AGENCY),
        userId: staffId(BIG_AGENCY, 'officer1'),
        chainKey: `agency:${big}`,
        applicantId: owners[0]?.userId ?? staffId(BIG_AGENCY, 'officer1'),
      },
    };
  } finally {
    await c.end();
  }
}

export interface ScenarioOutput {
  figures: Figure[];
  details: unknown;
  /** Load to replay under the profiler: scenario name and spec. */
  profileSpecs?: { scenario: string; spec: LoadSpec }[];
}

const errorsOf = (r: MeasuredLoad) => r.errors + r.timeouts + r.non2xx;
const cpuNote = (r: MeasuredLoad, server = 'service') =>
  `CPU: ${server} ${r.cpu.server ?? '?'}%, PostgreSQL ${r.cpu.postgres ?? '?'}%, load generator ${r.cpu.loadgen ?? '?'}%, other processes ${r.cpu.other ?? '?'}% (of one core; 2 cores in all)`;

function loadFigures(scenario: string, r: MeasuredLoad, targets: { p95?: number; p99?: number } = {}): Figure[] {
  const samples = r.errorSamples.length ? `; first: ${r.errorSamples[0].slice(0, 160)}` : '';
  const figures = [
    figure(scenario, 'requests/s (2xx)', r.rps, 'req/s', undefined, `${r.ok} responses in ${round(r.seconds, 1)} s; ${cpuNote(r)}`),
    figure(scenario, 'p50 latency', r.latencyMs.p50, 'ms'),
    figure(scenario, 'p95 latency', r.latencyMs.p95, 'ms', targets.p95 ? { op: '<', value: targets.p95 } : undefined),
    figure(scenario, 'p99 latency', r.latencyMs.p99, 'ms', targets.p99 ? { op: '<', value: targets.p99 } : undefined),
    figure(scenario, 'errors + non-2xx', errorsOf(r), '', { op: '<=', value: 0 }, errorsOf(r) ? `status ${JSON.stringify(r.status)}${samples}` : undefined),
  ];
  for (const f of figures) f.cpu = { ...r.cpu, rps: round(r.rps, 1) };
  return figures;
}

function allUnavailable(scenario: string, why: string, targets: { p95?: number; p99?: number } = {}): Figure[] {
  return [
    unavailable(scenario, 'requests/s (2xx)', 'req/s', why),
    unavailable(scenario, 'p95 latency', 'ms', why, targets.p95 ? { op: '<', value: targets.p95 } : undefined),
    ...(targets.p99 ? [unavailable(scenario, 'p99 latency', 'ms', why, { op: '<', value: targets.p99 })] : []),
  ];
}

const probeWhy = (a: Awaited<ReturnType<typeof call>>) => (isMissingRoute(a) ? `not available (HTTP ${a.status})` : `probe answered ${describe(a)}`);

// ---- public verification, beside the baseline -----------------------------------------------

export async function verificationScenario(mode: Mode, service: ServerProcess, baseline: ServerProcess, facts: Facts): Promise<ScenarioOutput> {
  const name = 'public verification (50 conn.)';
  const pageName = 'public verification page /verify (50 conn.)';
  const paths = facts.codes.map((code) => `/api/public/certificates/${code}`);
  const pagePaths = facts.codes.map((code) => `/verify/${code}`);
  const spec = (url: string, duration: number, p = paths): LoadSpec => ({ url, connections: 50, duration, method: 'GET', paths: p, keepLatencies: true });
  const { run, warmup } = mode.durations;
  // Alternating rounds (baseline, service JSON, service page, ...), merged: a burst of other work on
  // the machine then hits every side instead of one.
  const rounds = 2;

  const bProbe = await call(baseline.url, 'GET', paths[0]);
  if (bProbe.status !== 200) throw new Error(`baseline server answered ${describe(bProbe)}`);
  const sProbe = await call(service.url, 'GET', paths[0]);
  const serviceOk = sProbe.status === 200;
  const pProbe = await fetch(`${service.url}${pagePaths[0]}`, { headers: { accept: 'text/html' } });
  const pageBytes = (await pProbe.text()).length;
  const pageOk = pProbe.status === 200;
  log(`  verification: service probe ${describe(sProbe)}; page probe HTTP ${pProbe.status}, ${pageBytes} bytes`);

  // Warm-up: every code once, in order, on each side, then a few seconds at random. A timed
  // random warm-up alone left how many codes the service had in memory to the machine's speed
  // (3 s covered 30% of 30,000 codes at 3,500 req/s, 78% at 15,000), so the ratio measured the
  // machine as much as the service. Measured, the service answers as after a day of scans (every
  // code asked for once; the cache holds PUBLIC_VERIFICATION_CACHE_SIZE); the baseline has the
  // same pass, so PostgreSQL's buffers hold the same rows for it.
  const everyCode = (url: string, p: string[]): LoadSpec => ({ url, connections: 50, amount: p.length, maxSeconds: 120, method: 'GET', sequence: p.map((path) => ({ path })) });
  log(`  verification: warm-up: each of ${paths.length} codes once, then ${warmup} s, on each side`);
  const bFirst = await runLoad(everyCode(baseline.url, paths), baseline.pid);
  await runLoad(spec(baseline.url, warmup), baseline.pid);
  let sFirst: MeasuredLoad | undefined;
  if (serviceOk) {
    sFirst = await runLoad(everyCode(service.url, paths), service.pid);
    await runLoad(spec(service.url, warmup), service.pid);
  }
  if (pageOk) {
    await runLoad(everyCode(service.url, pagePaths), service.pid);
    await runLoad(spec(service.url, warmup, pagePaths), service.pid);
  }
  const bRuns: MeasuredLoad[] = [];
  const sRuns: MeasuredLoad[] = [];
  const pRuns: MeasuredLoad[] = [];
  for (let i = 0; i < rounds; i++) {
    log(`  verification: round ${i + 1}/${rounds}: baseline ${run / rounds} s${serviceOk ? `, service ${run / rounds} s` : ''}${pageOk ? `, page ${run / rounds} s` : ''}`);
    bRuns.push(await runLoad(spec(baseline.url, run / rounds), baseline.pid));
    if (serviceOk) sRuns.push(await runLoad(spec(service.url, run / rounds), service.pid));
    if (pageOk) pRuns.push(await runLoad(spec(service.url, run / rounds, pagePaths), service.pid));
  }
  const b = mergeLoads(bRuns);
  log(`    baseline: ${round(b.rps, 0)} req/s, p99 ${round(b.latencyMs.p99, 2)} ms`);
  const figures: Figure[] = [];
  const ratioNote = `${rounds} alternating rounds of ${run / rounds} s each; baseline ${round(b.rps, 0)} req/s (bare node:http + pg Pool(10), JSON, no logging); baseline CPU ${b.cpu.server}%, PostgreSQL ${b.cpu.postgres}%`;
  let s: MeasuredLoad | undefined;
  if (serviceOk) {
    s = mergeLoads(sRuns);
    log(`    service: ${round(s.rps, 0)} req/s, p99 ${round(s.latencyMs.p99, 2)} ms`);
    figures.push(...loadFigures(name, s, { p99: 25 }));
    figures.push(figure(name, 'ratio service/baseline (req/s)', s.rps / b.rps, '', { op: '>=', value: 1 }, ratioNote));
  } else {
    figures.push(...allUnavailable(name, probeWhy(sProbe), { p99: 25 }), unavailable(name, 'ratio service/baseline (req/s)', '', probeWhy(sProbe), { op: '>=', value: 1 }));
  }
  let pg: MeasuredLoad | undefined;
  if (pageOk) {
    pg = mergeLoads(pRuns);
    log(`    page: ${round(pg.rps, 0)} req/s, p99 ${round(pg.latencyMs.p99, 2)} ms`);
    const f = loadFigures(pageName, pg, { p99: 25 });
    f[0].note += `; ${pageBytes} bytes of HTML, no cookie (a first scan)`;
    figures.push(...f, figure(pageName, 'ratio page/baseline JSON (req/s)', pg.rps / b.rps, '', { op: '>=', value: 1 }, ratioNote));
  } else {
    const why = pProbe.status === 404 ? 'not available (HTTP 404)' : `probe answered HTTP ${pProbe.status}`;
    figures.push(...allUnavailable(pageName, why, { p99: 25 }), unavailable(pageName, 'ratio page/baseline JSON (req/s)', '', why, { op: '>=', value: 1 }));
  }
  figures.push(figure('baseline verification (50 conn.)', 'requests/s; p99', b.rps, 'req/s', undefined, `p50 ${round(b.latencyMs.p50, 2)} ms, p99 ${round(b.latencyMs.p99, 2)} ms; ${cpuNote(b, 'baseline')}`));
  if (sFirst) {
    figures.push(
      figure(name, 'first scan of each code (nothing in memory): ratio service/baseline', sFirst.rps / bFirst.rps, '', undefined,
        `the warm-up pass, every code once in order: service ${round(sFirst.rps, 0)} req/s (p99 ${round(sFirst.latencyMs.p99, 2)} ms), baseline ${round(bFirst.rps, 0)} req/s (p99 ${round(bFirst.latencyMs.p99, 2)} ms)`),
    );
  }
  const profileSpecs: NonNullable<ScenarioOutput['profileSpecs']> = [];
  if (serviceOk) profileSpecs.push({ scenario: 'public verification', spec: { ...spec(service.url, mode.durations.profile), keepLatencies: false } });
  if (pageOk) profileSpecs.push({ scenario: 'public verification page', spec: { ...spec(service.url, mode.durations.profile, pagePaths), keepLatencies: false } });
  return { figures, details: { probe: describe(sProbe), pageProbe: pProbe.status, service: s, page: pg, baseline: b }, profileSpecs };
}

// ---- revocation visibility ------------------------------------------------------------------

/** Revocations measured (each on another certificate, put back afterwards). */
const REVOCATIONS = 5;

/**
 * The time from a revocation (the POST sent to the service) to the first public answer saying
 * revoked, on the same process and on a second process on the same database, each polled in a
 * loop (JSON and page alternately) after its cache holds the active answer. The certificates
 * are set back to active by SQL afterwards, announced on mitra_changes so running processes drop
 * them, so the dataset stays as seeded.
 */
export async function revocationScenario(mode: Mode, service: ServerProcess, second: ServerProcess): Promise<ScenarioOutput> {
  const name = 'revocation visibility';
  const c = new Client({ connectionString: mode.databaseUrl });
  await c.connect();
  const timings: { same: number; second: number; ackMs: number }[] = [];
  try {
    const { rows: certs } = await c.query<{ id: string; verification_code: string; agency_id: string }>(
      `SELECT id, verification_code, agency_id FROM certificates WHERE agency_id = $1 AND status = 'active' AND valid_until > (now() AT TIME ZONE 'Asia/Jakarta')::date + 1
       ORDER BY id LIMIT $2`,
      [agencyId(BIG_AGENCY), REVOCATIONS],
    );
    if (certs.length === 0) return { figures: [unavailable(name, 'revoke → first "revoked" answer', 'ms', 'failed: no active certificate in the big agency', { op: '<', value: 1000 })], details: {} };
    const token = await login(service.url, staffEmail('approver', BIG_AGENCY), BENCH_PASSWORD);
    try {
      for (const cert of certs) {
        const json = `/api/public/certificates/${cert.verification_code}`;
        const page = `/verify/${cert.verification_code}`;
        // Both caches hold the active answer first.
        for (const p of [service, second]) for (let i = 0; i < 2; i++) await call(p.url, 'GET', json);
        const revokedOn = async (p: ServerProcess, n: number): Promise<boolean> => {
          if (n % 2 === 0) return ((await call(p.url, 'GET', json)).body as { status?: string } | null)?.status === 'revoked';
          const r = await fetch(`${p.url}${page}`, { headers: { accept: 'text/html' } });
          return (await r.text()).includes('DICABUT');
        };
        const watch = async (p: ServerProcess, t0: number): Promise<number> => {
          for (let n = 0; ; n++) {
            if (await revokedOn(p, n)) return performance.now() - t0;
            if (performance.now() - t0 > 30_000) return Number.POSITIVE_INFINITY;
          }
        };
        const t0 = performance.now();
        const revoke = call(service.url, 'POST', `/api/certificates/${cert.id}/revoke`, { token, body: { reason: 'Pengukuran bench: pencabutan sementara' } });
        const [same, other, ack] = await Promise.all([watch(service, t0), watch(second, t0), revoke.then((a) => ({ a, ms: performance.now() - t0 }))]);
        if (ack.a.status !== 200) throw new Error(`revoke answered ${describe(ack.a)}`);
        timings.push({ same, second: other, ackMs: ack.ms });
      }
    } finally {
      // In id order, like the service's scan-count flush running at the same time, so the two cannot deadlock.
      await c.query(
        `WITH locked AS MATERIALIZED (SELECT id FROM certificates WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
         UPDATE certificates c SET status = 'active', status_reason = NULL, status_changed_at = NULL FROM locked WHERE c.id = locked.id`,
        [certs.map((x) => x.id)],
      );
      for (const x of certs) {
        await c.query(`SELECT pg_notify('mitra_changes', $1)`, [
          JSON.stringify({ type: 'certificate.status', certificateId: x.id, agencyId: x.agency_id, verificationCode: x.verification_code, status: 'active' }),
        ]);
      }
    }
  } finally {
    await c.end();
  }
  const worst = (k: 'same' | 'second') => Math.max(...timings.map((t) => t[k]));
  const note = (k: 'same' | 'second') =>
    `${timings.length} revocations, each: ${timings.map((t) => round(t[k], 1)).join(', ')} ms from sending the revoke (its answer after ${timings.map((t) => round(t.ackMs, 1)).join(', ')} ms); polled JSON and page alternately`;
  log(`  revocation: same process worst ${round(worst('same'), 1)} ms, second process worst ${round(worst('second'), 1)} ms`);
  return {
    figures: [
      figure(name, 'revoke → first "revoked" answer, same process (worst)', worst('same'), 'ms', { op: '<', value: 1000 }, note('same')),
      figure(name, 'revoke → first "revoked" answer, second process (worst)', worst('second'), 'ms', { op: '<', value: 1000 }, note('second')),
    ],
    details: { timings },
  };
}

// ---- the staff queue ------------------------------------------------------------------------

export async function queueScenario(mode: Mode, service: ServerProcess): Promise<ScenarioOutput> {
  const base = '/api/applications?status=submitted&limit=20';
  const variants = [
    { name: 'staff queue, first page (20 conn.)', path: base },
    { name: 'staff queue, overdue (20 conn.)', path: `${base}&overdue=true` },
    { name: 'staff queue, next page via cursor (20 conn.)', path: '' },
  ];
  const token = await login(service.url, staffEmail('officer1', BIG_AGENCY), BENCH_PASSWORD);
  const first = await call(service.url, 'GET', base, { token });
  log(`  queue: probe ${describe(first)}`);
  if (first.status !== 200) {
    const why = probeWhy(first);
    return { figures: variants.flatMap((v) => allUnavailable(v.name, why, { p95: 50 })), details: { probe: describe(first) } };
  }
  const page = first.body as { items?: unknown[]; nextCursor?: string | null };
  const figures: Figure[] = [];
  const details: Record<string, unknown> = { firstPageItems: page.items?.length ?? null, agency: agencyCode(BIG_AGENCY) };
  if (page.nextCursor) variants[2].path = `${base}&cursor=${encodeURIComponent(page.nextCursor)}`;
  const headers = { authorization: `Bearer ${token}` };
  await runLoad({ url: service.url, connections: 20, duration: mode.durations.warmup, method: 'GET', path: base, headers }, service.pid);
  for (const v of variants) {
    if (!v.path) {
      figures.push(...allUnavailable(v.name, 'failed: the first page had no nextCursor', { p95: 50 }));
      continue;
    }
    log(`  queue: ${v.name} ${mode.durations.run} s`);
    const r = await runLoad({ url: service.url, connections: 20, duration: mode.durations.run, method: 'GET', path: v.path, headers }, service.pid);
    log(`    ${round(r.rps, 0)} req/s, p95 ${round(r.latencyMs.p95, 2)} ms`);
    figures.push(...loadFigures(v.name, r, { p95: 50 }).filter((f) => f.metric !== 'p99 latency'));
    details[v.name] = r;
  }
  const pages = await queuePageLoads(mode, service);
  figures.push(...pages.figures);
  details.pages = pages.details;
  return {
    figures,
    details,
    profileSpecs: [
      { scenario: 'staff queue', spec: { url: service.url, connections: 20, duration: mode.durations.profile, method: 'GET', path: base, headers } },
      ...(pages.profileSpecs ?? []),
    ],
  };
}

/**
 * The officer's queue page (/antrean) as the browser loads it: 20 staff sessions of the big agency
 * (its three officers, each logged in several times through /masuk), first page, overdue only, and
 * the next page through the page's own "next" link.
 */
async function queuePageLoads(mode: Mode, service: ServerProcess): Promise<ScenarioOutput> {
  const SESSIONS = 20;
  const variants = [
    { name: `staff queue page, first page (${SESSIONS} sessions)`, path: '/antrean' },
    { name: `staff queue page, overdue (${SESSIONS} sessions)`, path: '/antrean?terlambat=1' },
    { name: `staff queue page, next page (${SESSIONS} sessions)`, path: '' },
  ];
  const cookies: string[] = [];
  try {
    for (let i = 0; i < SESSIONS; i++) cookies.push(await pageLogin(service.url, staffEmail(`officer${(i % 3) + 1}`, BIG_AGENCY), BENCH_PASSWORD));
  } catch (err) {
    const why = `failed: staff login through /masuk (${err instanceof Error ? err.message : String(err)})`.slice(0, 200);
    return { figures: variants.flatMap((v) => allUnavailable(v.name, why, { p95: 50 })), details: {} };
  }
  const first = await fetch(`${service.url}/antrean`, { headers: { cookie: cookies[0], accept: 'text/html' }, redirect: 'manual' });
  const html = await first.text();
  log(`  queue page: probe HTTP ${first.status}, ${html.length} bytes`);
  if (first.status !== 200) return { figures: variants.flatMap((v) => allUnavailable(v.name, `not available (HTTP ${first.status})`, { p95: 50 })), details: { probe: first.status } };
  const next = /href="(\/antrean\?[^"]*setelah[^"]*)"/.exec(html)?.[1];
  if (next) variants[2].path = next.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  const spec = (path: string, duration: number): LoadSpec => ({
    url: service.url,
    connections: SESSIONS,
    duration,
    method: 'GET',
    variants: cookies.map((cookie) => ({ path, headers: { cookie, accept: 'text/html' } })),
  });
  const figures: Figure[] = [];
  const details: Record<string, unknown> = { sessions: SESSIONS, bytes: html.length };
  await runLoad(spec('/antrean', mode.durations.warmup), service.pid);
  for (const v of variants) {
    if (!v.path) {
      figures.push(...allUnavailable(v.name, 'failed: the first page had no next link', { p95: 50 }));
      continue;
    }
    log(`  queue page: ${v.name} ${mode.durations.run} s`);
    const r = await runLoad(spec(v.path, mode.durations.run), service.pid);
    log(`    ${round(r.rps, 0)} req/s, p95 ${round(r.latencyMs.p95, 2)} ms`);
    figures.push(...loadFigures(v.name, r, { p95: 50 }).filter((f) => f.metric !== 'p99 latency'));
    details[v.name] = r;
  }
  return { figures, details, profileSpecs: [{ scenario: 'staff queue page', spec: spec('/antrean', mode.durations.profile) }] };
}

// ---- submit with a 200-journalist roster ----------------------------------------------------

export async function submitScenario(mode: Mode, service: ServerProcess, facts: Facts): Promise<ScenarioOutput> {
  const name = 'submit, 200-journalist roster (10 conn.)';
  const token = await login(service.url, ROSTER_APPLICANT_EMAIL, BENCH_PASSWORD);
  // Round robin over agencies, so concurrent submissions mostly touch different audit chains.
  const pairs: { outletId: string; agencyId: string }[] = [];
  const max = Math.min(mode.durations.submitDrafts, facts.rosterOutletIds.length * mode.scale.agencies);
  for (let i = 0; pairs.length < max; i++) {
    pairs.push({ outletId: facts.rosterOutletIds[Math.floor(i / mode.scale.agencies) % facts.rosterOutletIds.length], agencyId: agencyId(1 + (i % mode.scale.agencies)) });
  }
  const probe = await call(service.url, 'POST', '/api/applications', { token, body: pairs[0] });
  log(`  submit: draft probe ${describe(probe)}`);
  if (probe.status !== 201 && probe.status !== 200) {
    return { figures: allUnavailable(name, probeWhy(probe), { p95: 150 }), details: { probe: describe(probe) } };
  }
  const drafts: { id: string; version: number }[] = [probe.body as { id: string; version: number }];
  const failures: string[] = [];
  const t0 = Date.now();
  let next = 1;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < pairs.length) {
        const pair = pairs[next++];
        const a = await call(service.url, 'POST', '/api/applications', { token, body: pair });
        if (a.status === 201 || a.status === 200) drafts.push(a.body as { id: string; version: number });
        else if (failures.push(describe(a)) > 20) return;
      }
    }),
  );
  log(`  submit: ${drafts.length} drafts created in ${((Date.now() - t0) / 1000).toFixed(1)} s${failures.length ? ` (${failures.length} failed: ${failures[0]})` : ''}`);
  const reserve = Math.min(150, Math.floor(drafts.length * 0.2));
  const measured = drafts.slice(0, drafts.length - reserve);
  const toSequence = (list: typeof drafts) => list.map((d) => ({ path: `/api/applications/${d.id}/actions`, body: JSON.stringify({ action: 'submit', version: d.version }) }));
  const headers = { authorization: `Bearer ${token}` };
  log(`  submit: ${measured.length} submissions`);
  const r = await runLoad(
    { url: service.url, connections: 10, amount: measured.length, maxSeconds: mode.durations.run * 6, method: 'POST', sequence: toSequence(measured), headers },
    service.pid,
  );
  log(`    ${round(r.rps, 1)} req/s, p95 ${round(r.latencyMs.p95, 2)} ms, non-2xx ${r.non2xx}`);
  const figures = loadFigures(name, r, { p95: 150 });
  if (r.setupCalls > measured.length) figures[0].note += `; ${r.setupCalls - measured.length} requests reused a draft (counted as errors)`;
  return {
    figures,
    details: { drafts: drafts.length, draftFailures: failures.slice(0, 5), measured: measured.length, result: r },
    profileSpecs:
      reserve >= 20
        ? [{ scenario: 'submit', spec: { url: service.url, connections: 10, amount: reserve, maxSeconds: mode.durations.profile * 4, method: 'POST', sequence: toSequence(drafts.slice(-reserve)), headers } }]
        : [],
  };
}

// ---- login ----------------------------------------------------------------------------------

export async function loginScenario(mode: Mode, service: ServerProcess, facts: Facts): Promise<ScenarioOutput> {
  const name = 'login (10 conn., argon2id)';
  const bodies = facts.staffEmails.map((email) => JSON.stringify({ email, password: BENCH_PASSWORD }));
  log(`  login: ${mode.durations.login} s`);
  const r = await runLoad({ url: service.url, connections: 10, duration: mode.durations.login, method: 'POST', path: '/api/auth/login', bodies }, service.pid);
  log(`    ${round(r.rps, 1)} req/s, p95 ${round(r.latencyMs.p95, 1)} ms`);
  const figures = loadFigures(name, r);
  figures[0].note += '; argon2id (64 MiB, t=3, p=4), one hash at a time per process (PasswordHasher), in the libuv pool on 2 cores';
  return { figures, details: r };
}

// ---- pages: the application page and the pre-check page, one session per applicant ------------

export async function pagesScenario(mode: Mode, service: ServerProcess, facts: Facts): Promise<ScenarioOutput> {
  const owners = facts.pageOwners;
  const variants = [
    { name: `application page (${owners.length} sessions)`, scenario: 'application page', path: (o: PageOwner) => `/permohonan/${o.applicationId}` },
    { name: `pre-check page (${owners.length} sessions)`, scenario: 'pre-check page', path: (o: PageOwner) => `/media/${o.outletId}/cek?instansi=${encodeURIComponent(o.agencyCode)}` },
  ];
  if (owners.length < PAGE_SESSIONS) {
    const why = `failed: the dataset has ${owners.length} applicants with a submitted application, ${PAGE_SESSIONS} needed`;
    return { figures: variants.flatMap((v) => allUnavailable(v.name, why, { p95: 50 })), details: { owners: owners.length } };
  }
  const probe = await fetch(`${service.url}/masuk`);
  if (probe.status === 404) return { figures: variants.flatMap((v) => allUnavailable(v.name, 'not available (HTTP 404 on /masuk)', { p95: 50 })), details: { probe: probe.status } };
  // Through the login form, as a browser: argon2id per login, so a few at a time.
  const t0 = Date.now();
  const cookies: string[] = new Array(owners.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < owners.length) {
        const i = next++;
        cookies[i] = await pageLogin(service.url, owners[i].email, BENCH_PASSWORD);
      }
    }),
  );
  log(`  pages: ${owners.length} sessions logged in through /masuk in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const specs = variants.map((v) => ({
    ...v,
    spec: (duration: number): LoadSpec => ({
      url: service.url,
      connections: PAGE_SESSIONS,
      duration,
      method: 'GET',
      variants: owners.map((o, i) => ({ path: v.path(o), headers: { cookie: cookies[i], accept: 'text/html' } })),
    }),
  }));
  const figures: Figure[] = [];
  const details: Record<string, unknown> = { sessions: owners.length, agencies: new Set(owners.map((o) => o.agencyCode)).size };
  for (const v of specs) {
    const first = await fetch(`${service.url}${v.path(owners[0])}`, { headers: { cookie: cookies[0], accept: 'text/html' }, redirect: 'manual' });
    const html = await first.text();
    log(`  pages: ${v.scenario} probe HTTP ${first.status}, ${html.length} bytes`);
    if (first.status !== 200) {
      figures.push(...allUnavailable(v.name, `probe answered HTTP ${first.status} ${first.headers.get('location') ?? html.slice(0, 120)}`, { p95: 50 }));
      continue;
    }
    await runLoad(v.spec(mode.durations.warmup), service.pid);
    log(`  pages: ${v.name} ${mode.durations.run} s`);
    const r = await runLoad(v.spec(mode.durations.run), service.pid);
    log(`    ${round(r.rps, 0)} req/s, p95 ${round(r.latencyMs.p95, 2)} ms`);
    const f = loadFigures(v.name, r, { p95: 50 }).filter((x) => x.metric !== 'p99 latency');
    f[0].note += `; each request a random one of ${owners.length} applicant sessions (cookie), ${html.length} bytes of HTML`;
    figures.push(...f);
    details[v.name] = r;
  }
  return {
    figures,
    details,
    profileSpecs: specs.map((v) => ({ scenario: v.scenario, spec: v.spec(mode.durations.profile) })),
  };
}

// ---- auditor export -------------------------------------------------------------------------

/** Entries in a ZIP, from its end-of-central-directory record (ZIP64 aware). */
function zipEntries(tail: Buffer): number | null {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== 0x06054b50) continue;
    const n = tail.readUInt16LE(i + 10);
    if (n !== 0xffff) return n;
    for (let j = i - 20; j >= 0; j--) if (tail.readUInt32LE(j) === 0x06064b50) return Number(tail.readBigUInt64LE(j + 32));
    return null;
  }
  return null;
}

export async function exportScenario(mode: Mode, service: ServerProcess, facts: Facts): Promise<ScenarioOutput> {
  const name = `auditor ZIP export (${facts.exportCount.toLocaleString('en-US')} certificates)`;
  const token = await login(service.url, staffEmail('auditor', BIG_AGENCY), BENCH_PASSWORD);
  const pid = service.pid!;
  const rssBefore = rssKb(pid) ?? 0;
  const hwmReset = resetPeakRss(pid);
  let peakSampled = rssBefore;
  const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, rssKb(pid) ?? 0)), 20);
  const t0 = process.hrtime.bigint();
  let ttfbMs = 0;
  let bytes = 0;
  let tail = Buffer.alloc(0);
  let status = 0;
  let contentType = '';
  let errorBody = '';
  try {
    const res = await fetch(`${service.url}/api/certificates/export?year=${facts.exportYear}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(mode.durations.exportTimeoutMs),
    });
    ttfbMs = Number(process.hrtime.bigint() - t0) / 1e6;
    status = res.status;
    contentType = res.headers.get('content-type') ?? '';
    if (status !== 200) errorBody = (await res.text()).slice(0, 300);
    else if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        tail = Buffer.concat([tail, Buffer.from(chunk)]);
        if (tail.length > 256 * 1024) tail = tail.subarray(tail.length - 128 * 1024);
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakKb = Math.max(peakSampled, hwmReset ? (hwmKb(pid) ?? 0) : 0);
  const details = { status, contentType, ttfbMs, seconds, bytes, rssBeforeMb: rssBefore / 1024, peakRssMb: peakKb / 1024, hwmReset, errorBody };
  if (status !== 200) {
    const why = status === 404 && /ROUTE\.NOT_FOUND|Cannot GET/.test(errorBody) ? `not available (HTTP 404)` : `failed: HTTP ${status} ${errorBody.slice(0, 160)}`;
    return {
      figures: [unavailable(name, 'certificates/s', 'cert/s', why), unavailable(name, 'service peak RSS during export', 'MB', why, { op: '<', value: 300 })],
      details,
    };
  }
  const entries = zipEntries(tail);
  log(`  export: ${bytes} bytes, ${entries} entries in ${seconds.toFixed(1)} s, peak RSS ${(peakKb / 1024).toFixed(0)} MB`);
  return {
    figures: [
      figure(name, 'certificates/s', facts.exportCount / seconds, 'cert/s', undefined, `${round(seconds, 1)} s total, first byte after ${round(ttfbMs, 0)} ms, ${round(bytes / 2 ** 20, 1)} MiB, ${entries ?? '?'} ZIP entries (expected ${facts.exportCount} + manifest)`),
      figure(name, 'service peak RSS during export', peakKb / 1024, 'MB', { op: '<', value: 300 }, `RSS before ${round(rssBefore / 1024, 0)} MB; ${hwmReset ? 'VmHWM reset before the export, plus 20 ms VmRSS samples' : 'VmRSS sampled every 20 ms'}`),
      figure(name, 'RSS growth during export', (peakKb - rssBefore) / 1024, 'MB', undefined, 'peak minus RSS before the request'),
    ],
    details: { ...details, entries },
  };
}

// ---- certificate PDF rendering, in this process ---------------------------------------------

export async function pdfScenario(mode: Mode): Promise<ScenarioOutput> {
  const name = 'certificate PDF render (in-process)';
  const { renderer, error } = loadRenderer();
  if (!renderer) {
    const why = `not available (${error})`;
    return { figures: [unavailable(name, 'median render time', 'ms', why, { op: '<=', value: 10 }), unavailable(name, 'PDF size (max)', 'KB', why, { op: '<=', value: 60 })], details: { error } };
  }
  const c = new Client({ connectionString: mode.databaseUrl });
  await c.connect();
  let datas: Record<string, unknown>[];
  try {
    datas = (await c.query<{ data: Record<string, unknown> }>(`SELECT data FROM certificates ORDER BY random() LIMIT $1`, [mode.durations.pdfRenders])).rows.map((r) => r.data);
  } finally {
    await c.end();
  }
  for (let i = 0; i < 5; i++) await renderer.render(datas[i % datas.length]);
  const meter = new CpuMeter({ server: process.pid }).begin();
  const times: number[] = [];
  const sizes: number[] = [];
  for (const data of datas) {
    const t0 = process.hrtime.bigint();
    const pdf = await renderer.render(data);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    sizes.push(pdf.length);
  }
  const cpu = meter.end();
  const deterministic = (await renderer.render(datas[0])).equals(await renderer.render(datas[0]));
  times.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  log(`  pdf: median ${times[Math.floor(times.length / 2)].toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max size ${sizes[sizes.length - 1]} B`);
  const busyNote = cpu.other >= 15 ? `; other processes used ${cpu.other}% CPU meanwhile` : '';
  const figures = [
      figure(name, 'median render time', percentile(times, 50), 'ms', { op: '<=', value: 10 }, `${times.length} renders of different certificates${busyNote}`),
      figure(name, 'p95 render time', percentile(times, 95), 'ms'),
      figure(name, 'PDF size (max)', sizes[sizes.length - 1] / 1024, 'KB', { op: '<=', value: 60 }, `median ${round(percentile(sizes, 50) / 1024, 1)} KB; same data gives the same bytes: ${deterministic}`),
  ];
  figures[0].cpu = cpu;
  return {
    figures,
    details: { renders: times.length, times: { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] }, sizes: { min: sizes[0], max: sizes[sizes.length - 1] }, deterministic },
  };
}
