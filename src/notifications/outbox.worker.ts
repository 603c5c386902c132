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
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FILE_STORAGE, StoredFileUnavailable, type FileStorage } from '../storage/file-storage';
import { MailTemplates, type MailAgency, type MailLocale, type MailTemplateName, type RenderedMail } from './mail-templates';
import type { MailAttachment, MailTransport } from './mail.transport';
import { mailData, SYSTEM_AGENCY, type NotificationData } from './notifications.service';
import {
  afterFailure,
  certificateFileName,
  DEFAULT_RETRY_POLICY,
  emailDomain,
  errorText,
  redactEmails,
  type RetryPolicy,
} from './outbox.policy';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
export const OUTBOX_WORKER_OPTIONS = Symbol('OUTBOX_WORKER_OPTIONS');

export interface OutboxWorkerOptions extends RetryPolicy {
  pollIntervalMs: number;
  /** Rows claimed per round trip. */
  batchSize: number;
  /** How long a claim keeps other workers off a row; a crashed worker's rows come back after it. */
  lockSeconds: number;
  /** Mails of one batch in flight at once (the SMTP pool has 3 connections). */
  concurrency: number;
}

export const DEFAULT_OUTBOX_WORKER_OPTIONS: OutboxWorkerOptions = {
  ...DEFAULT_RETRY_POLICY,
  pollIntervalMs: 1_000,
  batchSize: 20,
  lockSeconds: 60,
  concurrency: 3,
};

interface OutboxRow {
  id: string;
  agency_id: string | null;
  template: MailTemplateName;
  locale: MailLocale;
  recipient_email: string;
  recipient_name: string;
  data: NotificationData<MailTemplateName>;
  attach_certificate_id: string | null;
  message_id: string;
  attempts: number;
  /** locked_until as text, exact to the microsecond: proves the claim is still ours. */
  lock_token: string;
}

type Outcome = 'sent' | 'retry' | 'parked' | 'released' | 'lost';

/**
 * Delivers the outbox: claims due rows (several processes may run this at once), renders, sends,
 * and records the result. Delivery is at least once with a stable Message-ID: the row is marked
 * sent only after the server accepted the mail, so a crash (or a lost database connection) between
 * the SMTP accept and that update leaves the row claimed; when the claim expires another attempt
 * sends it again under the same Message-ID, which receiving servers and clients use to drop the
 * duplicate, and which FileMailTransport dedupes itself (one .eml per Message-ID). Marking sent
 * first would instead lose mail on such a crash, which is worse than a duplicate.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxWorker');
  private readonly options: OutboxWorkerOptions;
  private running = false;
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: MailTemplates,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    @Optional() @Inject(OUTBOX_WORKER_OPTIONS) options?: Partial<OutboxWorkerOptions>,
  ) {
    this.options = { ...DEFAULT_OUTBOX_WORKER_OPTIONS, ...options };
  }

  onApplicationBootstrap(): void {
    if (this.config.WORKERS_ENABLED) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Polls until stop(); a no-op when already polling. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in flight, so no claimed row is left mid-send. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Delivers everything due now, once each (a failure waits for its backoff); returns how many were sent. */
  drain(): Promise<number> {
    return this.deliverDue(() => true);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.deliverDue(() => this.running)
        .then(
          () => undefined,
          (error: unknown) => this.log('warn', { event: 'outbox.poll_failed', error: redactEmails(errorText(error)) }),
        )
        .finally(() => {
          this.inFlight = undefined;
          if (this.running) this.schedule(this.options.pollIntervalMs);
        });
    }, delayMs);
  }

  private async deliverDue(keepGoing: () => boolean): Promise<number> {
    // Rows due by this instant on the service clock (which also sets every next_attempt_at): a
    // failure rescheduled during this pass is left for a later one, so a pass ends even with the
    // mail server down. Claims (locked_until) stay in database time: they time real work.
    const cutoff = this.clock.now();
    let sent = 0;
    while (keepGoing()) {
      const batch = await this.claim(cutoff);
      if (batch.length === 0) break;
      sent += await this.deliverBatch(batch);
    }
    return sent;
  }

  private async claim(cutoff: Date): Promise<OutboxRow[]> {
    const result = (await this.dataSource.query(
      `UPDATE outbox SET locked_until = now() + make_interval(secs => $1)
       WHERE id IN (
         SELECT id FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= $2::timestamptz AND (locked_until IS NULL OR locked_until < now())
         ORDER BY next_attempt_at
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id, agency_id, template, locale, recipient_email, recipient_name, data, attach_certificate_id,
         message_id, attempts, locked_until::text AS lock_token`,
      [this.options.lockSeconds, cutoff, this.options.batchSize],
    )) as unknown;
    // TypeORM answers an UPDATE with [rows, affected count].
    const rows = Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result;
    return rows as OutboxRow[];
  }

  private async deliverBatch(batch: OutboxRow[]): Promise<number> {
    const agencies = await this.agencies(batch);
    // Stop starting sends well before the claim runs out, so no other worker takes a row we are sending.
    const lockMs = this.options.lockSeconds * 1000;
    const deadline = Date.now() + lockMs - Math.min(20_000, lockMs / 3);
    const queue = [...batch];
    let sent = 0;
    const lane = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const outcome = Date.now() < deadline ? await this.deliver(row, agencies) : await this.release(row);
        if (outcome === 'sent') sent++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batch.length) }, lane));
    return sent;
  }

  private async agencies(batch: OutboxRow[]): Promise<Map<string, MailAgency>> {
    const ids = [...new Set(batch.map((r) => r.agency_id).filter((id): id is string => id !== null))];
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT id, name, email, phone, address FROM agencies WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; name: string; email: string | null; phone: string | null; address: string | null }[];
    return new Map(
      rows.map((a) => [a.id, { name: a.name, email: a.email || '-', phone: a.phone || '-', address: a.address || '-' }]),
    );
  }

  private async deliver(row: OutboxRow, agencies: Map<string, MailAgency>): Promise<Outcome> {
    let rendered: RenderedMail;
    try {
      rendered = this.render(row, agencies);
    } catch (error) {
      // Retrying cannot fix the data or the template; an admin retries after a fix.
      return this.park(row, `render: ${errorText(error)}`);
    }
    let accepted: boolean;
    let response: string | undefined;
    try {
      const attachments = row.attach_certificate_id ? [await this.certificatePdf(row.attach_certificate_id)] : undefined;
      const result = await this.transport.send({
        messageId: row.message_id,
        from: this.config.MAIL_FROM,
        to: [row.recipient_email],
        ...rendered,
        attachments,
      });
      accepted = result.accepted;
      response = result.response;
    } catch (error) {
      return this.fail(row, errorText(error));
    }
    if (!accepted) return this.park(row, `refused: ${errorText(response ?? 'permanent failure')}`);
    return this.markSent(row);
  }

  private render(row: OutboxRow, agencies: Map<string, MailAgency>): RenderedMail {
    const agency = row.agency_id ? agencies.get(row.agency_id) : SYSTEM_AGENCY;
    if (!agency) throw new Error(`agency ${row.agency_id} not found`);
    return this.templates.render(
      row.template,
      row.locale,
      mailData(row.data, { agency, recipient: { name: row.recipient_name }, appUrl: this.config.PUBLIC_BASE_URL }),
    );
  }

  private async certificatePdf(certificateId: string): Promise<MailAttachment> {
    const [certificate] = (await this.dataSource.query(
      `SELECT number, pdf_storage_key FROM certificates WHERE id = $1`,
      [certificateId],
    )) as { number: string; pdf_storage_key: string }[];
    if (!certificate) throw new Error(`certificate ${certificateId} not found`);
    return {
      filename: certificateFileName(certificate.number),
      content: await this.storage.readBuffer(certificate.pdf_storage_key).catch((err: unknown) => {
        // The admin reading lastError needs which file and why, not the public message.
        throw err instanceof StoredFileUnavailable ? new Error(`certificate ${certificateId}: stored PDF ${err.key} unavailable (${err.reason})`) : err;
      }),
      contentType: 'application/pdf',
    };
  }

  private async markSent(row: OutboxRow): Promise<Outcome> {
    try {
      // Not conditional on the claim: the mail went out, so no one should send it again.
      await this.dataSource.query(
        `UPDATE outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, locked_until = NULL
         WHERE id = $1 AND status = 'pending'`,
        [row.id],
      );
    } catch (error) {
      // The claim expires and the mail goes again with the same Message-ID (see the class comment).
      this.log('error', { ...this.about(row), event: 'mail.sent_unrecorded', error: redactEmails(errorText(error)) });
      return 'lost';
    }
    this.log('log', { ...this.about(row), event: 'mail.sent', attempt: row.attempts + 1 });
    return 'sent';
  }

  private async fail(row: OutboxRow, error: string): Promise<Outcome> {
    const attempt = row.attempts + 1;
    const next = afterFailure(attempt, this.options);
    if (next.status === 'parked') return this.park(row, error);
    const updated = await this.recordFailure(
      row,
      `UPDATE outbox SET attempts = attempts + 1, last_error = $3, locked_until = NULL, next_attempt_at = $4
       WHERE id = $1 AND status = 'pending' AND locked_until = $2::timestamptz`,
      [error, new Date(this.clock.now().getTime() + next.retryInMs)],
    );
    if (updated) {
      this.log('warn', { ...this.about(row), event: 'mail.failed', attempt, retryInMs: next.retryInMs, error: redactEmails(error) });
    }
    return 'retry';
  }

  private async park(row: OutboxRow, error: string): Promise<Outcome> {
    const updated = await this.recordFailure(
      row,
      `UPDATE outbox SET status = 'parked', attempts = attempts + 1, last_error = $3, locked_until = NULL
       WHERE id = $1 AND status = 'pending' AND locked_until = $2::timestamptz`,
      [error],
    );
    if (updated) this.log('error', { ...this.about(row), event: 'mail.parked', attempt: row.attempts + 1, error: redactEmails(error) });
    return 'parked';
  }

  /** Runs a failure update only while the claim is ours; false when another worker has the row now. */
  private async recordFailure(row: OutboxRow, sql: string, params: unknown[]): Promise<boolean> {
    try {
      const result = (await this.dataSource.query(sql, [row.id, row.lock_token, ...params])) as [unknown[], number];
      return result[1] > 0;
    } catch (error) {
      // Left claimed: it is retried when the claim expires.
      this.log('error', { ...this.about(row), event: 'mail.failure_unrecorded', error: redactEmails(errorText(error)) });
      return false;
    }
  }

  private async release(row: OutboxRow): Promise<Outcome> {
    await this.dataSource
      .query(`UPDATE outbox SET locked_until = NULL WHERE id = $1 AND locked_until = $2::timestamptz`, [row.id, row.lock_token])
      .catch(() => undefined);
    return 'released';
  }

  /** What a log line may say about a mail: no name, no address beyond its domain. */
  private about(row: OutboxRow) {
    return {
      outboxId: row.id,
      template: row.template,
      messageId: row.message_id,
      recipientDomain: emailDomain(row.recipient_email),
      agencyId: row.agency_id,
    };
  }

  private log(level: 'log' | 'warn' | 'error', entry: Record<string, unknown>): void {
    this.logger[level](JSON.stringify(entry));
  }
}
