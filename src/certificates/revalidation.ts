import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';
import type { Evaluation } from '../requirements/rule-engine';
import type { OutletSnapshot } from '../requirements/outlet-snapshot';
import type { ReviewReason } from './certificate-review.entity';

/**
 * The facts an outlet holds itself out with: profile, roster and documents. Counts derived from
 * other outlets and upload times are left out, so another outlet's edit or a re-read of the same
 * file does not read as this outlet's change.
 */
export function outletFactsHash(snapshot: OutletSnapshot): string {
  const { otherOutletsOfCompany: _derived, ...outlet } = snapshot.outlet;
  const facts = {
    outlet,
    journalists: snapshot.journalists
      .map((j) => ({
        id: j.id,
        name: j.name,
        nikMasked: j.nikMasked,
        position: j.position,
        competency: j.competency,
        publishedWorkSince: j.publishedWorkSince ?? null,
        publishedWorkLinks: j.publishedWorkLinks ?? [],
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    documents: snapshot.documents.map((d) => ({ type: d.type, sha256: d.sha256 })).sort((a, b) => `${a.type}:${a.sha256}`.localeCompare(`${b.type}:${b.sha256}`)),
  };
  return createHash('sha256').update(canonicalJson(facts)).digest('hex');
}

export interface Reassessment {
  reasons: ReviewReason[];
  /** Stable across days for the same findings (messages carry the date; this does not). */
  fingerprint: string;
}

/**
 * Why an approved certificate may no longer hold: every blocking rule of the agency's current pack
 * that fails on today's facts, and any change to the outlet's own facts since the approved snapshot.
 * No reasons: it still holds.
 */
export function reassess(approved: OutletSnapshot, current: OutletSnapshot, evaluation: Evaluation): Reassessment {
  const reasons: ReviewReason[] = evaluation.blockingFailures.map((r) => ({
    code: 'rule_failed',
    ruleId: r.ruleId,
    family: r.family,
    message: r.message,
  }));
  const keys = reasons.map((r) => `rule:${r.ruleId}`);
  const now = outletFactsHash(current);
  if (now !== outletFactsHash(approved)) {
    reasons.push({
      code: 'outlet_changed',
      message: {
        id: 'Data media (profil, susunan redaksi atau dokumen) diubah setelah permohonan disetujui.',
        en: 'The outlet data (profile, roster or documents) was edited after the application was approved.',
      },
    });
    keys.push(`outlet:${now}`);
  }
  return { reasons, fingerprint: createHash('sha256').update(keys.sort().join('\n')).digest('hex') };
}
