import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { inTransaction, isPgError, PG_UNIQUE_VIOLATION } from '../database/transaction';
import { resolveMailLocale } from '../notifications/mail-templates';
import { NotificationsService } from '../notifications/notifications.service';
import type { InviteOwnerDto } from './dto/outlet.dto';
import { OutletInvitation, type InvitationStatus } from './outlet-invitation.entity';
import { OutletsService, type OutletView } from './outlets.service';

export const INVITATION_VALIDITY_DAYS = 14;
/** Bounds the mail one owner can make the service send to addresses of their choosing. */
export const MAX_PENDING_INVITATIONS_PER_OUTLET = 20;

/** What the outlet's owners see; the same shape whether or not the address has an account. */
export interface OutletInvitationView {
  id: string;
  outletId: string;
  email: string;
  status: InvitationStatus;
  invitedBy: { id: string; name: string };
  createdAt: string;
  expiresAt: string;
}

/** What the invited account sees. */
export interface MyInvitationView {
  id: string;
  outlet: { id: string; brandName: string; legalName: string };
  invitedBy: { name: string };
  createdAt: string;
  expiresAt: string;
}

const invitationNotFound = () => new AppError('not_found', 'INVITATION.NOT_FOUND', 'Invitation not found');

function assertOpen(inv: OutletInvitation, now: Date): void {
  if (inv.status !== 'pending') {
    throw new AppError('conflict', 'INVITATION.NOT_PENDING', `This invitation was already ${inv.status}`, { status: inv.status });
  }
  if (inv.expiresAt <= now) {
    throw new AppError('conflict', 'INVITATION.EXPIRED', 'This invitation has expired; ask an owner to invite you again');
  }
}

/**
 * Co-ownership by consent: an owner invites an address, and the account logged in with that
 * address accepts or declines. Inviting does the same work and gives the same answer for every
 * address (no account lookup decides anything), so it tells the inviter nothing about accounts.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outlets: OutletsService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async invite(auth: AuthUser, outletId: string, dto: InviteOwnerDto): Promise<OutletInvitationView> {
    const email = dto.email.trim().toLowerCase();
    const now = this.clock.now();
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const outlet = await this.outlets.lockOwned(m, auth, outletId);
        await this.expireLapsed(m, outletId, now);
        // Owners see each other's addresses on the outlet already, so saying so leaks nothing.
        const owner = (await m.query(
          `SELECT 1 FROM outlet_owners w JOIN users u ON u.id = w.user_id WHERE w.outlet_id = $1 AND lower(u.email) = $2`,
          [outletId, email],
        )) as unknown[];
        if (owner.length > 0) {
          throw new AppError('conflict', 'INVITATION.ALREADY_OWNER', 'This address already co-owns the outlet', { email: 'already an owner' });
        }
        const repo = m.getRepository(OutletInvitation);
        if (await repo.existsBy({ outletId, email, status: 'pending' })) throw alreadyPending();
        if ((await repo.countBy({ outletId, status: 'pending' })) >= MAX_PENDING_INVITATIONS_PER_OUTLET) {
          throw new AppError(
            'conflict',
            'INVITATION.TOO_MANY_PENDING',
            `An outlet may have at most ${MAX_PENDING_INVITATIONS_PER_OUTLET} open invitations; revoke one first`,
          );
        }
        const invitation = await repo.save(
          repo.create({
            outletId,
            email,
            invitedBy: auth.id,
            status: 'pending',
            createdAt: now,
            expiresAt: new Date(now.getTime() + INVITATION_VALIDITY_DAYS * 86_400_000),
            respondedAt: null,
            respondedBy: null,
          }),
        );
        // Every address gets the mail; an account only lends its name and language to it.
        const [account] = (await m.query(`SELECT name, locale FROM users WHERE lower(email) = $1 AND active`, [email])) as {
          name: string;
          locale: string;
        }[];
        await this.notifications.enqueue(m, {
          agencyId: null,
          template: 'outlet_invitation',
          to: { email, name: account?.name ?? email, locale: account ? resolveMailLocale(account.locale) : auth.locale },
          data: {
            outlet: { brandName: outlet.brand_name, legalName: outlet.legal_name },
            inviter: { name: auth.name },
            invitedEmail: email,
            expiresAt: invitation.expiresAt.toISOString(),
          },
        });
        await this.audit.append(m, {
          agencyId: null,
          actor: auth,
          action: 'outlet.owner_invited',
          entityType: 'outlet',
          entityId: outletId,
          summary: 'Co-owner invited',
          data: { invitationId: invitation.id, expiresAt: invitation.expiresAt.toISOString() },
        });
        return {
          id: invitation.id,
          outletId,
          email,
          status: invitation.status,
          invitedBy: { id: auth.id, name: auth.name },
          createdAt: invitation.createdAt.toISOString(),
          expiresAt: invitation.expiresAt.toISOString(),
        };
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'outlet_invitations_pending_key')) throw alreadyPending();
      throw err;
    }
  }

  /** The outlet's open invitations, newest first; owners only. */
  async listForOutlet(auth: AuthUser, outletId: string): Promise<OutletInvitationView[]> {
    await this.outlets.assertOwnedReadOnly(auth, outletId);
    const rows = (await this.dataSource.query(
      `SELECT i.id, i.email, i.status, i.invited_by, u.name AS inviter_name, i.created_at, i.expires_at
       FROM outlet_invitations i JOIN users u ON u.id = i.invited_by
       WHERE i.outlet_id = $1 AND i.status = 'pending' AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id`,
      [outletId, this.clock.now()],
    )) as { id: string; email: string; status: InvitationStatus; invited_by: string; inviter_name: string; created_at: Date; expires_at: Date }[];
    return rows.map((r) => ({
      id: r.id,
      outletId,
      email: r.email,
      status: r.status,
      invitedBy: { id: r.invited_by, name: r.inviter_name },
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
    }));
  }

  async revoke(auth: AuthUser, outletId: string, invitationId: string): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (m) => {
      await this.outlets.lockOwned(m, auth, outletId);
      const repo = m.getRepository(OutletInvitation);
      const invitation = await repo.findOne({ where: { id: invitationId, outletId }, lock: { mode: 'pessimistic_write' } });
      if (!invitation) throw invitationNotFound();
      assertOpen(invitation, now);
      await repo.update(invitation.id, { status: 'revoked', respondedAt: now, respondedBy: auth.id });
      await this.audit.append(m, {
        agencyId: null,
        actor: auth,
        action: 'outlet.invitation_revoked',
        entityType: 'outlet',
        entityId: outletId,
        summary: 'Co-owner invitation revoked',
        data: { invitationId },
      });
    });
  }

  /** Open invitations to the caller's own address. */
  async listMine(auth: AuthUser): Promise<MyInvitationView[]> {
    const rows = (await this.dataSource.query(
      `SELECT i.id, i.outlet_id, o.brand_name, o.legal_name, u.name AS inviter_name, i.created_at, i.expires_at
       FROM outlet_invitations i JOIN outlets o ON o.id = i.outlet_id JOIN users u ON u.id = i.invited_by
       WHERE i.email = lower($1) AND i.status = 'pending' AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id`,
      [auth.email, this.clock.now()],
    )) as { id: string; outlet_id: string; brand_name: string; legal_name: string; inviter_name: string; created_at: Date; expires_at: Date }[];
    return rows.map((r) => ({
      id: r.id,
      outlet: { id: r.outlet_id, brandName: r.brand_name, legalName: r.legal_name },
      invitedBy: { name: r.inviter_name },
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
    }));
  }

  /** The caller becomes a co-owner: invitation, ownership and audit event in one transaction. */
  async accept(auth: AuthUser, invitationId: string): Promise<OutletView> {
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (m) => {
      const invitation = await this.lockMine(m, auth, invitationId);
      assertOpen(invitation, now);
      // The route admits applicants only; this keeps the rule if a route ever widens.
      if (isStaff(auth)) {
        throw new AppError('unprocessable', 'INVITATION.NOT_APPLICANT', 'Only a media representative (applicant) account can co-own an outlet');
      }
      await m.query(`INSERT INTO outlet_owners (outlet_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [invitation.outletId, auth.id]);
      await m.getRepository(OutletInvitation).update(invitation.id, { status: 'accepted', respondedAt: now, respondedBy: auth.id });
      await this.audit.append(m, {
        agencyId: null,
        actor: auth,
        action: 'outlet.invitation_accepted',
        entityType: 'outlet',
        entityId: invitation.outletId,
        summary: 'Co-owner invitation accepted; the invitee now co-owns the outlet',
        data: { invitationId, userId: auth.id },
      });
      return this.outlets.load(m, invitation.outletId, true);
    });
  }

  async decline(auth: AuthUser, invitationId: string): Promise<void> {
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (m) => {
      const invitation = await this.lockMine(m, auth, invitationId);
      assertOpen(invitation, now);
      await m.getRepository(OutletInvitation).update(invitation.id, { status: 'declined', respondedAt: now, respondedBy: auth.id });
      await this.audit.append(m, {
        agencyId: null,
        actor: auth,
        action: 'outlet.invitation_declined',
        entityType: 'outlet',
        entityId: invitation.outletId,
        summary: 'Co-owner invitation declined',
        data: { invitationId },
      });
    });
  }

  /** An invitation to another address is "not found", so its existence is not confirmed either. */
  private async lockMine(m: EntityManager, auth: AuthUser, invitationId: string): Promise<OutletInvitation> {
    const invitation = await m
      .getRepository(OutletInvitation)
      .findOne({ where: { id: invitationId, email: auth.email.toLowerCase() }, lock: { mode: 'pessimistic_write' } });
    if (!invitation) throw invitationNotFound();
    return invitation;
  }

  /** Lapsed invitations are closed before counting or re-inviting, so an expired one never blocks a new one. */
  private async expireLapsed(m: EntityManager, outletId: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE outlet_invitations SET status = 'expired', responded_at = expires_at
       WHERE outlet_id = $1 AND status = 'pending' AND expires_at <= $2`,
      [outletId, now],
    );
  }

}

function alreadyPending(): AppError {
  return new AppError('conflict', 'INVITATION.ALREADY_PENDING', 'This address already has an open invitation to the outlet', {
    email: 'already invited',
  });
}
