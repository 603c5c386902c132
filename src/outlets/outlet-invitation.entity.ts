import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** An owner's invitation to an email address to co-own an outlet; the address's account answers it. */
@Entity('outlet_invitations')
export class OutletInvitation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'outlet_id' }) outletId: string;
  /** Lower-case, as the account's login address is compared. */
  @Column('text') email: string;
  @Column('uuid', { name: 'invited_by' }) invitedBy: string;
  @Column('text') status: InvitationStatus;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'responded_at', nullable: true }) respondedAt: Date | null;
  @Column('uuid', { name: 'responded_by', nullable: true }) respondedBy: string | null;
}
