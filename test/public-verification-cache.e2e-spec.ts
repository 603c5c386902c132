import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expiryInstantMs, PublicVerificationService } from '../src/certificates/public-verification.service';
import { issueCertificate } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import type { TestApp } from './support/test-app';
import { noticesSettled, twoAppsOnOneDatabase, type TwoApps } from './support/two-apps';
import { until } from './support/polling';

/**
 * The public verification answers are cached in each process (issue 15): never stale, whatever
 * process made the change, dropped when the certificate expires by the clock, bounded, and served
 * with an ETag for conditional GET. Two app instances share one database, as two processes would.
 */
describe('public verification cache: never stale, bounded, conditional GET', () => {
  let apps: TwoApps;
  let a: TestApp;
  let b: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  const certs: { id: string; code: string }[] = [];
  const env = { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' };

  const json = (t: TestApp, code: string) => t.http().get(`/api/public/certificates/${code}`);
  const statusOn = async (t: TestApp, code: string) => (await json(t, code).expect(200)).body.status as string;
  const change = (id: string, action: 'suspend' | 'reinstate' | 'revoke') =>
    a.http().post(`/api/certificates/${id}/${action}`).set(bearer(agency.approver)).send({ reason: 'Pemeriksaan aduan masyarakat' }).expect(200);

  beforeAll(async () => {
    apps = await twoAppsOnOneDatabase(env);
    ({ a, b } = apps);
    agency = await createAgency(a);
    owner = await createApplicant(a);
    for (let i = 0; i < 2; i++) certs.push(await issueCertificate(a, agency, owner));
  }, 180_000);

  afterAll(async () => {
    await apps?.close();
  });

  it('answers a repeat scan with 304, and shows a status change on the same process at once with a new ETag', async () => {
    const [c] = certs;
    const first = await json(a, c.code).expect(200);
    expect(first.body.status).toBe('active');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    // Security headers stay on the cached answer.
    expect(first.headers['x-content-type-options']).toBe('nosniff');
    expect(first.headers['content-security-policy']).toContain("default-src 'self'");

    const repeat = await json(a, c.code).set('If-None-Match', etag).expect(304);
    expect(repeat.text ?? '').toBe('');
    expect(repeat.headers.etag).toBe(etag);
    await json(a, c.code).set('If-None-Match', `"other", W/${etag}`).expect(304);
    await json(a, c.code).set('If-None-Match', '"other"').expect(200);

    await change(c.id, 'suspend');
    // No waiting: the answer after the acknowledged change already says suspended.
    const suspended = await json(a, c.code).set('If-None-Match', etag).expect(200);
    expect(suspended.body.status).toBe('suspended');
    expect(suspended.headers.etag).not.toBe(etag);

    await change(c.id, 'reinstate');
    const back = await json(a, c.code).expect(200);
    expect(back.body.status).toBe('active');
    expect(back.headers.etag).not.toBe(suspended.headers.etag);
  });

  it('drops the answer a second process holds when the first revokes the certificate', async () => {
    const [c] = certs;
    expect(await statusOn(b, c.code)).toBe('active');
    expect(await statusOn(b, c.code)).toBe('active'); // now served from B's cache
    const before = (await json(b, c.code)).headers.etag as string;
    await change(c.id, 'revoke');
    expect(await statusOn(a, c.code)).toBe('revoked');
    await until('B answers revoked', async () => (await statusOn(b, c.code)) === 'revoked');
    const after = await json(b, c.code).set('If-None-Match', before).expect(200);
    expect(after.body.statusReason).toBe('Pemeriksaan aduan masyarakat');
    expect(after.headers.etag).not.toBe(before);
  });

  it('serves the verification page with an ETag and 304, and a new status at once', async () => {
    const [, c] = certs;
    const first = await a.http().get(`/verify/${c.code}`).expect(200);
    const cookie = (first.headers['set-cookie'] as unknown as string[]).map((s) => s.split(';')[0]).join('; ');
    const second = await a.http().get(`/verify/${c.code}`).set('Cookie', cookie).expect(200);
    const etag = second.headers.etag as string;
    expect(etag).toBeTruthy();
    expect(second.headers['cache-control']).toBe('private, no-cache');
    expect(second.headers['content-security-policy']).toContain("script-src 'self'");
    await a.http().get(`/verify/${c.code}`).set('Cookie', cookie).set('If-None-Match', etag).expect(304);

    await change(c.id, 'suspend');
    const page = await a.http().get(`/verify/${c.code}`).set('Cookie', cookie).set('If-None-Match', etag).expect(200);
    expect(page.text).toContain('DIBEKUKAN SEMENTARA');
    expect(page.headers.etag).not.toBe(etag);
    await change(c.id, 'reinstate');
    expect((await a.http().get(`/verify/${c.code}`).set('Cookie', cookie).expect(200)).text).not.toContain('DIBEKUKAN SEMENTARA');
    // An unknown code: the not-found page, never cached or revalidated.
    const missing = await a.http().get('/verify/NO-SUCH-CODE').expect(404);
    expect(missing.headers.etag).toBeUndefined();
  });

  it('keeps no entry for unknown codes, so a code issued later is found at once', async () => {
    const service = a.app.get(PublicVerificationService);
    // The notice of the revocation above, back from PostgreSQL, would otherwise drop A's entry mid-count.
    await noticesSettled(a, b);
    const size = service.cachedCount();
    // Well-formed codes (16 of the code alphabet), so each one is looked up.
    for (let i = 10; i < 40; i++) await json(a, `ZZZZ-ZZZZ-ZZZZ-ZZ${i}`).expect(404);
    expect(service.cachedCount()).toBe(size);

    // The first certificate (revoked) takes a code that was just looked up in vain on both processes.
    const fresh = 'WXYZ-2345-6789-ABCD';
    await json(a, fresh).expect(404);
    await json(b, fresh).expect(404);
    await a.dataSource.query(`UPDATE certificates SET verification_code = $2 WHERE id = $1`, [certs[0].id, fresh]);
    expect((await json(a, fresh).expect(200)).body.number).toBeTruthy();
    expect((await json(b, fresh).expect(200)).body.number).toBeTruthy();
  });

  it('answers expired from the moment the certificate expires by the clock, cached or not', async () => {
    const [, c] = certs;
    const [{ valid_until }] = (await a.dataSource.query(`SELECT valid_until::text FROM certificates WHERE id = $1`, [c.id])) as { valid_until: string }[];
    const expiry = expiryInstantMs(valid_until);
    for (const t of [a, b]) {
      t.clock.set(new Date(expiry - 60_000));
      expect(await statusOn(t, c.code)).toBe('active');
      expect(await statusOn(t, c.code)).toBe('active');
      t.clock.set(new Date(expiry));
      expect(await statusOn(t, c.code)).toBe('expired');
    }
  });
});
