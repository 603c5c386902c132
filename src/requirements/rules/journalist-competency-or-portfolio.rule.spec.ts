import type { JournalistCompetencyOrPortfolioParams } from '../policy-pack';
import { evaluationContext, journalist, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { journalistCompetencyOrPortfolioRule } from './journalist-competency-or-portfolio.rule';

const params: JournalistCompetencyOrPortfolioParams = {
  positions: ['chief_editor', 'person_in_charge', 'editor', 'reporter'],
  minLevel: 'muda',
  minPublishedYears: 5,
  minPublishedLinks: 1,
};
const LINKS = ['https://lensa.example/2021/03/liputan-banjir'];
const writer = (publishedWorkSince: string | null, publishedWorkLinks: string[] = LINKS) =>
  journalist({ name: 'Nur Aini', position: 'reporter', competency: null, publishedWorkSince, publishedWorkLinks });
const evaluate = (journalists: ReturnType<typeof journalist>[], on = '2026-03-01') =>
  journalistCompetencyOrPortfolioRule.evaluate(outletSnapshot({ journalists }), evaluationContext({ on }), params);

describe('journalist_competency_or_portfolio', () => {
  it.each([
    { since: '2021-03-01', on: '2026-03-01', outcome: 'pass', case: 'exactly 5 years' },
    { since: '2021-03-02', on: '2026-03-01', outcome: 'fail', case: '4 years 364 days' },
    { since: '2021-02-28', on: '2026-03-01', outcome: 'pass', case: '5 years and a day' },
    // Leap years: 29 February 2020 reaches 5 years on 28 February 2025, never in March.
    { since: '2020-02-29', on: '2025-02-28', outcome: 'pass', case: 'from 29 February, on 28 February 5 years on' },
    { since: '2020-03-01', on: '2025-02-28', outcome: 'fail', case: 'from 1 March 2020, the day before the anniversary' },
    { since: '2026-03-02', on: '2026-03-01', outcome: 'fail', case: 'a start date after the judgement date' },
  ])('published work $case ($since to $on) is $outcome', ({ since, on, outcome }) => {
    expect(evaluate([writer(since)], on).outcome).toBe(outcome);
  });

  it('says on which day the fifth year is reached', () => {
    const finding = evaluate([writer('2021-03-02')]);
    expect(finding.message.en).toBe(
      'Every journalist (chief editor or person in charge or editor or reporter) must hold a UKW certificate of muda or above or show at least 5 years of published work. Nur Aini (reporter): holds no UKW certificate and published since 2021-03-02, which reaches 5 years only on 2026-03-02.',
    );
  });

  it('needs links to the work, not only a date', () => {
    const finding = evaluate([writer('2015-01-01', [])]);
    expect(finding.outcome).toBe('fail');
    expect(finding.message.en).toContain('the record of published work has 0 links, at least 1 required');
  });

  it('accepts a valid UKW certificate without any record of work, and not a revoked one', () => {
    expect(evaluate([journalist({ position: 'reporter', competency: { level: 'muda' } })]).outcome).toBe('pass');
    const revoked = evaluate([journalist({ name: 'Joko', position: 'reporter', competency: { level: 'muda', revoked: true } })]);
    expect(revoked.outcome).toBe('fail');
    expect(revoked.message.en).toContain('has been revoked and records no published work');
  });

  it('requires every journalist to prove it, one way or the other', () => {
    const finding = evaluate([journalist({ name: 'Budi', competency: { level: 'utama' } }), writer('2019-01-01'), writer(null)]);
    expect(finding.outcome).toBe('fail');
    expect(finding.details).toMatchObject({
      journalists: [
        { name: 'Budi', proof: 'certificate' },
        { name: 'Nur Aini', proof: 'published_work', publishedYearsOn: '2024-01-01' },
        { name: 'Nur Aini', proof: null, publishedYearsOn: null },
      ],
    });
  });

  it('counts how each was proven when all are', () => {
    const finding = evaluate([journalist({ name: 'Budi', competency: { level: 'utama' } }), writer('2019-01-01')]);
    expect(finding.outcome).toBe('pass');
    expect(finding.message.id).toContain('2 jurnalis');
    expect(finding.message.en).toContain('1 by UKW certificate, 1 by at least 5 years of published work');
  });

  it('leaves out staff outside the positions, and fails an empty masthead', () => {
    expect(evaluate([journalist({ name: 'Budi' }), journalist({ name: 'Layout', position: 'other', competency: null })]).outcome).toBe('pass');
    expect(evaluate([]).outcome).toBe('fail');
  });
});
