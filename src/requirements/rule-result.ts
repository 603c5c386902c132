import type { RuleFamily, Severity } from './policy-pack';

export const RULE_OUTCOMES = ['pass', 'fail', 'manual'] as const;
/** `manual`: the data cannot settle it; an officer decides (e.g. in the field visit). */
export type RuleOutcome = (typeof RULE_OUTCOMES)[number];

export interface LocalizedText {
  id: string;
  en: string;
}

/** What a rule family function returns; the engine adds the rule's identity and citation. */
export interface RuleFinding {
  outcome: RuleOutcome;
  message: LocalizedText;
  /** JSON-safe facts behind the outcome, for officers and replay; never a NIK. */
  details?: Record<string, unknown>;
}

export interface RuleResult extends RuleFinding {
  ruleId: string;
  family: RuleFamily;
  severity: Severity;
  title: LocalizedText;
  citation: string;
  /** False when the citation could not be checked against an official text: show it as unverified. */
  citationVerified: boolean;
}

export const pass = (message: LocalizedText, details?: Record<string, unknown>): RuleFinding =>
  finding('pass', message, details);
export const fail = (message: LocalizedText, details?: Record<string, unknown>): RuleFinding =>
  finding('fail', message, details);
export const manual = (message: LocalizedText, details?: Record<string, unknown>): RuleFinding =>
  finding('manual', message, details);

function finding(outcome: RuleOutcome, message: LocalizedText, details?: Record<string, unknown>): RuleFinding {
  return details === undefined ? { outcome, message } : { outcome, message, details };
}
