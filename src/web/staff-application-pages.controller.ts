import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../applications/application-workflow';
import { ApplicationsService, type ApplicationDetail } from '../applications/applications.service';
import { ApplicationActionDto } from '../applications/dto/application.dto';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { workingDaysLate } from '../common/wib-calendar';
import { DocumentsService } from '../outlets/documents.service';
import { composeReason, isDecisionReasonCode, REASON_TEXT_MAX } from './decision-reasons';
import { formatDate, formatDateTime } from './format';
import { str, validateForm, type FieldErrors } from './forms';
import { hasText } from './i18n';
import type { FormValues } from './outlet-forms';
import { PageResponder } from './page-responder';
import { AgencyCalendar, PAGE_ACTIONS, StaffApplicationPage, type PageAction, type StaffPageExtra } from './staff-application-page';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';
import { storedFileHeaders } from '../common/stored-file-reply';

type T = (key: string, params?: Record<string, unknown>) => string;

const QUEUE_PAGE_SIZE = 25;

const isPageAction = (v: unknown): v is PageAction => typeof v === 'string' && (PAGE_ACTIONS as readonly string[]).includes(v);

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
    return storedFileHeaders(reply, document, 'inline', size)
      .header('cache-control', 'private, no-store')
      // Framed by our own pages only; the file itself runs nothing.
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .send(stream);
  }
}
