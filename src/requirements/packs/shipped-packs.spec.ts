import type { OfficeSnapshot, PressCouncilStatus } from '../outlet-snapshot';
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
});
