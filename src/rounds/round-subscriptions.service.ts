import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { Agency } from '../agencies/agency.entity';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/permissions';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import type { MailLocale, MailRoundDates } from '../notifications/mail-templates';
import { NotificationsService } from '../notifications/notifications.service';
import { RoundSubscription, type RegistrationRound } from './registration-round.entity';

/** The caller's own choice for the agency named in the request (not echoed: it is the caller's to know). */
export interface RoundSubscriptionView {
  subscribed: boolean;
  /** When the caller asked to be told; null when not subscribed. */
  since: string | null;
}

export type RoundNoticeKind = 'announced' | 'opened';

/**
 * Outlets that asked to be told about an agency's rounds: a mail when a round is announced (set
 * with a registration that opens later) and when its registration opens. Each mail carries a dedupe
 * key per round, kind and person, so however often and by however many processes a notice is
 * enqueued, each subscriber gets it once.
 */
@Injectable()
export class RoundSubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(auth: AuthUser, agencyId: string): Promise<RoundSubscriptionView> {
    await this.agencies.find(this.dataSource.manager, agencyId);
    const row = await this.dataSource.getRepository(RoundSubscription).findOneBy({ agencyId, userId: auth.id });
    return { subscribed: row !== null, since: row?.createdAt.toISOString() ?? null };
  }

  /** Idempotent: asking again keeps the first date. */
  async subscribe(auth: AuthUser, agencyId: string): Promise<RoundSubscriptionView> {
    return inTransaction(this.dataSource, async (m) => {
      const agency = await this.agencies.find(m, agencyId);
      const [row] = (await m.query(
        `INSERT INTO round_subscriptions (agency_id, user_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (agency_id, user_id) DO NOTHING RETURNING created_at`,
        [agencyId, auth.id, this.clock.now()],
      )) as { created_at: Date }[];
      if (row) {
        await this.audit.append(m, {
          agencyId,
          actor: auth,
          action: 'round.subscribed',
          entityType: 'agency',
          entityId: agencyId,
          summary: `${auth.email} asked to be told about the rounds of ${agency.name}`,
          data: { userId: auth.id },
        });
      }
      const current = await m.getRepository(RoundSubscription).findOneByOrFail({ agencyId, userId: auth.id });
      return { subscribed: true, since: current.createdAt.toISOString() };
    });
  }

  /** Idempotent: stopping what was not asked for is not an error. */
  async unsubscribe(auth: AuthUser, agencyId: string): Promise<RoundSubscriptionView> {
    return inTransaction(this.dataSource, async (m) => {
      const agency = await this.agencies.find(m, agencyId);
      const [, removed] = (await m.query(`DELETE FROM round_subscriptions WHERE agency_id = $1 AND user_id = $2`, [agencyId, auth.id])) as [unknown, number];
      if (removed > 0) {
        await this.audit.append(m, {
          agencyId,
          actor: auth,
          action: 'round.unsubscribed',
          entityType: 'agency',
          entityId: agencyId,
          summary: `${auth.email} stopped the mails about the rounds of ${agency.name}`,
          data: { userId: auth.id },
        });
      }
      return { subscribed: false, since: null };
    });
  }

  /**
   * Enqueues the notice to every active subscriber in the caller's transaction; returns how many.
   * An announcement is keyed by the round's version, so changed dates are told again, once each.
   */
  async notify(m: EntityManager, agency: Pick<Agency, 'id' | 'code'>, round: RegistrationRound, kind: RoundNoticeKind): Promise<number> {
    const subscribers = (await m.query(
      `SELECT u.id, u.email, u.name, u.locale FROM round_subscriptions s JOIN users u ON u.id = s.user_id
       WHERE s.agency_id = $1 AND u.active ORDER BY u.id`,
      [agency.id],
    )) as { id: string; email: string; name: string; locale: MailLocale }[];
    const agencyPageUrl = `${this.config.PUBLIC_BASE_URL}/instansi/${encodeURIComponent(agency.code)}`;
    const dates: MailRoundDates = {
      name: round.name,
      budgetYear: round.budgetYear,
      registrationOpensOn: round.registrationOpensOn,
      registrationClosesOn: round.registrationClosesOn,
      provisionalAnnouncementOn: round.provisionalAnnouncementOn,
      appealWindow: round.appealOpensOn && round.appealClosesOn ? { opensOn: round.appealOpensOn, closesOn: round.appealClosesOn } : null,
      finalAnnouncementOn: round.finalAnnouncementOn,
    };
    const links = { agencyPageUrl, unsubscribeUrl: `${agencyPageUrl}#pemberitahuan` };
    for (const s of subscribers) {
      const to = { email: s.email, name: s.name, locale: s.locale };
      if (kind === 'announced') {
        await this.notifications.enqueue(m, {
          agencyId: agency.id,
          template: 'round_announced',
          to,
          data: { round: dates, ...links, changed: round.version > 1 },
          dedupeKey: `round-announced:${round.id}:v${round.version}:${s.id}`,
        });
      } else {
        await this.notifications.enqueue(m, { agencyId: agency.id, template: 'round_opened', to, data: { round: dates, ...links }, dedupeKey: `round-opened:${round.id}:${s.id}` });
      }
    }
    return subscribers.length;
  }
}
