import { evaluationContext, journalist, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { exclusiveJournalistsRule } from './exclusive-journalists.rule';

const evaluate = (journalists: ReturnType<typeof journalist>[], scope: 'outlet' | 'company' = 'outlet') =>
  exclusiveJournalistsRule.evaluate(outletSnapshot({ journalists }), evaluationContext(), { scope });

describe('exclusive_journalists', () => {
  it('passes when nobody is listed by another outlet', () => {
    const finding = evaluate([journalist({ name: 'Budi' }), journalist({ name: 'Sari', position: 'reporter' })]);
    expect(finding.outcome).toBe('pass');
    expect(finding.details).toEqual({ scope: 'outlet', journalists: [] });
  });

  it('passes an empty roster (other rules demand a masthead)', () => {
    expect(evaluate([]).outcome).toBe('pass');
  });

  it('names each journalist also listed elsewhere, without their NIK', () => {
    const finding = evaluate([
      journalist({ name: 'Budi', otherOutletCount: 0 }),
      journalist({ name: 'Sari', position: 'reporter', otherOutletCount: 1, nikMasked: '************4321' }),
      journalist({ name: 'Joko', position: 'editor', otherOutletCount: 3 }),
    ]);
    expect(finding.outcome).toBe('fail');
    expect(finding.message).toEqual({
      id: 'Jurnalis juga terdaftar di media lain (satu wartawan hanya untuk satu media): Sari (wartawan) di 1 media lain, Joko (redaktur) di 3 media lain.',
      en: 'Journalists also listed by other outlets (one journalist may belong to one outlet only): Sari (reporter) at 1 other outlet, Joko (editor) at 3 other outlets.',
    });
    expect(finding.details).toEqual({
      scope: 'outlet',
      journalists: [
        { journalistId: 'j-sari', name: 'Sari', otherOutletCount: 1 },
        { journalistId: 'j-joko', name: 'Joko', otherOutletCount: 3 },
      ],
    });
    expect(JSON.stringify(finding)).not.toContain('4321');
  });

  describe('scoped by company', () => {
    it('lets a journalist work for two outlets of the same company', () => {
      // Listed by one other outlet, which shares this outlet's NIB or NPWP.
      const finding = evaluate([journalist({ name: 'Sari', otherOutletCount: 1, otherCompanyOutletCount: 0 })], 'company');
      expect(finding.outcome).toBe('pass');
      expect(finding.message.en).toBe('None of the 1 journalists is also listed by outlets of other companies.');
    });

    it("names a journalist also on another company's roster", () => {
      const finding = evaluate(
        [journalist({ name: 'Budi' }), journalist({ name: 'Sari', position: 'reporter', otherOutletCount: 2, otherCompanyOutletCount: 1 })],
        'company',
      );
      expect(finding.outcome).toBe('fail');
      expect(finding.message.id).toBe(
        'Jurnalis juga terdaftar di media perusahaan lain (satu wartawan hanya untuk satu perusahaan): Sari (wartawan) di 1 media perusahaan lain.',
      );
      expect(finding.details).toEqual({ scope: 'company', journalists: [{ journalistId: 'j-sari', name: 'Sari', otherOutletCount: 1 }] });
    });

    it('judges per outlet when a stored pack has no scope', () => {
      const shared = [journalist({ name: 'Sari', otherOutletCount: 1, otherCompanyOutletCount: 0 })];
      const finding = exclusiveJournalistsRule.evaluate(outletSnapshot({ journalists: shared }), evaluationContext(), {} as { scope: 'outlet' });
      expect(finding.outcome).toBe('fail');
    });
  });
});
