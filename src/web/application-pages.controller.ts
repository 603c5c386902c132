import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { ApplicationsService, type ApplicationOverview, type ApplicationSummary } from '../applications/applications.service';
import { Allow, Auth } from '../auth/access.decorator';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { DocumentsService } from '../outlets/documents.service';
import { OutletsService } from '../outlets/outlets.service';
import { formatDate, formatDateTime } from './format';
import type { FormValues } from './outlet-forms';
import { PageResponder } from './page-responder';
import { FIX_SECTION, ruleMessageWords } from './requirement-words';
import { flashText } from './session-pages.controller';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';
import { StaffApplicationPage } from './staff-application-page';
import { ApplicantRoundViews } from './applicant-round-views';

type T = (key: string, params?: Record<string, unknown>) => string;

/** The applicant's application: stage, timeline, and only the actions open to them now. */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class ApplicationPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly applications: ApplicationsService,
    private readonly outlets: OutletsService,
    private readonly documents: DocumentsService,
    private readonly agencies: AgenciesService,
    private readonly staffPage: StaffApplicationPage,
    private readonly roundViews: ApplicantRoundViews,
  ) {}

  private t(req: WebRequest): T {
    return (key, params) => this.pages.t(req, key, params);
  }

  @Allow('applications:read')
  @Get('permohonan/:id')
  async application(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    // Staff of the agency get their working view: snapshot, documents, rules and their actions.
    if (isStaff(auth)) {
      const detail = await this.applications.get(auth, id);
      return this.staffPage.show(auth, detail, req, reply, { flash: this.staffPage.flash(flash, detail, req) });
    }
    // The outlet's view shows no snapshot or evidence, so it reads the overview only.
    const app = await this.applications.overview(auth, id);
    const t = this.t(req);
    // The confirmation says what happens next and by when.
    const message = flash === 'submitted' && app.dueAt ? t('flash.submitted', { date: formatDate(app.dueAt, this.pages.locale(req)) }) : flashText(flash, t);
    return this.showApplication(auth, app, req, reply, { flash: message });
  }

  /** "Check your answers": what will be frozen and judged, before the applicant submits. */
  @Allow('applications:act')
  @Get('permohonan/:id/ajukan')
  async review(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const app = await this.applications.overview(auth, id);
    if (!app.allowedActions.includes('submit')) return this.pages.redirect(reply, `/permohonan/${id}`);
    return this.showReview(auth, app, req, reply, []);
  }

  @Allow('applications:act')
  @Post('permohonan/:id/ajukan')
  async submit(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.act(auth, id, 'submit', body, req, reply);
  }

  @Allow('applications:act')
  @Get('permohonan/:id/tarik')
  async confirmWithdraw(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = this.t(req);
    const app = await this.applications.overview(auth, id);
    if (!app.allowedActions.includes('withdraw')) return this.pages.redirect(reply, `/permohonan/${id}`);
    return this.pages.send(req, reply, 'confirm', {
      title: 'application.withdrawTitle',
      breadcrumbs: [{ href: `/permohonan/${id}`, label: app.reference }],
      question: t('application.withdrawQuestion', { reference: app.reference, outlet: app.outletName }),
      warning: t('application.withdrawWarning'),
      action: `/permohonan/${id}/tarik`,
      fields: [{ name: 'version', value: String(app.version) }],
      confirmLabel: 'application.withdrawConfirm',
      danger: true,
      cancelHref: `/permohonan/${id}`,
    });
  }

  @Allow('applications:act')
  @Post('permohonan/:id/tarik')
  async withdraw(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.act(auth, id, 'withdraw', body, req, reply);
  }

  private async act(auth: AuthUser, id: string, action: 'submit' | 'withdraw', body: FormValues, req: WebRequest, reply: FastifyReply) {
    const version = Number(body.version);
    try {
      await this.applications.act(auth, id, { action, version: Number.isInteger(version) && version > 0 ? version : 0 });
      return this.pages.redirect(reply, `/permohonan/${id}?flash=${action === 'submit' ? 'submitted' : 'withdrawn'}`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const current = await this.applications.overview(auth, id);
      // Someone else (a co-owner, an officer) acted first: say so and show where things stand now.
      if (err.code === 'APPLICATION.STALE_VERSION' || err.code === 'APPLICATION.ACTION_NOT_ALLOWED') {
        return this.showApplication(auth, current, req, reply, { conflict: true }, 409);
      }
      // Decisions are mailed: the address must be confirmed before an application goes in.
      if (err.code === 'AUTH.EMAIL_NOT_CONFIRMED') return this.showApplication(auth, current, req, reply, { unconfirmed: true }, 403);
      // Outside the round's registration: the review page says when it is open, with no submit button.
      if (err.code === 'ROUND.CLOSED') return this.showReview(auth, current, req, reply, [], 422);
      if (err.code === 'APPLICATION.REQUIREMENTS_NOT_MET') {
        const failures = Object.keys(err.errors ?? {});
        return this.showReview(auth, current, req, reply, failures, 422);
      }
      throw err;
    }
  }

  private async showApplication(auth: AuthUser, app: ApplicationOverview, req: WebRequest, reply: FastifyReply, extra: { flash?: string | null; conflict?: boolean; unconfirmed?: boolean }, status = 200) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const agency = await this.agencies.get(app.agencyId);
    const lastRevision = [...app.timeline].reverse().find((e) => e.action === 'request_revision');
    // Rounds, for the outlet: a draft's registration window, a rejection's appeal.
    const applicant = auth.role === 'applicant';
    const roundWindow = applicant && app.status === 'draft' ? await this.roundViews.window(app.agencyId, t, locale) : null;
    const appeal = applicant ? await this.roundViews.appealBox(auth, app, t, locale) : null;
    return this.pages.send(
      req,
      reply,
      'application',
      {
        title: 'application.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
        flash: extra.flash ?? null,
        conflict: extra.conflict ?? false,
        unconfirmed: extra.unconfirmed ?? false,
        app: {
          id: app.id,
          reference: app.reference,
          outletName: app.outletName,
          outletId: app.outletId,
          agency: agency.name,
          agencyCode: agency.code,
          status: app.status,
          statusText: t(`status.${app.status}`),
          stageText: t(`stage.${app.status}`),
          dueAt: formatDate(app.dueAt, locale),
          overdue: app.overdue,
          submittedAt: formatDateTime(app.submittedAt, locale),
          version: app.version,
          grade: app.grade,
        },
        revisionReason: app.status === 'revision_requested' && lastRevision ? lastRevision.reason : null,
        canSubmit: app.allowedActions.includes('submit') && roundWindow?.open !== false,
        roundWindow,
        appeal,
        resubmit: app.status === 'revision_requested',
        canWithdraw: app.allowedActions.includes('withdraw'),
        certificate: app.certificate ? { id: app.certificate.id, number: app.certificate.number } : null,
        timeline: [...app.timeline].reverse().map((e) => ({
          what: t(`action.${e.action}`),
          who: t('application.who', { name: e.actorName, role: t(`role.${e.actorRole}`) }),
          at: formatDateTime(e.at, locale),
          reason: e.reason,
          to: t(`status.${e.toStatus}`),
        })),
      },
      status,
    );
  }

  private async showReview(auth: AuthUser, app: ApplicationSummary, req: WebRequest, reply: FastifyReply, failedRuleIds: string[], status = 200) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const outlet = await this.outlets.get(auth, app.outletId);
    const roster = await this.outlets.listJournalists(auth, app.outletId);
    const docs = await this.documents.list(auth, app.outletId);
    const check = await this.outlets.eligibility(auth, app.outletId, app.agencyId);
    const agency = await this.agencies.get(app.agencyId);
    const failures = check.results.filter((r) => r.outcome === 'fail' && (r.severity === 'blocking' || failedRuleIds.includes(r.ruleId)));
    const roundWindow = app.status === 'draft' ? await this.roundViews.window(app.agencyId, t, locale) : null;
    return this.pages.send(
      req,
      reply,
      'application-review',
      {
        title: 'review.title',
        breadcrumbs: [{ href: `/permohonan/${app.id}`, label: app.reference }],
        app: { id: app.id, reference: app.reference, version: app.version, agency: agency.name, resubmit: app.status === 'revision_requested' },
        errors: {
          list: failures
            .filter((r) => r.severity === 'blocking')
            .map((r) => ({ href: `/media/${app.outletId}${FIX_SECTION[r.family] === 'ubah' ? '/ubah' : `/${FIX_SECTION[r.family]}`}`, message: `${r.title[locale]}: ${ruleMessageWords(r.message[locale], locale)}` })),
        },
        blocked: check.blockingFailures.length > 0 || roundWindow?.open === false,
        roundWindow,
        outlet: {
          id: outlet.id,
          rows: [
            { label: 'outlet.legalName', value: outlet.legalName },
            { label: 'outlet.brandName', value: outlet.brandName },
            { label: 'outlet.legalForm', value: t(`legalForm.${outlet.legalForm}`) },
            { label: 'outlet.mediaType', value: t(`mediaType.${outlet.mediaType}`) },
            { label: 'outlet.office', value: outlet.office ? [outlet.office.street, outlet.office.city, outlet.office.province].join(', ') : t('common.notGiven') },
            { label: 'outlet.pressCouncilStatus', value: t(`pressCouncil.${outlet.pressCouncil.status}`) },
          ],
        },
        roster: roster.map((j) => ({ name: j.name, position: t(`position.${j.position}`), level: j.competency ? t(`level.${j.competency.level}`) : t('roster.noCompetency') })),
        documents: [...new Set(docs.map((d) => d.type))].map((type) => t(`documentType.${type}`)),
        verdictText: t(`verdict.${check.verdict}`),
        verdict: check.verdict,
        grade: check.grade,
        agencyCode: agency.code,
      },
      status,
    );
  }
}
