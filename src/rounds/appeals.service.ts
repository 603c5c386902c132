import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { ApplicationRow } from '../applications/applications.service';
import { DECIDING_ACTIONS, transitionFor } from '../applications/application-workflow';
import { checkAppealReviewer, DUTY_MESSAGES, type DutyViolation } from '../applications/separation-of-duties';
import { AuditService } from '../audit/audit.service';
import { isStaff, roleHas, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { addWorkingDays } from '../common/wib-calendar';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction, isPgError, PG_UNIQUE_VIOLATION } from '../database/transaction';
import { announceChange } from '../database/change-events';
import { NotificationsService } from '../notifications/notifications.service';
import { OutletsService } from '../outlets/outlets.service';
import type { DecideAppealDto, FileAppealDto } from './dto/round.dto';
import { Appeal, RegistrationRound, RoundAnnouncement, type AppealStatus } from './registration-round.entity';
import { appealClosedMessage, appealWindowOpen, type RoundDates } from './round-rules';

export interface AppealView {
  id: string;
  applicationId: string;
  reference: string;
  outletName: string;
  roundId: string;
  status: AppealStatus;
  reason: string;
  documentIds: string[];
  filedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** What a reviewer needs to decide an appeal: the appeal, the rejection it answers, its documents, and whether they may. */
export interface AppealReview extends AppealView {
  outletId: string;
  applicationStatus: string;
  rejection: { actorName: string; actorRole: string; reason: string | null; at: string } | null;
  documents: { id: string; type: string; fileName: string; size: number; mimeType: string }[];
  /** Why this caller may not decide it (separation of duties), or null. */
  refusal: DutyViolation | null;
}

const appealNotFound = () => new AppError('not_found', 'APPEAL.NOT_FOUND', 'Appeal not found');
const applicationNotFound = () => new AppError('not_found', 'APPLICATION.NOT_FOUND', 'Application not found');

/**
 * Appeals (sanggahan) against a rejection in a round: filed once per application by its outlet in
 * the round's appeal window, decided by staff who did not take the rejection. Upheld sends the
 * application back to awaiting_approval through the workflow table's uphold_appeal transition.
 */
@Injectable()
export class AppealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly outlets: OutletsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async file(auth: AuthUser, applicationId: string, dto: FileAppealDto): Promise<AppealView> {
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const [app] = (await m.query(`SELECT * FROM applications WHERE id = $1 FOR UPDATE`, [applicationId])) as (ApplicationRow & { round_id: string | null })[];
        if (!app || isStaff(auth) || !(await this.outlets.isOwner(m, auth.id, app.outlet_id))) throw applicationNotFound();
        if (!app.round_id) throw new AppError('unprocessable', 'APPEAL.NO_ROUND', 'Only an application of a registration round can be appealed');
        const round = (await m.getRepository(RegistrationRound).findOneBy({ id: app.round_id }))!;
        if (app.status !== 'rejected') {
          throw new AppError('conflict', 'APPEAL.NOT_REJECTED', `Only a rejected application can be appealed; this one is ${app.status}`);
        }
        const now = this.clock.now();
        if (round.closedAt || !appealWindowOpen(round as RoundDates, now)) {
          throw new AppError('unprocessable', round.appealOpensOn ? 'APPEAL.WINDOW_CLOSED' : 'APPEAL.NO_WINDOW', appealClosedMessage(round.name, round as RoundDates), {
            appealOpensOn: round.appealOpensOn,
            appealClosesOn: round.appealClosesOn,
          });
        }
        const provisional = await m.getRepository(RoundAnnouncement).exists({ where: { roundId: round.id, kind: 'provisional' } });
        if (!provisional) throw new AppError('conflict', 'APPEAL.BEFORE_ANNOUNCEMENT', 'Appeals answer the provisional result, which is not published yet');
        const documentIds = [...new Set(dto.documentIds ?? [])];
        if (documentIds.length > 0) {
          const found = (await m.query(`SELECT id FROM documents WHERE outlet_id = $1 AND id = ANY($2::uuid[])`, [app.outlet_id, documentIds])) as { id: string }[];
          const missing = documentIds.filter((id) => !found.some((f) => f.id === id));
          if (missing.length > 0) {
            throw new AppError('unprocessable', 'APPEAL.UNKNOWN_DOCUMENT', 'Attach only documents uploaded to this outlet', Object.fromEntries(missing.map((id) => [`documentIds.${id}`, 'not a document of this outlet'])));
          }
        }
        const appeal = await m.getRepository(Appeal).save(
          m.getRepository(Appeal).create({
            applicationId: app.id,
            roundId: round.id,
            agencyId: app.agency_id,
            filedBy: auth.id,
            reason: dto.reason,
            documentIds,
            status: 'filed',
            decidedBy: null,
            decisionReason: null,
            filedAt: now,
            decidedAt: null,
          }),
        );
        const [outlet] = (await m.query(`SELECT brand_name, legal_name FROM outlets WHERE id = $1`, [app.outlet_id])) as { brand_name: string; legal_name: string }[];
        await this.notifications.enqueueForAgencyOfficers(m, app.agency_id, 'appeal_filed_staff', {
          outlet: { brandName: outlet.brand_name, legalName: outlet.legal_name },
          application: { id: app.id, reference: app.reference, submittedAt: (app.submitted_at ?? app.created_at).toISOString() },
          round: { name: round.name },
          reason: dto.reason,
          reviewUrl: `${this.config.PUBLIC_BASE_URL}/applications/${app.id}`,
        });
        await this.audit.append(m, {
          agencyId: app.agency_id,
          actor: auth,
          action: 'appeal.filed',
          entityType: 'application',
          entityId: app.id,
          summary: `${app.reference}: appeal filed in "${round.name}"`,
          data: { appealId: appeal.id, roundId: round.id, documentIds },
        });
        return this.view(appeal, app);
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION)) throw new AppError('conflict', 'APPEAL.ALREADY_FILED', 'An application can be appealed once; this one already was');
      throw err;
    }
  }

  async decide(auth: AuthUser, id: string, dto: DecideAppealDto): Promise<AppealView> {
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const appeal = await m.getRepository(Appeal).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!appeal || appeal.agencyId !== auth.agencyId) throw appealNotFound();
        const [app] = (await m.query(`SELECT * FROM applications WHERE id = $1 FOR UPDATE`, [appeal.applicationId])) as ApplicationRow[];
        if (appeal.status !== 'filed') throw new AppError('conflict', 'APPEAL.ALREADY_DECIDED', `This appeal was already ${appeal.status}`);
        const transition = transitionFor(app.status, 'uphold_appeal');
        if (!transition) throw new AppError('conflict', 'APPEAL.NOT_REJECTED', `The application is ${app.status}, no longer rejected`);
        // Who reviews appeals is the permission (officers and approvers), not the table's one role.
        if (!roleHas(auth.role, 'appeals:decide')) throw new AppError('forbidden', 'APPEAL.ROLE_NOT_ALLOWED', 'Only officers and approvers review appeals');
        const violation = checkAppealReviewer({ actor: auth, ownerIds: await this.ownerIds(m, app.outlet_id), deciderIds: await this.deciderIds(m, app.id) });
        if (violation) throw new AppError('forbidden', 'APPLICATION.SEPARATION_OF_DUTIES', DUTY_MESSAGES[violation], { duty: violation });
        const round = (await m.getRepository(RegistrationRound).findOneBy({ id: appeal.roundId }))!;
        const now = this.clock.now();
        const upheld = dto.outcome === 'upheld';
        if (upheld) {
          const agency = await this.agencies.find(m, app.agency_id);
          const dueAt = addWorkingDays(now, agency.settings.sla.approval, agency.settings.holidays);
          await m.query(
            `UPDATE applications SET status = $2, version = version + 1, stage_started_at = $3, due_at = $4, decided_at = NULL, updated_at = $3 WHERE id = $1`,
            [app.id, transition.to, now, dueAt],
          );
          await announceChange(m, { type: 'application.changed', agencyId: app.agency_id });
          await m.query(
            `INSERT INTO application_decisions (application_id, actor_id, actor_role, action, from_status, to_status, reason, created_at)
             VALUES ($1, $2, $3, 'uphold_appeal', $4, $5, $6, $7)`,
            [app.id, auth.id, auth.role, app.status, transition.to, dto.reason, now],
          );
        }
        Object.assign(appeal, { status: upheld ? 'upheld' : 'dismissed', decidedBy: auth.id, decisionReason: dto.reason, decidedAt: now });
        await m.getRepository(Appeal).save(appeal);
        const [outlet] = (await m.query(`SELECT brand_name, legal_name FROM outlets WHERE id = $1`, [app.outlet_id])) as { brand_name: string; legal_name: string }[];
        for (const o of await this.outlets.ownerRecipients(m, app.outlet_id)) {
          await this.notifications.enqueue(m, {
            agencyId: app.agency_id,
            template: 'appeal_decided',
            to: o,
            data: {
              outlet: { brandName: outlet.brand_name, legalName: outlet.legal_name },
              application: { id: app.id, reference: app.reference, submittedAt: (app.submitted_at ?? app.created_at).toISOString() },
              round: { name: round.name },
              upheld,
              reason: dto.reason,
            },
          });
        }
        await this.audit.append(m, {
          agencyId: app.agency_id,
          actor: auth,
          action: upheld ? 'appeal.upheld' : 'appeal.dismissed',
          entityType: 'application',
          entityId: app.id,
          summary: `${app.reference}: appeal ${upheld ? `upheld (rejected -> ${transition.to})` : 'dismissed; the rejection stands'}; reason: ${dto.reason}`,
          data: { appealId: appeal.id, roundId: appeal.roundId, outcome: dto.outcome, reason: dto.reason, from: app.status, to: upheld ? transition.to : app.status },
        });
        return this.view(appeal, app);
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'applications_one_open_key')) {
        throw new AppError('conflict', 'APPEAL.OUTLET_HAS_OPEN_APPLICATION', 'The outlet has another open application with this agency; it must be withdrawn before this appeal can be upheld');
      }
      throw err;
    }
  }

  /** The appeal of an application, for its outlet and for the agency's staff. */
  async forApplication(auth: AuthUser, applicationId: string): Promise<AppealView> {
    const m = this.dataSource.manager;
    const [app] = (await m.query(`SELECT * FROM applications WHERE id = $1`, [applicationId])) as ApplicationRow[];
    const visible = app && (isStaff(auth) ? app.agency_id === auth.agencyId && app.status !== 'draft' : await this.outlets.isOwner(m, auth.id, app.outlet_id));
    if (!visible) throw applicationNotFound();
    const appeal = await m.getRepository(Appeal).findOneBy({ applicationId });
    if (!appeal) throw appealNotFound();
    return this.view(appeal, app);
  }

  /** The appeal of an application, if any (the caller already checked who may see the application). */
  async findForApplication(applicationId: string): Promise<{ id: string; status: AppealStatus } | null> {
    const appeal = await this.dataSource.getRepository(Appeal).findOneBy({ applicationId });
    return appeal ? { id: appeal.id, status: appeal.status } : null;
  }

  /** One appeal for the agency's staff who review it, with the rejection it answers and its documents. */
  async forReview(auth: AuthUser, appealId: string): Promise<AppealReview> {
    if (!isStaff(auth)) throw appealNotFound();
    const m = this.dataSource.manager;
    const appeal = await m.getRepository(Appeal).findOneBy({ id: appealId });
    if (!appeal || appeal.agencyId !== auth.agencyId) throw appealNotFound();
    const [app] = (await m.query(`SELECT * FROM applications WHERE id = $1`, [appeal.applicationId])) as ApplicationRow[];
    const [rejection] = (await m.query(
      `SELECT d.reason, d.actor_role, d.created_at, u.name FROM application_decisions d JOIN users u ON u.id = d.actor_id
       WHERE d.application_id = $1 AND d.action = 'reject' AND d.created_at <= $2 ORDER BY d.id DESC LIMIT 1`,
      [app.id, appeal.filedAt],
    )) as { reason: string | null; actor_role: string; created_at: Date; name: string }[];
    const documents = appeal.documentIds.length
      ? ((await m.query(`SELECT id, type, file_name, size, mime_type FROM documents WHERE outlet_id = $1 AND id = ANY($2::uuid[]) ORDER BY uploaded_at`, [
          app.outlet_id,
          appeal.documentIds,
        ])) as { id: string; type: string; file_name: string; size: number; mime_type: string }[])
      : [];
    return {
      ...this.view(appeal, app),
      outletId: app.outlet_id,
      applicationStatus: app.status,
      rejection: rejection ? { actorName: rejection.name, actorRole: rejection.actor_role, reason: rejection.reason, at: rejection.created_at.toISOString() } : null,
      documents: documents.map((d) => ({ id: d.id, type: d.type, fileName: d.file_name, size: d.size, mimeType: d.mime_type })),
      refusal: checkAppealReviewer({ actor: auth, ownerIds: await this.ownerIds(m, app.outlet_id), deciderIds: await this.deciderIds(m, app.id) }),
    };
  }

  /** The appeals of a round, undecided first, for staff reviewing them. */
  async listForRound(auth: AuthUser, agencyId: string, roundId: string): Promise<AppealView[]> {
    if (!isStaff(auth) || auth.agencyId !== agencyId) throw new AppError('not_found', 'ROUND.NOT_FOUND', 'Round not found');
    const rows = await this.dataSource
      .getRepository(Appeal)
      .createQueryBuilder('p')
      .where('p.round_id = :roundId AND p.agency_id = :agencyId', { roundId, agencyId })
      .orderBy('p.filed_at', 'ASC')
      .getMany();
    rows.sort((a, b) => Number(b.status === 'filed') - Number(a.status === 'filed'));
    const apps = rows.length
      ? ((await this.dataSource.query(`SELECT id, reference, outlet_name FROM applications WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.applicationId)])) as Pick<ApplicationRow, 'id' | 'reference' | 'outlet_name'>[])
      : [];
    return rows.map((r) => this.view(r, apps.find((a) => a.id === r.applicationId)!));
  }

  private async ownerIds(m: EntityManager, outletId: string): Promise<string[]> {
    const rows = (await m.query(`SELECT user_id FROM outlet_owners WHERE outlet_id = $1`, [outletId])) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }

  private async deciderIds(m: EntityManager, applicationId: string): Promise<string[]> {
    const rows = (await m.query(`SELECT DISTINCT actor_id FROM application_decisions WHERE application_id = $1 AND action = ANY($2)`, [applicationId, DECIDING_ACTIONS])) as {
      actor_id: string;
    }[];
    return rows.map((r) => r.actor_id);
  }

  private view(a: Appeal, app: Pick<ApplicationRow, 'reference' | 'outlet_name'>): AppealView {
    return {
      id: a.id,
      applicationId: a.applicationId,
      reference: app.reference,
      outletName: app.outlet_name,
      roundId: a.roundId,
      status: a.status,
      reason: a.reason,
      documentIds: a.documentIds,
      filedAt: a.filedAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
      decisionReason: a.decisionReason,
    };
  }
}
