import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A registration round (periode pendaftaran) of one agency for one budget year; dates are WIB days. */
@Entity('registration_rounds')
export class RegistrationRound {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('integer', { name: 'budget_year' }) budgetYear: number;
  @Column('text') name: string;
  @Column('date', { name: 'registration_opens_on' }) registrationOpensOn: string;
  @Column('date', { name: 'registration_closes_on' }) registrationClosesOn: string;
  @Column('date', { name: 'verification_until' }) verificationUntil: string;
  @Column('date', { name: 'provisional_announcement_on' }) provisionalAnnouncementOn: string;
  @Column('date', { name: 'appeal_opens_on', nullable: true }) appealOpensOn: string | null;
  @Column('date', { name: 'appeal_closes_on', nullable: true }) appealClosesOn: string | null;
  @Column('date', { name: 'final_announcement_on' }) finalAnnouncementOn: string;
  /** null: certificates of the round run to 31 December of the budget year. */
  @Column('integer', { name: 'validity_months', nullable: true }) validityMonths: number | null;
  @Column('integer') version: number;
  /** Set by the final announcement. */
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  /** Set by the opening job when subscribers were told registration is open; claimed once. */
  @Column('timestamptz', { name: 'opening_notified_at', nullable: true }) openingNotifiedAt: Date | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

export type AnnouncementKind = 'provisional' | 'final';
export type AnnouncedResult = 'approved' | 'rejected' | 'pending';

/** One line of a result list: an outlet and its result, nothing about a person. */
export interface AnnouncementEntry {
  reference: string;
  outletName: string;
  result: AnnouncedResult;
}

@Entity('round_announcements')
export class RoundAnnouncement {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'round_id' }) roundId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('text') kind: AnnouncementKind;
  @Column('jsonb') entries: AnnouncementEntry[];
  @Column('bytea') pdf: Buffer;
  @Column('text', { name: 'pdf_sha256' }) pdfSha256: string;
  @Column('uuid', { name: 'published_by' }) publishedBy: string;
  @Column('timestamptz', { name: 'published_at' }) publishedAt: Date;
}

export type AppealStatus = 'filed' | 'upheld' | 'dismissed';

/** A sanggahan: one per rejected application of a round with an appeal window. */
@Entity('appeals')
export class Appeal {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'application_id' }) applicationId: string;
  @Column('uuid', { name: 'round_id' }) roundId: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('uuid', { name: 'filed_by' }) filedBy: string;
  @Column('text') reason: string;
  @Column('uuid', { name: 'document_ids', array: true }) documentIds: string[];
  @Column('text') status: AppealStatus;
  @Column('uuid', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('text', { name: 'decision_reason', nullable: true }) decisionReason: string | null;
  @Column('timestamptz', { name: 'filed_at' }) filedAt: Date;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
}

/** An outlet representative who asked to be told about an agency's rounds (announced, opened). */
@Entity('round_subscriptions')
export class RoundSubscription {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'agency_id' }) agencyId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
