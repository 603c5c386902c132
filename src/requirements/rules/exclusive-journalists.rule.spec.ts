import { evaluationContext, journalist, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { exclusiveJournalistsRule } from './exclusive-journalists.rule';

const evaluate = (journalists: ReturnType<typeof journalist>[]) =>
  exclusiveJournalistsRule.evaluate(outletSnapshot({ journalists }), evaluationContext(), {});

describe('exclusive_journalists', () => {
  it('passes when nobody is listed by another outlet', () => {
    const finding = evaluate([journalist({ name: 'Budi' }), journalist({ name: 'Sari', position: 'reporter' })]);
    expect(finding.outcome).toBe('pass');
    expect(finding.details).toEqual({ journalists: [] });
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
      journalists: [
        { journalistId: 'j-sari', name: 'Sari', otherOutletCount: 1 },
        { journalistId: 'j-joko', name: 'Joko', otherOutletCount: 3 },
      ],
    });
    expect(JSON.stringify(finding)).not.toContain('4321');
  });
});
