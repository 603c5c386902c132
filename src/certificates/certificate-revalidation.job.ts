import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { RepeatingTask } from '../common/repeating-task';
import { wibDate } from '../common/wib-calendar';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { OutletsService } from '../outlets/outlets.service';
import type { OutletSnapshot } from '../requirements/outlet-snapshot';
import { PoliciesService, type PolicyVersion } from '../requirements/policies.service';
import { evaluatePolicy } from '../requirements/rule-engine';
import { certificateVerifyUrl } from './certificate-number';
import type { ReviewReason } from './certificate-review.entity';
import { reassess } from './revalidation';

/** The process looks every so often whether today's run is still to do; the run itself is once a WIB day. */
const TICK_MS = 15 * 60_000;
const FIRST_TICK_MS = 30_000;
const PAGE = 200;

export interface RevalidationRun {
  /** `revalidation:<WIB date>`: the run that raised a flag, stored with it. */
  runKey: string;
  checked: number;
  flagged: number;
}

interface Candidate {
  id: string;
  agency_id: string;
  outlet_id: string;
  number: string;
  verification_code: string;
  approved_snapshot: OutletSnapshot;
}

/**
 * Continuous re-validation: every active certificate's outlet is judged again, once a WIB day,
 * against its agency's pack in force today. A certificate that no longer holds gets one open review
 * ("review needed") and stays valid; its owners and the agency's officers are told once. Several
 * processes may run it at once: the partial unique index on open reviews lets one insert win, and
 * only the winner audits and enqueues mail.
 */
@Injectable()
export class CertificateRevalidationJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CertificateRevalidation');
  private readonly task = new RepeatingTask(() => this.runIfDue(), FIRST_TICK_MS, TICK_MS);
  private lastRunDay?: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outlets: OutletsService,
    private readonly policies: PoliciesService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WORKERS_ENABLED) this.task.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async run(now: Date = this.clock.now()): Promise<RevalidationRun> {
    const today = wibDate(now);
    const runKey = `revalidation:${today}`;
    const packs = new Map<string, PolicyVersion>();
    let checked = 0;
    let flagged = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      // A certificate already under review is left to its officer; keyset paging keeps memory flat.
      const page = (await this.dataSource.query(
        `SELECT c.id, c.agency_id, c.outlet_id, c.number, c.verification_code, a.snapshot AS approved_snapshot
         FROM certificates c JOIN applications a ON a.id = c.application_id
         WHERE c.status = 'active' AND c.valid_until >= $1::date AND c.id > $2 AND a.snapshot IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM certificate_reviews r WHERE r.certificate_id = c.id AND r.status IN ('open', 'suspension_requested'))
         ORDER BY c.id LIMIT ${PAGE}`,
        [today, after],
      )) as Candidate[];
      for (const c of page) {
        checked++;
        // One certificate that cannot be judged (its agency lost its policy, say) must not stop the others.
        try {
          if (await this.check(c, today, runKey, now, packs)) flagged++;
        } catch (error) {
          this.logger.warn(JSON.stringify({ event: 'revalidation.certificate_failed', certificateId: c.id, error: error instanceof Error ? error.message : String(error) }));
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    return { runKey, checked, flagged };
  }

  private async check(c: Candidate, today: string, runKey: string, now: Date, packs: Map<string, PolicyVersion>): Promise<boolean> {
    const m = this.dataSource.manager;
    let policy = packs.get(c.agency_id);
    if (!policy) {
      policy = await this.policies.inForce(m, c.agency_id, now);
      packs.set(c.agency_id, policy);
    }
    const current = await this.outlets.snapshot(m, c.outlet_id, c.agency_id);
    const context = await this.outlets.evaluationContext(m, c.agency_id, today);
    const { reasons, fingerprint } = reassess(c.approved_snapshot, current, evaluatePolicy(policy.pack, current, context));
    if (reasons.length === 0) return false;
    return this.flag(c, reasons, fingerprint, runKey, now, policy.version);
  }

  private flag(c: Candidate, reasons: ReviewReason[], fingerprint: string, runKey: string, now: Date, policyVersion: number): Promise<boolean> {
    return inTransaction(this.dataSource, async (m) => {
      // Conditional insert: still active, not already under review (the unique index settles a race
      // between processes), and not the very findings an officer already kept.
      const [row] = (await m.query(
        `INSERT INTO certificate_reviews (certificate_id, agency_id, reasons, fingerprint, flagged_at, flagged_by_run)
         SELECT $1, $2, $3::jsonb, $4, $5, $6
         WHERE EXISTS (SELECT 1 FROM certificates WHERE id = $1 AND status = 'active')
           AND NOT EXISTS (
             SELECT 1 FROM certificate_reviews k WHERE k.certificate_id = $1 AND k.status = 'kept' AND k.fingerprint = $4
               AND k.decided_at = (SELECT max(decided_at) FROM certificate_reviews WHERE certificate_id = $1 AND status = 'kept'))
         ON CONFLICT (certificate_id) WHERE status IN ('open', 'suspension_requested') DO NOTHING
         RETURNING id`,
        [c.id, c.agency_id, JSON.stringify(reasons), fingerprint, now, runKey],
      )) as { id: string }[];
      if (!row) return false;
      await this.audit.append(m, {
        agencyId: c.agency_id,
        actor: null,
        action: 'certificate.review_needed',
        entityType: 'certificate',
        entityId: c.id,
        summary: `Certificate ${c.number} flagged for review by ${runKey}: ${reasons.map((r) => r.ruleId ?? r.code).join(', ')}`,
        data: { reviewId: row.id, runKey, policyVersion, reasons },
      });
      const [outlet] = (await m.query(`SELECT brand_name, legal_name FROM outlets WHERE id = $1`, [c.outlet_id])) as { brand_name: string; legal_name: string }[];
      const [agency] = (await m.query(`SELECT settings -> 'certificate' ->> 'publicBaseUrl' AS base FROM agencies WHERE id = $1`, [c.agency_id])) as {
        base: string | null;
      }[];
      const data = {
        outlet: { brandName: outlet.brand_name, legalName: outlet.legal_name },
        certificate: { number: c.number, verifyUrl: certificateVerifyUrl(agency.base, this.config.PUBLIC_BASE_URL, c.verification_code) },
        reasons: reasons.map((r) => r.message),
      };
      for (const owner of await this.outlets.ownerRecipients(m, c.outlet_id)) {
        await this.notifications.enqueue(m, {
          agencyId: c.agency_id,
          template: 'certificate_review_needed',
          to: owner,
          data,
          dedupeKey: `review:${row.id}:${owner.email}`,
        });
      }
      await this.notifications.enqueueForAgencyOfficers(
        m,
        c.agency_id,
        'certificate_review_needed_staff',
        { ...data, reviewUrl: `${this.config.PUBLIC_BASE_URL}/sertifikat/${c.id}` },
        { dedupeKey: (userId) => `review:${row.id}:${userId}` },
      );
      return true;
    });
  }

  /** Each tick: today's run unless it already succeeded. */
  private runIfDue(): Promise<void> {
    const today = wibDate(this.clock.now());
    if (this.lastRunDay === today) return Promise.resolve();
    return this.run().then(
      (run) => {
        this.lastRunDay = today;
        this.logger.log(JSON.stringify({ event: 'revalidation.run', ...run }));
      },
      (error: unknown) => this.logger.warn(JSON.stringify({ event: 'revalidation.failed', error: error instanceof Error ? error.message : String(error) })),
    );
  }
}
