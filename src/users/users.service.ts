import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AccountTokens } from '../auth/account-tokens';
import { PasswordHasher } from '../auth/password-hasher';
import type { AuthUser, Role } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction, isPgError, PG_UNIQUE_VIOLATION } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import type { InviteStaffUserDto, UpdateStaffUserDto } from './dto/create-user.dto';
import { User } from './user.entity';

/** How long a mailed staff invitation link works. */
export const STAFF_INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

export type StaffStatus = 'active' | 'invited' | 'deactivated';

const STAFF_ROLE_LABELS: Record<Exclude<Role, 'applicant'>, { id: string; en: string }> = {
  officer: { id: 'petugas verifikasi', en: 'verification officer' },
  approver: { id: 'pejabat penyetuju', en: 'approver' },
  auditor: { id: 'auditor', en: 'auditor' },
  admin: { id: 'administrator instansi', en: 'agency administrator' },
};

const invitationLinkInvalid = () =>
  new AppError(
    'validation',
    'AUTH.INVITATION_LINK_INVALID',
    'This invitation link is not valid: it was used already, replaced by a newer invitation, or has expired. Ask your administrator to invite you again.',
  );

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  agencyId: string | null;
  locale: 'id' | 'en';
  active: boolean;
  emailConfirmed: boolean;
  createdAt: string;
}

/** A staff account as the admin sees it: `invited` until the invitee has chosen a password. */
export interface StaffView extends UserView {
  status: StaffStatus;
}

export interface NewUser {
  email: string;
  /** Null for an invited staff member until they choose a password from the mailed link. */
  passwordHash: string | null;
  name: string;
  role: Role;
  agencyId: string | null;
  locale: 'id' | 'en';
  /** Staff made by an admin or the CLI and seeded accounts are; self-registered ones confirm by mail. */
  emailConfirmed: boolean;
}

const emailTaken = () => new AppError('conflict', 'USER.EMAIL_TAKEN', 'An account with this email already exists');

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly tokens: AccountTokens,
    private readonly notifications: NotificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async insert(m: EntityManager, { emailConfirmed, ...user }: NewUser): Promise<UserView> {
    const saved = await m.getRepository(User).save(
      m.getRepository(User).create({
        ...user,
        email: user.email.trim().toLowerCase(),
        active: true,
        emailConfirmedAt: emailConfirmed ? new Date() : null,
      }),
    );
    return this.view(saved);
  }

  async me(auth: AuthUser): Promise<UserView & { agency: { id: string; code: string; name: string } | null }> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: auth.id });
    const [agency] = auth.agencyId
      ? ((await this.dataSource.query(`SELECT id, code, name FROM agencies WHERE id = $1`, [auth.agencyId])) as {
          id: string;
          code: string;
          name: string;
        }[])
      : [];
    return { ...this.view(user), agency: agency ?? null };
  }

  async listStaff(auth: AuthUser, agencyId: string): Promise<StaffView[]> {
    this.assertOwnAgency(auth, agencyId);
    const users = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.agency_id = :agencyId', { agencyId })
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getMany();
    return users.map((u) => this.staffView(u));
  }

  /**
   * Invites a staff member by email: the account is made without a password and a single-use link
   * to choose one is mailed (no admin ever knows a staff password). Inviting an address whose
   * invitation is still pending mails a new link, takes the new name and role, and voids the old link.
   */
  async inviteStaff(auth: AuthUser, agencyId: string, dto: InviteStaffUserDto): Promise<StaffView> {
    this.assertOwnAgency(auth, agencyId);
    const email = dto.email.trim().toLowerCase();
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const repo = m.getRepository(User);
        const existing = await repo
          .createQueryBuilder('u')
          .addSelect('u.passwordHash')
          .where('lower(u.email) = :email', { email })
          .setLock('pessimistic_write')
          .getOne();
        let user: User;
        if (existing) {
          const pending = existing.agencyId === agencyId && existing.role !== 'applicant' && existing.passwordHash === null && existing.active;
          if (!pending) throw emailTaken();
          existing.name = dto.name;
          existing.role = dto.role;
          existing.locale = dto.locale ?? existing.locale;
          user = await repo.save(existing);
          await this.tokens.useAll(m, user.id, 'staff_invitation');
        } else {
          const view = await this.insert(m, { email, passwordHash: null, name: dto.name, role: dto.role, agencyId, locale: dto.locale ?? 'id', emailConfirmed: false });
          user = await repo.findOneByOrFail({ id: view.id });
          user.passwordHash = null;
        }
        const { token, expiresAt } = await this.tokens.issue(m, user.id, 'staff_invitation', STAFF_INVITATION_TTL_MS);
        const [inviter] = (await m.query(`SELECT name FROM users WHERE id = $1`, [auth.id])) as { name: string }[];
        await this.notifications.enqueue(m, {
          agencyId,
          template: 'staff_invitation',
          to: { email: user.email, name: user.name, locale: user.locale },
          data: {
            link: `${this.config.PUBLIC_BASE_URL}/atur-sandi?token=${token}`,
            expiresAt: expiresAt.toISOString(),
            inviter: { name: inviter?.name ?? '' },
            roleLabel: STAFF_ROLE_LABELS[dto.role],
          },
        });
        await this.audit.append(m, {
          agencyId,
          actor: auth,
          action: existing ? 'user.reinvited' : 'user.invited',
          entityType: 'user',
          entityId: user.id,
          summary: `Staff member ${user.email} ${existing ? 'invited again (older links void)' : 'invited'} with role ${user.role}`,
          data: { role: user.role, expiresAt: expiresAt.toISOString() },
        });
        return this.staffView(user);
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'users_email_key')) throw emailTaken();
      throw err;
    }
  }

  /** Whether an invitation link can still be used, for a page that shows the form only for a live link. */
  async isInvitationUsable(token: string): Promise<boolean> {
    return (await this.tokens.findUsable(this.dataSource.manager, token, 'staff_invitation')) !== null;
  }

  /** Who a live invitation link is for (the page names the address to log in with), or null. */
  async invitee(token: string): Promise<{ email: string; agencyName: string } | null> {
    const row = await this.tokens.findUsable(this.dataSource.manager, token, 'staff_invitation');
    if (!row) return null;
    const [user] = (await this.dataSource.query(
      `SELECT u.email, a.name AS agency_name FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = $1 AND u.active`,
      [row.userId],
    )) as { email: string; agency_name: string }[];
    return user ? { email: user.email, agencyName: user.agency_name } : null;
  }

  /** The invitee chooses a password from the mailed link; the link (and any older one) is used up. */
  async acceptInvitation(token: string, password: string): Promise<void> {
    // Cheap check first, so a made-up token costs no password hashing.
    if (!(await this.isInvitationUsable(token))) throw invitationLinkInvalid();
    const passwordHash = await this.hasher.hash(password);
    await inTransaction(this.dataSource, async (m) => {
      const row = await this.tokens.findUsable(m, token, 'staff_invitation', true);
      const repo = m.getRepository(User);
      const user =
        row &&
        (await repo
          .createQueryBuilder('u')
          .addSelect('u.passwordHash')
          .where('u.id = :id AND u.active', { id: row.userId })
          .setLock('pessimistic_write')
          .getOne());
      // An invitation sets the first password only; once one is set (say by a reset link), a change goes through the account.
      if (!row || !user || user.passwordHash !== null) throw invitationLinkInvalid();
      await this.tokens.useAll(m, user.id, 'staff_invitation');
      // The link reached this mailbox, which is what a confirmation proves.
      await repo.update({ id: user.id }, { passwordHash, emailConfirmedAt: user.emailConfirmedAt ?? this.tokens.now() });
      await this.audit.append(m, {
        agencyId: user.agencyId,
        actor: { id: user.id, role: user.role },
        action: 'user.invitation_accepted',
        entityType: 'user',
        entityId: user.id,
        summary: `Staff member ${user.email} chose a password from the invitation link`,
      });
    });
  }

  async updateStaff(auth: AuthUser, agencyId: string, userId: string, dto: UpdateStaffUserDto): Promise<StaffView> {
    this.assertOwnAgency(auth, agencyId);
    return inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(User);
      const user = await repo
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .where('u.id = :userId AND u.agency_id = :agencyId', { userId, agencyId })
        .setLock('pessimistic_write')
        .getOne();
      if (!user) throw new AppError('not_found', 'USER.NOT_FOUND', 'User not found');
      if (user.id === auth.id) {
        throw new AppError('forbidden', 'USER.SELF_CHANGE', 'Administrators cannot change their own role or status');
      }
      const before = { role: user.role, active: user.active };
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.active !== undefined) user.active = dto.active;
      await repo.update({ id: user.id }, { role: user.role, active: user.active });
      const saved = user;
      // A deactivated invitee's link must not work again if the account is reactivated later.
      if (!saved.active) await this.tokens.useAll(m, saved.id, 'staff_invitation');
      await this.audit.append(m, {
        agencyId,
        actor: auth,
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        summary: `Staff account ${user.email}: role ${before.role} -> ${saved.role}, active ${before.active} -> ${saved.active}`,
        data: { before, after: { role: saved.role, active: saved.active } },
      });
      return this.staffView(saved);
    });
  }

  /** Another agency's records answer 404, exactly like records that do not exist. */
  private assertOwnAgency(auth: AuthUser, agencyId: string): void {
    if (auth.agencyId !== agencyId) throw new AppError('not_found', 'AGENCY.NOT_FOUND', 'Agency not found');
  }

  /** `u` must have been read with its password hash. */
  private staffView(u: User): StaffView {
    return { ...this.view(u), status: !u.active ? 'deactivated' : u.passwordHash === null ? 'invited' : 'active' };
  }

  private view(u: User): UserView {
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      agencyId: u.agencyId,
      locale: u.locale,
      active: u.active,
      emailConfirmed: u.emailConfirmedAt !== null,
      createdAt: u.createdAt.toISOString(),
    };
  }
}
