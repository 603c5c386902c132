import type { PressCouncilStatus } from '../outlet-snapshot';
import type { PressCouncilVerificationParams } from '../policy-pack';
import { evaluationContext, outletSnapshot } from '../testing/outlet-snapshot.builder';
import { pressCouncilVerificationRule } from './press-council-verification.rule';

const evaluate = (
  pressCouncil: { status: PressCouncilStatus; verifiedOn: string | null },
  on: string,
  params: PressCouncilVerificationParams = { minStatus: 'factual', maxAgeYears: 5 },
) =>
  pressCouncilVerificationRule.evaluate(
    outletSnapshot({ outlet: { pressCouncil: { ...pressCouncil, certificateNumber: 'DP-1' } } }),
    evaluationContext({ on }),
    params,
  );

describe('press_council_verification', () => {
  // Valid through the 5-year anniversary inclusive.
  it.each([
    { case: 'verified today', verifiedOn: '2026-03-01', on: '2026-03-01', outcome: 'pass' },
    { case: '4 years 364 days old', verifiedOn: '2021-03-02', on: '2026-03-01', outcome: 'pass' },
    { case: 'exactly 5 years old (anniversary)', verifiedOn: '2021-03-01', on: '2026-03-01', outcome: 'pass' },
    { case: '5 years 1 day old', verifiedOn: '2021-02-28', on: '2026-03-01', outcome: 'fail' },
    { case: 'leap-day verification, anniversary on 28 Feb', verifiedOn: '2020-02-29', on: '2025-02-28', outcome: 'pass' },
    { case: 'leap-day verification, a day after', verifiedOn: '2020-02-29', on: '2025-03-01', outcome: 'fail' },
    { case: 'verification date after the judgement day', verifiedOn: '2026-03-02', on: '2026-03-01', outcome: 'fail' },
  ])('factual, $case -> $outcome', ({ verifiedOn, on, outcome }) => {
    expect(evaluate({ status: 'factual', verifiedOn }, on).outcome).toBe(outcome);
  });

  it('names the dates of a lapsed verification', () => {
    const finding = evaluate({ status: 'factual', verifiedOn: '2021-02-28' }, '2026-03-01');
    expect(finding.message.id).toBe(
      'Verifikasi Dewan Pers tanggal 2021-02-28 berlaku 5 tahun sampai 2026-02-28 dan telah kedaluwarsa pada 2026-03-01.',
    );
    expect(finding.message.en).toContain('valid for 5 years until 2026-02-28 and has lapsed as of 2026-03-01');
    expect(finding.details).toMatchObject({ validUntil: '2026-02-28' });
  });

  it.each([
    { status: 'none', minStatus: 'administrative', outcome: 'fail' },
    { status: 'administrative', minStatus: 'administrative', outcome: 'pass' },
    { status: 'administrative', minStatus: 'factual', outcome: 'fail' },
    { status: 'factual', minStatus: 'administrative', outcome: 'pass' },
  ] as const)('status $status against minimum $minStatus -> $outcome', ({ status, minStatus, outcome }) => {
    const finding = evaluate({ status, verifiedOn: '2024-01-01' }, '2026-03-01', { minStatus, maxAgeYears: 5 });
    expect(finding.outcome).toBe(outcome);
  });

  it('explains a status below the minimum', () => {
    const finding = evaluate({ status: 'administrative', verifiedOn: '2024-01-01' }, '2026-03-01');
    expect(finding.message).toEqual({
      id: 'Status Dewan Pers: terverifikasi administrasi; disyaratkan minimal terverifikasi faktual.',
      en: 'Press Council status is administratively verified; at least factually verified is required.',
    });
  });

  it('fails when the verification date is missing', () => {
    const finding = evaluate({ status: 'factual', verifiedOn: null }, '2026-03-01');
    expect(finding.outcome).toBe('fail');
    expect(finding.message.en).toContain('verification date is missing');
  });

  it('honours a shorter maximum age', () => {
    const params = { minStatus: 'factual', maxAgeYears: 3 } as const;
    expect(evaluate({ status: 'factual', verifiedOn: '2023-03-01' }, '2026-03-01', params).outcome).toBe('pass');
    expect(evaluate({ status: 'factual', verifiedOn: '2023-02-28' }, '2026-03-01', params).outcome).toBe('fail');
  });
});
