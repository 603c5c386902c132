import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { PageResponder } from '../src/web/page-responder';
import { ViewRenderer } from '../src/web/view-renderer';
import { issueCertificate } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { PageClient } from './support/page-client';
import type { TestApp } from './support/test-app';
import { twoAppsOnOneDatabase, type TwoApps } from './support/two-apps';
import { until } from './support/polling';

const tokenOn = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1]);
const csrfCookie = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).map((c) => /^mm_csrf=([^;]*)/.exec(c)?.[1]).find(Boolean);

/**
 * The /verify page for anonymous visitors comes from HTML kept with the certificate's cached answer
 * (issue 15): each visitor's own CSRF token put in, the same bytes and headers as a fresh render, and
 * gone whenever the answer is (a status change on any process).
 */
describe('verification page cache for anonymous visitors', () => {
  let apps: TwoApps;
  let a: TestApp;
  let b: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let cert: { id: string; code: string };
  const env = { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' };

  const page = (t: TestApp, cookie?: string) => {
    const req = t.http().get(`/verify/${cert.code}`);
    return cookie ? req.set('Cookie', cookie) : req;
  };
  /** Counts the page renders of `t` while `run` runs. */
  async function renders(t: TestApp, run: () => Promise<unknown>): Promise<number> {
    const views = t.app.get(ViewRenderer);
    const full = jest.spyOn(views, 'render');
    const body = jest.spyOn(views, 'renderAnonymousBody');
    try {
      await run();
      return [...full.mock.calls, ...body.mock.calls].filter((call) => call[0] === 'verify').length;
    } finally {
      full.mockRestore();
      body.mockRestore();
    }
  }
  /** The same request rendered the way every other page is (no kept HTML). */
  async function fresh(t: TestApp, cookie: string) {
    const responder = t.app.get(PageResponder);
    const spy = jest
      .spyOn(responder, 'sendRevalidatedCached')
      .mockImplementation((req, reply, name, _cache, model) => responder.sendRevalidated(req, reply, name, model()));
    try {
      return await page(t, cookie).expect(200);
    } finally {
      spy.mockRestore();
    }
  }

  beforeAll(async () => {
    apps = await twoAppsOnOneDatabase(env);
    ({ a, b } = apps);
    agency = await createAgency(a);
    owner = await createApplicant(a);
    cert = await issueCertificate(a, agency, owner);
  }, 180_000);

  afterAll(async () => {
    await apps?.close();
  });

  it('serves the kept page byte for byte as a fresh render, with the same headers, ETag and 304', async () => {
    const cookie = 'mm_csrf=visitor-one-token';
    expect(await renders(a, () => page(a, cookie).expect(200))).toBe(1);
    let kept!: Awaited<ReturnType<typeof page>>;
    expect(await renders(a, async () => (kept = await page(a, cookie).expect(200)))).toBe(0);
    const rendered = await fresh(a, cookie);
    expect(kept.text).toBe(rendered.text);
    expect(tokenOn(kept.text)).toEqual(['visitor-one-token']);
    for (const h of ['etag', 'cache-control', 'content-type', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) {
      expect([h, kept.headers[h]]).toEqual([h, rendered.headers[h]]);
    }
    expect(kept.headers['cache-control']).toBe('private, no-cache');
    expect(kept.headers['set-cookie']).toBeUndefined();
    await page(a, cookie).set('If-None-Match', kept.headers.etag as string).expect(304);
    // Another visitor's page has another ETag: it carries another token.
    expect((await page(a, 'mm_csrf=visitor-two-token').expect(200)).headers.etag).not.toBe(kept.headers.etag);
  });

  it('gives each anonymous visitor their own token, setting the cookie when missing, escaped as a render would', async () => {
    const one = await page(a).expect(200);
    const two = await page(a).expect(200);
    const [t1, t2] = [csrfCookie(one), csrfCookie(two)];
    expect(t1).toBeTruthy();
    expect(t2).toBeTruthy();
    expect(t1).not.toBe(t2);
    expect(tokenOn(one.text)).toEqual([t1]);
    expect(tokenOn(two.text)).toEqual([t2]);
    expect(one.headers.etag).not.toBe(two.headers.etag);

    const odd = 'mm_csrf=a"b<c>&d';
    const kept = await page(a, odd).expect(200);
    expect(kept.text).toContain('value="a&quot;b&lt;c&gt;&amp;d"');
    expect(kept.text).toBe((await fresh(a, odd)).text);
  });

  it('keeps the English page apart from the Indonesian one', async () => {
    const en = 'mm_lang=en; mm_csrf=english-visitor';
    const id = 'mm_csrf=indonesian-visitor';
    await page(a, id).expect(200);
    const english = await page(a, en).expect(200);
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('VALID — partnership active');
    expect(english.text).toBe((await fresh(a, en)).text);
    expect(await renders(a, () => page(a, en).expect(200))).toBe(0);
    const indonesian = await page(a, id).expect(200);
    expect(indonesian.text).toContain('<html lang="id">');
    expect(indonesian.text).toContain('SAH — kemitraan aktif');
    expect(indonesian.text).not.toContain('partnership active');
  });

  it('shows a logged-in visitor their own header, never the kept anonymous page', async () => {
    await page(a, 'mm_csrf=anonymous').expect(200);
    const client = await PageClient.as(a, owner);
    const res = await client.get(`/verify/${cert.code}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('action="/keluar"');
    expect(res.text).toContain('Masuk sebagai');
    expect(res.text).not.toContain('href="/masuk"');
    expect(tokenOn(res.text)).not.toContain('anonymous');
    // And the next anonymous visitor still gets the anonymous header.
    const anon = await page(a, 'mm_csrf=anonymous').expect(200);
    expect(anon.text).toContain('href="/masuk"');
    expect(anon.text).not.toContain('action="/keluar"');
  });

  it('says revoked at once after a revocation, on this process and on a second one', async () => {
    for (const t of [a, b]) {
      for (const lang of ['', 'mm_lang=en; ']) {
        await page(t, `${lang}mm_csrf=before`).expect(200);
        expect(await renders(t, () => page(t, `${lang}mm_csrf=before`).expect(200))).toBe(0);
      }
    }
    await a.http().post(`/api/certificates/${cert.id}/revoke`).set(bearer(agency.approver)).send({ reason: 'Pemeriksaan aduan masyarakat' }).expect(200);
    // No waiting on the writing process.
    const here = await page(a, 'mm_csrf=after').expect(200);
    expect(here.text).toContain('DICABUT');
    expect(here.text).not.toContain('SAH — kemitraan aktif');
    expect((await page(a, 'mm_lang=en; mm_csrf=after').expect(200)).text).toContain('REVOKED');
    await until('B shows revoked', async () => (await page(b, 'mm_csrf=after').expect(200)).text.includes('DICABUT'));
    expect((await page(b, 'mm_lang=en; mm_csrf=after').expect(200)).text).toContain('REVOKED');
    expect((await page(b, 'mm_csrf=after')).text).toBe((await fresh(b, 'mm_csrf=after')).text);
  });
});
