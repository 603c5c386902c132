import { isIsoDate } from './iso-date';
import { PRESS_COUNCIL_STATUSES, type EvaluationContext, type OutletSnapshot } from './outlet-snapshot';
import type { PackGrading, PolicyPack, RuleConfigOf, RuleFamily } from './policy-pack';
import type { RuleResult } from './rule-result';
import { chiefEditorCompetencyRule } from './rules/chief-editor-competency.rule';
import { exclusiveJournalistsRule } from './rules/exclusive-journalists.rule';
import { journalistCompetencyRule } from './rules/journalist-competency.rule';
import { legalEntityRule } from './rules/legal-entity.rule';
import { officeRule } from './rules/office.rule';
import { outletAgeRule } from './rules/outlet-age.rule';
import { pressCouncilVerificationRule } from './rules/press-council-verification.rule';
import { requiredDocumentsRule } from './rules/required-documents.rule';
import { businessClassificationRule } from './rules/business-classification.rule';
import { companyOutletsRule } from './rules/company-outlets.rule';
import { eKatalogListingRule } from './rules/e-katalog-listing.rule';
import { journalistCompetencyOrPortfolioRule } from './rules/journalist-competency-or-portfolio.rule';
import { officeCoordinatesRule } from './rules/office-coordinates.rule';
import type { RuleDefinition } from './rules/rule-definition';

export const VERDICTS = ['eligible', 'ineligible', 'needs_review'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Evaluation {
  packName: string;
  /** ineligible: a blocking rule failed; needs_review: an officer must look; else eligible. */
  verdict: Verdict;
  blockingFailures: RuleResult[];
  /** One per rule, in pack order. */
  results: RuleResult[];
  grade: string | null;
}

/** Adding a family to RULE_FAMILIES without its definition here does not compile. */
const RULES: { [F in RuleFamily]: RuleDefinition<F> } = {
  chief_editor_competency: chiefEditorCompetencyRule,
  press_council_verification: pressCouncilVerificationRule,
  office: officeRule,
  journalist_competency: journalistCompetencyRule,
  legal_entity: legalEntityRule,
  required_documents: requiredDocumentsRule,
  outlet_age: outletAgeRule,
  exclusive_journalists: exclusiveJournalistsRule,
  company_outlets: companyOutletsRule,
  office_coordinates: officeCoordinatesRule,
  business_classification: businessClassificationRule,
  e_katalog_listing: eKatalogListingRule,
  journalist_competency_or_portfolio: journalistCompetencyOrPortfolioRule,
};

/**
 * Judges a frozen snapshot against a validated pack. Pure and deterministic: the same inputs give
 * a deep-equal evaluation, so a stored application can be replayed and explained.
 */
export function evaluatePolicy(pack: PolicyPack, snapshot: OutletSnapshot, context: EvaluationContext): Evaluation {
  // A bad judgement date would silently skew every age check; it is a caller bug, not a rule outcome.
  if (!isIsoDate(context.on)) throw new RangeError(`EvaluationContext.on must be a YYYY-MM-DD date, got ${context.on}`);
  const results = pack.rules.map((rule) => evaluateRule(rule, snapshot, context));
  const blockingFailures = results.filter((result) => result.severity === 'blocking' && result.outcome === 'fail');
  return {
    packName: pack.name,
    verdict: verdictOf(results),
    blockingFailures,
    results,
    grade: pack.grading ? gradeOf(pack.grading, snapshot) : null,
  };
}

function evaluateRule<F extends RuleFamily>(
  rule: RuleConfigOf<F>,
  snapshot: OutletSnapshot,
  context: EvaluationContext,
): RuleResult {
  const definition: RuleDefinition<F> = RULES[rule.family];
  const finding = definition.evaluate(snapshot, context, rule.params);
  return {
    ruleId: rule.id,
    family: rule.family,
    severity: rule.severity,
    title: rule.title ?? definition.title,
    citation: rule.citation,
    citationVerified: rule.citationVerified === true,
    ...finding,
  };
}

function verdictOf(results: readonly RuleResult[]): Verdict {
  if (results.some((result) => result.severity === 'blocking' && result.outcome === 'fail')) return 'ineligible';
  if (results.some((result) => result.outcome === 'manual' || result.outcome === 'fail')) return 'needs_review';
  return 'eligible';
}

/** The grade whose minimum status is the highest the outlet reaches; null when none is reached. */
export function gradeOf(grading: PackGrading, snapshot: OutletSnapshot): string | null {
  const rank = PRESS_COUNCIL_STATUSES.indexOf(snapshot.outlet.pressCouncil.status);
  let best: { grade: string; rank: number } | null = null;
  for (const { grade, minStatus } of grading.grades) {
    const needed = PRESS_COUNCIL_STATUSES.indexOf(minStatus);
    if (needed <= rank && (best === null || needed > best.rank)) best = { grade, rank: needed };
  }
  return best?.grade ?? null;
}

/**
 * An evaluation as stored with an application. Results stored before `citationVerified` existed
 * read as unverified.
 */
export function readStoredEvaluation(stored: Evaluation): Evaluation {
  const read = (result: RuleResult): RuleResult => ({ ...result, citationVerified: result.citationVerified === true });
  return { ...stored, results: stored.results.map(read), blockingFailures: stored.blockingFailures.map(read) };
}
