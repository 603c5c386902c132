import { readStoredPack, type PolicyPack, type RuleConfig } from './policy-pack';
import { evaluatePolicy, gradeOf, readStoredEvaluation, type Evaluation } from './rule-engine';
import { evaluationContext, journalist, outletSnapshot } from './testing/outlet-snapshot.builder';

// Rules whose outcome on the builder's default outlet is known: pass, fail, manual.
const passing: RuleConfig = {
  id: 'age',
  family: 'outlet_age',
  severity: 'blocking',
  params: { minYears: 2 },
  citation: 'Pasal 1',
  citationVerified: true,
};
const failing: RuleConfig = {
  id: 'docs',
  family: 'required_documents',
  severity: 'blocking',
  params: { types: ['traffic_evidence'], anyOf: [] },
  citation: 'Pasal 2',
  citationVerified: false,
};
const manualOffice: RuleConfig = {
  id: 'office',
  family: 'office',
  severity: 'blocking',
  params: { requireInProvince: false, requireOfficePhoto: true, requireFieldConfirmation: true },
  citation: 'Pasal 3',
  citationVerified: false,
};
const asReview = (rule: RuleConfig): RuleConfig => ({ ...rule, severity: 'review' });
const packOf = (rules: RuleConfig[], extra: Partial<PolicyPack> = {}): PolicyPack => ({
  name: 'Uji',
  source: 'Peraturan uji',
  rules,
  ...extra,
});
const grading: PolicyPack['grading'] = {
  basis: 'press_council',
  grades: [
    { grade: 'A', minStatus: 'factual' },
    { grade: 'B', minStatus: 'administrative' },
    { grade: 'C', minStatus: 'none' },
  ],
};

describe('evaluatePolicy', () => {
  it.each([
    { case: 'every rule passes', rules: [passing], verdict: 'eligible', blocking: [] },
    { case: 'a blocking rule fails', rules: [passing, failing], verdict: 'ineligible', blocking: ['docs'] },
    { case: 'only a review rule fails', rules: [passing, asReview(failing)], verdict: 'needs_review', blocking: [] },
    { case: 'a rule needs an officer', rules: [passing, manualOffice], verdict: 'needs_review', blocking: [] },
    {
      case: 'a blocking failure outweighs manual and review',
      rules: [manualOffice, asReview({ ...failing, id: 'docs-review' }), failing],
      verdict: 'ineligible',
      blocking: ['docs'],
    },
  ])('$case -> $verdict', ({ rules, verdict, blocking }) => {
    const evaluation = evaluatePolicy(packOf(rules), outletSnapshot(), evaluationContext());
    expect(evaluation.verdict).toBe(verdict);
    expect(evaluation.blockingFailures.map((result) => result.ruleId)).toEqual(blocking);
  });

  it('returns one result per rule in pack order, with the rule identity and citation', () => {
    const evaluation = evaluatePolicy(
      packOf([failing, passing, { ...manualOffice, title: { id: 'Kantor tetap', en: 'Permanent office' } }]),
      outletSnapshot(),
      evaluationContext(),
    );
    expect(evaluation.packName).toBe('Uji');
    expect(
      evaluation.results.map(({ ruleId, family, severity, outcome, citation, citationVerified, title }) => ({
        ruleId,
        family,
        severity,
        outcome,
        citation,
        citationVerified,
        title: title.en,
      })),
    ).toEqual([
      { ruleId: 'docs', family: 'required_documents', severity: 'blocking', outcome: 'fail', citation: 'Pasal 2', citationVerified: false, title: 'Required documents' },
      { ruleId: 'age', family: 'outlet_age', severity: 'blocking', outcome: 'pass', citation: 'Pasal 1', citationVerified: true, title: 'Years in operation' },
      { ruleId: 'office', family: 'office', severity: 'blocking', outcome: 'manual', citation: 'Pasal 3', citationVerified: false, title: 'Permanent office' },
    ]);
  });

  it('reads a citation stored without the flag, in a pack or in a stored result, as unverified', () => {
    const { citationVerified: _dropped, ...legacyRule } = passing;
    const legacyPack = JSON.parse(JSON.stringify(packOf([legacyRule as RuleConfig]))) as PolicyPack;
    expect(evaluatePolicy(legacyPack, outletSnapshot(), evaluationContext()).results[0].citationVerified).toBe(false);
    expect(readStoredPack(legacyPack).rules[0].citationVerified).toBe(false);
    expect(readStoredPack(packOf([passing])).rules[0].citationVerified).toBe(true);

    const stored = evaluatePolicy(packOf([failing]), outletSnapshot(), evaluationContext());
    const legacyEvaluation = JSON.parse(JSON.stringify(stored, (key, value: unknown) => (key === 'citationVerified' ? undefined : value))) as Evaluation;
    const read = readStoredEvaluation(legacyEvaluation);
    expect(read.results.map((result) => result.citationVerified)).toEqual([false]);
    expect(read.blockingFailures.map((result) => result.citationVerified)).toEqual([false]);
  });

  it.each([
    { status: 'factual', grade: 'A' },
    { status: 'administrative', grade: 'B' },
    { status: 'none', grade: 'C' },
  ] as const)('grades a $status outlet $grade', ({ status, grade }) => {
    const snapshot = outletSnapshot({ outlet: { pressCouncil: { status, certificateNumber: null, verifiedOn: null } } });
    expect(evaluatePolicy(packOf([passing], { grading }), snapshot, evaluationContext()).grade).toBe(grade);
  });

  it('gives no grade without grading, or when no grade is reached', () => {
    const none = outletSnapshot({ outlet: { pressCouncil: { status: 'none', certificateNumber: null, verifiedOn: null } } });
    expect(evaluatePolicy(packOf([passing]), none, evaluationContext()).grade).toBeNull();
    const onlyVerified = { basis: 'press_council', grades: [{ grade: 'A', minStatus: 'factual' }] } as const;
    expect(gradeOf(onlyVerified, none)).toBeNull();
  });

  it('grades by the highest minimum reached, whatever the order of the grade list', () => {
    const reversed = { basis: 'press_council', grades: [...(grading?.grades ?? [])].reverse() } as const;
    expect(gradeOf(reversed, outletSnapshot())).toBe('A');
  });

  it('is deterministic and leaves its inputs untouched', () => {
    const pack = packOf(
      [
        passing,
        failing,
        manualOffice,
        {
          id: 'chief',
          family: 'chief_editor_competency',
          severity: 'blocking',
          params: { positions: ['chief_editor'], minLevel: 'utama', acceptedIssuers: ['PWI'], maxOutletsHeaded: 2 },
          citation: 'Pasal 4',
          citationVerified: false,
        },
        { id: 'exclusive', family: 'exclusive_journalists', severity: 'review', params: { scope: 'outlet' }, citation: 'Pasal 5', citationVerified: false },
      ],
      { grading },
    );
    const snapshot = outletSnapshot({
      journalists: [journalist({ name: 'Budi', otherOutletsHeaded: 3 }), journalist({ name: 'Sari', position: 'reporter', otherOutletCount: 1 })],
    });
    const context = evaluationContext();
    const frozen = deepFreeze(structuredClone({ pack, snapshot, context }));

    const first = evaluatePolicy(frozen.pack, frozen.snapshot, frozen.context);
    const second = evaluatePolicy(structuredClone(pack), structuredClone(snapshot), structuredClone(context));
    expect(second).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    expect(frozen).toEqual({ pack, snapshot, context });
  });

  it('refuses a judgement date that is not a calendar date', () => {
    expect(() => evaluatePolicy(packOf([passing]), outletSnapshot(), evaluationContext({ on: '2026-02-30' }))).toThrow(
      RangeError,
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

