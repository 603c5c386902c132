import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApplicationsService, type ApplicationDetail } from '../applications/applications.service';
import { AttestationsService } from '../applications/attestations.service';
import { FieldVisitDto } from '../applications/dto/application.dto';
import { FieldVisitPhotosService, MAX_FIELD_VISIT_PHOTOS, type FieldVisitPhotoView } from '../applications/field-visit-photos.service';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { readMultiUpload, readUpload, type MultiUpload, type Upload, type UploadedFile } from '../common/multipart';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AppealsService } from '../rounds/appeals.service';
import { DecideAppealDto } from '../rounds/dto/round.dto';
import { formatBytes, formatDateTime } from './format';
import { describeErrors, fieldErrorsOf, str, validateForm, type FieldErrors } from './forms';
import type { FormValues } from './outlet-forms';
import { PageResponder } from './page-responder';
import { flashText } from './session-pages.controller';
import { assertCsrf, UploadForm, WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';
import { storedFileHeaders } from '../common/stored-file-reply';

type T = (key: string, params?: Record<string, unknown>) => string;

interface VisitValues {
  visitedOn: string;
  officeConfirmed: string;
  notes: string;
}

interface AttestValues {
  ruleId: string;
  lookupUrl: string;
  lookedUpAt: string;
  observed: string;
}

/** Refusals that are about the application's state, not a field: shown at the top of the form. */
const STATE_CODES = ['APPLICATION.STALE_VERSION', 'APPLICATION.ACTION_NOT_ALLOWED', 'FIELD_VISIT.NOT_IN_FIELD_STAGE', 'ATTESTATION.NOT_UNDER_REVIEW'];

/** A browser sends an empty file part for a file input left empty. */
const chosen = (f: UploadedFile | null): f is UploadedFile => !!f && !(f.fileName === '' && f.content.length === 0);

/** `2026-06-15T09:30` from a datetime-local input, read in WIB as every agency's clock. */
const wibInstant = (local: string): string => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00+07:00` : local);

/**
 * The officer's evidence pages: the field visit with its photos, an attestation for a check with
 * no API, and the appeal decision. Each posts to the same service the API uses and goes back to
 * the application page with a message.
 */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class EvidencePagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly applications: ApplicationsService,
    private readonly photos: FieldVisitPhotosService,
    private readonly attestations: AttestationsService,
    private readonly appeals: AppealsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private t(req: WebRequest): T {
    return (key, params) => this.pages.t(req, key, params);
  }

  // ---- field visit ---------------------------------------------------------------------------

  @Allow('applications:attest')
  @Get('permohonan/:id/kunjungan')
  async visitForm(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const app = await this.applications.get(auth, id);
    if (!app.allowedActions.includes('pass_field')) return this.pages.redirect(reply, `/permohonan/${id}`);
    return this.showVisit(req, reply, app, { visitedOn: '', officeConfirmed: '', notes: '' }, [], null);
  }

  @Allow('applications:attest')
  @UploadForm()
  @Post('permohonan/:id/kunjungan')
  async recordVisit(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const app = await this.applications.get(auth, id);
    let form: MultiUpload;
    try {
      form = await readMultiUpload(req, this.config.UPLOAD_MAX_BYTES, MAX_FIELD_VISIT_PHOTOS);
    } catch (err) {
      // Nothing was read, so nothing is kept: the form again, the problem beside the photos.
      if (!(err instanceof AppError) || err.kind === 'forbidden') throw err;
      return this.showVisit(req, reply, app, { visitedOn: '', officeConfirmed: '', notes: '' }, [], { photos: err.code }, 400);
    }
    assertCsrf(req, form.fields._csrf);
    const values: VisitValues = { visitedOn: str(form.fields.visitedOn), officeConfirmed: str(form.fields.officeConfirmed), notes: str(form.fields.notes) };
    // Photos uploaded by an earlier, refused submit of this form come back as hidden ids.
    const photoIds = (await this.photos.pending(auth, id, form.lists.photoIds ?? [])).map((p) => p.id);
    const { dto, errors: invalid } = await validateForm(FieldVisitDto, {
      visitedOn: values.visitedOn,
      officeConfirmed: values.officeConfirmed === 'yes' ? true : values.officeConfirmed === 'no' ? false : undefined,
      notes: values.notes,
    });
    let errors: FieldErrors = { ...invalid };
    // Each photo is stored even when a text field is wrong, so it need not be chosen again.
    for (const file of form.files.filter(chosen)) {
      try {
        photoIds.push((await this.photos.upload(auth, id, { fields: {}, file })).id);
      } catch (err) {
        const shown = fieldErrorsOf(err);
        if (!shown) throw err;
        errors.photos ??= shown._form ?? Object.values(shown)[0];
      }
    }
    if (Object.keys(errors).length === 0) {
      try {
        const version = Number(form.fields.version);
        await this.applications.act(auth, id, { action: 'pass_field', version: Number.isInteger(version) && version > 0 ? version : 0, fieldVisit: { ...dto, photoIds } });
        return this.pages.redirect(reply, `/permohonan/${id}?flash=fieldVisitPassed`);
      } catch (err) {
        errors = this.visitErrors(err);
      }
    }
    const current = await this.applications.get(auth, id);
    const pending = await this.photos.pending(auth, id, photoIds);
    return this.showVisit(req, reply, current, values, pending, errors, errors._form === 'visit.duty' ? 403 : 400);
  }

  private visitErrors(err: unknown): FieldErrors {
    if (!(err instanceof AppError)) throw err;
    if (err.code === 'APPLICATION.OFFICE_NOT_CONFIRMED') return { officeConfirmed: err.code };
    if (err.code === 'FIELD_VISIT.UNKNOWN_PHOTO' || err.code === 'FIELD_VISIT.TOO_MANY_PHOTOS') return { photos: err.code };
    if (STATE_CODES.includes(err.code)) return { _form: 'visit.stale' };
    // Passing the field check is refused by separation of duties only for an outlet the officer owns.
    if (err.code === 'APPLICATION.SEPARATION_OF_DUTIES' || err.code === 'APPLICATION.ROLE_NOT_ALLOWED') return { _form: 'visit.duty' };
    const shown = fieldErrorsOf(err);
    if (!shown) throw err;
    return shown;
  }

  private showVisit(req: WebRequest, reply: FastifyReply, app: ApplicationDetail, values: VisitValues, pending: FieldVisitPhotoView[], errors: FieldErrors | null, status = 200) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const shown = describeErrors(errors, t);
    const office = app.snapshot?.outlet.office;
    return this.pages.send(
      req,
      reply,
      'field-visit',
      {
        title: 'visit.title',
        breadcrumbs: [{ href: `/permohonan/${app.id}`, label: app.reference }],
        app: { id: app.id, reference: app.reference, outletName: app.outletName, version: app.version },
        canPass: app.allowedActions.includes('pass_field'),
        office: office ? [office.street, office.city, office.province].join(', ') : null,
        values,
        confirmedYes: values.officeConfirmed === 'yes',
        confirmedNo: values.officeConfirmed === 'no',
        errors: shown,
        fieldErrors: shown.byField,
        pending: pending.map((p) => ({ id: p.id, fileName: p.fileName, size: formatBytes(p.size, locale), url: `/permohonan/${app.id}/foto/${p.id}` })),
        maxPhotos: MAX_FIELD_VISIT_PHOTOS,
        maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES, locale),
        maxBytes: this.config.UPLOAD_MAX_BYTES,
      },
      status,
    );
  }

  /** A field-visit photo for staff, through the page session (the application page links to it). */
  @Allow('applications:read')
  @Get('permohonan/:id/foto/:photoId')
  async photo(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('photoId', ParseUUIDPipe) photoId: string, @Res() reply: FastifyReply) {
    const photo = await this.photos.content(auth, id, photoId);
    return storedFileHeaders(reply, photo, 'inline')
      .header('cache-control', 'private, no-store')
      .send(photo.content);
  }

  // ---- attestation ---------------------------------------------------------------------------

  /** An attestation's screenshot for staff, through the page session, so an auditor can replay the check. */
  @Allow('applications:read')
  @Get('permohonan/:id/atestasi/:attestationId')
  async screenshot(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('attestationId', ParseUUIDPipe) attestationId: string, @Res() reply: FastifyReply) {
    const shot = await this.attestations.screenshot(auth, id, attestationId);
    return storedFileHeaders(reply, shot, 'inline')
      .header('cache-control', 'private, no-store')
      .send(shot.content);
  }

  @Allow('applications:attest')
  @Get('permohonan/:id/atestasi')
  async attestForm(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query('aturan') rule: string | undefined, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const app = await this.applications.get(auth, id);
    if (!['submitted', 'field_verification', 'awaiting_approval'].includes(app.status)) return this.pages.redirect(reply, `/permohonan/${id}`);
    return this.showAttest(req, reply, app, { ruleId: rule ?? '', lookupUrl: '', lookedUpAt: '', observed: '' }, null, 200, flashText(flash, this.t(req)));
  }

  @Allow('applications:attest')
  @UploadForm()
  @Post('permohonan/:id/atestasi')
  async recordAttestation(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const app = await this.applications.get(auth, id);
    let upload: Upload;
    try {
      upload = await readUpload(req, this.config.UPLOAD_MAX_BYTES);
    } catch (err) {
      if (!(err instanceof AppError) || err.kind === 'forbidden') throw err;
      return this.showAttest(req, reply, app, { ruleId: '', lookupUrl: '', lookedUpAt: '', observed: '' }, { file: err.code }, 400, null);
    }
    assertCsrf(req, upload.fields._csrf);
    const values: AttestValues = {
      ruleId: str(upload.fields.ruleId),
      lookupUrl: str(upload.fields.lookupUrl),
      lookedUpAt: str(upload.fields.lookedUpAt),
      observed: str(upload.fields.observed),
    };
    let errors: FieldErrors | null = null;
    try {
      await this.attestations.record(auth, id, { fields: { ...values, lookedUpAt: wibInstant(values.lookedUpAt) }, file: chosen(upload.file) ? upload.file : null });
      return this.pages.redirect(reply, `/permohonan/${id}?flash=attestationRecorded`);
    } catch (err) {
      if (err instanceof AppError && STATE_CODES.includes(err.code)) errors = { _form: err.code };
      else {
        errors = fieldErrorsOf(err);
        if (!errors) throw err;
        // The file's problems belong beside the file input.
        if (errors._form) errors = { file: errors._form };
        // Field problems of ATTESTATION.INVALID are told per field, by the field's own words.
        if (err instanceof AppError && err.code === 'ATTESTATION.INVALID') errors = Object.fromEntries(Object.keys(errors).map((k) => [k, 'invalid']));
      }
    }
    return this.showAttest(req, reply, app, values, errors, 400, null);
  }

  private showAttest(req: WebRequest, reply: FastifyReply, app: ApplicationDetail, values: AttestValues, errors: FieldErrors | null, status: number, flash: string | null) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const shown = describeErrors(errors, t);
    const results = app.evaluation?.results ?? [];
    return this.pages.send(
      req,
      reply,
      'attestation',
      {
        title: 'attest.title',
        breadcrumbs: [{ href: `/permohonan/${app.id}`, label: app.reference }],
        flash,
        app: { id: app.id, reference: app.reference, outletName: app.outletName },
        values,
        errors: shown,
        fieldErrors: shown.byField,
        rules: {
          options: [
            { value: '', label: t('attest.rule'), selected: values.ruleId === '' },
            ...results.map((r) => ({ value: r.ruleId, label: `${r.title[locale]} (${t(`outcome.${r.outcome}`)})`, selected: r.ruleId === values.ruleId })),
          ],
          error: shown.byField.ruleId,
        },
        maxSize: formatBytes(this.config.UPLOAD_MAX_BYTES, locale),
        maxBytes: this.config.UPLOAD_MAX_BYTES,
        recorded: app.attestations.map((a) => ({
          rule: results.find((r) => r.ruleId === a.ruleId)?.title[locale] ?? a.ruleId,
          lookupUrl: a.lookupUrl,
          lookedUpAt: formatDateTime(a.lookedUpAt, locale),
          observed: a.observed,
          by: t('attest.by', { name: a.recordedBy.name, at: formatDateTime(a.recordedAt, locale) }),
          sha256: a.screenshot.sha256,
          screenshot: `/permohonan/${app.id}/atestasi/${a.id}`,
        })),
      },
      status,
    );
  }

  // ---- appeal decision -----------------------------------------------------------------------

  @Allow('appeals:decide')
  @Get('sanggahan/:id')
  async appeal(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.showAppeal(auth, id, req, reply, { outcome: '', reason: '' }, null);
  }

  @Allow('appeals:decide')
  @Post('sanggahan/:id')
  async decideAppeal(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const values = { outcome: str(body.outcome), reason: str(body.reason) };
    const { dto, errors: invalid } = await validateForm(DecideAppealDto, values);
    let errors = invalid;
    if (!errors) {
      try {
        const decided = await this.appeals.decide(auth, id, dto);
        return this.pages.redirect(reply, `/permohonan/${decided.applicationId}?flash=${decided.status === 'upheld' ? 'appealUpheld' : 'appealDismissed'}`);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === 'APPLICATION.SEPARATION_OF_DUTIES') return this.showAppeal(auth, id, req, reply, values, null, 403);
        if (err.kind === 'not_found' || err.kind === 'forbidden') throw err;
        errors = { _form: err.code };
      }
    }
    return this.showAppeal(auth, id, req, reply, values, errors, 400);
  }

  private async showAppeal(auth: AuthUser, id: string, req: WebRequest, reply: FastifyReply, values: { outcome: string; reason: string }, errors: FieldErrors | null, status = 200) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const a = await this.appeals.forReview(auth, id);
    const shown = describeErrors(errors, t);
    return this.pages.send(
      req,
      reply,
      'appeal-review',
      {
        title: 'appealReview.title',
        breadcrumbs: [{ href: `/permohonan/${a.applicationId}`, label: a.reference }],
        appeal: {
          id: a.id,
          applicationId: a.applicationId,
          reference: a.reference,
          outletName: a.outletName,
          reason: a.reason,
          filedAt: formatDateTime(a.filedAt, locale),
          status: a.status,
          statusText: t(`appealReview.status.${a.status}`),
          decisionReason: a.decisionReason,
          decidedAt: formatDateTime(a.decidedAt, locale),
        },
        rejection: a.rejection
          ? { by: t('appealReview.rejectedBy', { name: a.rejection.actorName, role: t(`role.${a.rejection.actorRole}`), at: formatDateTime(a.rejection.at, locale) }), reason: a.rejection.reason }
          : null,
        documents: a.documents.map((d) => ({ id: d.id, type: t(`documentType.${d.type}`), fileName: d.fileName, size: formatBytes(d.size, locale) })),
        open: a.status === 'filed',
        refusal: a.status === 'filed' && a.refusal ? t(`appealReview.duty.${a.refusal}`) : null,
        values,
        upheldChecked: values.outcome === 'upheld',
        dismissedChecked: values.outcome === 'dismissed',
        errors: shown,
        fieldErrors: shown.byField,
      },
      status,
    );
  }
}
