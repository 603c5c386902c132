import type { AuthUser } from '../auth/permissions';
import { REVIEW_ACTIONS, type ApplicationAction } from './application-workflow';

export interface DutyFacts {
  actor: Pick<AuthUser, 'id' | 'role'>;
  action: ApplicationAction;
  /** Owners of the outlet the application is for. */
  ownerIds: readonly string[] | null;
  /** Everyone who took a reviewing action on this application so far. */
  reviewerIds: readonly string[] | null;
}

export type DutyViolation = 'OWNS_OUTLET' | 'REVIEWED_APPLICATION' | 'DECIDED_APPLICATION' | 'FACTS_UNKNOWN';

export interface AppealDutyFacts {
  actor: Pick<AuthUser, 'id' | 'role'>;
  ownerIds: readonly string[] | null;
  /** Everyone who approved or rejected the application so far (the decision appealed against). */
  deciderIds: readonly string[] | null;
}

/**
 * The one separation-of-duties check every application action passes through. Staff never act
 * on an outlet they own; the approver is not anyone who reviewed the application. Without the
 * facts it cannot decide, so it refuses (fails closed).
 */
export function checkSeparationOfDuties(f: DutyFacts): DutyViolation | null {
  if (f.ownerIds === null || f.reviewerIds === null) return 'FACTS_UNKNOWN';
  if (f.actor.role === 'applicant') return null;
  if (f.ownerIds.includes(f.actor.id)) return 'OWNS_OUTLET';
  const deciding = f.action === 'approve' || (f.action === 'reject' && f.actor.role === 'approver');
  if (deciding && f.reviewerIds.includes(f.actor.id)) return 'REVIEWED_APPLICATION';
  return null;
}

/**
 * An appeal (sanggahan) is reviewed by staff who did not take the original decision and do not
 * own the outlet, whether officer or approver: when every officer of a small agency took part in
 * the rejection, an approver who did not can still answer. Fails closed like the check above.
 */
export function checkAppealReviewer(f: AppealDutyFacts): DutyViolation | null {
  if (f.ownerIds === null || f.deciderIds === null) return 'FACTS_UNKNOWN';
  if (f.ownerIds.includes(f.actor.id)) return 'OWNS_OUTLET';
  if (f.deciderIds.includes(f.actor.id)) return 'DECIDED_APPLICATION';
  return null;
}

export const DUTY_MESSAGES: Record<DutyViolation, string> = {
  OWNS_OUTLET: 'You may not act on an application for an outlet you own',
  REVIEWED_APPLICATION: 'The approver must not be someone who reviewed this application',
  DECIDED_APPLICATION: 'An appeal is reviewed by someone who did not take the decision appealed against',
  FACTS_UNKNOWN: 'Separation of duties could not be established; the action is refused',
};

/**
 * Whether a decision makes its actor a reviewer of the application (who may then not approve it).
 * An approver who upheld an appeal judged at the approver's level: counting it would leave an
 * agency with one approver unable to approve what it sent back to approval.
 */
export function countsAsReview(action: ApplicationAction, actorRole: string): boolean {
  return REVIEW_ACTIONS.includes(action) && !(action === 'uphold_appeal' && actorRole === 'approver');
}

export { REVIEW_ACTIONS };
