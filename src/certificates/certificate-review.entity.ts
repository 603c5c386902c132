import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const REVIEW_STATUSES = ['open', 'suspension_requested', 'kept', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
/** A review in one of these states flags its certificate "review needed". */
export const OPEN_REVIEW_STATUSES = ['open', 'suspension_requested'] as const satisfies readonly ReviewStatus[];

export const REVIEW_REASON_CODES = ['rule_failed', 'outlet_changed'] as const;
export type ReviewReasonCode = (typeof REVIEW_REASON_CODES)[number];

export interface ReviewReason {
  code: ReviewReasonCode;
  /** The pack rule that no longer passes (rule_failed). */
  ruleId?: string;
  family?: string;
  message: { id: string; en: string };
}

/** A re-validation finding on one certificate: opened by the daily job, decided by an officer. */
@Entity('certificate_reviews')
export class CertificateReview {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'certificate_id' }) certificateId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('text') status: ReviewStatus;
  @Column('jsonb') reasons: ReviewReason[];
  /** Which facts were found: a kept review with the same fingerprint is not raised again. */
  @Column('text') fingerprint: string;
  @Column('timestamptz', { name: 'flagged_at' }) flaggedAt: Date;
  /** The job run that raised it, e.g. `revalidation:2026-12-01`. */
  @Column('text', { name: 'flagged_by_run' }) flaggedByRun: string;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('text', { name: 'decision_reason', nullable: true }) decisionReason: string | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('text', { name: 'closed_reason', nullable: true }) closedReason: string | null;
}
