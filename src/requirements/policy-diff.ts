import type { PolicyPack, RuleConfig } from './policy-pack';

/** One value that differs, by its path inside the rule or pack (`params.minYears`, `severity`). */
export interface ValueChange {
  path: string;
  /** undefined: the key was absent on that side. */
  from: unknown;
  to: unknown;
}

export interface RuleChange {
  id: string;
  before: RuleConfig;
  after: RuleConfig;
  changes: ValueChange[];
}

export interface PackDiff {
  /** Pack-level fields (name, source, grading) that differ. */
  pack: ValueChange[];
  added: RuleConfig[];
  removed: RuleConfig[];
  changed: RuleChange[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Key order does not matter; array order does (a list of positions reads as a whole value). */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(a[k], b[k]));
  }
  return a === b;
}

/** Leaf changes between two values: objects are walked key by key, anything else compared whole. */
function changesBetween(from: unknown, to: unknown, path: string, out: ValueChange[]): void {
  if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    for (const key of keys) changesBetween(from[key], to[key], path ? `${path}.${key}` : key, out);
    return;
  }
  if (!same(from, to)) out.push({ path, from, to });
}

/**
 * What changed from one pack version to another, rule by rule (matched by id). A rule whose id
 * stays but whose family changes is a different requirement: it is listed as removed and added.
 * Pure: the page and any report word it as they need.
 */
export function diffPacks(before: PolicyPack, after: PolicyPack): PackDiff {
  const pack: ValueChange[] = [];
  for (const key of ['name', 'source', 'grading'] as const) changesBetween(before[key], after[key], key, pack);
  const old = new Map(before.rules.map((r) => [r.id, r]));
  const now = new Map(after.rules.map((r) => [r.id, r]));
  const added: RuleConfig[] = [];
  const removed: RuleConfig[] = [];
  const changed: RuleChange[] = [];
  for (const rule of after.rules) {
    const was = old.get(rule.id);
    if (!was || was.family !== rule.family) {
      added.push(rule);
      continue;
    }
    const changes: ValueChange[] = [];
    changesBetween(was, rule, '', changes);
    if (changes.length > 0) changed.push({ id: rule.id, before: was, after: rule, changes });
  }
  for (const rule of before.rules) {
    const is = now.get(rule.id);
    if (!is || is.family !== rule.family) removed.push(rule);
  }
  return { pack, added, removed, changed };
}

/** A changed value as short text for a diff line: JSON, with "—" for an absent key. */
export function diffValueText(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value);
}
