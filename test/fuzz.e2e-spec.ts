import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { ROLE_PERMISSIONS, type Role } from '../src/auth/permissions';
import { DOCUMENT_TYPES } from '../src/requirements/outlet-snapshot';
import { bearer } from './support/factories';
import { pdfBytes, pngBytes } from './support/files';
import {
  describeRequest,
  hostileCallers,
  operationsOf,
  problemsOf,
  requestArbitrary,
  send,
  type FuzzContext,
  type Operation,
} from './support/openapi-fuzz';
import { appRoutes, fromOpenApiPath, type AppRoute } from './support/routes';
import { startTestApp, type TestApp } from './support/test-app';
import { buildWorld, type World } from './support/world';

/**
 * Requests generated from the OpenAPI document, from every kind of caller, with hostile variants.
 * `npm test` runs a bounded run with a fixed seed; `npm run fuzz -- --runs N [--seed S]` runs longer
 * (FUZZ_RUNS and FUZZ_SEED reach this file from test/fuzz-cli.js).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Replays only the request with this index (as printed in a failure: #index) of the run. */
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);

/** Which world actor plays each role when a route allows that role. */
const CALLER_OF_ROLE: Record<Role, string[]> = {
  applicant: ['applicant owner'],
  officer: ['officer'],
  approver: ['approver'],
  auditor: ['auditor'],
  admin: ['admin', 'admin of another agency'],
};

describe('fuzz: requests generated from the OpenAPI document', () => {
  let t: TestApp;
  let world: World;
  let baseUrl: string;
  let doc: Parameters<typeof operationsOf>[0];
  let routes: AppRoute[];

  beforeAll(async () => {
    const started = Date.now();
    t = await startTestApp({}, { captureLogs: true });
    const appReady = Date.now();
    world = await buildWorld(t);
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`app ${appReady - started} ms, world ${Date.now() - appReady} ms\n`);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    doc = (await t.http().get('/docs/json').expect(200)).body;
    routes = appRoutes(t.app);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('documents every API route, and every query and body field its DTO validates', () => {
    const documented = new Map(operationsOf(doc).map((op) => [`${op.method} ${fromOpenApiPath(op.path)}`, op]));
    const missing: string[] = [];
    const validated = (dto: Function) =>
      new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName));
    for (const route of routes) {
      const op = documented.get(route.key);
      // The web pages (HTML forms on a session cookie) are kept out of the document on purpose, so
      // this generator does not reach them; an API route may not be.
      if (!route.documented && !route.path.startsWith('/api/')) continue;
      if (!op) {
        missing.push(`${route.key}: not in the document`);
        continue;
      }
      if (route.queryDto) {
        const names = new Set(op.query.map((p) => p.name));
        for (const field of validated(route.queryDto)) if (!names.has(field)) missing.push(`${route.key}: query ${field}`);
      }
      if (route.bodyDto) {
        const ref = op.body?.schema.$ref?.split('/').pop();
        const props = new Set(Object.keys((ref ? doc.components?.schemas?.[ref]?.properties : op.body?.schema.properties) ?? {}));
        for (const field of validated(route.bodyDto)) if (!props.has(field)) missing.push(`${route.key}: body ${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  // Found by the fuzz test (seed 312520356): isEmail encodes its input with encodeURI, which throws on a lone surrogate.
  it('refuses text with a lone surrogate (not Unicode) with the one error body', async () => {
    const raw = '{"email":"redaksi\\ud800@lensa.test"}';
    const reset = await t.http().post('/api/auth/password-reset/request').set('content-type', 'application/json').send(raw);
    const invite = await t
      .http()
      .post(`/api/outlets/${world.a.outletId}/invitations`)
      .set(bearer(world.a.owner))
      .set('content-type', 'application/json')
      .send(raw);
    for (const res of [reset, invite]) {
      expect({ status: res.status, body: res.body }).toEqual({
        status: 400,
        body: { statusCode: 400, code: 'REQUEST.INVALID_UNICODE', message: expect.any(String), errors: { email: 'contains a lone surrogate' } },
      });
    }
    expect(t.logs()).not.toMatch(/URI malformed/);
  });

  it(`answers ${RUNS} generated requests (seed ${SEED}) without a 5xx, with the one error body, logging no error`, async () => {
    const queryDtoOf = new Map(routes.map((r) => [r.key, r.queryDto?.name]));
    const ops = operationsOf(doc).map((op) => ({ ...op, queryClass: queryDtoOf.get(`${op.method} ${fromOpenApiPath(op.path)}`) }));
    const ruleOf = new Map(routes.map((r) => [r.key, r.rule]));
    const a = world.a;
    const b = world.b;
    const sideIds = (x: World['a']): Record<string, string[]> => ({
      agency: [x.agency.id],
      user: [x.agency.officer2.id],
      outlet: [x.outletId, x.queuedOutletId],
      journalist: x.journalistIds,
      document: x.documentIds,
      application: [x.applicationId, x.queuedApplicationId],
      certificate: [x.certificateId, x.spareCertificateId],
      outbox: x.outboxIds.slice(0, 3),
      code: [x.verificationCode],
      invitation: [x.invitationId],
      round: [x.roundId, x.pastRoundId],
      appeal: [x.appealId],
      attestation: [x.attestationId],
    });
    const ctx: FuzzContext = {
      doc,
      ids: {
        agency: [a.agency.id, b.agency.id],
        // Not the callers' own accounts: a generated PATCH that deactivates them would end the run's coverage.
        user: [a.agency.officer2.id, b.agency.officer2.id, world.stranger.id],
        outlet: [a.outletId, a.queuedOutletId, b.outletId],
        journalist: [...a.journalistIds, ...b.journalistIds],
        document: [...a.documentIds, ...b.documentIds],
        application: [a.applicationId, a.queuedApplicationId, b.applicationId, b.queuedApplicationId],
        certificate: [a.certificateId, a.spareCertificateId, b.certificateId],
        outbox: [...a.outboxIds.slice(0, 3), ...b.outboxIds.slice(0, 2)],
        code: [a.verificationCode, b.verificationCode],
        invitation: [a.invitationId, b.invitationId],
        round: [a.roundId, a.pastRoundId, b.roundId],
        appeal: [a.appealId, b.appealId],
        attestation: [a.attestationId, b.attestationId],
        announcementKind: ['provisional', 'final'],
        announcementFile: ['provisional.pdf', 'final.pdf'],
      },
      callers: {
        'no token': undefined,
        'applicant owner': `Bearer ${a.owner.token}`,
        officer: `Bearer ${a.agency.officer.token}`,
        approver: `Bearer ${a.agency.approver.token}`,
        auditor: `Bearer ${a.agency.auditor.token}`,
        admin: `Bearer ${a.agency.admin.token}`,
        'admin of another agency': `Bearer ${b.agency.admin.token}`,
        ...hostileCallers(t.config.JWT_SECRET),
      },
      idsOf: (caller: string) => (caller === 'admin of another agency' ? sideIds(b) : sideIds(a)),
      allowedCallers: (op: Operation) => {
        const rule = ruleOf.get(`${op.method} ${fromOpenApiPath(op.path)}`);
        if (!rule) return [];
        if (rule.kind === 'public') return ['no token'];
        return (Object.keys(ROLE_PERMISSIONS) as Role[])
          .filter((role) => (ROLE_PERMISSIONS[role] as readonly string[]).includes(rule.permission))
          .flatMap((role) => CALLER_OF_ROLE[role]);
      },
    };
    const files = { pdf: pdfBytes('fuzz'), png: pngBytes(), documentTypes: DOCUMENT_TYPES };
    const requests = fc.sample(requestArbitrary(ctx, ops, files), { numRuns: RUNS, seed: SEED });
    process.stdout.write(`fuzz: ${RUNS} requests, seed ${SEED} (replay: npm run fuzz -- --runs ${RUNS} --seed ${SEED})\n`);

    // One example per kind of fault (the logged error or the body problem, ids and numbers blanked),
    // with how often and where it happened, so one run shows every class.
    const failures = new Map<string, { count: number; ops: Set<string>; example: string }>();
    const statuses = new Map<string, Set<number>>();
    const elapsed = new Map<string, number>();
    let failed = 0;
    for (const [i, req] of requests.entries()) {
      if (ONLY !== undefined && i !== ONLY) continue;
      const logStart = t.logs().length;
      const started = process.hrtime.bigint();
      let problems: string[];
      try {
        const res = await send(baseUrl, req);
        statuses.set(req.op, (statuses.get(req.op) ?? new Set()).add(res.status));
        // The request log line is written when the reply completes; the connection answer may come first.
        await new Promise((r) => setImmediate(r));
        problems = problemsOf(req, res, t.logs().slice(logStart).split('\n'));
        if (problems.length) problems.unshift(`status ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
      } catch (err) {
        problems = ['', `connection failed: ${(err as Error).message}`];
      }
      elapsed.set(req.op, (elapsed.get(req.op) ?? 0) + Number(process.hrtime.bigint() - started) / 1e6);
      if (problems.length) {
        failed++;
        let klass = problems
          .slice(1)
          .map((p) => p.replace(/ at .*/, '').replace(/"[^"]*"|[0-9a-f-]{36}|\d+/g, '#'))
          .join('; ');
        // Forged and malformed tokens are one class of their own, whatever the operation.
        if (req.caller.startsWith('token:')) klass = `[forged or malformed token] ${klass}`;
        const entry = failures.get(klass) ?? { count: 0, ops: new Set(), example: `#${i} (replay: npm run fuzz -- --runs ${RUNS} --seed ${SEED} --only ${i})\n    ${problems.join('\n    ')}\n  ${describeRequest(req)}` };
        entry.count++;
        entry.ops.add(req.op);
        failures.set(klass, entry);
      }
    }
    const untried = ops.filter((op) => !statuses.has(op.key)).map((op) => op.key);
    const summary = [...statuses].map(([op, s]) => `${op}: ${[...s].sort().join(',')} in ${Math.round(elapsed.get(op)!)} ms`).join('\n');
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`${summary}\n`);
    if (ONLY === undefined) expect({ untried }).toEqual({ untried: [] });
    if (failures.size) {
      throw new Error(
        `${failed} of ${RUNS} requests failed (seed ${SEED}), ${failures.size} kinds of fault; one example each:\n\n` +
          [...failures]
            .map(([klass, f]) => `[${f.count}x on ${f.ops.size} operations: ${[...f.ops].slice(0, 6).join(', ')}${f.ops.size > 6 ? ', …' : ''}] ${klass}\n  ${f.example}`)
            .join('\n\n'),
      );
    }
  }, Math.max(60_000, RUNS * 200));
});
