import type { OutletSnapshot } from '../outlet-snapshot';
import { evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { companyOutletsRule } from './company-outlets.rule';

const evaluate = (outlet: Partial<OutletSnapshot['outlet']>, maxOutlets = 1) =>
  companyOutletsRule.evaluate(outletSnapshot({ outlet }), evaluationContext(), { maxOutlets });

describe('company_outlets', () => {
  it.each([
    { others: 0, maxOutlets: 1, outcome: 'pass' },
    { others: 1, maxOutlets: 1, outcome: 'fail' },
    { others: 1, maxOutlets: 2, outcome: 'pass' },
    { others: 2, maxOutlets: 2, outcome: 'fail' },
  ])('$others other outlet(s) of the company, at most $maxOutlets: $outcome', ({ others, maxOutlets, outcome }) => {
    expect(evaluate({ otherOutletsOfCompany: others }, maxOutlets).outcome).toBe(outcome);
  });

  it('says how many outlets the company has at the agency', () => {
    const finding = evaluate({ otherOutletsOfCompany: 1 });
    expect(finding.message).toEqual({
      id: 'PT Lensa Jatim Media (NIB/NPWP yang sama) mengajukan atau bermitra dengan 2 media di instansi ini; maksimal 1.',
      en: 'PT Lensa Jatim Media (same NIB/NPWP) has 2 outlets applying or partnered at this agency; at most 1 allowed.',
    });
    expect(finding.details).toEqual({ businessId: '9120001234567', taxId: '01.234.567.8-609.000', otherOutletsOfCompany: 1, maxOutlets: 1 });
  });

  it('identifies the company by NPWP alone when there is no NIB', () => {
    expect(evaluate({ businessId: null, otherOutletsOfCompany: 0 }).outcome).toBe('pass');
  });

  it('fails when neither NIB nor NPWP identifies the company', () => {
    const finding = evaluate({ businessId: null, taxId: '  ' });
    expect(finding.outcome).toBe('fail');
    expect(finding.message.en).toContain('neither NIB nor NPWP is recorded');
  });
});
