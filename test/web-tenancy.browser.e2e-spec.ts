import { expect, it } from '@jest/globals';
import { roleHas, STAFF_ROLES } from '../src/auth/permissions';
import { browserSuite, checkPage, loginInBrowser, useBrowserWorld } from './support/browser';
import { TEST_PASSWORD } from './support/factories';
import { appRoutes } from './support/routes';
import { buildWorld, type Side } from './support/world';

/**
 * Every page of the portal that names a record, opened in Chromium by the staff of ANOTHER agency
 * who hold the page's permission: each one is the 404 page, and nothing of agency A shows on it.
 * The URLs are read from the running app, so a page added later is covered without editing this.
 */
const ID_OF: Record<string, (a: Side, path: string) => string> = {
  id: (a, path) => {
    const first = path.split('/')[1];
    const byPrefix: Record<string, string> = {
      permohonan: a.queuedApplicationId,
      sertifikat: a.certificateId,
      media: a.outletId,
      periode: a.roundId,
      sanggahan: a.appealId,
      dokumen: a.documentIds[0],
      undangan: a.invitationId,
    };
    if (!byPrefix[first]) throw new Error(`no id of agency A for the page ${path}: add its first path segment here`);
    return byPrefix[first];
  },
  documentId: (a) => a.documentIds[0],
  jid: (a) => a.journalistIds[0],
  invitationId: (a) => a.invitationId,
  attestationId: (a) => a.attestationId,
  userId: (a) => a.agency.officer2.id,
  // The world has no field-visit photo (its queued application is not in field verification); an
  // unknown photo of agency A's application still has to be the 404 page for the other agency.
  photoId: () => '00000000-0000-4000-8000-000000000000',
  kind: () => 'sementara',
};

browserSuite("a staff member of another agency gets the 404 page for every page of this agency's records", () => {
  const w = useBrowserWorld();

  it('answers 404 in words, with none of the record shown', async () => {
    const world = await buildWorld(w.t);
    const pages = appRoutes(w.t.app).filter((r) => r.method === 'GET' && !r.documented && r.path.includes(':') && r.rule?.kind === 'permission');
    expect(pages.length).toBeGreaterThan(10);
    const a = world.a;
    const secrets = [a.certificateNumber, a.verificationCode];
    let opened = 0;
    for (const role of STAFF_ROLES) {
      const mine = pages.filter((r) => r.rule?.kind === 'permission' && roleHas(role, r.rule.permission));
      if (mine.length === 0) continue;
      const { context, page } = await w.newPage();
      await loginInBrowser(page, w.base, world.b.agency[role].email, TEST_PASSWORD);
      for (const route of mine) {
        const url = route.path.replace(/:(\w+)/g, (_, name: string) => {
          const fill = ID_OF[name];
          if (!fill) throw new Error(`no id of agency A for :${name} in ${route.key}: add it to ID_OF`);
          return fill(a, route.path);
        });
        const response = await page.goto(`${w.base}${url}`);
        const body = await page.locator('main').innerText();
        expect({ role, url, status: response?.status(), heading: await page.locator('h1').innerText() }).toEqual({
          role,
          url,
          status: 404,
          heading: 'Halaman tidak ditemukan',
        });
        for (const secret of secrets) expect({ url, leaks: body.includes(secret) }).toEqual({ url, leaks: false });
        opened += 1;
      }
      if (role === 'officer') await checkPage(page, 'tenancy', 'not-found');
      await context.close();
    }
    expect(opened).toBeGreaterThan(10);
  });
});
