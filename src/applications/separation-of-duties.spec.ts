import { checkAppealReviewer, checkSeparationOfDuties, countsAsReview } from './separation-of-duties';

const officer = { id: 'o1', role: 'officer' as const };
const approver = { id: 'a1', role: 'approver' as const };

describe('checkSeparationOfDuties', () => {
  it.each([
    ['an officer reviewing someone else’s outlet', { actor: officer, action: 'pass_administrative', ownerIds: ['u1'], reviewerIds: [] }, null],
    ['staff acting on an outlet they own', { actor: officer, action: 'pass_field', ownerIds: ['o1'], reviewerIds: [] }, 'OWNS_OUTLET'],
    ['an approver who did not review', { actor: approver, action: 'approve', ownerIds: ['u1'], reviewerIds: ['o1'] }, null],
    ['an approver who reviewed the same application', { actor: approver, action: 'approve', ownerIds: ['u1'], reviewerIds: ['a1'] }, 'REVIEWED_APPLICATION'],
    ['an approver rejecting after reviewing', { actor: approver, action: 'reject', ownerIds: ['u1'], reviewerIds: ['a1'] }, 'REVIEWED_APPLICATION'],
    ['the owning applicant submitting', { actor: { id: 'u1', role: 'applicant' as const }, action: 'submit', ownerIds: ['u1'], reviewerIds: [] }, null],
    ['unknown facts fail closed', { actor: approver, action: 'approve', ownerIds: null, reviewerIds: [] }, 'FACTS_UNKNOWN'],
  ] as const)('%s', (_, facts, expected) => {
    expect(checkSeparationOfDuties(facts as Parameters<typeof checkSeparationOfDuties>[0])).toBe(expected);
  });
});

describe('checkAppealReviewer', () => {
  it.each([
    ['an officer who did not decide', { actor: officer, ownerIds: ['u1'], deciderIds: ['a1'] }, null],
    ['the approver who rejected', { actor: approver, ownerIds: ['u1'], deciderIds: ['a1'] }, 'DECIDED_APPLICATION'],
    ['an approver who took no part, when the officers rejected', { actor: approver, ownerIds: ['u1'], deciderIds: ['o1', 'o2'] }, null],
    ['the officer who rejected at the desk', { actor: officer, ownerIds: ['u1'], deciderIds: ['o1'] }, 'DECIDED_APPLICATION'],
    ['staff owning the outlet', { actor: officer, ownerIds: ['o1'], deciderIds: ['a1'] }, 'OWNS_OUTLET'],
    ['unknown deciders fail closed', { actor: officer, ownerIds: ['u1'], deciderIds: null }, 'FACTS_UNKNOWN'],
  ] as const)('%s', (_, facts, expected) => {
    expect(checkAppealReviewer(facts)).toBe(expected);
  });
});

describe('countsAsReview', () => {
  it.each([
    ['pass_field', 'officer', true],
    ['uphold_appeal', 'officer', true],
    ['uphold_appeal', 'approver', false],
    ['approve', 'approver', false],
  ] as const)('%s by %s: %s', (action, role, expected) => {
    expect(countsAsReview(action, role)).toBe(expected);
  });
});
