import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pdfBytes } from './support/files';
import { completeOutletPayload, createCompleteOutlet, nik } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

/** Every refusal has the one error body, with a stable code. */
function expectError(res: Response, status: number, code?: string | RegExp): void {
  expect({ status: res.status, body: res.body }).toMatchObject({
    status,
    body: { statusCode: status, code: code ?? expect.any(String), message: expect.any(String) },
  });
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const deepJson = (levels: number, leaf = '1') => '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);

describe('hostile input: a clear 400, nothing written, never a 500', () => {
  let t: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let outletId: string;
  let journalistId: string;

  /** Everything a refused request could have touched; equal before and after means nothing was written. */
  const fingerprint = async () => {
    const [row] = (await t.dataSource.query(`
      SELECT (SELECT md5(coalesce(string_agg(o::text, '|' ORDER BY o.id), '')) FROM outlets o) AS outlets,
             (SELECT md5(coalesce(string_agg(j::text, '|' ORDER BY j.id), '')) FROM journalists j) AS journalists,
             (SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY a.id), '')) FROM agencies a) AS agencies,
             (SELECT md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) FROM users u) AS users,
             (SELECT count(*)::int FROM documents) AS documents,
             (SELECT count(*)::int FROM applications) AS applications,
             (SELECT count(*)::int FROM audit_events) AS audit`)) as Record<string, unknown>[];
    return row;
  };
  /** Runs the requests and checks each is refused with `status` and that nothing changed. */
  const refusedWithoutWriting = async (status: number, code: string | RegExp | undefined, ...requests: (() => PromiseLike<Response>)[]) => {
    const before = await fingerprint();
    for (const send of requests) expectError(await send(), status, code);
    expect(await fingerprint()).toEqual(before);
  };

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    owner = await createApplicant(t);
    outletId = (await createCompleteOutlet(t, owner, { reporters: 1 })).id;
    const roster = await t.http().get(`/api/outlets/${outletId}/journalists`).set(bearer(owner)).expect(200);
    journalistId = roster.body[0].id;
  });
  afterAll(() => t.close());

  describe('NUL bytes (PostgreSQL refuses 0x00 in text)', () => {
    it('in a JSON body, at any depth, on create and update routes alike', async () => {
      await refusedWithoutWriting(
        400,
        'REQUEST.NUL_BYTE',
        () => t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).send({ brandName: 'Lensa\u0000Jatim' }),
        () => t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).send({ office: { street: 'Jl. A\u0000', city: 'X', province: 'Y' } }),
        () => t.http().post(`/api/outlets/${outletId}/journalists`).set(bearer(owner)).send({ name: 'Agus\u0000', nik: nik(), position: 'reporter' }),
        () => t.http().patch(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).send({ name: 'Diskominfo\u0000' }),
        () => t.http().post('/api/auth/register').send({ email: 'nul@factory.test', password: 'password-123456', name: 'N\u0000L' }),
        () => t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload({ memberships: ['AMSI\u0000'] })),
      );
    });

    it('in a query string and in a path parameter', async () => {
      await refusedWithoutWriting(
        400,
        'REQUEST.NUL_BYTE',
        () => t.http().get('/api/applications?q=a%00b').set(bearer(agency.officer)),
        () => t.http().get('/api/audit?action=outlet%00').set(bearer(agency.auditor)),
        () => t.http().get('/api/audit?entityType=%00').set(bearer(agency.auditor)),
        () => t.http().get('/api/public/certificates/AAAA%00BBBB'),
        () => t.http().get('/verify/AAAA%00'),
      );
    });

    it('in a multipart field or file name', async () => {
      await refusedWithoutWriting(
        400,
        'REQUEST.NUL_BYTE',
        () =>
          t.http().post(`/api/outlets/${outletId}/documents`).set(bearer(owner)).field('type', 'deed\u0000').attach('file', pdfBytes(), { filename: 'akta.pdf', contentType: 'application/pdf' }),
        () =>
          t.http().post(`/api/outlets/${outletId}/documents`).set(bearer(owner)).field('type', 'deed').attach('file', pdfBytes(), { filename: 'akta\u0000.pdf', contentType: 'application/pdf' }),
      );
    });
  });

  describe('deeply nested JSON', () => {
    it('is refused before it reaches validation, on every kind of JSON route', async () => {
      const deep = deepJson(10_000);
      await refusedWithoutWriting(
        400,
        'REQUEST.TOO_DEEP',
        () => t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).set('content-type', 'application/json').send(deep),
        () => t.http().post('/api/auth/login').set('content-type', 'application/json').send(deep),
        () =>
          t.http().put(`/api/agencies/${agency.id}/policy`).set(bearer(agency.admin)).set('content-type', 'application/json').send(`{"pack":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
        () => t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).set('content-type', 'application/json').send(deepJson(100)),
      );
      // Ordinary nesting still works; brackets inside strings are not nesting.
      const ok = await t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).send({ deedNumber: '{[{[{[{['.repeat(8).slice(0, 80) }).expect(200);
      expect(ok.body.deedNumber).toMatch(/^\{\[/);
      await t.http().get('/health').expect(200);
    });
  });

  describe('null in PATCH bodies', () => {
    it('is a clear 400 for fields that cannot be empty', async () => {
      const cases: [() => PromiseLike<Response>, string][] = [
        ...['legalName', 'brandName', 'legalForm', 'mediaType', 'taxStatus', 'pressCouncil', 'memberships'].map(
          (f) => [() => t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).send({ [f]: null }), f] as [() => PromiseLike<Response>, string],
        ),
        [() => t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).send({ pressCouncil: { status: null } }), 'pressCouncil.status'],
        ...['name', 'nik', 'position'].map(
          (f) =>
            [() => t.http().patch(`/api/outlets/${outletId}/journalists/${journalistId}`).set(bearer(owner)).send({ [f]: null }), f] as [
              () => PromiseLike<Response>,
              string,
            ],
        ),
        [() => t.http().patch(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).send({ name: null }), 'name'],
        [() => t.http().patch(`/api/agencies/${agency.id}/users/${agency.officer.id}`).set(bearer(agency.admin)).send({ role: null }), 'role'],
        [() => t.http().patch(`/api/agencies/${agency.id}/users/${agency.officer.id}`).set(bearer(agency.admin)).send({ active: null }), 'active'],
      ];
      for (const [send, field] of cases) {
        const before = await fingerprint();
        const res = await send();
        expectError(res, 400, 'REQUEST.VALIDATION');
        expect(res.body.errors).toHaveProperty([field]);
        expect(await fingerprint()).toEqual(before);
      }
    });

    it('clears the fields that may be empty', async () => {
      const created = await t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload()).expect(201);
      const cleared = await t
        .http()
        .patch(`/api/outlets/${created.body.id}`)
        .set(bearer(owner))
        .send({ deedNumber: null, website: null, taxId: null, establishedOn: null, office: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ deedNumber: null, website: null, taxId: null, establishedOn: null, office: null, brandName: 'Lensa Jatim' });
      const journalist = await t
        .http()
        .post(`/api/outlets/${created.body.id}/journalists`)
        .set(bearer(owner))
        .send({ name: 'Agus', nik: nik(), position: 'reporter', competency: { level: 'muda', certificateNumber: '2000-AJI/WM', issuer: 'AJI', issuedOn: '2020-02-01' } })
        .expect(201);
      const noCompetency = await t
        .http()
        .patch(`/api/outlets/${created.body.id}/journalists/${journalist.body.id}`)
        .set(bearer(owner))
        .send({ competency: null })
        .expect(200);
      expect(noCompetency.body).toMatchObject({ name: 'Agus', competency: null });
      const other = await createAgency(t);
      const agencyCleared = await t.http().patch(`/api/agencies/${other.id}/settings`).set(bearer(other.admin)).send({ phone: null, address: null }).expect(200);
      expect(agencyCleared.body).toMatchObject({ phone: null, address: null, name: expect.stringMatching(/^Diskominfo/) });
    });
  });

  describe('query filters, cursors and path ids', () => {
    it('refuses malformed cursors on every paginated list', async () => {
      const cursors = ['not-base64-$$$', b64(['x']), b64(['not-a-date', 'also-not-an-id']), b64([null, 42]), b64(['2026-01-01T00:00:00Z', 'not-a-uuid']), b64({ a: 1 })];
      for (const cursor of cursors) {
        await refusedWithoutWriting(
          400,
          'PAGINATION.BAD_CURSOR',
          () => t.http().get('/api/applications').query({ cursor }).set(bearer(agency.officer)),
          () => t.http().get('/api/certificates').query({ cursor }).set(bearer(agency.officer)),
        );
      }
      for (const cursor of ['%%%', b64(['abc']), b64([1.5]), b64(['1; DROP TABLE x']), b64([-1]), b64(['99999999999999999999999'])]) {
        await refusedWithoutWriting(400, 'PAGINATION.BAD_CURSOR', () => t.http().get('/api/audit').query({ cursor }).set(bearer(agency.auditor)));
      }
    });

    it('refuses a non-UUID in an id filter and impossible dates', async () => {
      await refusedWithoutWriting(
        400,
        'REQUEST.VALIDATION',
        () => t.http().get('/api/audit?actorId=not-a-uuid').set(bearer(agency.auditor)),
        () => t.http().get('/api/audit?from=2026-02-31').set(bearer(agency.auditor)),
        () => t.http().get('/api/audit?to=2026-13-01').set(bearer(agency.auditor)),
        () => t.http().get('/api/audit?from=2026-01-01T25:00:00Z').set(bearer(agency.auditor)),
        () => t.http().get('/api/audit?from=99999-01-01').set(bearer(agency.auditor)),
        () => t.http().get('/api/outlets/00000000-0000-0000-0000-000000000000/eligibility?agencyId=nope').set(bearer(owner)),
        () => t.http().get('/api/public/registry?agencyId=nope'),
        () => t.http().put(`/api/agencies/${agency.id}/policy`).set(bearer(agency.admin)).send({ shippedPack: 'default', effectiveFrom: '2026-02-30' }),
      );
      const fine = await t.http().get('/api/audit?from=2026-01-01&to=2026-12-31T23:59:59Z').set(bearer(agency.auditor)).expect(200);
      expect(fine.body).toHaveProperty('items');
    });

    it('refuses a non-UUID path id on every kind of route', async () => {
      await refusedWithoutWriting(
        400,
        undefined,
        () => t.http().get('/api/outlets/not-a-uuid').set(bearer(owner)),
        () => t.http().patch('/api/outlets/not-a-uuid').set(bearer(owner)).send({ brandName: 'X' }),
        () => t.http().get('/api/documents/123/content').set(bearer(owner)),
        () => t.http().get('/api/certificates/abc/pdf').set(bearer(agency.auditor)),
        () => t.http().post('/api/applications/abc/actions').set(bearer(owner)).send({ action: 'submit', version: 1 }),
        () => t.http().patch(`/api/agencies/${agency.id}/users/nope`).set(bearer(agency.admin)).send({ active: false }),
      );
    });
  });

  describe('bodies, dates and addresses of the wrong shape', () => {
    it('refuses a JSON body that is not an object, a date before any outlet existed, and broken URL encoding', async () => {
      for (const body of ['null', '[]', '"x"', '123', 'true']) {
        await refusedWithoutWriting(400, 'REQUEST.BODY_NOT_OBJECT', () =>
          t.http().patch(`/api/outlets/${outletId}`).set(bearer(owner)).set('content-type', 'application/json').send(body),
        );
      }
      await refusedWithoutWriting(
        400,
        'REQUEST.VALIDATION',
        () => t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload({ establishedOn: '0000-01-01' })),
        () =>
          t
            .http()
            .post(`/api/outlets/${outletId}/journalists`)
            .set(bearer(owner))
            .send({ name: 'Agus', nik: nik(), position: 'reporter', competency: { level: 'muda', certificateNumber: 'abc', issuer: 'AJI', issuedOn: '0000-02-01' } }),
      );
      await refusedWithoutWriting(
        400,
        'REQUEST.BAD_URL',
        () => t.http().get('/api/outlets/%E0%A4%A').set(bearer(owner)),
        () => t.http().get('/api/public/certificates/%E0%A4%A'),
      );
    });
  });

  describe('malformed multipart', () => {
    const raw = (contentType: string, body: string | Buffer) =>
      t.http().post(`/api/outlets/${outletId}/documents`).set(bearer(owner)).set('content-type', contentType).send(body);
    const part = (boundary: string, name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const filePart = (boundary: string, name: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n${pdfBytes().toString('latin1')}\r\n`;

    it('without a boundary, truncated, or with more fields or files than allowed', async () => {
      const bd = 'XyZbOuNdArY';
      await refusedWithoutWriting(
        400,
        /^UPLOAD\./,
        () => raw('multipart/form-data', part(bd, 'type', 'deed')),
        () => raw(`multipart/form-data; boundary=${bd}`, part(bd, 'type', 'deed') + filePart(bd, 'a.pdf').slice(0, 150)),
        () => raw(`multipart/form-data; boundary=${bd}`, Array.from({ length: 12 }, (_, i) => part(bd, `f${i}`, 'x')).join('') + `--${bd}--\r\n`),
        () => raw(`multipart/form-data; boundary=${bd}`, part(bd, 'type', 'deed') + filePart(bd, 'a.pdf') + filePart(bd, 'b.pdf') + `--${bd}--\r\n`),
        () => raw(`multipart/form-data; boundary=${bd}`, part(bd, 'type', 'x'.repeat(5000)) + `--${bd}--\r\n`),
        () =>
          t.http().put(`/api/agencies/${agency.id}/logo`).set(bearer(agency.admin)).set('content-type', 'multipart/form-data').send('garbage'),
      );
      await t.http().get('/health').expect(200);
    });

    it('a body cut off by the client costs that request only', async () => {
      const bd = 'CuTbOuNdArY';
      const before = await fingerprint();
      const address = t.app.getHttpServer().address();
      if (!address || typeof address === 'string') {
        await t.app.listen(0, '127.0.0.1');
      }
      const port = (t.app.getHttpServer().address() as { port: number }).port;
      await new Promise<void>((resolve) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/outlets/${outletId}/documents`,
          headers: { ...bearer(owner), 'content-type': `multipart/form-data; boundary=${bd}`, 'content-length': '100000' },
        });
        req.on('error', () => resolve());
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.write(part(bd, 'type', 'deed') + filePart(bd, 'a.pdf').slice(0, 120));
        setImmediate(() => req.destroy());
      });
      await t.http().get('/health').expect(200);
      expect(await fingerprint()).toEqual(before);
    });
  });

  describe('audit CSV export', () => {
    it('validates the whole filter before the first byte, and streams a good one', async () => {
      for (const q of ['actorId=not-a-uuid', 'from=2026-02-31', `cursor=${b64(['x'])}`, 'entityType=%00', 'limit=0']) {
        const res = await t.http().get(`/api/audit/export?${q}`).set(bearer(agency.auditor));
        expectError(res, 400);
        expect(res.headers['content-type']).toMatch(/application\/json/);
      }
      const csv = await t.http().get('/api/audit/export').set(bearer(agency.auditor)).expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text.split('\n')[0]).toBe('id,seq,createdAt,actorId,actorRole,action,entityType,entityId,summary,hash');
    });
  });
});
