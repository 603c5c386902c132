/**
 * The one map from role to permission. Routes declare a permission (or `@Public()`), never a role,
 * so who-may-do-what is read here and nowhere else.
 */
export const ROLES = ['applicant', 'officer', 'approver', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ['officer', 'approver', 'auditor', 'admin'] as const satisfies readonly Role[];

export const PERMISSIONS = [
  'account:read',
  'account:manage',
  'outlets:own',
  'outlets:read',
  /** See, accept and decline co-ownership invitations sent to one's own address. Applicants only: staff may not co-own. */
  'invitations:respond',
  'applications:apply',
  'applications:read',
  'applications:act',
  /** Record evidence: for a check that has no API (lookup URL, time, what was seen, screenshot), and field-visit photos. */
  'applications:attest',
  'certificates:read',
  'certificates:manage',
  /** Answer a re-validation flag: keep the certificate or ask the approver to suspend it. */
  'certificates:review',
  'certificates:export',
  'audit:read',
  'users:manage',
  'policy:manage',
  'agency:manage',
  'outbox:manage',
  /** Create and edit registration rounds, switch the agency's intake between all-year and rounds. */
  'rounds:manage',
  /** Publish a round's provisional and final results. */
  'rounds:announce',
  /** Uphold or dismiss appeals (sanggahan). */
  'appeals:decide',
  /** Ask to be mailed when an agency announces a round and when its registration opens. Outlets only. */
  'rounds:subscribe',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS = {
  applicant: ['account:read', 'account:manage', 'outlets:own', 'invitations:respond', 'applications:apply', 'applications:read', 'applications:act', 'certificates:read', 'rounds:subscribe'],
  officer: ['account:read', 'account:manage', 'outlets:read', 'applications:read', 'applications:act', 'applications:attest', 'certificates:read', 'certificates:review', 'appeals:decide'],
  // Approvers also decide appeals, so that an agency whose every officer took part in a rejection
  // can still answer its appeal (checkAppealReviewer keeps out whoever decided the application).
  approver: ['account:read', 'account:manage', 'outlets:read', 'applications:read', 'applications:act', 'certificates:read', 'certificates:manage', 'rounds:announce', 'appeals:decide'],
  auditor: ['account:read', 'account:manage', 'outlets:read', 'applications:read', 'certificates:read', 'certificates:export', 'audit:read'],
  admin: [
    'account:read',
    'account:manage',
    'outlets:read',
    'applications:read',
    'certificates:read',
    'audit:read',
    'users:manage',
    'policy:manage',
    'agency:manage',
    'outbox:manage',
    'rounds:manage',
  ],
} as const satisfies Record<Role, readonly Permission[]>;

export function roleHas(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);
}

/** The caller, passed explicitly from controller to service. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  agencyId: string | null;
  locale: 'id' | 'en';
}

export const isStaff = (user: AuthUser): user is AuthUser & { agencyId: string } => user.role !== 'applicant';
