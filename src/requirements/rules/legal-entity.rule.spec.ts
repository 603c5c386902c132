import type { OutletSnapshot } from '../outlet-snapshot';
import type { LegalEntityParams } from '../policy-pack';
import { evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { legalEntityRule } from './legal-entity.rule';

const defaults: LegalEntityParams = {
  acceptedForms: ['PT'],
  requireDeed: true,
  requireMinistryDecree: true,
  requireTaxStatus: null,
};
const evaluate = (outlet: Partial<OutletSnapshot['outlet']>, params: Partial<LegalEntityParams> = {}) =>
  legalEntityRule.evaluate(outletSnapshot({ outlet }), evaluationContext(), { ...defaults, ...params });

describe('legal_entity', () => {
  it.each([
    { case: 'PT with deed and decree', outlet: {}, params: {}, outcome: 'pass', says: 'PT Lensa Jatim Media is a PT' },
    {
      case: 'CV not accepted',
      outlet: { legalForm: 'CV' as const },
      params: {},
      outcome: 'fail',
      says: 'Legal form CV is not accepted (must be PT)',
    },
    {
      case: 'CV accepted when the pack allows it',
      outlet: { legalForm: 'CV' as const },
      params: { acceptedForms: ['PT', 'CV'] as const },
      outcome: 'pass',
      says: 'is a CV',
    },
    {
      case: 'deed number missing',
      outlet: { deedNumber: null },
      params: {},
      outcome: 'fail',
      says: 'deed of establishment number is missing',
    },
    {
      case: 'deed not required',
      outlet: { deedNumber: ' ' },
      params: { requireDeed: false },
      outcome: 'pass',
      says: 'is a PT',
    },
    {
      case: 'decree missing',
      outlet: { ministryDecreeNumber: '' },
      params: {},
      outcome: 'fail',
      says: 'SK Kemenkumham) number is missing',
    },
    {
      case: 'PKP required, outlet non-PKP',
      outlet: { taxStatus: 'non_pkp' as const },
      params: { requireTaxStatus: 'pkp' as const },
      outcome: 'fail',
      says: 'Tax status is non-PKP (not VAT-registered); PKP (VAT-registered) is required',
    },
    {
      case: 'PKP required and held',
      outlet: { taxStatus: 'pkp' as const },
      params: { requireTaxStatus: 'pkp' as const },
      outcome: 'pass',
      says: 'is a PT',
    },
    {
      case: 'non-PKP minimum satisfied by PKP',
      outlet: { taxStatus: 'pkp' as const },
      params: { requireTaxStatus: 'non_pkp' as const },
      outcome: 'pass',
      says: 'is a PT',
    },
    {
      case: 'PKP without NPWP',
      outlet: { taxStatus: 'pkp' as const, taxId: null },
      params: { requireTaxStatus: 'pkp' as const },
      outcome: 'fail',
      says: 'The tax ID (NPWP) is missing',
    },
  ])('$case -> $outcome', ({ outlet, params, outcome, says }) => {
    const finding = evaluate(outlet, params);
    expect(finding.outcome).toBe(outcome);
    expect(finding.message.en).toContain(says);
  });

  it('lists every problem at once', () => {
    const finding = evaluate({ legalForm: 'yayasan', deedNumber: null, ministryDecreeNumber: null });
    expect(finding.message.id).toBe(
      'PT Lensa Jatim Media: Bentuk badan usaha yayasan tidak diterima (harus PT); Nomor akta pendirian belum diisi; ' +
        'Nomor SK pengesahan Kemenkumham belum diisi.',
    );
  });
});
