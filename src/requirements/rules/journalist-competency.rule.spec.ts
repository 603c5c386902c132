import type { JournalistCompetencyParams } from '../policy-pack';
import { evaluationContext, journalist, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { journalistCompetencyRule, requiredCount } from './journalist-competency.rule';

const base: JournalistCompetencyParams = { minCertified: null, minShare: null, minLevel: 'muda', positions: null };
const evaluate = (journalists: ReturnType<typeof journalist>[], params: Partial<JournalistCompetencyParams>) =>
  journalistCompetencyRule.evaluate(outletSnapshot({ journalists }), evaluationContext(), { ...base, ...params });

const chief = journalist({ name: 'Budi Santoso', position: 'chief_editor' });
const editor = (name: string, level: 'muda' | 'madya' | 'utama' | null, revoked = false) =>
  journalist({ name, position: 'editor', competency: level === null ? null : { level, revoked } });
const reporter = (name: string, level: 'muda' | 'madya' | 'utama' | null, revoked = false) =>
  journalist({ name, position: 'reporter', competency: level === null ? null : { level, revoked } });

describe('journalist_competency', () => {
  it.each([
    {
      case: 'half certified, half required',
      roster: [chief, reporter('Andi', null)],
      params: { minShare: 0.5 },
      outcome: 'pass',
    },
    {
      case: 'a third certified, half required',
      roster: [chief, reporter('Andi', null), reporter('Joko', null)],
      params: { minShare: 0.5 },
      outcome: 'fail',
    },
    {
      case: 'revoked certificates do not count',
      roster: [chief, reporter('Andi', 'madya', true)],
      params: { minCertified: 2 },
      outcome: 'fail',
    },
    {
      case: 'level below the minimum does not count',
      roster: [chief, reporter('Andi', 'muda')],
      params: { minCertified: 2, minLevel: 'madya' as const },
      outcome: 'fail',
    },
    {
      case: 'count met',
      roster: [chief, reporter('Andi', 'muda')],
      params: { minCertified: 2 },
      outcome: 'pass',
    },
    {
      case: 'positions filter: only reporters counted',
      roster: [chief, reporter('Andi', null)],
      params: { minCertified: 1, positions: ['reporter' as const] },
      outcome: 'fail',
    },
    {
      case: 'share over an empty pool',
      roster: [chief],
      params: { minShare: 0.5, positions: ['reporter' as const] },
      outcome: 'fail',
    },
    {
      case: 'perPosition: editor madya, reporter muda met',
      roster: [chief, editor('Sari', 'madya'), reporter('Andi', 'muda')],
      params: { perPosition: { editor: 'madya' as const, reporter: 'muda' as const } },
      outcome: 'pass',
    },
    {
      case: 'perPosition: editor holds only muda',
      roster: [chief, editor('Sari', 'muda'), reporter('Andi', 'muda')],
      params: { perPosition: { editor: 'madya' as const, reporter: 'muda' as const } },
      outcome: 'fail',
    },
    {
      case: 'perPosition: a position nobody holds has nothing to fail',
      roster: [chief, reporter('Andi', 'muda')],
      params: { perPosition: { editor: 'madya' as const } },
      outcome: 'pass',
    },
  ])('$case -> $outcome', ({ roster, params, outcome }) => {
    expect(evaluate(roster, params).outcome).toBe(outcome);
  });

  it('names each editor or reporter below the level and why', () => {
    const finding = evaluate(
      [chief, editor('Sari', 'muda'), editor('Dewi', 'madya'), editor('Tono', 'utama', true), reporter('Andi', null)],
      { perPosition: { editor: 'madya', reporter: 'muda' } },
    );
    expect(finding.outcome).toBe('fail');
    expect(finding.message.id).toBe(
      'Setiap redaktur wajib bersertifikat UKW minimal madya: Sari (redaktur): jenjang muda, minimal madya, ' +
        'Tono (redaktur): sertifikat UKW 1234-PWI/WU/DP/I/2020/01/01/80 telah dicabut; ' +
        'Setiap wartawan wajib bersertifikat UKW minimal muda: Andi (wartawan): belum memiliki sertifikat UKW.',
    );
    expect(finding.details?.perPosition).toEqual([
      {
        position: 'editor',
        minLevel: 'madya',
        journalists: [
          { journalistId: 'j-sari', name: 'Sari', reason: 'level_too_low' },
          { journalistId: 'j-tono', name: 'Tono', reason: 'revoked' },
        ],
      },
      { position: 'reporter', minLevel: 'muda', journalists: [{ journalistId: 'j-andi', name: 'Andi', reason: 'no_certificate' }] },
    ]);
  });

  it('states counts and the required share', () => {
    const finding = evaluate([chief, reporter('Andi', null), reporter('Joko', null)], { minShare: 0.5 });
    expect(finding.message.en).toBe(
      '1/3 (33.3%) journalists hold a UKW certificate of muda or above; at least 50% (2) required.',
    );
  });

  it.each([
    [0.5, 3, 2],
    [0.5, 4, 2],
    [0.3, 10, 3],
    [0.7, 10, 7],
    [0.07, 100, 7],
    [1, 3, 3],
    [0.01, 1, 1],
  ])('share %p of %p journalists needs %p', (share, total, expected) => {
    expect(requiredCount(share, total)).toBe(expected);
  });
});
