import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { APPLICATION_STATUSES, isStaffStage, REVIEW_ACTIONS, type ApplicationAction, type ApplicationStatus } from '../applications/application-workflow';
import { ApplicationsService, type ApplicationDetail } from '../applications/applications.service';
import { ApplicationActionDto } from '../applications/dto/application.dto';
import { Allow, Auth } from '../auth/access.decorator';
import { roleHas, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { workingDaysLate } from '../common/wib-calendar';
import { DocumentsService } from '../outlets/documents.service';
import { composeReason, DECISION_REASON_CODES, DECISION_REASONS, isDecisionReasonCode, REASON_TEXT_MAX } from './decision-reasons';
import { hasText } from './i18n';
import { formatBytes, formatDate, formatDateTime } from './format';
import { describeErrors, str, validateForm, type FieldErrors } from './forms';
import type { FormValues } from './outlet-forms';
import { PageResponder } from './page-responder';
import { flashText } from './session-pages.controller';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

type T = (key: string, params?: Record<string, unknown>) => string;

/** Actions taken from the staff application page; the field visit has its own form (/kunjungan). */
const PAGE_ACTIONS = ['pass_administrative', 'request_revision', 'reject', 'approve'] as const;
type PageAction = (typeof PAGE_ACTIONS)[number];
const isPageAction = (v: unknown): v is PageAction => typeof v === 'string' && (PAGE_ACTIONS as readonly string[]).includes(v);

/** Flash names after a staff action: `?flash=acted-<action>`. */
const ACTED_FLASH = /^acted-(pass_administrative|request_revision|reject|approve|pass_field)$/;

const QUEUE_PAGE_SIZE = 25;

interface StaffPageExtra {
  flash?: string | null;
  /** A refusal in words, shown at the top of the actions. */
  refusal?: string | null;
  /** Someone acted first: the words saying who and what. */
  stale?: string | null;
  errors?: FieldErrors | null;
  /** What the user typed, kept when their action was refused. */
  values?: { action?: string; reasonCode?: string; reasonText?: string };
}

/**
 * The holidays of the staff member's agency, for "N working days late". One primary-key read of
 * the agency per page.
 */
@Injectable()
export class AgencyCalendar {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
  ) {}

  async holidays(agencyId: string): Promise<string[]> {
    return [...(await this.agencies.find(this.dataSource.manager, agencyId)).settings.holidays];
  }
}

/** The staff view of /permohonan/:id, built from the same ApplicationDetail the API returns. */
@Injectable()
export class StaffApplicationPage {
  constructor(
    private readonly pages: PageResponder,
    private readonly calendar: AgencyCalendar,
    private readonly clock: Clock,
  ) {}

  /** Why the user has no action here, in words; null when they have one. */
  whyNot(auth: AuthUser, app: ApplicationDetail, t: T): string | null {
    const role = t(`role.${auth.role}`);
    if (app.status === 'revision_requested') return t('staffApp.whyNot.applicantTurn');
    if (!isStaffStage(app.status)) return t('staffApp.whyNot.done');
    if (!roleHas(auth.role, 'applications:act')) return t('staffApp.whyNot.readOnly', { role });
    if (app.status === 'awaiting_approval' && auth.role !== 'approver') return t('staffApp.whyNot.approveRole', { role });
    if (app.status !== 'awaiting_approval' && auth.role !== 'officer') return t('staffApp.whyNot.officerTurn');
    // The same rule the service applies (separation-of-duties.ts), said before anyone tries.
    if (auth.role === 'approver' && app.timeline.some((e) => e.actorId === auth.id && REVIEW_ACTIONS.includes(e.action))) return t('staffApp.whyNot.reviewed');
    return null;
  }

  async show(auth: AuthUser, app: ApplicationDetail, req: WebRequest, reply: FastifyReply, extra: StaffPageExtra = {}, status = 200): Promise<FastifyReply> {
    const t: T = (key, params) => this.pages.t(req, key, params);
    const locale = this.pages.locale(req);
    const now = this.clock.now();
    const holidays = app.overdue ? await this.calendar.holidays(app.agencyId) : [];
    const snap = app.snapshot;
    const whyNot = this.whyNot(auth, app, t);
    const can = (a: ApplicationAction) => !whyNot && app.allowedActions.includes(a);
    const values = extra.values ?? {};
    const decisionFor = (a: PageAction) => (values.action === a ? true : false);
    const reasonOptions = (selected: string | undefined) => [
      { value: '', label: t('staffApp.chooseReason'), selected: !selected },
      ...DECISION_REASON_CODES.map((code) => ({ value: code, label: DECISION_REASONS[code][locale], selected: selected === code })),
    ];
    const described = describeErrors(extra.errors ?? null, (k) => t(k));
    const refusal = extra.refusal ?? null;
    const errorList = [...(refusal ? [{ field: '_form', href: '#actions', message: refusal }] : []), ...described.list.filter((e) => e.field !== '_form')];
    const ruleTitle = new Map((app.evaluation?.results ?? []).map((r) => [r.ruleId, r.title[locale]]));
    const applicationId = app.id;
    return this.pages.send(
      req,
      reply,
      'application-staff',
      {
        title: 'application.title',
        breadcrumbs: [{ href: '/antrean', label: t('queue.title') }],
        flash: extra.flash ?? null,
        stale: extra.stale ?? null,
        errors: { list: errorList, byField: described.byField },
        app: {
          id: app.id,
          reference: app.reference,
          outletName: app.outletName,
          status: app.status,
          statusText: t(`status.${app.status}`),
          dueAt: formatDate(app.dueAt, locale),
          overdue: app.overdue,
          lateDays: app.overdue && app.dueAt ? workingDaysLate(new Date(app.dueAt), now, holidays) : 0,
          submittedAt: formatDateTime(app.submittedAt, locale),
          version: app.version,
          round: app.roundId,
        },
        certificate: app.certificate,
        snapshot: snap
          ? {
              profile: [
                ['outlet.legalName', snap.outlet.legalName],
                ['outlet.brandName', snap.outlet.brandName],
                ['outlet.legalForm', t(`legalForm.${snap.outlet.legalForm}`)],
                ['outlet.deedNumber', snap.outlet.deedNumber],
                ['outlet.ministryDecreeNumber', snap.outlet.ministryDecreeNumber],
                ['outlet.taxId', snap.outlet.taxId],
                ['outlet.taxStatus', t(`taxStatus.${snap.outlet.taxStatus}`)],
                ['outlet.businessId', snap.outlet.businessId],
                ['outlet.establishedOn', formatDate(snap.outlet.establishedOn, locale)],
                ['outlet.mediaType', t(`mediaType.${snap.outlet.mediaType}`)],
                ['outlet.website', snap.outlet.website],
                ['outlet.office', snap.outlet.office ? [snap.outlet.office.street, snap.outlet.office.city, snap.outlet.office.province].join(', ') : null],
                ['outlet.pressCouncilStatus', t(`pressCouncil.${snap.outlet.pressCouncil.status}`)],
                ['outlet.pressCouncilNumber', snap.outlet.pressCouncil.certificateNumber],
                ['outlet.pressCouncilVerifiedOn', formatDate(snap.outlet.pressCouncil.verifiedOn, locale)],
                ['outlet.memberships', snap.outlet.memberships.join(', ')],
                ['outlet.kbliCodes', snap.outlet.kbliCodes.join(', ')],
              ].map(([label, value]) => ({ label, value: value || t('common.notGiven') })),
              roster: snap.journalists.map((j) => ({
                name: j.name,
                nik: j.nikMasked,
                position: t(`position.${j.position}`),
                competency: j.competency
                  ? `${t('roster.competencyLine', { level: t(`level.${j.competency.level}`), number: j.competency.certificateNumber, issuer: j.competency.issuer, date: formatDate(j.competency.issuedOn, locale) })}${j.competency.revoked ? ` (${t('roster.revoked')})` : ''}`
                  : t('roster.noCompetency'),
                elsewhere: j.otherOutletCount > 0 ? t('staffApp.otherOutlets', { n: j.otherOutletCount }) : null,
              })),
              documents: snap.documents.map((d) => ({
                href: `/permohonan/${applicationId}/dokumen/${d.id}`,
                name: d.fileName,
                type: t(`documentType.${d.type}`),
                meta: t('staffApp.documentMeta', { type: t(`documentType.${d.type}`), name: d.fileName, size: formatBytes(d.size, locale) }),
                sha256: d.sha256,
                image: d.mimeType.startsWith('image/'),
                pdf: d.mimeType === 'application/pdf',
              })),
            }
          : null,
        evaluation: app.evaluation
          ? {
              lead: t('staffApp.rulesLead', { pack: app.evaluation.packName, verdict: t(`verdict.${app.evaluation.verdict}`) }),
              grade: app.evaluation.grade,
              results: app.evaluation.results.map((r) => ({
                outcome: r.outcome,
                outcomeText: t(`outcome.${r.outcome}`),
                title: r.title[locale],
                message: r.message[locale],
                blocking: r.severity === 'blocking',
                citation: r.citation,
                citationVerified: r.citationVerified,
              })),
            }
          : null,
        fieldVisit: app.fieldVisit
          ? { visitedOn: formatDate(app.fieldVisit.visitedOn, locale), officeConfirmed: app.fieldVisit.officeConfirmed, notes: app.fieldVisit.notes }
          : null,
        attestations: app.attestations.map((a) => ({
          line: t('staffApp.attestationLine', { rule: ruleTitle.get(a.ruleId) ?? a.ruleId, observed: a.observed }),
          by: t('staffApp.attestationBy', { name: a.recordedBy.name, at: formatDateTime(a.recordedAt, locale) }),
          lookupUrl: a.lookupUrl,
          screenshot: `/api/applications/${applicationId}/attestations/${a.id}/screenshot`,
        })),
        timeline: [...app.timeline].reverse().map((e) => ({
          what: t(`action.${e.action}`),
          who: t('application.who', { name: e.actorName, role: t(`role.${e.actorRole}`) }),
          at: formatDateTime(e.at, locale),
          reason: e.reason,
          to: t(`status.${e.toStatus}`),
        })),
        whyNot,
        canAttest: isStaffStage(app.status) && roleHas(auth.role, 'applications:attest'),
        canVisit: can('pass_field'),
        canPass: can('pass_administrative'),
        canApprove: can('approve'),
        canReturn: can('request_revision'),
        canReject: can('reject'),
        decisionOptions: (['request_revision', 'reject'] as const).map((a) => ({ value: a, label: t(`staffApp.decision.${a}`), checked: decisionFor(a) || (!values.action && a === 'request_revision') })),
        reasonOptions: reasonOptions(values.reasonCode),
        reasonText: values.reasonText ?? '',
        reasonMax: REASON_TEXT_MAX,
      },
      status,
    );
  }

  /** The flash after a staff action, else the portal's own. */
  flash(flash: string | undefined, t: T): string | null {
    const acted = flash ? ACTED_FLASH.exec(flash) : null;
    return acted ? t(`staffApp.flash.${acted[1]}`) : flashText(flash, t);
  }
}

/** The officer's queue and the staff actions on an application. */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class StaffApplicationPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly applications: ApplicationsService,
    private readonly documents: DocumentsService,
    private readonly staffPage: StaffApplicationPage,
    private readonly calendar: AgencyCalendar,
    private readonly clock: Clock,
  ) {}

  private t(req: WebRequest): T {
    return (key, params) => this.pages.t(req, key, params);
  }

  // ---- queue --------------------------------------------------------------------------------

  @Allow('applications:read')
  @Get('antrean')
  async queue(
    @Auth() auth: AuthUser,
    @Query() query: Record<string, string | string[] | undefined>,
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
  ) {
    if (auth.role === 'applicant') return this.pages.redirect(reply, '/dasbor');
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
    const overview = await this.applications.queueOverview(auth);
    // Unknown filter values read as "all": a filter form never fails, only a forged cursor does.
    const status = (APPLICATION_STATUSES as readonly string[]).includes(one(query.tahap)) && one(query.tahap) !== 'draft' ? (one(query.tahap) as ApplicationStatus) : undefined;
    const roundId = overview.rounds.some((r) => r.id === one(query.periode)) ? one(query.periode) : undefined;
    const overdue = one(query.terlambat) === '1';
    const name = one(query.q).trim().slice(0, 100);
    const cursor = one(query.setelah) || undefined;
    const counts = roundId ? await this.applications.queueOverview(auth, { roundId }) : overview;
    const page = await this.applications.list(auth, { status, roundId, overdue: overdue || undefined, q: name || undefined, cursor, limit: QUEUE_PAGE_SIZE });
    const now = this.clock.now();
    const holidays = page.items.some((a) => a.overdue) ? await this.calendar.holidays(auth.agencyId!) : [];
    const filters = new URLSearchParams({ ...(status ? { tahap: status } : {}), ...(overdue ? { terlambat: '1' } : {}), ...(name ? { q: name } : {}), ...(roundId ? { periode: roundId } : {}) });
    const link = (extra: Record<string, string>) => {
      const p = new URLSearchParams(filters);
      for (const [k, v] of Object.entries(extra)) p.set(k, v);
      const s = p.toString();
      return s ? `/antrean?${s}` : '/antrean';
    };
    return this.pages.send(req, reply, 'queue', {
      title: 'queue.title',
      breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
      stageOptions: [
        { value: '', label: t('queue.stageAll'), selected: !status },
        ...APPLICATION_STATUSES.filter((s) => s !== 'draft').map((s) => ({ value: s, label: t(`status.${s}`), selected: s === status })),
      ],
      roundOptions: overview.rounds.length
        ? [{ value: '', label: t('queue.roundAll'), selected: !roundId }, ...overview.rounds.map((r) => ({ value: r.id, label: r.name, selected: r.id === roundId }))]
        : null,
      overdue,
      name,
      filtered: filters.toString() !== '',
      counts: counts.stages.map((s) => ({ status: s.status, label: t(`status.${s.status}`), count: s.count, href: link({ tahap: s.status }), current: s.status === status })),
      overdueCount: counts.overdue,
      overdueHref: link({ terlambat: '1' }),
      rows: page.items.map((a) => ({
        id: a.id,
        reference: a.reference,
        outletName: a.outletName,
        status: a.status,
        statusText: t(`status.${a.status}`),
        dueAt: a.dueAt ? formatDate(a.dueAt, locale) : t('queue.noDue'),
        submittedAt: formatDate(a.submittedAt, locale),
        overdue: a.overdue,
        late: a.overdue && a.dueAt ? t('queue.late', { days: workingDaysLate(new Date(a.dueAt), now, holidays) }) : null,
      })),
      nextHref: page.nextCursor ? link({ setelah: page.nextCursor }) : null,
      firstHref: cursor ? link({}) : null,
    });
  }

  // ---- actions ------------------------------------------------------------------------------

  @Allow('applications:act')
  @Post('permohonan/:id/tindakan')
  async act(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = this.t(req);
    if (auth.role === 'applicant') throw new AppError('not_found', 'APPLICATION.NOT_FOUND', 'Application not found');
    const action = str(body.action);
    const reasonCode = str(body.reasonCode);
    const reasonText = str(body.reasonText);
    const values = { action, reasonCode, reasonText };
    const version = Number(str(body.version));
    const show = async (extra: StaffPageExtra, status: number) => this.staffPage.show(auth, await this.applications.get(auth, id), req, reply, { values, ...extra }, status);

    const errors: FieldErrors = {};
    if (reasonCode && !isDecisionReasonCode(reasonCode)) errors.reasonCode = 'isIn';
    if (reasonText.length > REASON_TEXT_MAX) errors.reasonText = 'maxLength';
    const needsReason = action === 'request_revision' || action === 'reject';
    const reason = needsReason ? composeReason(isDecisionReasonCode(reasonCode) ? reasonCode : null, reasonText) : undefined;
    if (needsReason && !reason) errors[reasonCode === 'other' ? 'reasonText' : 'reasonCode'] = 'APPLICATION.REASON_REQUIRED';
    // The API's own rules for the rest (version, reason length), so the page accepts nothing it refuses.
    const { dto, errors: dtoErrors } = await validateForm(ApplicationActionDto, {
      action: isPageAction(action) ? action : '',
      version: Number.isInteger(version) ? version : 0,
      ...(reason ? { reason } : {}),
    });
    if (dtoErrors?.reason) errors.reasonText = 'isLength';
    if (dtoErrors?.action) return show({ refusal: t('err.APPLICATION.ACTION_NOT_ALLOWED') }, 400);
    if (dtoErrors?.version) return show({ stale: t('staffApp.staleUnknown') }, 409);
    if (Object.keys(errors).length) return show({ errors }, 400);

    let before: ApplicationDetail | null = null;
    try {
      await this.applications.act(auth, id, dto);
      return this.pages.redirect(reply, `/permohonan/${id}?flash=acted-${dto.action}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.kind === 'not_found') throw err;
      before = await this.applications.get(auth, id);
      switch (err.code) {
        case 'APPLICATION.STALE_VERSION': {
          // Say who did what since the page was loaded; nothing of theirs or ours was overwritten.
          const last = before.timeline[before.timeline.length - 1];
          const stale = last
            ? t('staffApp.stale', { name: last.actorName, role: t(`role.${last.actorRole}`), what: t(`action.${last.action}`), at: formatDateTime(last.at, this.pages.locale(req)) })
            : t('staffApp.staleUnknown');
          return this.staffPage.show(auth, before, req, reply, { values, stale }, 409);
        }
        case 'APPLICATION.SEPARATION_OF_DUTIES': {
          const duty = (err.errors as { duty?: string } | undefined)?.duty;
          const key = duty && hasText(`err.APPLICATION.SEPARATION_OF_DUTIES.${duty}`) ? `err.APPLICATION.SEPARATION_OF_DUTIES.${duty}` : 'err.APPLICATION.SEPARATION_OF_DUTIES';
          return this.staffPage.show(auth, before, req, reply, { values, refusal: t(key) }, 403);
        }
        case 'APPLICATION.ROLE_NOT_ALLOWED': {
          const why = this.staffPage.whyNot(auth, before, t);
          return this.staffPage.show(auth, before, req, reply, { values, refusal: `${t('err.APPLICATION.ROLE_NOT_ALLOWED')}${why ? ` ${why}` : ''}` }, 403);
        }
        case 'APPLICATION.ACTION_NOT_ALLOWED':
        case 'APPLICATION.FIELD_VISIT_REQUIRED':
        case 'APPLICATION.OFFICE_NOT_CONFIRMED':
          return this.staffPage.show(auth, before, req, reply, { values, refusal: `${t(`err.${err.code}`)} ${t('application.status')}: ${t(`status.${before.status}`)}.` }, 409);
        case 'APPLICATION.REASON_REQUIRED':
          return this.staffPage.show(auth, before, req, reply, { values, errors: { reasonCode: err.code } }, 400);
        default:
          throw err;
      }
    }
  }

  // ---- documents ----------------------------------------------------------------------------

  /**
   * A file of the application's frozen snapshot, for the browser to show in the page (images
   * inline, PDFs in its own viewer in a frame). Only files the snapshot names; the read rule is
   * DocumentsService's (outlet-access.ts), which keeps them readable after the decision.
   */
  @Allow('applications:read')
  @Get('permohonan/:id/dokumen/:documentId')
  async document(
    @Auth() auth: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Res() reply: FastifyReply,
  ) {
    const app = await this.applications.get(auth, id);
    if (!app.snapshot?.documents.some((d) => d.id === documentId)) throw new AppError('not_found', 'DOCUMENT.NOT_FOUND', 'Document not found');
    const { document, stream, size } = await this.documents.content(auth, documentId);
    return reply
      .header('content-type', document.mimeType)
      .header('content-length', String(size))
      .header('content-disposition', `inline; filename="${document.fileName}"`)
      .header('x-content-sha256', document.sha256)
      .header('cache-control', 'private, no-store')
      // Framed by our own pages only; the file itself runs nothing.
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .send(stream);
  }
}
