import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApplicationsService, type ApplicationDetail } from '../applications/applications.service';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { DocumentsService } from '../outlets/documents.service';
import { AppealsService } from '../rounds/appeals.service';
import { FileAppealDto } from '../rounds/dto/round.dto';
import { ApplicantRoundViews } from './applicant-round-views';
import { formatDate, formatDateTime } from './format';
import { describeErrors, fieldErrorsOf, validateForm, type FieldErrors } from './forms';
import type { FormValues } from './outlet-forms';
import { PageResponder } from './page-responder';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

/** Form values as the browser sends them: a repeated checkbox is an array, a single one a string. */
type AppealForm = FormValues & { documentIds?: string | string[] };

/**
 * The applicant's appeal (sanggahan) against a rejection in a round: the form during the appeal
 * window, else the window's dates in words. Filing goes through the API's AppealsService.file.
 */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class AppealPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly applications: ApplicationsService,
    private readonly appeals: AppealsService,
    private readonly documents: DocumentsService,
    private readonly views: ApplicantRoundViews,
  ) {}

  @Allow('applications:apply')
  @Get('permohonan/:id/sanggah')
  async form(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const app = await this.applications.get(auth, id);
    return this.show(auth, app, req, reply, { reason: '', documentIds: [] }, null);
  }

  @Allow('applications:apply')
  @Post('permohonan/:id/sanggah')
  async file(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: AppealForm, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const app = await this.applications.get(auth, id);
    const documentIds = (Array.isArray(body.documentIds) ? body.documentIds : body.documentIds ? [body.documentIds] : []).filter((d) => typeof d === 'string' && d !== '');
    const values = { reason: typeof body.reason === 'string' ? body.reason : '', documentIds };
    let { dto, errors } = await validateForm(FileAppealDto, values);
    // The form's own words for its two fields, whatever constraint failed.
    if (errors) errors = Object.fromEntries(Object.keys(errors).map((f) => [f.startsWith('documentIds') ? 'documentIds' : f, f === 'reason' ? 'APPEAL.REASON' : 'APPEAL.UNKNOWN_DOCUMENT']));
    if (!errors) {
      try {
        await this.appeals.file(auth, id, dto);
        return this.pages.redirect(reply, `/permohonan/${id}?flash=appealFiled`);
      } catch (err) {
        errors = fieldErrorsOf(err);
        if (!errors) throw err;
        if (Object.keys(errors).some((k) => k.startsWith('documentIds'))) errors = { documentIds: 'APPEAL.UNKNOWN_DOCUMENT' };
      }
    }
    return this.show(auth, app, req, reply, values, errors, errors._form === 'APPEAL.ALREADY_FILED' ? 409 : errors._form ? 422 : 400);
  }

  private async show(auth: AuthUser, app: ApplicationDetail, req: WebRequest, reply: FastifyReply, values: { reason: string; documentIds: string[] }, errors: FieldErrors | null, status = 200) {
    const t = (key: string, params?: Record<string, unknown>) => this.pages.t(req, key, params);
    const locale = this.pages.locale(req);
    const situation = await this.views.appealSituation(auth, app);
    // Filed already (perhaps by a co-owner): the application page shows it and its decision.
    if (situation.state === 'filed') return this.pages.redirect(reply, `/permohonan/${app.id}`);
    const described = describeErrors(errors, t);
    const rejection = [...app.timeline].reverse().find((e) => e.action === 'reject');
    const open = situation.state === 'open';
    const docs = open ? await this.documents.list(auth, app.outletId) : [];
    return this.pages.send(
      req,
      reply,
      'appeal-form',
      {
        title: 'appealForm.title',
        breadcrumbs: [
          { href: '/dasbor', label: t('dashboard.title') },
          { href: `/permohonan/${app.id}`, label: app.reference },
        ],
        app: { id: app.id, reference: app.reference },
        open,
        lead: open ? t('appealForm.lead', { reference: app.reference, outlet: app.outletName, round: situation.round!.name, date: formatDate(situation.round!.appealClosesOn, locale) }) : null,
        closedText: this.views.closedText(situation, t, locale),
        rejection: rejection ? { reason: rejection.reason, at: formatDateTime(rejection.at, locale) } : null,
        errors: described,
        reason: { name: 'reason', value: values.reason, error: described.byField.reason ?? null },
        documentsError: described.byField.documentIds ?? null,
        documents: docs
          .slice()
          .reverse()
          .map((d) => ({ id: d.id, label: `${t(`documentType.${d.type}`)}: ${d.fileName}`, uploadedAt: formatDateTime(d.uploadedAt, locale), checked: values.documentIds.includes(d.id) })),
        uploadHref: `/media/${app.outletId}/dokumen`,
      },
      status,
    );
  }
}
