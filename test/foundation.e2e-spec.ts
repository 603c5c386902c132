import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_KEY } from '../src/auth/access.decorator';
import { Clock } from '../src/common/clock';
import { inTransaction } from '../src/database/transaction';
import { bearer, createAgency, createApplicant, inviteStaff, login, TEST_PASSWORD, type TestAgency } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

describe('foundation: accounts, agencies, access, errors', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_FREE_FAILURES: '3' });
    agency = await createAgency(t);
    other = await createAgency(t);
  });
  afterAll(() => t.close());

  it('answers /health (alive) and /health/ready with the database and storage up', async () => {
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'up', storage: 'up' });
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the OpenAPI document generated from the code', async () => {
    const res = await t.http().get('/docs/json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/agencies']));
    await t.http().get('/docs').expect(200);
  });

  it('every registered route declares who may call it', () => {
    const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()]);
    const scanner = new MetadataScanner();
    const undeclared: string[] = [];
    let routes = 0;
    for (const wrapper of controllers) {
      const instance = wrapper.instance as object;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[method] as object;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        routes++;
        const rule = Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, wrapper.metatype as object);
        if (!rule) undeclared.push(`${wrapper.name}.${method}`);
      }
    }
    expect(routes).toBeGreaterThan(5);
    expect(undeclared).toEqual([]);
  });

  it('registers an applicant, logs in, and reads /me without the password', async () => {
    const email = `Rina.${Date.now()}@Example.test`;
    const reg = await t.http().post('/api/auth/register').send({ email, password: TEST_PASSWORD, name: 'Rina' }).expect(201);
    expect(reg.body).toMatchObject({ email: email.toLowerCase(), role: 'applicant', agencyId: null });
    expect(JSON.stringify(reg.body)).not.toMatch(/password|argon/i);
    const token = await login(t, email);
    const me = await t.http().get('/api/me').set(bearer(token)).expect(200);
    expect(me.body).toMatchObject({ email: email.toLowerCase(), role: 'applicant' });
    expect(JSON.stringify(me.body)).not.toMatch(/password|argon/i);
    await t.http().post('/api/auth/register').send({ email, password: TEST_PASSWORD, name: 'Again' }).expect(409);
  });

  it('gives the same 401 for an unknown email and a wrong password', async () => {
    const a = await t.http().post('/api/auth/login').send({ email: 'nobody@x.test', password: 'whatever-123' }).expect(401);
    const b = await t.http().post('/api/auth/login').send({ email: agency.officer.email, password: 'wrong-password' }).expect(401);
    expect(a.body).toEqual(b.body);
    expect(a.body.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('throttles repeated failed logins per account with 429 and Retry-After', async () => {
    const applicant = await createApplicant(t);
    // Time stands still, so the one-second back-off cannot run out between two slow password checks.
    const frozen = t.app.get(Clock).now();
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => frozen);
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/auth/login').send({ email: applicant.email, password: 'wrong-password' }).expect(401);
    }
    const res = await t.http().post('/api/auth/login').send({ email: applicant.email, password: TEST_PASSWORD }).expect(429);
    expect(res.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    clock.mockRestore();
  });

  it('refuses requests without a valid token', async () => {
    await t.http().get('/api/me').expect(401);
    const res = await t.http().get('/api/me').set('Authorization', 'Bearer a.b.c').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED' });
  });

  it('refuses a well-signed token whose subject is not a user id with 401, not 500', async () => {
    for (const sub of ['not-a-uuid', "'; DROP TABLE users; --", 42]) {
      const token = t.app.get(JwtService).sign({ sub } as object);
      const res = await t.http().get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'AUTH.UNAUTHENTICATED' });
    }
  });

  it('lists agencies publicly', async () => {
    const res = await t.http().get('/api/agencies').expect(200);
    expect(res.body.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([agency.id, other.id]));
  });

  it('lets an admin invite staff to their own agency only, and audits it', async () => {
    const res = { body: await inviteStaff(t, agency.admin, agency.id, { email: `new-officer-${Date.now()}@x.test`, name: 'Officer Baru', role: 'officer' }) };
    expect(res.body).toMatchObject({ role: 'officer', agencyId: agency.id });
    const token = await login(t, res.body.email);
    const me = await t.http().get('/api/me').set(bearer(token)).expect(200);
    expect(me.body.agency).toMatchObject({ id: agency.id, code: agency.code });

    const foreign = await t
      .http()
      .post(`/api/agencies/${other.id}/users`)
      .set(bearer(agency.admin))
      .send({ email: `x-${Date.now()}@x.test`, name: 'Intruder', role: 'admin' })
      .expect(404);
    expect(foreign.body.code).toBe('AGENCY.NOT_FOUND');

    await t
      .http()
      .post(`/api/agencies/${agency.id}/users`)
      .set(bearer(agency.officer))
      .send({ email: `y-${Date.now()}@x.test`, name: 'Nope', role: 'admin' })
      .expect(403);

    const audit = await t.http().get('/api/audit').query({ action: 'user.invited' }).set(bearer(agency.auditor)).expect(200);
    expect(audit.body.items.some((e: { entityId: string }) => e.entityId === res.body.id)).toBe(true);
  });

  it('takes a role change effect at once and refuses a deactivated account', async () => {
    const created = { body: await inviteStaff(t, agency.admin, agency.id, { email: `demote-${Date.now()}@x.test`, name: 'Demote Me', role: 'auditor' }) };
    const token = await login(t, created.body.email);
    await t.http().get('/api/audit').set(bearer(token)).expect(200);
    await t.http().patch(`/api/agencies/${agency.id}/users/${created.body.id}`).set(bearer(agency.admin)).send({ role: 'officer' }).expect(200);
    await t.http().get('/api/audit').set(bearer(token)).expect(403);
    await t.http().patch(`/api/agencies/${agency.id}/users/${created.body.id}`).set(bearer(agency.admin)).send({ active: false }).expect(200);
    await t.http().get('/api/me').set(bearer(token)).expect(401);
  });

  describe('bad input gets a 4xx with the error body, never a 500', () => {
    it('malformed JSON', async () => {
      const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"email": ').expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: expect.any(String), message: expect.any(String) });
    });
    it('wrong types and unknown fields, named per field', async () => {
      const res = await t.http().post('/api/auth/register').send({ email: 42, password: 'x', name: 'A', admin: true }).expect(400);
      expect(res.body.code).toBe('REQUEST.VALIDATION');
      expect(Object.keys(res.body.errors)).toEqual(expect.arrayContaining(['email', 'password', 'admin']));
      expect(res.body.errors.admin).toBe('unknown field');
    });
    it('a 10 MB body', async () => {
      const res = await t
        .http()
        .post('/api/auth/register')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(10 * 1024 * 1024), name: 'Big' }))
        .expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'REQUEST.TOO_LARGE' });
    });
    it('an unknown route and a malformed id', async () => {
      const a = await t.http().get('/api/nope').expect(404);
      expect(a.body).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND' });
      const b = await t.http().get('/api/agencies/not-a-uuid').expect(400);
      expect(b.body.code).toBeTruthy();
    });
  });

  it('runs each use case in a READ COMMITTED transaction (the database default, not set per transaction)', async () => {
    const level = await inTransaction(t.dataSource, async (m) => ((await m.query(`SHOW transaction_isolation`)) as { transaction_isolation: string }[])[0]);
    expect(level.transaction_isolation).toBe('read committed');
  });

  it('refuses to change or delete audit events in the database', async () => {
    await expect(t.dataSource.query(`UPDATE audit_events SET summary = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
  });
});
