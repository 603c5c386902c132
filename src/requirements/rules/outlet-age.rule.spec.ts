import { evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { outletAgeRule } from './outlet-age.rule';

const evaluate = (establishedOn: string | null, on: string, minYears = 2) =>
  outletAgeRule.evaluate(outletSnapshot({ outlet: { establishedOn } }), evaluationContext({ on }), { minYears });

describe('outlet_age', () => {
  it.each([
    { case: 'exactly at the minimum', establishedOn: '2024-03-01', on: '2026-03-01', outcome: 'pass' },
    { case: 'one day short', establishedOn: '2024-03-02', on: '2026-03-01', outcome: 'fail' },
    { case: 'well past the minimum', establishedOn: '2010-01-01', on: '2026-03-01', outcome: 'pass' },
    { case: 'leap-day founding, 28 Feb anniversary', establishedOn: '2024-02-29', on: '2026-02-28', outcome: 'pass' },
    { case: 'leap-day founding, the day before', establishedOn: '2024-02-29', on: '2026-02-27', outcome: 'fail' },
    { case: 'founded in the future', establishedOn: '2026-06-01', on: '2026-03-01', outcome: 'fail' },
    { case: 'founding date missing', establishedOn: null, on: '2026-03-01', outcome: 'fail' },
    { case: 'founding date not a date', establishedOn: '2024-02-30', on: '2026-03-01', outcome: 'fail' },
  ])('$case -> $outcome', ({ establishedOn, on, outcome }) => {
    expect(evaluate(establishedOn, on).outcome).toBe(outcome);
  });

  it('says when the outlet becomes old enough', () => {
    const finding = evaluate('2024-03-02', '2026-03-01');
    expect(finding.message.en).toBe(
      'The outlet was established on 2024-03-02 and reaches 2 years only on 2026-03-02; evaluated on 2026-03-01.',
    );
    expect(finding.details).toEqual({ establishedOn: '2024-03-02', minYears: 2, qualifiesOn: '2026-03-02' });
  });
});
