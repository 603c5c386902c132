import type { BusinessClassificationParams } from '../policy-pack';
import { evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { businessClassificationRule } from './business-classification.rule';

const PRESS_KBLI = ['58130', '63122', '63912', '60202', '60102'];
const params: BusinessClassificationParams = { codes: PRESS_KBLI, requireBusinessId: true, confirmOnDeed: false };
const evaluate = (kbliCodes: string[], businessId: string | null = '9120001234567', overrides: Partial<BusinessClassificationParams> = {}) =>
  businessClassificationRule.evaluate(outletSnapshot({ outlet: { kbliCodes, businessId } }), evaluationContext(), { ...params, ...overrides });

describe('business_classification', () => {
  it.each(PRESS_KBLI)('accepts press KBLI %s', (code) => {
    expect(evaluate([code]).outcome).toBe('pass');
  });

  it.each([
    { codes: ['58110'], why: 'book publishing' },
    { codes: ['63121'], why: 'a non-commercial portal' },
    { codes: ['73100'], why: 'advertising' },
    { codes: ['6312'], why: 'a code cut short' },
    { codes: [], why: 'no code at all' },
  ])('refuses $why', ({ codes }) => {
    expect(evaluate(codes).outcome).toBe('fail');
  });

  it('passes when one of several codes is a press code, naming it', () => {
    const finding = evaluate(['73100', '63122']);
    expect(finding.outcome).toBe('pass');
    expect(finding.message.id).toBe('PT Lensa Jatim Media memegang KBLI pers 63122.');
    expect(finding.details).toMatchObject({ matching: ['63122'] });
  });

  it('says which codes are held and which are accepted', () => {
    expect(evaluate(['73100']).message.en).toBe(
      'PT Lensa Jatim Media: recorded KBLI codes 73100; one of the press KBLI codes is required: 58130, 63122, 63912, 60202, 60102.',
    );
  });

  it('requires the NIB itself when asked', () => {
    const finding = evaluate(['63122'], null);
    expect(finding.outcome).toBe('fail');
    expect(finding.message.en).toBe('PT Lensa Jatim Media: The business ID (NIB) is missing.');
    expect(evaluate(['63122'], null, { requireBusinessId: false }).outcome).toBe('pass');
  });

  it('sends a matching record to an officer when the deed must show the code', () => {
    const finding = evaluate(['63122'], '9120001234567', { confirmOnDeed: true });
    expect(finding.outcome).toBe('manual');
    expect(finding.message.en).toContain('an officer confirms the deed of establishment lists it');
  });
});
