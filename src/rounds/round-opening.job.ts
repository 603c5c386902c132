import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { RepeatingTask } from '../common/repeating-task';
import { wibDate } from '../common/wib-calendar';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { RegistrationRound } from './registration-round.entity';
import { RoundSubscriptionsService } from './round-subscriptions.service';

/** Registration opens at 00:00 WIB; a few minutes late is fine for a mail. */
const TICK_MS = 5 * 60_000;
const FIRST_TICK_MS = 20_000;

export interface RoundOpeningRun {
  /** Rounds whose opening was told by this run. */
  opened: number;
  /** Mails enqueued by this run. */
  mails: number;
}

/**
 * Tells the outlets that asked (round_subscriptions) when a round's registration opens. A round is
 * claimed by a conditional update of `opening_notified_at`, so one process tells it and the others
 * find it told; every mail also carries a dedupe key, so a retried run cannot send one twice.
 */
@Injectable()
export class RoundOpeningJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RoundOpening');
  private readonly task = new RepeatingTask(
    () =>
      this.run().then(
        (run) => {
          if (run.opened > 0) this.logger.log(JSON.stringify({ event: 'round_opening.run', ...run }));
        },
        (error: unknown) => this.logger.warn(JSON.stringify({ event: 'round_opening.failed', error: error instanceof Error ? error.message : String(error) })),
      ),
    FIRST_TICK_MS,
    TICK_MS,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly subscriptions: RoundSubscriptionsService,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WORKERS_ENABLED) this.task.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async run(now: Date = this.clock.now()): Promise<RoundOpeningRun> {
    const today = wibDate(now);
    // Open today (registration began and has not closed), not yet told, not closed by a final result.
    const due = (await this.dataSource.query(
      `SELECT id FROM registration_rounds
       WHERE opening_notified_at IS NULL AND closed_at IS NULL AND registration_opens_on <= $1::date AND registration_closes_on >= $1::date
       ORDER BY registration_opens_on, id`,
      [today],
    )) as { id: string }[];
    let opened = 0;
    let mails = 0;
    for (const { id } of due) {
      try {
        const sent = await this.tell(id, today, now);
        if (sent !== null) {
          opened++;
          mails += sent;
        }
      } catch (error) {
        this.logger.warn(JSON.stringify({ event: 'round_opening.failed', roundId: id, error: error instanceof Error ? error.message : String(error) }));
      }
    }
    return { opened, mails };
  }

  /** Mails sent, or null when another process told this round first. */
  private tell(id: string, today: string, now: Date): Promise<number | null> {
    return inTransaction(this.dataSource, async (m) => {
      const [[claimed]] = (await m.query(
        `UPDATE registration_rounds SET opening_notified_at = $2
         WHERE id = $1 AND opening_notified_at IS NULL AND closed_at IS NULL AND registration_opens_on <= $3::date AND registration_closes_on >= $3::date
         RETURNING id`,
        [id, now, today],
      )) as [{ id: string }[], number];
      if (!claimed) return null;
      const round = await m.getRepository(RegistrationRound).findOneByOrFail({ id });
      const agency = await m.getRepository(Agency).findOneByOrFail({ id: round.agencyId });
      const sent = await this.subscriptions.notify(m, agency, round, 'opened');
      await this.audit.append(m, {
        agencyId: round.agencyId,
        actor: null,
        action: 'round.registration_opened',
        entityType: 'round',
        entityId: round.id,
        summary: `Registration of "${round.name}" opened (${round.registrationOpensOn} to ${round.registrationClosesOn}); ${sent} subscriber(s) told`,
        data: { subscribersTold: sent },
      });
      return sent;
    });
  }
}
