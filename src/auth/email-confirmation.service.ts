import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { User } from '../users/user.entity';
import { AccountTokens } from './account-tokens';
import type { AuthUser } from './permissions';

const LINK_TTL_MS = 3 * 24 * 60 * 60_000;
/** A new link at most once a minute and five times an hour: enough for a lost mail, not for mail-bombing. */
const RESEND_GAP_MS = 60_000;
const RESEND_PER_HOUR = 5;
const HOUR_MS = 60 * 60_000;

export const EMAIL_NOT_CONFIRMED_MESSAGE =
  'Confirm your email address first: open the link we mailed to you, or ask for a new one (POST /api/auth/email/resend)';

/** The account's address is confirmed by a mailed link before an application can be submitted. */
@Injectable()
export class EmailConfirmationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: AccountTokens,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Mails a confirmation link, in the caller's transaction (registration, resend). */
  async sendLink(m: EntityManager, user: Pick<User, 'id' | 'email' | 'name' | 'locale'>): Promise<void> {
    const { token, expiresAt } = await this.tokens.issue(m, user.id, 'email_confirmation', LINK_TTL_MS);
    await this.notifications.enqueue(m, {
      agencyId: null,
      template: 'email_confirmation',
      to: { email: user.email, name: user.name, locale: user.locale },
      data: { link: `${this.config.PUBLIC_BASE_URL}/confirm-email?token=${token}`, expiresAt: expiresAt.toISOString() },
    });
  }

  /** Opens a mailed link: the account's address is confirmed. Anyone holding the link may do it. */
  async confirm(token: string): Promise<{ emailConfirmed: true }> {
    return inTransaction(this.dataSource, async (m) => {
      const row = await this.tokens.findUsable(m, token, 'email_confirmation', true);
      const user = row && (await m.getRepository(User).findOne({ where: { id: row.userId, active: true }, lock: { mode: 'pessimistic_write' } }));
      if (!row || !user) {
        throw new AppError(
          'validation',
          'AUTH.CONFIRMATION_LINK_INVALID',
          'This confirmation link is not valid: it was used already or has expired. Log in and ask for a new one.',
        );
      }
      await this.tokens.useAll(m, user.id, 'email_confirmation');
      if (!user.emailConfirmedAt) {
        user.emailConfirmedAt = this.tokens.now();
        await m.getRepository(User).save(user);
        await this.audit.append(m, {
          agencyId: user.agencyId,
          actor: { id: user.id, role: user.role },
          action: 'user.email_confirmed',
          entityType: 'user',
          entityId: user.id,
          summary: 'Email address confirmed by the mailed link',
        });
      }
      return { emailConfirmed: true };
    });
  }

  /** A new link for the logged-in user whose address is not confirmed yet. */
  async resend(auth: AuthUser): Promise<{ sent: true }> {
    return inTransaction(this.dataSource, async (m) => {
      // The lock makes two quick clicks count as two, not zero.
      const user = await m.getRepository(User).findOneOrFail({ where: { id: auth.id }, lock: { mode: 'pessimistic_write' } });
      if (user.emailConfirmedAt) {
        throw new AppError('conflict', 'AUTH.EMAIL_ALREADY_CONFIRMED', 'Your email address is confirmed already');
      }
      const recent = await this.tokens.issuedSince(m, user.id, 'email_confirmation', HOUR_MS);
      const now = this.tokens.now().getTime();
      const waitMs = Math.max(
        recent.length > 0 ? recent[recent.length - 1].getTime() + RESEND_GAP_MS - now : 0,
        recent.length >= RESEND_PER_HOUR ? recent[recent.length - RESEND_PER_HOUR].getTime() + HOUR_MS - now : 0,
      );
      if (waitMs > 0) {
        throw new AppError('too_many_requests', 'AUTH.CONFIRMATION_RESEND_TOO_SOON', 'A confirmation link was sent just now; check your mail or try again later', undefined, {
          'Retry-After': String(Math.ceil(waitMs / 1000)),
        });
      }
      await this.sendLink(m, user);
      await this.audit.append(m, {
        agencyId: user.agencyId,
        actor: auth,
        action: 'user.email_confirmation_sent',
        entityType: 'user',
        entityId: user.id,
        summary: 'A new email confirmation link was requested',
      });
      return { sent: true };
    });
  }
}

/** For use cases that need a confirmed address (submitting an application), inside their transaction. */
export async function assertEmailConfirmed(m: EntityManager, userId: string): Promise<void> {
  const user = await m.getRepository(User).findOneByOrFail({ id: userId });
  if (!user.emailConfirmedAt) throw new AppError('forbidden', 'AUTH.EMAIL_NOT_CONFIRMED', EMAIL_NOT_CONFIRMED_MESSAGE);
}
