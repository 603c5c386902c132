import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { RateLimiter } from '../common/rate-limiter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { User } from '../users/user.entity';
import { AccountTokens } from './account-tokens';
import { Clock } from '../common/clock';
import { PasswordHasher } from './password-hasher';

export const RESET_LINK_TTL_MS = 30 * 60_000;
/** Mails per account per hour; more requests get the same answer and no mail. */
const MAILS_PER_ACCOUNT_PER_HOUR = 3;
const HOUR_MS = 60 * 60_000;
/** Requests per client address per 15 minutes, whatever the account. */
const REQUESTS_PER_ADDRESS = 10;
/** Every request answers after at least this long, so the time does not tell whether the account exists. */
const REQUEST_MIN_MS = 300;

const invalidLink = () =>
  new AppError('validation', 'AUTH.RESET_LINK_INVALID', 'This password reset link is not valid: it was used already or has expired. Ask for a new one.');

@Injectable()
export class PasswordResetService {
  private readonly byAddress: RateLimiter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    clock: Clock,
    private readonly tokens: AccountTokens,
    private readonly hasher: PasswordHasher,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {
    this.byAddress = new RateLimiter(REQUESTS_PER_ADDRESS, 15 * 60_000, () => clock.now().getTime());
  }

  /**
   * Mails a single-use link valid for 30 minutes to an active account with this address. The answer
   * and its timing are the same whether or not there is one.
   */
  async request(email: string, ip: string): Promise<{ accepted: true }> {
    const wait = this.byAddress.take(ip);
    if (wait > 0) {
      throw new AppError('too_many_requests', 'AUTH.TOO_MANY_RESET_REQUESTS', 'Too many password reset requests; try again later', undefined, {
        'Retry-After': String(wait),
      });
    }
    const floor = sleep(REQUEST_MIN_MS);
    try {
      await this.mailLink(email.trim().toLowerCase());
    } finally {
      await floor;
    }
    return { accepted: true };
  }

  private async mailLink(email: string): Promise<void> {
    await inTransaction(this.dataSource, async (m) => {
      const user = await m
        .getRepository(User)
        .createQueryBuilder('u')
        .where('lower(u.email) = :email AND u.active', { email })
        .setLock('pessimistic_write')
        .getOne();
      if (!user) return;
      if ((await this.tokens.issuedSince(m, user.id, 'password_reset', HOUR_MS)).length >= MAILS_PER_ACCOUNT_PER_HOUR) return;
      const { token, expiresAt } = await this.tokens.issue(m, user.id, 'password_reset', RESET_LINK_TTL_MS);
      await this.notifications.enqueue(m, {
        agencyId: user.agencyId,
        template: 'password_reset',
        to: { email: user.email, name: user.name, locale: user.locale },
        data: { link: `${this.config.PUBLIC_BASE_URL}/reset-password?token=${token}`, expiresAt: expiresAt.toISOString() },
      });
      await this.audit.append(m, {
        agencyId: user.agencyId,
        actor: null,
        action: 'user.password_reset_requested',
        entityType: 'user',
        entityId: user.id,
        summary: 'Password reset link mailed on request',
      });
    });
  }

  /** Whether a link can still be used, for a page that shows the form only for a live link. */
  async isUsable(token: string): Promise<boolean> {
    return (await this.tokens.findUsable(this.dataSource.manager, token, 'password_reset')) !== null;
  }

  /**
   * Sets the new password from a mailed link, uses the link up, and ends every session of the user:
   * access tokens issued before carry the old token version and are refused from now on.
   */
  async confirm(token: string, password: string): Promise<void> {
    // Cheap check first, so a made-up token costs no password hashing.
    if (!(await this.isUsable(token))) throw invalidLink();
    const passwordHash = await this.hasher.hash(password);
    await inTransaction(this.dataSource, async (m) => {
      const row = await this.tokens.findUsable(m, token, 'password_reset', true);
      const repo = m.getRepository(User);
      const user = row && (await repo.findOne({ where: { id: row.userId, active: true }, lock: { mode: 'pessimistic_write' } }));
      if (!row || !user) throw invalidLink();
      await this.tokens.useAll(m, user.id, 'password_reset');
      await repo.update(
        { id: user.id },
        {
          passwordHash,
          tokenVersion: () => 'token_version + 1',
          // The link reached this mailbox, which is what a confirmation proves.
          emailConfirmedAt: user.emailConfirmedAt ?? this.tokens.now(),
        },
      );
      await this.audit.append(m, {
        agencyId: user.agencyId,
        actor: { id: user.id, role: user.role },
        action: 'user.password_reset',
        entityType: 'user',
        entityId: user.id,
        summary: 'Password set by a mailed reset link; every session ended',
      });
    });
  }
}
