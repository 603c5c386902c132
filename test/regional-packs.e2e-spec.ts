import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { wibDate } from '../src/common/wib-calendar';
import { announceChange } from '../src/database/change-events';
import { act, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pdfBytes, pngBytes } from './support/files';
import { createCompleteOutlet, nik, uploadDocument } from './support/outlets';
import { PageClient } from './support/page-client';
import { startTestApp, type TestApp } from './support/test-app';

interface Result {
  ruleId: string;
  outcome: string;
  citation: string;
  citationVerified: boolean;
  message: { id: string; en: string };
}

/** The WIB calendar date `years` ago on the app's clock, as a user in Indonesia would count it. */
const yearsAgoWib = (t: TestApp, years: number): string => {
  const today = wibDate(t.clock.now());
  return `${Number(today.slice(0, 4)) - years}${today.slice(4, 8)}${today.slice(8) === '29' && today.slice(5, 7) === '02' ? '28' : today.slice(8)}`;
};

describe('regional packs through the API (issue 13)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function agencyOn(pack: string, province = 'Lampung'): Promise<TestAgency> {
    const agency = await createAgency(t, { province });
    const res = await t.http().put(`/api/agencies/${agency.id}/policy`).set(bearer(agency.admin)).send({ shippedPack: pack }).expect(200);
    expect(res.body.current.version).toBe(2);
    return agency;
  }

  async function eligibility(owner: Actor, outletId: string, agencyId: string) {
    const res = await t.http().get(`/api/outlets/${outletId}/eligibility`).query({ agencyId }).set(bearer(owner)).expect(200);
    const results = res.body.results as Result[];
    return {
      body: res.body as { verdict: string; grade: string | null; packName: string },
      results,
      notPassing: results.filter((r) => r.outcome !== 'pass').map((r) => `${r.ruleId}:${r.outcome}`),
    };
  }

  describe('citations', () => {
    it('the policy and every rule result say whether the citation was checked; an old stored pack reads as unverified', async () => {
      const agency = await createAgency(t);
      const policy = await t.http().get(`/api/agencies/${agency.id}/policy`).expect(200);
      const rules = policy.body.current.pack.rules as { id: string; citationVerified: boolean }[];
      expect(policy.body.current.pack.name).toBe('Persyaratan dasar kemitraan media (Bimtek Relasi Media Kominfo 2023)');
      expect(rules.map((r) => [r.id, r.citationVerified])).toEqual([
        ['chief-editor-competency', false],
        ['press-council-verification', false],
        ['office', false],
        ['journalist-competency', false],
        ['legal-entity', true],
        ['required-documents', false],
      ]);

      // A version stored before the flag existed (as JSON in the table) still loads and judges.
      const legacy = structuredClone(policy.body.current.pack) as { rules: Record<string, unknown>[] };
      for (const rule of legacy.rules) delete rule.citationVerified;
      await t.dataSource.query(`UPDATE requirement_policies SET pack = $2 WHERE agency_id = $1 AND version = 1`, [agency.id, JSON.stringify(legacy)]);
      // Written behind the service's back, as by an older release: a change notice makes it read the versions again, as a restart would.
      await announceChange(t.dataSource.manager, { type: 'policy.published', agencyId: agency.id });
      const reread = await t.http().get(`/api/agencies/${agency.id}/policy`).expect(200);
      expect((reread.body.current.pack.rules as { citationVerified: unknown }[]).map((r) => r.citationVerified)).toEqual(Array(6).fill(false));

      const owner = await createApplicant(t);
      const { id } = await createCompleteOutlet(t, owner);
      const { results } = await eligibility(owner, id, agency.id);
      expect(results.map((r) => r.citationVerified)).toEqual(Array(6).fill(false));
    });
  });

  describe('lampung-utara', () => {
    it('judges an outlet, grades verified outlets first, and flags a second outlet of the same company at the same agency only', async () => {
      const agency = await agencyOn('lampung-utara');
      const elsewhere = await agencyOn('lampung-utara');
      const owner = await createApplicant(t);
      const rival = await createApplicant(t);
      const listed = { eKatalogUrl: 'https://katalog.inaproc.id/lampura-media' };

      const first = await createCompleteOutlet(t, owner, { overrides: { ...listed, businessId: '9120301230001', taxId: '012345678900001' } });
      const judged = await eligibility(owner, first.id, agency.id);
      expect(judged.body).toMatchObject({ packName: 'Perbup Lampung Utara 63/2025', verdict: 'eligible', grade: 'A' });
      expect(judged.results.every((r) => r.citationVerified === false)).toBe(true);

      const unlisted = await createCompleteOutlet(t, owner, { overrides: { businessId: '9120301230002', taxId: '012345678900002' } });
      const refused = await eligibility(owner, unlisted.id, agency.id);
      expect(refused.body.verdict).toBe('ineligible');
      expect(refused.notPassing).toEqual(['e-katalog:fail']);

      // Same NPWP, another NIB, another owner: one company. A draft is not yet in the agency's hands.
      const sister = await createCompleteOutlet(t, rival, { overrides: { ...listed, businessId: '9120301230003', taxId: '012345678900001', brandName: 'Lampura Dua' } });
      const draft = await createDraft(t, rival, sister.id, agency.id);
      expect((await eligibility(owner, first.id, agency.id)).notPassing).toEqual([]);

      await act(t, rival, draft.id, { action: 'submit', version: draft.version }).expect(200);
      const flagged = await eligibility(owner, first.id, agency.id);
      expect(flagged.body.verdict).toBe('needs_review');
      expect(flagged.notPassing).toEqual(['one-outlet-per-company:fail']);
      expect(flagged.results.find((r) => r.ruleId === 'one-outlet-per-company')?.message.en).toBe(
        'PT Lensa Jatim Media (same NIB/NPWP) has 2 outlets applying or partnered at this agency; at most 1 allowed.',
      );
      // Another agency has no application from the sister outlet.
      expect((await eligibility(owner, first.id, elsewhere.id)).notPassing).toEqual([]);

      // The outlet's own application page shows the grade its application was judged with.
      const applied = await createDraft(t, owner, first.id, elsewhere.id);
      await act(t, owner, applied.id, { action: 'submit', version: applied.version }).expect(200);
      const pages = new PageClient(t);
      await pages.login(owner.email);
      expect((await pages.get(`/permohonan/${applied.id}`)).text).toMatch(/<dt>Tingkat<\/dt><dd>A<\/dd>/);
    });
  });

  describe('lampung-selatan', () => {
    const kalianda = { street: 'Jl. Contoh Demo No. 1', city: 'Kalianda', province: 'Lampung', latitude: -5.7265, longitude: 105.5947 };

    async function lamselOutlet(owner: Actor, overrides: Record<string, unknown> = {}) {
      const outlet = await createCompleteOutlet(t, owner, {
        overrides: { office: kalianda, kbliCodes: ['63122'], eKatalogUrl: 'https://e-katalog.lkpp.go.id/katalog/123', ...overrides },
      });
      await uploadDocument(t, owner, outlet.id, 'office_sign_photo', pngBytes(), 'plang.png', 'image/png').expect(201);
      await uploadDocument(t, owner, outlet.id, 'annual_tax_return', pdfBytes('SPT Tahunan 2024')).expect(201);
      return outlet;
    }

    it('judges the office GPS position, the KBLI code, the e-Katalog link and the tax return', async () => {
      const agency = await agencyOn('lampung-selatan');
      const owner = await createApplicant(t);
      const outlet = await lamselOutlet(owner);
      const ok = await eligibility(owner, outlet.id, agency.id);
      expect(ok.notPassing).toEqual([]);
      expect(ok.body.verdict).toBe('eligible');

      const shown = await t.http().get(`/api/outlets/${outlet.id}`).set(bearer(owner)).expect(200);
      expect(shown.body).toMatchObject({ kbliCodes: ['63122'], eKatalogUrl: 'https://e-katalog.lkpp.go.id/katalog/123', office: kalianda });

      await t
        .http()
        .patch(`/api/outlets/${outlet.id}`)
        .set(bearer(owner))
        .send({ office: { ...kalianda, city: 'Jakarta', latitude: -6.2, longitude: 106.8166 }, kbliCodes: ['73100'] })
        .expect(200);
      const moved = await eligibility(owner, outlet.id, agency.id);
      expect(moved.body.verdict).toBe('ineligible');
      expect(moved.notPassing).toEqual(['office-sign-gps:fail', 'business-classification:fail']);
    });

    it('refuses malformed KBLI codes and a non-https e-Katalog link with 400', async () => {
      const owner = await createApplicant(t);
      const outlet = await createCompleteOutlet(t, owner);
      const res = await t
        .http()
        .patch(`/api/outlets/${outlet.id}`)
        .set(bearer(owner))
        .send({ kbliCodes: ['6312', '63122'], eKatalogUrl: 'http://katalog.inaproc.id/x' })
        .expect(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['eKatalogUrl', 'kbliCodes']);
      await t.http().patch(`/api/outlets/${outlet.id}`).set(bearer(owner)).send({ eKatalogUrl: null }).expect(200);
    });

    it("counts a journalist on another company's roster, not on a sister outlet of the same company", async () => {
      const agency = await agencyOn('lampung-selatan');
      const owner = await createApplicant(t);
      const other = await createApplicant(t);
      const shared = nik();
      const outlet = await lamselOutlet(owner, { businessId: '9120301239001', taxId: '012345678909001' });
      const addShared = (who: Actor, outletId: string) =>
        t.http().post(`/api/outlets/${outletId}/journalists`).set(bearer(who)).send({ name: 'Wartawan Bersama', nik: shared, position: 'editor' }).expect(201);
      await addShared(owner, outlet.id);

      const sister = await createCompleteOutlet(t, owner, { overrides: { businessId: '9120301239001', taxId: '012345678909002' } });
      await addShared(owner, sister.id);
      expect((await eligibility(owner, outlet.id, agency.id)).notPassing).toEqual([]);

      const rival = await createCompleteOutlet(t, other, { overrides: { businessId: '9120301239003', taxId: '012345678909003' } });
      await addShared(other, rival.id);
      const flagged = await eligibility(owner, outlet.id, agency.id);
      expect(flagged.body.verdict).toBe('needs_review');
      expect(flagged.notPassing).toEqual(['one-journalist-one-company:fail']);
      expect(flagged.results.find((r) => r.ruleId === 'one-journalist-one-company')?.message.en).toContain('Wartawan Bersama (editor) at 1 outlet of another company');
    });
  });

  describe('pringsewu', () => {
    it('accepts five years of published work recorded on the journalist, and refuses four', async () => {
      const agency = await agencyOn('pringsewu');
      const owner = await createApplicant(t);
      const outlet = await createCompleteOutlet(t, owner, { overrides: { kbliCodes: ['58130'] } });
      const writer = await t
        .http()
        .post(`/api/outlets/${outlet.id}/journalists`)
        .set(bearer(owner))
        .send({ name: 'Nur Aini', nik: nik(), position: 'reporter', publishedWorkSince: yearsAgoWib(t, 6), publishedWorkLinks: ['https://kabar.example/2019/liputan'] })
        .expect(201);
      expect(writer.body).toMatchObject({ competency: null, publishedWorkSince: yearsAgoWib(t, 6), publishedWorkLinks: ['https://kabar.example/2019/liputan'] });

      const six = await eligibility(owner, outlet.id, agency.id);
      expect(six.body.verdict).toBe('needs_review');
      expect(six.notPassing).toEqual(['deed-kbli:manual']);

      await t.http().patch(`/api/outlets/${outlet.id}/journalists/${writer.body.id}`).set(bearer(owner)).send({ publishedWorkSince: yearsAgoWib(t, 4) }).expect(200);
      const four = await eligibility(owner, outlet.id, agency.id);
      expect(four.body.verdict).toBe('ineligible');
      expect(four.notPassing).toEqual(['deed-kbli:manual', 'journalist-competency:fail']);
      expect(four.results.find((r) => r.ruleId === 'journalist-competency')?.message.en).toContain('Nur Aini (reporter): holds no UKW certificate and published since');
    });

    it('refuses a future first publication and links that are not URLs', async () => {
      const owner = await createApplicant(t);
      const outlet = await createCompleteOutlet(t, owner);
      const res = await t
        .http()
        .post(`/api/outlets/${outlet.id}/journalists`)
        .set(bearer(owner))
        .send({ name: 'Nur Aini', nik: nik(), position: 'reporter', publishedWorkSince: yearsAgoWib(t, -1), publishedWorkLinks: ['bukan tautan'] })
        .expect(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['publishedWorkLinks', 'publishedWorkSince']);
    });
  });
});
