import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { announceChange } from '../database/change-events';
import { inTransaction } from '../database/transaction';
import { certificateVerifyUrl } from '../certificates/certificate-number';
import type { MailLocale, OverdueItem, OverdueStage } from './mail-templates';
import { NotificationsService } from './notifications.service';
import { errorText } from './outbox.policy';
import { addDays, daysOverdue, wibDate } from '../common/wib-calendar';

export const NOTIFICATION_SCHEDULER_OPTIONS = Symbol('NOTIFICATION_SCHEDULER_OPTIONS');

export interface NotificationSchedulerOptions {
  intervalMs: number;
  /** Delay before the first run, so start-up is not slowed by it. */
  firstRunDelayMs: number;
  /** Owners are told this many days (or fewer) before a certificate's last valid day. */
  reminderDays: number;
}

export const DEFAULT_NOTIFICATION_SCHEDULER_OPTIONS: NotificationSchedulerOptions = {
  intervalMs: 5 * 60_000,
  firstRunDelayMs: 15_000,
  reminderDays: 30,
};

/** Stages with a due date an officer acts on; an application awaiting the applicant is not theirs. */
export const OVERDUE_STATUSES = ['submitted', 'field_verification', 'awaiting_approval'] as const satisfies readonly OverdueStage[];

export interface SchedulerRun {
  expired: number;
  reminded: number;
  digests: number;
}

/**
 * Time-driven mail and state changes. Every job is safe with several processes running it at once:
 * rows are locked (or conditionally updated) and every mail carries a dedupe key, so each
 * certificate expires once and each person gets each mail once.
 */
@Injectable()
export class NotificationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationScheduler');
  private readonly options: NotificationSchedulerOptions;
  private running = false;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @Optional() @Inject(NOTIFICATION_SCHEDULER_OPTIONS) options?: Partial<NotificationSchedulerOptions>,
  ) {
    this.options = { ...DEFAULT_NOTIFICATION_SCHEDULER_OPTIONS, ...options };
  }

  onApplicationBootstrap(): void {
    if (this.config.WORKERS_ENABLED) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.options.firstRunDelayMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Expire first, so a certificate past its date is not reminded about. */
  async runAll(now: Date = this.clock.now()): Promise<SchedulerRun> {
    const expired = await this.runMarkExpired(now);
    const reminded = await this.runExpiryReminders(now);
    const digests = await this.runOverdueDigests(now);
    return { expired, reminded, digests };
  }

  /** Active certificates whose last valid day (WIB) has passed become expired, each with an audit event. */
  async runMarkExpired(now: Date = this.clock.now()): Promise<number> {
    return inTransaction(this.dataSource, async (m) => {
      // Rows are locked in id order, like the scan-count flush, so the two cannot deadlock; a concurrent run blocks
      // on the same rows and then finds them no longer active.
      const result = (await m.query(
        `WITH due AS MATERIALIZED (
           SELECT id FROM certificates WHERE status = 'active' AND valid_until < $1::date ORDER BY id FOR UPDATE)
         UPDATE certificates c SET status = 'expired', status_changed_at = $2
         FROM due WHERE c.id = due.id AND c.status = 'active'
         RETURNING c.id, c.agency_id, c.number, c.valid_until, c.verification_code`,
        [wibDate(now), now],
      )) as [{ id: string; agency_id: string; number: string; valid_until: string; verification_code: string }[], number];
      for (const c of result[0]) {
        await announceChange(m, { type: 'certificate.status', certificateId: c.id, agencyId: c.agency_id, verificationCode: c.verification_code, status: 'expired' });
        await this.audit.append(m, {
          agencyId: c.agency_id,
          actor: null,
          action: 'certificate.expired',
          entityType: 'certificate',
          entityId: c.id,
          summary: `Certificate ${c.number} expired after its last valid day ${c.valid_until}`,
          data: { validUntil: c.valid_until },
        });
      }
      return result[0].length;
    });
  }

  /** Owners of a certificate ending within the reminder window hear about it once; returns certificates reminded. */
  async runExpiryReminders(now: Date = this.clock.now()): Promise<number> {
    const today = wibDate(now);
    const last = addDays(today, this.options.reminderDays);
    let reminded = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = (await this.dataSource.query(
        `SELECT id FROM certificates
         WHERE status = 'active' AND expiry_reminded_at IS NULL AND valid_until BETWEEN $1::date AND $2::date AND id > $3
         ORDER BY id LIMIT 200`,
        [today, last, after],
      )) as { id: string }[];
      if (page.length === 0) break;
      for (const { id } of page) if (await this.remindExpiry(id, today, last, now)) reminded++;
      after = page[page.length - 1].id;
    }
    return reminded;
  }

  /** Each active officer of an agency with overdue applications gets one digest per WIB day; returns digests queued. */
  async runOverdueDigests(now: Date = this.clock.now()): Promise<number> {
    const agencies = (await this.dataSource.query(
      `SELECT DISTINCT agency_id FROM applications WHERE status = ANY($1::text[]) AND due_at < $2 ORDER BY agency_id`,
      [OVERDUE_STATUSES, now],
    )) as { agency_id: string }[];
    let digests = 0;
    for (const { agency_id } of agencies) digests += await this.digestForAgency(agency_id, now);
    return digests;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.runAll()
        .then(
          (run) => {
            const line = JSON.stringify({ event: 'scheduler.run', ...run });
            if (run.expired || run.reminded || run.digests) this.logger.log(line);
            else this.logger.debug(line);
          },
          (error: unknown) => this.logger.warn(JSON.stringify({ event: 'scheduler.failed', error: errorText(error) })),
        )
        .finally(() => {
          this.inFlight = undefined;
          if (this.running) this.schedule(this.options.intervalMs);
        });
    }, delayMs);
  }

  private remindExpiry(certificateId: string, today: string, last: string, now: Date): Promise<boolean> {
    return inTransaction(this.dataSource, async (m) => {
      // Another process holding the row is reminding it right now: skip, never wait and repeat.
      const [c] = (await m.query(
        `SELECT c.id, c.agency_id, c.outlet_id, c.number, c.valid_until, c.verification_code,
           (c.valid_until - $2::date) AS days_left, o.brand_name, o.legal_name,
           a.settings -> 'certificate' ->> 'publicBaseUrl' AS public_base_url
         FROM certificates c JOIN outlets o ON o.id = c.outlet_id JOIN agencies a ON a.id = c.agency_id
         WHERE c.id = $1 AND c.status = 'active' AND c.expiry_reminded_at IS NULL
           AND c.valid_until BETWEEN $2::date AND $3::date
         FOR UPDATE OF c SKIP LOCKED`,
        [certificateId, today, last],
      )) as {
        id: string;
        agency_id: string;
        outlet_id: string;
        number: string;
        valid_until: string;
        verification_code: string;
        days_left: number;
        brand_name: string;
        legal_name: string;
        public_base_url: string | null;
      }[];
      if (!c) return false;
      const owners = (await m.query(
        `SELECT u.id, u.email, u.name, u.locale FROM outlet_owners ow JOIN users u ON u.id = ow.user_id
         WHERE ow.outlet_id = $1 AND u.active ORDER BY u.id`,
        [c.outlet_id],
      )) as { id: string; email: string; name: string; locale: MailLocale }[];
      for (const owner of owners) {
        await this.notifications.enqueue(m, {
          agencyId: c.agency_id,
          template: 'certificate_expiring',
          to: { email: owner.email, name: owner.name, locale: owner.locale },
          data: {
            outlet: { brandName: c.brand_name, legalName: c.legal_name },
            certificate: { number: c.number, validUntil: c.valid_until, verifyUrl: certificateVerifyUrl(c.public_base_url, this.config.PUBLIC_BASE_URL, c.verification_code) },
            daysLeft: c.days_left,
          },
          dedupeKey: `expiring:${c.id}:${owner.id}`,
        });
      }
      await m.query(`UPDATE certificates SET expiry_reminded_at = $2 WHERE id = $1`, [c.id, now]);
      return true;
    });
  }

  private digestForAgency(agencyId: string, now: Date): Promise<number> {
    const keyPrefix = `overdue:${agencyId}:${wibDate(now)}:`;
    return inTransaction(this.dataSource, async (m) => {
      // Most runs of the day find every officer served already; skip building the digest then.
      const [{ waiting }] = (await m.query(
        `SELECT count(*)::int AS waiting FROM users u
         WHERE u.agency_id = $1 AND u.role = 'officer' AND u.active
           AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dedupe_key = $2 || u.id::text)`,
        [agencyId, keyPrefix],
      )) as { waiting: number }[];
      if (waiting === 0) return 0;
      const rows = (await m.query(
        `SELECT id, reference, outlet_name, status, due_at FROM applications
         WHERE agency_id = $1 AND status = ANY($2::text[]) AND due_at < $3
         ORDER BY due_at, id`,
        [agencyId, OVERDUE_STATUSES, now],
      )) as { id: string; reference: string; outlet_name: string; status: OverdueStage; due_at: Date }[];
      if (rows.length === 0) return 0;
      const items: OverdueItem[] = rows.map((r) => ({
        reference: r.reference,
        outletName: r.outlet_name,
        stage: r.status,
        dueAt: r.due_at.toISOString(),
        daysOverdue: daysOverdue(r.due_at, now),
        reviewUrl: `${this.config.PUBLIC_BASE_URL}/permohonan/${r.id}`,
      }));
      await this.notifications.enqueueForAgencyOfficers(
        m,
        agencyId,
        'overdue_digest',
        { items, count: items.length },
        { dedupeKey: (userId) => `${keyPrefix}${userId}` },
      );
      return waiting;
    });
  }
}
