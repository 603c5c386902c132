import type { Role } from '../auth/permissions';

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'field_verification',
  'awaiting_approval',
  'revision_requested',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_ACTIONS = [
  'submit',
  'pass_administrative',
  'pass_field',
  'request_revision',
  'approve',
  'reject',
  'withdraw',
  'uphold_appeal',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

export const OPEN_STATUSES = ['draft', 'submitted', 'field_verification', 'awaiting_approval', 'revision_requested'] as const;
/** Stages where the agency owes a decision by a due date. */
export const STAFF_STAGES = ['submitted', 'field_verification', 'awaiting_approval'] as const;
export type StaffStage = (typeof STAFF_STAGES)[number];

interface Transition {
  to: ApplicationStatus;
  role: Role;
}

/**
 * The workflow of PRODUCT.md as data. `satisfies Record<ApplicationStatus, ...>` makes the
 * compiler refuse a new state without its row; actions absent from a row are not allowed there.
 */
export const TRANSITIONS = {
  draft: {
    submit: { to: 'submitted', role: 'applicant' },
    withdraw: { to: 'withdrawn', role: 'applicant' },
  },
  submitted: {
    pass_administrative: { to: 'field_verification', role: 'officer' },
    request_revision: { to: 'revision_requested', role: 'officer' },
    reject: { to: 'rejected', role: 'officer' },
    withdraw: { to: 'withdrawn', role: 'applicant' },
  },
  field_verification: {
    pass_field: { to: 'awaiting_approval', role: 'officer' },
    request_revision: { to: 'revision_requested', role: 'officer' },
    reject: { to: 'rejected', role: 'officer' },
    withdraw: { to: 'withdrawn', role: 'applicant' },
  },
  awaiting_approval: {
    approve: { to: 'approved', role: 'approver' },
    reject: { to: 'rejected', role: 'approver' },
    withdraw: { to: 'withdrawn', role: 'applicant' },
  },
  revision_requested: {
    submit: { to: 'submitted', role: 'applicant' },
    withdraw: { to: 'withdrawn', role: 'applicant' },
  },
  approved: {},
  rejected: {
    // Only through an upheld appeal of a round (rounds/appeals.service.ts), never as a plain action;
    // approvers who took no part in the rejection may uphold too (permission appeals:decide).
    uphold_appeal: { to: 'awaiting_approval', role: 'officer' },
  },
  withdrawn: {},
} as const satisfies Record<ApplicationStatus, Partial<Record<ApplicationAction, Transition>>>;

/** Reviewing actions: whoever took one of these may not approve the same application. */
export const REVIEW_ACTIONS: readonly ApplicationAction[] = ['pass_administrative', 'pass_field', 'request_revision', 'uphold_appeal'];

/** Actions taken by another use case (an appeal decision), not through POST /applications/:id/actions. */
export const INDIRECT_ACTIONS: readonly ApplicationAction[] = ['uphold_appeal'];

/** Actions that decide an application: whoever took one may not review its appeal. */
export const DECIDING_ACTIONS: readonly ApplicationAction[] = ['approve', 'reject'];

export const ACTIONS_NEEDING_REASON: readonly ApplicationAction[] = ['request_revision', 'reject'];

export function transitionFor(status: ApplicationStatus, action: ApplicationAction): Transition | undefined {
  return (TRANSITIONS[status] as Partial<Record<ApplicationAction, Transition>>)[action];
}

export function allowedActions(status: ApplicationStatus, role?: Role): ApplicationAction[] {
  return (Object.entries(TRANSITIONS[status]) as [ApplicationAction, Transition][])
    .filter(([a, t]) => (role === undefined || t.role === role) && !INDIRECT_ACTIONS.includes(a))
    .map(([a]) => a);
}

export const isOpen = (s: ApplicationStatus) => (OPEN_STATUSES as readonly string[]).includes(s);
export const isStaffStage = (s: ApplicationStatus): s is StaffStage => (STAFF_STAGES as readonly string[]).includes(s);
