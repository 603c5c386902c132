import type { DocumentType, OfficeSnapshot, OutletSnapshot, PressCouncilStatus } from '../outlet-snapshot';
import { validatePolicyPack } from '../policy-pack';
import { evaluatePolicy } from '../rule-engine';
import { ALL_DEFAULT_DOCUMENTS, document, evaluationContext, journalist, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { SHIPPED_PACKS } from './shipped-packs';

const samarinda: OfficeSnapshot = {
  street: 'Jl. Gajah Mada 2',
  city: 'Samarinda',
  province: 'Provinsi Kalimantan Timur',
  latitude: -0.5,
  longitude: 117.15,
};
const kaltimContext = evaluationContext({
  agency: { code: 'DEMO-KALTIM', name: 'Diskominfo Provinsi Kalimantan Timur', province: 'Kalimantan Timur', city: null },
});
const kaltimOutlet = (status: PressCouncilStatus = 'factual', office: OfficeSnapshot = samarinda) =>
  outletSnapshot({
    outlet: {
      legalName: 'PT Etam Media Nusantara',
      office,
      pressCouncil: { status, certificateNumber: status === 'none' ? null : 'DP-9', verifiedOn: status === 'none' ? null : '2024-01-15' },
    },
    journalists: [
      journalist({ name: 'Rusdi', position: 'chief_editor', otherOutletsHeaded: 1 }),
      journalist({ name: 'Maya', position: 'editor', competency: { level: 'madya' } }),
      journalist({ name: 'Yusuf', position: 'reporter', competency: { level: 'muda' } }),
    ],
    documents: ALL_DEFAULT_DOCUMENTS.map((type) => document(type)),
  });

describe('shipped packs', () => {
  it.each(Object.keys(SHIPPED_PACKS))('%s passes validation', (key) => {
    expect(validatePolicyPack(SHIPPED_PACKS[key as keyof typeof SHIPPED_PACKS]).ok).toBe(true);
  });

  it('default: a complete outlet has no blocking failure and waits only for the field visit', () => {
    const evaluation = evaluatePolicy(SHIPPED_PACKS.default, outletSnapshot(), evaluationContext());
    expect(evaluation.verdict).toBe('needs_review');
    expect(evaluation.blockingFailures).toEqual([]);
    expect(evaluation.results.filter((result) => result.outcome !== 'pass').map((result) => result.ruleId)).toEqual(['office']);
    expect(evaluation.grade).toBeNull();
  });

  it('default: a CV with a madya chief editor is ineligible, naming both', () => {
    const snapshot = outletSnapshot({
      outlet: { legalForm: 'CV' },
      journalists: [journalist({ name: 'Budi Santoso', competency: { level: 'madya' } })],
    });
    const evaluation = evaluatePolicy(SHIPPED_PACKS.default, snapshot, evaluationContext());
    expect(evaluation.verdict).toBe('ineligible');
    expect(evaluation.blockingFailures.map((result) => result.ruleId)).toEqual(['chief-editor-competency', 'legal-entity']);
    expect(evaluation.blockingFailures[0].message.id).toContain('Budi Santoso (pemimpin redaksi): jenjang madya, minimal utama');
  });

  it.each([
    { status: 'factual', grade: 'A', open: ['office-in-province'] },
    { status: 'administrative', grade: 'B', open: ['office-in-province'] },
    { status: 'none', grade: 'C', open: ['office-in-province', 'press-council-verification'] },
  ] as const)('kaltim: a $status outlet meeting the Pergub is grade $grade', ({ status, grade, open }) => {
    const evaluation = evaluatePolicy(SHIPPED_PACKS.kaltim, kaltimOutlet(status), kaltimContext);
    expect(evaluation.verdict).toBe('needs_review');
    expect(evaluation.blockingFailures).toEqual([]);
    expect(evaluation.grade).toBe(grade);
    expect(evaluation.results.filter((result) => result.outcome !== 'pass').map((result) => result.ruleId)).toEqual(open);
  });

  it('kaltim: an office outside the province is ineligible', () => {
    const surabaya = { ...samarinda, city: 'Surabaya', province: 'Jawa Timur' };
    const evaluation = evaluatePolicy(SHIPPED_PACKS.kaltim, kaltimOutlet('factual', surabaya), kaltimContext);
    expect(evaluation.verdict).toBe('ineligible');
    expect(evaluation.blockingFailures.map((result) => result.ruleId)).toEqual(['office-in-province']);
  });

  it.each(Object.keys(SHIPPED_PACKS))('%s: every rule says whether its citation was checked', (key) => {
    for (const rule of SHIPPED_PACKS[key as keyof typeof SHIPPED_PACKS].rules) expect(typeof rule.citationVerified).toBe('boolean');
  });

  it('default: no longer cites the "Pedoman Kemitraan Media" nobody can find, and names the Bimtek it comes from', () => {
    const text = JSON.stringify(SHIPPED_PACKS.default);
    expect(text).not.toContain('Pedoman Kemitraan Media');
    expect(SHIPPED_PACKS.default.source).toContain('Bimbingan Teknis Pengelolaan Relasi Media');
    expect(SHIPPED_PACKS.default.source).toContain('20 Juli 2023');
  });

  it('kaltim: no article number is presented as verified', () => {
    expect(SHIPPED_PACKS.kaltim.rules.filter((rule) => rule.citationVerified)).toEqual([]);
  });

  it.each(['lampung-utara', 'lampung-selatan', 'pringsewu'] as const)('%s: no citation is verified, none invents an article number', (key) => {
    for (const rule of SHIPPED_PACKS[key].rules) {
      expect(rule.citationVerified).toBe(false);
      // Pringsewu's competency rule is the one requirement whose article (Pasal 9 angka 8) a public source gives.
      if (key !== 'pringsewu') expect(rule.citation).not.toMatch(/Pasal \d+(?! ayat \(2\))/);
    }
  });

  describe('lampung-utara', () => {
    const katalog = 'https://katalog.inaproc.id/etam-media';
    const lampura = (outlet: Partial<OutletSnapshot['outlet']> = {}, status: PressCouncilStatus = 'factual') =>
      outletSnapshot({
        outlet: {
          legalName: 'PT Lampura Media Utama',
          eKatalogUrl: katalog,
          pressCouncil: { status, certificateNumber: status === 'none' ? null : 'DP-1', verifiedOn: status === 'none' ? null : '2024-01-15' },
          ...outlet,
        },
      });

    it.each([
      { status: 'factual', grade: 'A' },
      { status: 'administrative', grade: 'B' },
      { status: 'none', grade: 'C' },
    ] as const)('a $status outlet meeting the Perbup is eligible, graded $grade (verified outlets first)', ({ status, grade }) => {
      const evaluation = evaluatePolicy(SHIPPED_PACKS['lampung-utara'], lampura({}, status), evaluationContext());
      expect(evaluation.verdict).toBe('eligible');
      expect(evaluation.grade).toBe(grade);
    });

    it('refuses an outlet without an e-Katalog listing, and a CV', () => {
      const evaluation = evaluatePolicy(SHIPPED_PACKS['lampung-utara'], lampura({ eKatalogUrl: null, legalForm: 'CV' }), evaluationContext());
      expect(evaluation.verdict).toBe('ineligible');
      expect(evaluation.blockingFailures.map((result) => result.ruleId)).toEqual(['legal-entity', 'e-katalog']);
    });

    it("sends a company's second outlet to an officer", () => {
      const evaluation = evaluatePolicy(SHIPPED_PACKS['lampung-utara'], lampura({ otherOutletsOfCompany: 1 }), evaluationContext());
      expect(evaluation.verdict).toBe('needs_review');
      expect(evaluation.results.filter((result) => result.outcome === 'fail').map((result) => result.ruleId)).toEqual(['one-outlet-per-company']);
    });
  });

  describe('lampung-selatan', () => {
    const context = evaluationContext({
      on: '2025-02-10',
      agency: { code: 'DEMO-LAMSEL', name: 'Diskominfo Kabupaten Lampung Selatan', province: 'Lampung', city: 'Kalianda' },
    });
    const documents = (...extra: DocumentType[]) =>
      (['deed', 'ministry_decree', 'tax_id', 'business_id', 'office_sign_photo', 'masthead', ...extra] as DocumentType[]).map((type) => document(type));
    const lamsel = (overrides: { outlet?: Partial<OutletSnapshot['outlet']>; documents?: ReturnType<typeof document>[] } = {}) =>
      outletSnapshot({
        outlet: {
          legalName: 'PT Krakatau Warta Media',
          office: { street: 'Jl. Contoh No. 1', city: 'Kalianda', province: 'Lampung', latitude: -5.7265, longitude: 105.5947 },
          kbliCodes: ['63122'],
          ...overrides.outlet,
        },
        documents: overrides.documents ?? documents('annual_tax_return'),
      });

    it('is eligible with the office sign photo in the regency, a press KBLI, the e-Katalog link and a tax return', () => {
      const evaluation = evaluatePolicy(SHIPPED_PACKS['lampung-selatan'], lamsel(), context);
      expect(evaluation.results.filter((result) => result.outcome !== 'pass')).toEqual([]);
      expect(evaluation.verdict).toBe('eligible');
    });

    it('takes a tax-clearance letter in place of the annual return, and refuses neither', () => {
      expect(evaluatePolicy(SHIPPED_PACKS['lampung-selatan'], lamsel({ documents: documents('tax_clearance_letter') }), context).verdict).toBe('eligible');
      const without = evaluatePolicy(SHIPPED_PACKS['lampung-selatan'], lamsel({ documents: documents() }), context);
      expect(without.blockingFailures.map((result) => result.ruleId)).toEqual(['required-documents']);
    });

    it('refuses an office placed outside the regency and a KBLI that is not press', () => {
      const office = { street: 'Jl. Contoh No. 1', city: 'Jakarta', province: 'DKI Jakarta', latitude: -6.2, longitude: 106.8166 };
      const evaluation = evaluatePolicy(SHIPPED_PACKS['lampung-selatan'], lamsel({ outlet: { office, kbliCodes: ['73100'] } }), context);
      expect(evaluation.blockingFailures.map((result) => result.ruleId)).toEqual(['office-sign-gps', 'business-classification']);
    });

    it("flags a journalist on another company's roster, not on a sister outlet's", () => {
      const shared = (otherCompanyOutletCount: number) =>
        lamsel({ outlet: {} }).journalists.map((one, index) => (index === 2 ? { ...one, otherOutletCount: 1, otherCompanyOutletCount } : one));
      const sister = { ...lamsel(), journalists: shared(0) };
      const rival = { ...lamsel(), journalists: shared(1) };
      expect(evaluatePolicy(SHIPPED_PACKS['lampung-selatan'], sister, context).verdict).toBe('eligible');
      const flagged = evaluatePolicy(SHIPPED_PACKS['lampung-selatan'], rival, context);
      expect(flagged.verdict).toBe('needs_review');
      expect(flagged.results.filter((result) => result.outcome === 'fail').map((result) => result.ruleId)).toEqual(['one-journalist-one-company']);
    });
  });

  describe('pringsewu', () => {
    const on = '2026-03-01';
    const pringsewu = (publishedWorkSince: string) =>
      outletSnapshot({
        outlet: { legalName: 'PT Pringsewu Kabar Media', kbliCodes: ['58130'] },
        journalists: [
          journalist({ name: 'Budi Santoso', position: 'chief_editor' }),
          journalist({ name: 'Nur Aini', position: 'reporter', competency: null, publishedWorkSince, publishedWorkLinks: ['https://kabar.example/1'] }),
        ],
        documents: (['deed', 'business_id', 'tax_id'] as DocumentType[]).map((type) => document(type)),
      });

    it('accepts five years of published work in place of a UKW certificate; the deed KBLI goes to an officer', () => {
      const evaluation = evaluatePolicy(SHIPPED_PACKS.pringsewu, pringsewu('2021-03-01'), evaluationContext({ on }));
      expect(evaluation.blockingFailures).toEqual([]);
      expect(evaluation.verdict).toBe('needs_review');
      expect(evaluation.results.filter((result) => result.outcome !== 'pass').map((result) => result.ruleId)).toEqual(['deed-kbli']);
    });

    it('refuses 4 years 364 days of published work', () => {
      const evaluation = evaluatePolicy(SHIPPED_PACKS.pringsewu, pringsewu('2021-03-02'), evaluationContext({ on }));
      expect(evaluation.blockingFailures.map((result) => result.ruleId)).toEqual(['journalist-competency']);
    });
  });
});
