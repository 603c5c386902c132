import type { EvaluationContext, OutletSnapshot } from '../outlet-snapshot';
import type { RuleFamily, RuleParamsByFamily } from '../policy-pack';
import type { LocalizedText, RuleFinding } from '../rule-result';

/** One rule family: a pure function of the frozen snapshot, the judgement context and its params. */
export interface RuleDefinition<F extends RuleFamily> {
  family: F;
  /** Shown when the pack gives the rule no title of its own. */
  title: LocalizedText;
  evaluate(snapshot: OutletSnapshot, context: EvaluationContext, params: RuleParamsByFamily[F]): RuleFinding;
}
