import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Agency } from '../agencies/agency.entity';
import { AgenciesService } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import { isStaff, type AuthUser, type Role } from '../auth/permissions';
import { assertEmailConfirmed } from '../auth/email-confirmation.service';
import { CertificatesService, type IssuedCertificate } from '../certificates/certificates.service';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { decodeCursor, encodeCursor, EXACT_TIME, type Page } from '../common/pagination';
import { announceChange, ChangeEvents } from '../database/change-events';
import { KeptUntilChanged } from '../database/kept-until-changed';
import { inTransaction, isPgError, PG_UNIQUE_VIOLATION } from '../database/transaction';
import { preparedName, preparedQuery } from '../database/prepared';
import { OutletsService } from '../outlets/outlets.service';
import type { OutletSnapshot } from '../requirements/outlet-snapshot';
import { PoliciesService } from '../requirements/policies.service';
import { RoundsService } from '../rounds/rounds.service';
import { evaluatePolicy, readStoredEvaluation, type Evaluation } from '../requirements/rule-engine';
import { ApplicationNotifier } from './application-notifier';
import { AttestationsService, type AttestationView } from './attestations.service';
import { FieldVisitPhotosService, type FieldVisitPhotoView } from './field-visit-photos.service';
import {
  ACTIONS_NEEDING_REASON,
  allowedActions,
  INDIRECT_ACTIONS,
  isStaffStage,
  REVIEW_ACTIONS,
  STAFF_STAGES,
  transitionFor,
  type ApplicationAction,
  type ApplicationStatus,
} from './application-workflow';
import type { ApplicationActionDto, ApplicationQueryDto, CreateApplicationDto } from './dto/application.dto';
import { checkSeparationOfDuties, countsAsReview, DUTY_MESSAGES } from './separation-of-duties';
import { addWorkingDays, wibDate } from '../common/wib-calendar';

export interface ApplicationRow {
  id: string;
  reference: string;
  outlet_id: string;
  agency_id: string;
  status: ApplicationStatus;
  version: number;
  renewal_of: string | null;
  /** The registration round the application belongs to; null for all-year intake. */
  round_id: string | null;
  policy_id: string | null;
  snapshot: OutletSnapshot | null;
  evaluation: Evaluation | null;
  field_visit: { visitedOn: string; officeConfirmed: boolean; notes: string; photoIds?: string[] } | null;
  submitted_at: Date | null;
  stage_started_at: Date | null;
  due_at: Date | null;
  decided_at: Date | null;
  outlet_name: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface ApplicationSummary {
  id: string;
  reference: string;
  outletId: string;
  outletName: string;
  agencyId: string;
  roundId: string | null;
  status: ApplicationStatus;
  version: number;
  submittedAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  updatedAt: string;
}

export interface TimelineEntry {
  actorId: string;
  actorName: string;
  actorRole: string;
  action: ApplicationAction;
  fromStatus: ApplicationStatus;
  toStatus: ApplicationStatus;
  reason: string | null;
  fieldVisit: ApplicationRow['field_visit'];
  at: string;
}

/**
 * What the outlet's own application page shows: where it stands, the grade, the timeline and the
 * certificate; not the frozen snapshot, rule results or evidence (those are for staff and the API).
 */
export interface ApplicationOverview extends ApplicationSummary {
  decidedAt: string | null;
  grade: string | null;
  timeline: TimelineEntry[];
  allowedActions: ApplicationAction[];
  certificate: { id: string; number: string; status: string } | null;
}

export interface ApplicationDetail extends ApplicationSummary {
  renewalOf: string | null;
  decidedAt: string | null;
  policy: { id: string; version: number } | null;
  snapshot: OutletSnapshot | null;
  evaluation: Evaluation | null;
  fieldVisit: ApplicationRow['field_visit'];
  timeline: TimelineEntry[];
  /** What the caller may do next, given the state and their role. */
  allowedActions: ApplicationAction[];
  certificate: { id: string; number: string; status: string } | null;
  /** Officers' evidence for checks that have no API, oldest first. */
  attestations: AttestationView[];
  /** Photos attached to the field visit decision(s), as evidence; the images themselves are for staff. */
  fieldVisitPhotos: FieldVisitPhotoView[];
}

/** What `readQueueCounts` keeps: the counts, and when the first counted application falls overdue. */
interface QueueCounts {
  rows: { status: ApplicationStatus; n: number; overdue: number }[];
  nextDueMs: number;
}

const countsKey = (agencyId: string, roundId: string | undefined) => `${agencyId}|${roundId ?? ''}`;

export interface QueueOverview {
  /** `overdue`: of `count`, past the due date (a revision request waits on the outlet, never overdue). */
  stages: { status: ApplicationStatus; count: number; overdue: number }[];
  overdue: number;
  rounds: { id: string; name: string }[];
}

/** Every column of applications but the two large JSON ones (written by `act`, so known already). */
const RETURNED_WITHOUT_SNAPSHOT = [
  'id', 'reference', 'outlet_id', 'agency_id', 'status', 'version', 'renewal_of', 'policy_id', 'field_visit', 'submitted_at', 'stage_started_at',
  'due_at', 'decided_at', 'outlet_name', 'created_by', 'created_at', 'updated_at', 'round_id',
].join(', ');

const SUMMARY_COLUMNS = ['id', 'reference', 'outlet_id', 'outlet_name', 'agency_id', 'round_id', 'status', 'version', 'submitted_at', 'due_at', 'updated_at']
  .map((c) => `a.${c}`)
  .join(', ');

export const applicationNotFound = () => new AppError('not_found', 'APPLICATION.NOT_FOUND', 'Application not found');

const isOverdue = (status: ApplicationStatus, dueAt: Date | null, now: Date) =>
  isStaffStage(status) && dueAt !== null && dueAt.getTime() < now.getTime();

/** Staff see their agency's applications once first submitted; a draft is the outlet's own business. */
const visibleToStaff = (auth: AuthUser, app: Pick<ApplicationRow, 'agency_id' | 'submitted_at'>) => app.agency_id === auth.agencyId && app.submitted_at !== null;

/** The columns a summary is made of. */
type SummaryRow = Pick<ApplicationRow, 'id' | 'reference' | 'outlet_id' | 'outlet_name' | 'agency_id' | 'round_id' | 'status' | 'version' | 'submitted_at' | 'due_at' | 'updated_at'>;

function summary(r: SummaryRow, now: Date): ApplicationSummary {
  return {
    id: r.id,
    reference: r.reference,
    outletId: r.outlet_id,
    outletName: r.outlet_name,
    agencyId: r.agency_id,
    roundId: r.round_id,
    status: r.status,
    version: r.version,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    dueAt: r.due_at?.toISOString() ?? null,
    overdue: isOverdue(r.status, r.due_at, now),
    updatedAt: r.updated_at.toISOString(),
  };
}

@Injectable()
export class ApplicationsService implements OnModuleInit, OnModuleDestroy {
  /** The queue's counts per agency and round filter, kept until a change to the agency's applications or the next due date. */
  private readonly queueCounts: KeptUntilChanged<string, QueueCounts>;
  /** The rounds the queue filters by, per agency, kept until one is created or renamed. */
  private readonly queueRounds: KeptUntilChanged<string, { id: string; name: string }[]>;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outlets: OutletsService,
    private readonly policies: PoliciesService,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly certificates: CertificatesService,
    @Inject(ApplicationNotifier) private readonly notifier: ApplicationNotifier,
    private readonly clock: Clock,
    private readonly attestations: AttestationsService,
    private readonly rounds: RoundsService,
    private readonly photos: FieldVisitPhotosService,
    private readonly changes: ChangeEvents,
  ) {
    // Counting the queue was most of the queue page's database time (2,340 applications in one
    // agency's stages in the bench); every write to the counted columns announces the change.
    this.queueCounts = new KeptUntilChanged(changes, (key) => this.readQueueCounts(key), {
      expiresAtMs: (counts) => counts.nextDueMs,
      nowMs: () => this.clock.now().getTime(),
    });
    this.queueRounds = new KeptUntilChanged(changes, (agencyId) =>
      preparedQuery<{ id: string; name: string }>(
        this.dataSource.manager,
        'queue-rounds',
        `SELECT id, name FROM registration_rounds WHERE agency_id = $1 ORDER BY registration_opens_on DESC, id LIMIT 50`,
        [agencyId],
      ),
    );
  }

  onModuleInit(): void {
    this.unsubscribe = this.changes.subscribe((e) => {
      if (e.type === 'resync') {
        this.queueCounts.clear();
        this.queueRounds.clear();
      } else if (e.type === 'application.changed') this.queueCounts.dropWhere((key) => key.startsWith(`${e.agencyId}|`));
      else if (e.type === 'round.changed') this.queueRounds.drop(e.agencyId);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async create(auth: AuthUser, dto: CreateApplicationDto): Promise<ApplicationDetail> {
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const outlet = await this.outlets.lockOwned(m, auth, dto.outletId);
        const agency = await this.agencies.find(m, dto.agencyId);
        if (dto.renewalOf) {
          const [cert] = (await m.query(
            `SELECT status FROM certificates WHERE id = $1 AND outlet_id = $2 AND agency_id = $3`,
            [dto.renewalOf, dto.outletId, dto.agencyId],
          )) as { status: string }[];
          if (!cert) throw new AppError('unprocessable', 'APPLICATION.BAD_RENEWAL', 'Only a certificate of this outlet from this agency can be renewed', { renewalOf: 'not a certificate of this outlet and agency' });
          if (!['active', 'expired', 'suspended'].includes(cert.status)) {
            throw new AppError('unprocessable', 'APPLICATION.BAD_RENEWAL', `A ${cert.status} certificate cannot be renewed`, { renewalOf: cert.status });
          }
        }
        // The reference carries the year in WIB: from 17:00 UTC on 31 December it is next year.
        const year = Number(wibDate(this.clock.now()).slice(0, 4));
        const [{ last }] = (await m.query(
          `INSERT INTO application_counters (agency_id, year, last) VALUES ($1, $2, 1)
           ON CONFLICT (agency_id, year) DO UPDATE SET last = application_counters.last + 1 RETURNING last`,
          [agency.id, year],
        )) as { last: number }[];
        const reference = `${agency.code}-${year}-${String(last).padStart(5, '0')}`;
        // A draft may be prepared before registration opens; submitting is what must be on time.
        const round = await this.rounds.roundForDraft(m, agency);
        const [row] = (await m.query(
          `INSERT INTO applications (reference, outlet_id, agency_id, status, renewal_of, outlet_name, created_by, round_id)
           VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7) RETURNING *`,
          [reference, dto.outletId, agency.id, dto.renewalOf ?? null, outlet.brand_name, auth.id, round?.id ?? null],
        )) as ApplicationRow[];
        await this.audit.append(m, {
          agencyId: agency.id,
          actor: auth,
          action: 'application.created',
          entityType: 'application',
          entityId: row.id,
          summary: `Draft application ${reference} for ${outlet.brand_name}${dto.renewalOf ? ' (renewal)' : ''}`,
          data: { outletId: dto.outletId, renewalOf: dto.renewalOf ?? null },
        });
        return this.detail(m, auth, row);
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'applications_one_open_key')) {
        throw new AppError('conflict', 'APPLICATION.ALREADY_OPEN', 'This outlet already has an open application with this agency');
      }
      throw err;
    }
  }

  async get(auth: AuthUser, id: string): Promise<ApplicationDetail> {
    const m = this.dataSource.manager;
    const [row] = (await m.query(`SELECT * FROM applications WHERE id = $1`, [id])) as ApplicationRow[];
    if (!row || !(await this.visible(m, auth, row))) throw applicationNotFound();
    return this.detail(m, auth, row);
  }

  /**
   * The application as its outlet's page shows it, for whoever may read it (404 otherwise), in two
   * statements: the row with its visibility, grade and certificate, then the timeline. The detail
   * (`get`) reads seven, and the frozen snapshot, which this page does not show.
   */
  async overview(auth: AuthUser, id: string): Promise<ApplicationOverview> {
    const m = this.dataSource.manager;
    const [row] = await preparedQuery<
      SummaryRow & {
        decided_at: Date | null;
        grade: string | null;
        owned: boolean;
        certificate_id: string | null;
        certificate_number: string | null;
        certificate_status: string | null;
      }
    >(
      m,
      'application-overview',
      `SELECT a.id, a.reference, a.outlet_id, a.outlet_name, a.agency_id, a.round_id, a.status, a.version, a.submitted_at, a.due_at,
         a.updated_at, a.decided_at, a.evaluation ->> 'grade' AS grade,
         EXISTS (SELECT 1 FROM outlet_owners w WHERE w.outlet_id = a.outlet_id AND w.user_id = $2) AS owned,
         c.id AS certificate_id, c.number AS certificate_number, c.status AS certificate_status
       FROM applications a LEFT JOIN certificates c ON c.application_id = a.id WHERE a.id = $1`,
      [id, auth.id],
    );
    const visible = row && (isStaff(auth) ? visibleToStaff(auth, row) : row.owned);
    if (!visible) throw applicationNotFound();
    return {
      ...summary(row, this.clock.now()),
      decidedAt: row.decided_at?.toISOString() ?? null,
      grade: row.grade,
      timeline: await this.timeline(m, row.id),
      allowedActions: allowedActions(row.status, auth.role as Role),
      certificate: row.certificate_id ? { id: row.certificate_id, number: row.certificate_number!, status: row.certificate_status! } : null,
    };
  }

  /**
   * Every state change goes through here: lock, version check, transition table, separation of
   * duties, the action's own effect, decision, audit and mail rows, in one transaction. A refused
   * attempt changes nothing and leaves only its audit event.
   */
  async act(auth: AuthUser, id: string, dto: ApplicationActionDto): Promise<ApplicationDetail> {
    let refusalAgency: string | null = null;
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const [app] = (await m.query(`SELECT * FROM applications WHERE id = $1 FOR UPDATE`, [id])) as ApplicationRow[];
        if (!app) throw applicationNotFound();
        // The owners decide both who sees it (an applicant) and the separation of duties.
        const ownerIds = await this.ownerIds(m, app.outlet_id);
        if (isStaff(auth) ? !visibleToStaff(auth, app) : !ownerIds.includes(auth.id)) throw applicationNotFound();
        refusalAgency = app.agency_id;

        if (dto.version !== app.version) {
          throw new AppError('conflict', 'APPLICATION.STALE_VERSION', `The application changed since you loaded it (now version ${app.version}); reload and try again`, {
            version: `current is ${app.version}`,
          });
        }
        const transition = transitionFor(app.status, dto.action);
        if (!transition || INDIRECT_ACTIONS.includes(dto.action)) {
          const allowed = allowedActions(app.status);
          throw new AppError('conflict', 'APPLICATION.ACTION_NOT_ALLOWED', `${dto.action} is not possible while the application is ${app.status}; allowed: ${allowed.join(', ') || 'none'}`, {
            action: `allowed: ${allowed.join(', ') || 'none'}`,
          });
        }
        if (transition.role !== auth.role) {
          throw new AppError('forbidden', 'APPLICATION.ROLE_NOT_ALLOWED', `Only the ${transition.role} may ${dto.action} at this stage`);
        }
        const violation = checkSeparationOfDuties({
          actor: auth,
          action: dto.action,
          ownerIds,
          reviewerIds: await this.reviewerIds(m, app.id),
        });
        if (violation) throw new AppError('forbidden', `APPLICATION.SEPARATION_OF_DUTIES`, DUTY_MESSAGES[violation], { duty: violation });
        // Every decision is mailed to the applicant, so the address must be known to work.
        if (dto.action === 'submit') await assertEmailConfirmed(m, auth.id);
        this.checkActionInput(dto);

        const now = this.clock.now();
        const agency = await this.agencies.find(m, app.agency_id);
        const update: Partial<ApplicationRow> = {};
        let certificate: IssuedCertificate | null = null;
        // A first submission falls in a round's registration window (for an agency taking
        // applications in rounds) and joins that round; a resubmission after a revision request
        // may come after the close, since staff keep working on the round's applications.
        if (dto.action === 'submit' && app.status === 'draft') update.round_id = (await this.rounds.roundForSubmission(m, agency, now))?.id ?? null;
        if (dto.action === 'submit') Object.assign(update, await this.judge(m, app, agency, now));
        if (dto.action === 'pass_field') {
          const { visitedOn, officeConfirmed, notes, photoIds } = dto.fieldVisit!;
          update.field_visit = { visitedOn, officeConfirmed, notes, ...(photoIds?.length ? { photoIds: [...new Set(photoIds)] } : {}) };
        }
        if (dto.action === 'approve') {
          const round = app.round_id ? await this.rounds.findById(m, app.round_id) : null;
          certificate = await this.certificates.issue(m, app, agency, auth, now, round);
        }

        const to = transition.to;
        const dueAt = isStaffStage(to)
          ? addWorkingDays(now, agency.settings.sla[to === 'submitted' ? 'administrative' : to === 'field_verification' ? 'field' : 'approval'], agency.settings.holidays)
          : null;
        const snapshotJson = update.snapshot ? JSON.stringify(update.snapshot) : null;
        const evaluationJson = update.evaluation ? JSON.stringify(update.evaluation) : null;
        // Every column back but the snapshot and the evaluation, which are what was just written
        // (or what the locked row held): sending 80 KB of roster back cost the submission time.
        const [[written]] = (await m.query(
          `UPDATE applications SET status = $2, version = version + 1, stage_started_at = $3, due_at = $4,
             decided_at = $5, submitted_at = coalesce($6, submitted_at), policy_id = coalesce($7, policy_id),
             snapshot = coalesce($8, snapshot), evaluation = coalesce($9, evaluation), field_visit = coalesce($10, field_visit),
             round_id = CASE WHEN $12 THEN $11::uuid ELSE round_id END, updated_at = $3
           WHERE id = $1 RETURNING ${RETURNED_WITHOUT_SNAPSHOT},
             (SELECT version FROM requirement_policies p WHERE p.id = applications.policy_id) AS policy_version`,
          [
            app.id,
            to,
            now,
            dueAt,
            ['approved', 'rejected', 'withdrawn'].includes(to) ? now : null,
            dto.action === 'submit' ? now : null,
            update.policy_id ?? null,
            snapshotJson,
            evaluationJson,
            update.field_visit ? JSON.stringify(update.field_visit) : null,
            update.round_id ?? null,
            // The first submission decides the round, none for all-year intake.
            update.round_id !== undefined,
          ],
        )) as [(Omit<ApplicationRow, 'snapshot' | 'evaluation'> & { policy_version: number | null })[], number];
        // The stage, due date and round changed: every process's queue counts of the agency are dropped at commit.
        await announceChange(m, { type: 'application.changed', agencyId: app.agency_id });
        // The objects just written, not parsed back from their text: both are plain JSON data (dates
        // already ISO strings), so the answer has the same bytes as a read (test/workflow.e2e-spec.ts),
        // without parsing 80 KB of roster once more.
        const updated: ApplicationRow = { ...written, snapshot: update.snapshot ?? app.snapshot, evaluation: update.evaluation ?? app.evaluation };
        const [decision] = (await m.query(
          `INSERT INTO application_decisions (application_id, actor_id, actor_role, action, from_status, to_status, reason, field_visit, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
          [app.id, auth.id, auth.role, dto.action, app.status, to, dto.reason ?? null, update.field_visit ? JSON.stringify(update.field_visit) : null, now],
        )) as { id: string }[];
        // The visit's photos become this decision's evidence, or the decision does not happen.
        const photos = update.field_visit ? await this.photos.attach(m, app.id, decision.id, update.field_visit.photoIds ?? []) : [];
        await this.notifier.afterAction(m, { app: updated, action: dto.action, from: app.status, reason: dto.reason ?? null, certificate, agency });
        // What the detail would read again is known here: the certificate is the one just issued, if any
        // (only approval issues one, and nothing follows it), and the policy came back with the row.
        const detail = await this.detail(m, auth, updated, {
          certificate: certificate ? { id: certificate.id, number: certificate.number, status: 'active' } : null,
          policy: written.policy_id ? { id: written.policy_id, version: written.policy_version! } : null,
        });
        // Last, after every read: the agency's audit chain head stays locked from here to commit, and
        // each submission of the agency waits for it.
        await this.audit.append(m, {
          agencyId: app.agency_id,
          actor: auth,
          action: `application.${dto.action}`,
          entityType: 'application',
          entityId: app.id,
          summary: `${app.reference}: ${dto.action} (${app.status} -> ${to})${dto.reason ? `; reason: ${dto.reason}` : ''}`,
          data: {
            from: app.status,
            to,
            version: updated.version,
            reason: dto.reason ?? null,
            fieldVisit: update.field_visit ?? null,
            ...(update.field_visit ? { photos } : {}),
            verdict: update.evaluation?.verdict ?? null,
            policyId: update.policy_id ?? null,
            certificateId: certificate?.id ?? null,
          },
        });
        return detail;
      });
    } catch (err) {
      if (err instanceof AppError && refusalAgency && err.kind !== 'not_found') {
        await this.auditRefusal(auth, id, refusalAgency, dto, err);
      }
      throw err;
    }
  }

  /** Staff see their agency's queue, sorted by due date; applicants see their own applications. */
  async list(auth: AuthUser, q: ApplicationQueryDto): Promise<Page<ApplicationSummary>> {
    const limit = q.limit ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    // An application is the outlet's own business until it is first submitted: staff neither list
    // nor open a draft, nor a draft withdrawn before it was ever submitted.
    if (isStaff(auth)) where.push(`a.agency_id = ${p(auth.agencyId)} AND a.submitted_at IS NOT NULL`);
    else where.push(`a.outlet_id IN (SELECT outlet_id FROM outlet_owners WHERE user_id = ${p(auth.id)})`);
    if (q.status) where.push(`a.status = ${p(q.status)}`);
    if (q.roundId) where.push(`a.round_id = ${p(q.roundId)}`);
    const now = this.clock.now();
    if (q.overdue === true) where.push(`a.status IN (${STAFF_STAGES.map((s) => p(s)).join(', ')}) AND a.due_at < ${p(now)}`);
    if (q.overdue === false) where.push(`(a.due_at IS NULL OR a.due_at >= ${p(now)} OR a.status NOT IN (${STAFF_STAGES.map((s) => p(s)).join(', ')}))`);
    if (q.q) where.push(`a.outlet_name ILIKE ${p(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    const cursor = decodeCursor(q.cursor, ['timestamp|null', 'uuid']);
    // Summary columns only: the snapshot and evaluation JSON are for the detail view. Prepared under
    // a name per shape of the filter (a few dozen at most; the values, the limit included, are
    // parameters): planning it on every call cost PostgreSQL as much as running it.
    const select = (conditions: string[], values: unknown[], take: number) => {
      const text = `SELECT ${SUMMARY_COLUMNS}, ${EXACT_TIME('a.due_at')} AS due_key FROM applications a
         WHERE ${conditions.join(' AND ')} ORDER BY a.due_at ASC NULLS LAST, a.id LIMIT $${values.length + 1}`;
      return preparedQuery<ApplicationRow & { due_key: string | null }>(this.dataSource.manager, preparedName('queue', text), text, [...values, take]);
    };
    let rows: (ApplicationRow & { due_key: string | null })[];
    if (!cursor) {
      rows = await select(where, params, limit + 1);
    } else {
      const [due, lastId] = cursor as [string | null, string];
      if (due === null) {
        rows = await select([...where, `a.due_at IS NULL AND a.id > ${p(lastId)}`], params, limit + 1);
      } else {
        // The rows after the cursor that have a due date, as one range of the (agency, [status,]
        // due_at, id) index (an OR with "or no due date" would read the agency's whole queue),
        // then, when those run out, the ones without a due date, which sort last.
        const base = params.length;
        rows = await select([...where, `(a.due_at, a.id) > ($${base + 1}::timestamptz, $${base + 2}::uuid)`], [...params, due, lastId], limit + 1);
        if (rows.length < limit + 1) rows = rows.concat(await select([...where, 'a.due_at IS NULL'], params, limit + 1 - rows.length));
      }
    }
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => summary(r, now)),
      nextCursor: rows.length > limit ? encodeCursor([last.due_key, last.id]) : null,
    };
  }

  /**
   * The queue's headline numbers for staff: how many applications of the agency sit in each stage
   * the agency or the outlet is working on, how many of them are overdue, and the agency's rounds to
   * filter by. Open stages only (a decided application is not work), so the count reads the
   * (agency_id, status, due_at) index alone.
   */
  async queueOverview(auth: AuthUser, q: { roundId?: string } = {}): Promise<QueueOverview> {
    if (!isStaff(auth)) throw applicationNotFound();
    const stages = [...STAFF_STAGES, 'revision_requested'];
    const { rows } = await this.queueCounts.get(countsKey(auth.agencyId!, q.roundId));
    const rounds = await this.queueRounds.get(auth.agencyId!);
    const byStatus = new Map(rows.map((r) => [r.status, r]));
    return {
      stages: stages.map((status) => {
        const row = byStatus.get(status as ApplicationStatus);
        return { status: status as ApplicationStatus, count: row?.n ?? 0, overdue: isStaffStage(status as ApplicationStatus) ? (row?.overdue ?? 0) : 0 };
      }),
      // Only the agency's own stages can be overdue; a revision request waits on the outlet.
      overdue: rows.filter((r) => isStaffStage(r.status)).reduce((sum, r) => sum + r.overdue, 0),
      rounds,
    };
  }

  // ---- internals ----------------------------------------------------------------------------

  /**
   * The counts per stage of an agency's queue (one round, or all), as of `countedAtMs`; `nextDueMs`
   * is the earliest due date still ahead then, when the overdue counts next change by the clock.
   */
  private async readQueueCounts(key: string): Promise<QueueCounts> {
    const [agencyId, roundId] = key.split('|');
    const now = this.clock.now();
    const params: unknown[] = [agencyId, [...STAFF_STAGES, 'revision_requested'], now, [...STAFF_STAGES]];
    const round = roundId ? ` AND round_id = $${params.push(roundId)}` : '';
    const rows = await preparedQuery<{ status: ApplicationStatus; n: number; overdue: number; next_due: Date | null }>(
      this.dataSource.manager,
      round ? 'queue-counts-round' : 'queue-counts',
      `SELECT status, count(*)::int AS n, (count(*) FILTER (WHERE due_at < $3))::int AS overdue,
         min(due_at) FILTER (WHERE due_at >= $3 AND status = ANY($4::text[])) AS next_due
       FROM applications WHERE agency_id = $1 AND status = ANY($2::text[])${round} GROUP BY status`,
      params,
    );
    const nextDue = Math.min(...rows.map((r) => r.next_due?.getTime() ?? Number.POSITIVE_INFINITY));
    return { rows, nextDueMs: nextDue };
  }

  private async visible(m: EntityManager, auth: AuthUser, app: ApplicationRow): Promise<boolean> {
    if (isStaff(auth)) return visibleToStaff(auth, app);
    return this.outlets.isOwner(m, auth.id, app.outlet_id);
  }

  private async ownerIds(m: EntityManager, outletId: string): Promise<string[]> {
    const rows = (await m.query(`SELECT user_id FROM outlet_owners WHERE outlet_id = $1`, [outletId])) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }

  private async reviewerIds(m: EntityManager, applicationId: string): Promise<string[]> {
    const rows = (await m.query(
      `SELECT DISTINCT actor_id, action, actor_role FROM application_decisions WHERE application_id = $1 AND action = ANY($2)`,
      [applicationId, REVIEW_ACTIONS],
    )) as { actor_id: string; action: ApplicationAction; actor_role: string }[];
    return [...new Set(rows.filter((r) => countsAsReview(r.action, r.actor_role)).map((r) => r.actor_id))];
  }

  private checkActionInput(dto: ApplicationActionDto): void {
    if (ACTIONS_NEEDING_REASON.includes(dto.action) && !dto.reason) {
      throw new AppError('validation', 'APPLICATION.REASON_REQUIRED', `${dto.action} needs a reason the outlet can act on`, { reason: 'required' });
    }
    if (dto.action === 'pass_field') {
      if (!dto.fieldVisit) {
        throw new AppError('validation', 'APPLICATION.FIELD_VISIT_REQUIRED', 'pass_field needs the visit: visitedOn, officeConfirmed, notes', { fieldVisit: 'required' });
      }
      if (!dto.fieldVisit.officeConfirmed) {
        throw new AppError('unprocessable', 'APPLICATION.OFFICE_NOT_CONFIRMED', 'The field visit did not confirm the office; request a revision or reject instead', {
          'fieldVisit.officeConfirmed': 'must be true to pass field verification',
        });
      }
    }
  }

  /** Freezes the snapshot and judges it by the pack in force now; a blocking failure refuses. */
  private async judge(m: EntityManager, app: ApplicationRow, agency: Agency, now: Date): Promise<Partial<ApplicationRow>> {
    const snapshot = await this.outlets.snapshot(m, app.outlet_id, app.agency_id);
    // The agency as this transaction read it for the action (not a second read of the same row).
    const context = { on: wibDate(now), agency: { code: agency.code, name: agency.name, province: agency.province, city: agency.city } };
    const policy = await this.policies.inForce(m, app.agency_id, now);
    const evaluation = evaluatePolicy(policy.pack, snapshot, context);
    if (evaluation.blockingFailures.length > 0) {
      throw new AppError(
        'unprocessable',
        'APPLICATION.REQUIREMENTS_NOT_MET',
        `The outlet does not meet ${evaluation.blockingFailures.length} blocking requirement(s) of ${policy.pack.name} v${policy.version}`,
        Object.fromEntries(
          evaluation.blockingFailures.map((f) => [f.ruleId, { message: f.message, citation: f.citation, citationVerified: f.citationVerified }]),
        ),
      );
    }
    return { snapshot, evaluation, policy_id: policy.id };
  }

  private async auditRefusal(auth: AuthUser, id: string, agencyId: string, dto: ApplicationActionDto, err: AppError): Promise<void> {
    await inTransaction(this.dataSource, (m) =>
      this.audit.append(m, {
        agencyId,
        actor: auth,
        action: 'application.action_refused',
        entityType: 'application',
        entityId: id,
        summary: `${dto.action} refused: ${err.code}`,
        data: { action: dto.action, version: dto.version, code: err.code, status: err.status },
      }),
    );
  }

  private async detail(
    m: EntityManager,
    auth: AuthUser,
    r: ApplicationRow,
    known?: Pick<ApplicationDetail, 'certificate' | 'policy'>,
  ): Promise<ApplicationDetail> {
    const [policy] = known
      ? [known.policy]
      : r.policy_id
        ? await preparedQuery<{ id: string; version: number }>(m, 'application-policy', `SELECT id, version FROM requirement_policies WHERE id = $1`, [r.policy_id])
        : [];
    const [certificate] = known
      ? [known.certificate]
      : await preparedQuery<{ id: string; number: string; status: string }>(m, 'application-certificate', `SELECT id, number, status FROM certificates WHERE application_id = $1`, [
          r.id,
        ]);
    return {
      ...summary(r, this.clock.now()),
      renewalOf: r.renewal_of,
      decidedAt: r.decided_at?.toISOString() ?? null,
      policy: policy ?? null,
      snapshot: r.snapshot,
      evaluation: r.evaluation && readStoredEvaluation(r.evaluation),
      fieldVisit: r.field_visit,
      timeline: await this.timeline(m, r.id),
      allowedActions: allowedActions(r.status, auth.role as Role),
      certificate: certificate ?? null,
      attestations: await this.attestations.forApplication(m, r.id),
      fieldVisitPhotos: await this.photos.forApplication(m, r.id),
    };
  }

  /** Who did what and when, oldest first; prepared, as it is read on every application page and after every action. */
  private async timeline(m: EntityManager, applicationId: string): Promise<TimelineEntry[]> {
    const decisions = await preparedQuery<{
      actor_id: string;
      actor_name: string;
      actor_role: string;
      action: ApplicationAction;
      from_status: ApplicationStatus;
      to_status: ApplicationStatus;
      reason: string | null;
      field_visit: ApplicationRow['field_visit'];
      created_at: Date;
    }>(
      m,
      'application-decisions',
      `SELECT d.actor_id, u.name AS actor_name, d.actor_role, d.action, d.from_status, d.to_status, d.reason, d.field_visit, d.created_at
       FROM application_decisions d JOIN users u ON u.id = d.actor_id WHERE d.application_id = $1 ORDER BY d.id`,
      [applicationId],
    );
    return decisions.map((d) => ({
      actorId: d.actor_id,
      actorName: d.actor_name,
      actorRole: d.actor_role,
      action: d.action,
      fromStatus: d.from_status,
      toStatus: d.to_status,
      reason: d.reason,
      fieldVisit: d.field_visit,
      at: d.created_at.toISOString(),
    }));
  }
}
