import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { ApplicationsService } from '../applications/applications.service';
import { Allow, Auth } from '../auth/access.decorator';
import { isStaff, roleHas, type AuthUser } from '../auth/permissions';
import { sendCertificatePdf } from '../certificates/certificate-download';
import { CertificateExportService } from '../certificates/certificate-export.service';
import { CertificateReviewsService } from '../certificates/certificate-reviews.service';
import { CertificateQueryDto, ExportQueryDto, ReviewDecisionDto, StatusReasonDto } from '../certificates/certificates.controller';
import { CERTIFICATE_STATUSES, CertificatesService, LIFECYCLE, type CertificateView, type LifecycleAction } from '../certificates/certificates.service';
import { AppError } from '../common/app-error';
import { setSignalCookie } from './cookies';
import { formatDate, formatDateTime } from './format';
import { describeErrors, str, validateForm, type FieldErrors } from './forms';
import type { FormValues } from './outlet-forms';
import { hasText } from './i18n';
import { PageResponder } from './page-responder';
import { flashText } from './session-pages.controller';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';
import { ruleMessageWords } from './requirement-words';

type T = (key: string, params?: Record<string, unknown>) => string;

/** The approver's three status changes, by the word each has in the address. */
export const STATUS_ACTIONS = {
  bekukan: { action: 'suspend', flash: 'suspended' },
  pulihkan: { action: 'reinstate', flash: 'reinstated' },
  cabut: { action: 'revoke', flash: 'revoked' },
} as const satisfies Record<string, { action: LifecycleAction; flash: string }>;
type StatusPath = keyof typeof STATUS_ACTIONS;

/** Messages after a certificate action (`?flash=`), in this area's part of the catalogue. */
export const CERT_FLASHES = ['suspended', 'reinstated', 'revoked', 'reviewKept', 'suspensionRequested'] as const;

/** The filter of the staff list by review flag, as the form words it. */
export const REVIEW_FILTERS = { perlu: { reviewNeeded: 'true' }, diminta: { suspensionRequested: 'true' }, tidak: { reviewNeeded: 'false' } } as const;

/** Form field -> the API query field it feeds (errors go back to the form field). */
const FILTER_FIELDS = { status: 'status', tahun: 'year', media: 'outlet', nomor: 'number', cursor: 'cursor', limit: 'limit' } as const;

const FILTER_ERRORS: Record<keyof typeof FILTER_FIELDS | 'tinjauan', string> = {
  status: 'CERTS.FILTER',
  tahun: 'CERTS.YEAR',
  media: 'CERTS.TEXT_FILTER',
  nomor: 'CERTS.TEXT_FILTER',
  cursor: 'CERTS.CURSOR',
  limit: 'CERTS.FILTER',
  tinjauan: 'CERTS.FILTER',
};

const PAGE_SIZE = 25;
/** The export's "it has started" signal: the random token the page script sent, echoed back. */
const EXPORT_COOKIE = 'mm_export';
const EXPORT_TOKEN = /^[A-Za-z0-9]{16,64}$/;

interface Problem {
  /** Said in words on the page: a stale state or a status that does not allow the action. */
  error?: string;
  errors?: FieldErrors | null;
  form?: { decision?: string; reason?: string };
}

/**
 * Certificates on pages. An applicant sees their own outlets' certificates (list, page, PDF, renew);
 * staff see the agency's, with filters, the re-validation flags and the history, and each role the
 * actions its permissions give: the approver suspends, reinstates and revokes (a reason, then a
 * confirmation step), the officer answers a review flag, the auditor exports the year's ZIP.
 */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class CertificatePagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly certificates: CertificatesService,
    private readonly reviews: CertificateReviewsService,
    private readonly exports: CertificateExportService,
    private readonly applications: ApplicationsService,
    private readonly agencies: AgenciesService,
  ) {}

  private t(req: WebRequest): T {
    return (key, params) => this.pages.t(req, key, params);
  }

  private flash(flash: string | undefined, t: T): string | null {
    return flash && (CERT_FLASHES as readonly string[]).includes(flash) ? t(`certs.flash.${flash}`) : flashText(flash, t);
  }

  @Allow('certificates:read')
  @Get('sertifikat')
  async certificateList(@Auth() auth: AuthUser, @Query() query: Record<string, unknown>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    if (!isStaff(auth)) return this.applicantList(auth, req, reply);
    return this.staffList(auth, query, req, reply, null);
  }

  /** The year's ZIP, the same archive as GET /api/certificates/export, downloaded with the page session. */
  @Allow('certificates:export')
  @Get('sertifikat/ekspor')
  async exportYear(@Auth() auth: AuthUser, @Query('tahun') tahun: unknown, @Query('unduh') token: unknown, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const { dto, errors } = await validateForm(ExportQueryDto, { year: typeof tahun === 'string' && tahun !== '' ? tahun : undefined });
    if (errors) return this.staffList(auth, {}, req, reply, { tahun: 'CERTS.YEAR' }, 400);
    const { stream, fileName } = await this.exports.exportYear(auth, dto.year);
    if (typeof token === 'string' && EXPORT_TOKEN.test(token)) setSignalCookie(reply, EXPORT_COOKIE, token, this.pages.cookieOptions().secure, 120);
    return reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(stream);
  }

  @Allow('certificates:read')
  @Get('sertifikat/:id')
  async certificate(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const c = await this.certificates.get(auth, id);
    if (!isStaff(auth)) return this.applicantCertificate(c, req, reply);
    return this.staffCertificate(auth, c, req, reply, { flash: this.flash(flash, this.t(req)) });
  }

  /** Renewal: a new application to the same agency for the same outlet, naming this certificate. */
  @Allow('applications:apply')
  @Post('sertifikat/:id/perpanjang')
  async renew(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    const c = await this.certificates.get(auth, id);
    try {
      const app = await this.applications.create(auth, { outletId: c.outletId, agencyId: c.agencyId, renewalOf: c.id });
      return this.pages.redirect(reply, `/permohonan/${app.id}?flash=applicationCreated`);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'APPLICATION.ALREADY_OPEN')) throw err;
      const open = (await this.applications.list(auth, { limit: 100 })).items.find(
        (a) => a.outletId === c.outletId && a.agencyId === c.agencyId && !['approved', 'rejected', 'withdrawn'].includes(a.status),
      );
      return this.pages.redirect(reply, open ? `/permohonan/${open.id}` : `/sertifikat/${id}`);
    }
  }

  /** The same stored bytes as the API's download, through the page session. */
  @Allow('certificates:read')
  @Get('sertifikat/:id/pdf')
  async pdf(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    return sendCertificatePdf(reply, await this.certificates.pdf(auth, id));
  }

  // ---- the approver: suspend, reinstate, revoke (a reason, then a confirmation step) ---------

  @Allow('certificates:manage')
  @Get('sertifikat/:id/bekukan')
  suspendForm(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.statusForm(auth, id, 'bekukan', req, reply);
  }

  @Allow('certificates:manage')
  @Post('sertifikat/:id/bekukan')
  suspend(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.statusChange(auth, id, 'bekukan', body, req, reply);
  }

  @Allow('certificates:manage')
  @Get('sertifikat/:id/pulihkan')
  reinstateForm(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.statusForm(auth, id, 'pulihkan', req, reply);
  }

  @Allow('certificates:manage')
  @Post('sertifikat/:id/pulihkan')
  reinstate(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.statusChange(auth, id, 'pulihkan', body, req, reply);
  }

  @Allow('certificates:manage')
  @Get('sertifikat/:id/cabut')
  revokeForm(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.statusForm(auth, id, 'cabut', req, reply);
  }

  @Allow('certificates:manage')
  @Post('sertifikat/:id/cabut')
  revoke(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.statusChange(auth, id, 'cabut', body, req, reply);
  }

  // ---- the officer: answer a re-validation flag -----------------------------------------------

  @Allow('certificates:review')
  @Post('sertifikat/:id/tinjau')
  async review(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const c = await this.certificates.get(auth, id);
    const form = { decision: str(body.decision), reason: str(body.reason) };
    const { dto, errors } = await validateForm(ReviewDecisionDto, form);
    if (errors) return this.staffCertificate(auth, c, req, reply, { errors: coded(errors, { decision: 'CERTS.DECISION', reason: 'CERTS.REASON' }), form }, 400);
    try {
      await this.reviews.decide(auth, id, dto.decision, dto.reason);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'CERTIFICATE.REVIEW_NOT_OPEN')) throw err;
      const requested = (err.errors as { review?: string } | undefined)?.review === 'suspension_requested';
      const now = await this.certificates.get(auth, id);
      return this.staffCertificate(auth, now, req, reply, { error: this.t(req)(requested ? 'certs.review.alreadyRequested' : 'certs.review.notOpen') }, 409);
    }
    return this.pages.redirect(reply, `/sertifikat/${id}?flash=${dto.decision === 'keep' ? 'reviewKept' : 'suspensionRequested'}`);
  }

  // ---- internals ------------------------------------------------------------------------------

  private async statusForm(auth: AuthUser, id: string, path: StatusPath, req: WebRequest, reply: FastifyReply) {
    const c = await this.certificates.get(auth, id);
    if (!allowedNow(path, c)) return this.pages.redirect(reply, `/sertifikat/${id}`);
    return this.showStatusForm(c, path, req, reply, { reason: '' }, null);
  }

  /**
   * Two steps on one address: with a valid reason and no `konfirmasi`, the page restates what will
   * happen and asks again; only the second post, carrying `konfirmasi=ya` and the status it was
   * shown, changes anything.
   */
  private async statusChange(auth: AuthUser, id: string, path: StatusPath, body: FormValues, req: WebRequest, reply: FastifyReply) {
    const t = this.t(req);
    const c = await this.certificates.get(auth, id);
    const rule = STATUS_ACTIONS[path];
    const form = { reason: str(body.reason) };
    const { dto, errors } = await validateForm(StatusReasonDto, form);
    if (errors) return this.showStatusForm(c, path, req, reply, form, coded(errors, { reason: 'CERTS.REASON' }), 400);
    if (!allowedNow(path, c)) {
      return this.staffCertificate(auth, c, req, reply, { error: t(`certs.action.notNow.${path}`, { status: t(`certStatus.${c.status}`) }) }, 409);
    }
    // "Change the reason" on the confirmation step comes back to the form with the reason kept.
    if (body.ubah === 'ya') return this.showStatusForm(c, path, req, reply, form, null);
    if (body.konfirmasi !== 'ya') return this.showConfirm(c, path, dto.reason, req, reply);
    const seen = str(body.seen);
    // The certificate changed between the confirmation and this post: ask again on what it is now.
    if (seen !== stateKey(c)) return this.staffCertificate(auth, c, req, reply, { error: t('certs.action.stale') }, 409);
    try {
      await this.certificates.changeStatus(auth, id, rule.action, dto.reason);
    } catch (err) {
      if (!(err instanceof AppError && (err.code === 'CERTIFICATE.STATUS_CONFLICT' || err.code === 'CERTIFICATE.EXPIRED'))) throw err;
      const now = await this.certificates.get(auth, id);
      const error = err.code === 'CERTIFICATE.EXPIRED' ? t('certs.action.expired') : t(`certs.action.notNow.${path}`, { status: t(`certStatus.${now.status}`) });
      return this.staffCertificate(auth, now, req, reply, { error }, 409);
    }
    return this.pages.redirect(reply, `/sertifikat/${id}?flash=${rule.flash}`);
  }

  private showStatusForm(c: CertificateView, path: StatusPath, req: WebRequest, reply: FastifyReply, form: { reason: string }, errors: FieldErrors | null, status = 200) {
    const t = this.t(req);
    const shown = describeErrors(errors, t);
    return this.pages.send(
      req,
      reply,
      'certificate-status',
      {
        title: `certs.action.title.${path}`,
        breadcrumbs: [
          { href: '/sertifikat', label: t('certificates.title') },
          { href: `/sertifikat/${c.id}`, label: c.number },
        ],
        cert: { id: c.id, number: c.number, outletName: c.outletName, statusText: t(`certStatus.${c.status}`) },
        heading: t(`certs.action.heading.${path}`, { number: c.number }),
        effect: t(`certs.action.effect.${path}`, { number: c.number }),
        action: `/sertifikat/${c.id}/${path}`,
        form,
        errors: shown,
        reasonError: shown.byField.reason ?? null,
        continueLabel: 'certs.action.continue',
      },
      status,
    );
  }

  private showConfirm(c: CertificateView, path: StatusPath, reason: string, req: WebRequest, reply: FastifyReply) {
    const t = this.t(req);
    return this.pages.send(req, reply, 'certificate-status-confirm', {
      title: `certs.action.confirmTitle.${path}`,
      breadcrumbs: [
        { href: '/sertifikat', label: t('certificates.title') },
        { href: `/sertifikat/${c.id}`, label: c.number },
      ],
      heading: t(`certs.action.confirmTitle.${path}`),
      question: t(`certs.action.confirm.${path}`, { number: c.number, outlet: c.outletName }),
      reason,
      action: `/sertifikat/${c.id}/${path}`,
      seen: stateKey(c),
      confirmLabel: `certs.action.confirmButton.${path}`,
      danger: path !== 'pulihkan',
      cancelHref: `/sertifikat/${c.id}`,
    });
  }

  private async staffList(auth: AuthUser, query: Record<string, unknown>, req: WebRequest, reply: FastifyReply, exportErrors: FieldErrors | null, status = 200) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const values = {
      status: str(query.status),
      tahun: str(query.tahun),
      media: str(query.media).trim(),
      nomor: str(query.nomor).trim(),
      tinjauan: str(query.tinjauan),
      cursor: str(query.cursor),
      // Rows per page: PAGE_SIZE unless the address asks otherwise, within the API's own bounds.
      limit: str(query.limit),
    };
    const apiQuery: Record<string, unknown> = {};
    for (const [field, apiField] of Object.entries(FILTER_FIELDS)) {
      const v = values[field as keyof typeof FILTER_FIELDS];
      if (v !== '') apiQuery[apiField] = v;
    }
    const filterErrors: FieldErrors = {};
    if (values.tinjauan !== '') {
      const review = (REVIEW_FILTERS as Record<string, Record<string, string>>)[values.tinjauan];
      if (review) Object.assign(apiQuery, review);
      else filterErrors.tinjauan = 'CERTS.FILTER';
    }
    let { dto, errors } = await validateForm(CertificateQueryDto, apiQuery);
    if (errors) {
      // Say which filter was refused, and list without it rather than show nothing.
      for (const [field, apiField] of Object.entries(FILTER_FIELDS)) {
        if (errors[apiField]) {
          filterErrors[field] = FILTER_ERRORS[field as keyof typeof FILTER_FIELDS];
          delete apiQuery[apiField];
        }
      }
      ({ dto, errors } = await validateForm(CertificateQueryDto, apiQuery));
      if (errors) throw new AppError('validation', 'VALIDATION.FAILED', 'Invalid filter', errors);
    }
    const page = await this.certificates.list(auth, { ...dto, limit: dto.limit ?? PAGE_SIZE }).catch(async (err: unknown) => {
      // A cursor of the right shape that this list never handed out: start again from the first page.
      if (!(err instanceof AppError && err.code === 'PAGINATION.BAD_CURSOR')) throw err;
      filterErrors.cursor = FILTER_ERRORS.cursor;
      return this.certificates.list(auth, { ...dto, cursor: undefined, limit: dto.limit ?? PAGE_SIZE });
    });
    const years = await this.certificates.issuedYears(auth);
    const shownFilterErrors = describeErrors(Object.keys(filterErrors).length ? filterErrors : null, t);
    const shownExportErrors = describeErrors(exportErrors, t);
    if (status === 200 && Object.keys(filterErrors).length > 0) status = 400;
    const filterParams = (extra: Record<string, string>) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...values, cursor: '', ...extra })) if (v !== '' && !filterErrors[k]) params.set(k, v);
      const s = params.toString();
      return `/sertifikat${s ? `?${s}` : ''}`;
    };
    const filtered = ['status', 'tahun', 'media', 'nomor', 'tinjauan'].some((k) => values[k as keyof typeof values] !== '');
    return this.pages.send(
      req,
      reply,
      'certificates-staff',
      {
        title: 'certificates.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
        errors: { list: [...shownFilterErrors.list.map((e) => ({ ...e, href: `#filter-${e.field}` })), ...shownExportErrors.list] },
        filterErrors: shownFilterErrors.byField,
        filters: {
          ...values,
          statusOptions: [{ value: '', label: t('certs.filter.anyStatus'), selected: values.status === '' }].concat(
            CERTIFICATE_STATUSES.map((s) => ({ value: s, label: t(`certStatus.${s}`), selected: values.status === s })),
          ),
          yearOptions: [{ value: '', label: t('certs.filter.anyYear'), selected: values.tahun === '' }].concat(
            years.map((y) => ({ value: String(y), label: String(y), selected: values.tahun === String(y) })),
          ),
          reviewOptions: [
            { value: '', label: t('certs.filter.anyReview'), selected: values.tinjauan === '' },
            ...Object.keys(REVIEW_FILTERS).map((k) => ({ value: k, label: t(`certs.filter.review.${k}`), selected: values.tinjauan === k })),
          ],
        },
        filtered,
        resetHref: '/sertifikat',
        certificates: page.items.map((c) => ({
          id: c.id,
          number: c.number,
          outletName: c.outletName,
          status: c.status,
          statusText: t(`certStatus.${c.status}`),
          validUntil: formatDate(c.validUntil, locale),
          issuedAt: formatDate(c.issuedAt, locale),
          review: c.reviewNeeded ? t(`certs.flag.${c.reviewNeeded.status}`) : null,
        })),
        nextHref: page.nextCursor ? filterParams({ cursor: page.nextCursor }) : null,
        firstHref: values.cursor ? filterParams({}) : null,
        canExport: roleHas(auth.role, 'certificates:export'),
        exportYears: years.map((y, i) => ({ value: String(y), label: String(y), selected: i === 0 })),
        exportError: shownExportErrors.byField.tahun ?? null,
      },
      status,
    );
  }

  private async staffCertificate(auth: AuthUser, c: CertificateView, req: WebRequest, reply: FastifyReply, extra: Problem & { flash?: string | null }, status = 200) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const history = await this.certificates.history(auth, c.id);
    const review = c.reviewNeeded;
    const request = review?.status === 'suspension_requested' ? [...history].reverse().find((h) => h.action === 'suspension_requested') : undefined;
    const canManage = roleHas(auth.role, 'certificates:manage');
    const shown = describeErrors(extra.errors ?? null, t);
    const form = { decision: extra.form?.decision ?? '', reason: extra.form?.reason ?? '' };
    return this.pages.send(
      req,
      reply,
      'certificate-staff',
      {
        title: 'certificate.title',
        breadcrumbs: [{ href: '/sertifikat', label: t('certificates.title') }],
        flash: extra.flash ?? null,
        problem: extra.error ?? null,
        errors: shown,
        cert: {
          id: c.id,
          number: c.number,
          outletName: c.outletName,
          status: c.status,
          statusText: t(`certStatus.${c.status}`),
          statusReason: c.statusReason,
          statusChangedAt: formatDateTime(c.statusChangedAt, locale),
          validRange: t('certificate.validRange', { from: formatDate(c.validFrom, locale), until: formatDate(c.validUntil, locale) }),
          issuedAt: formatDateTime(c.issuedAt, locale),
          verifyUrl: c.verifyUrl,
          verificationCode: c.verificationCode,
          sha256: c.pdfSha256,
          scanCount: c.scanCount,
          applicationId: c.applicationId,
          supersededBy: c.supersededBy,
          renewalOf: c.renewalOf,
        },
        review: review
          ? {
              requested: review.status === 'suspension_requested',
              statusText: t(`certs.flag.${review.status}`),
              flaggedAt: formatDateTime(review.flaggedAt, locale),
              reasons: review.reasons.map((r) => ruleMessageWords(r.message[locale], locale)),
              requestBy: request?.actorName ?? null,
              requestReason: review.suspensionRequestReason,
            }
          : null,
        canReview: roleHas(auth.role, 'certificates:review') && review?.status === 'open',
        reviewForm: {
          reason: form.reason,
          keep: form.decision === 'keep',
          suspend: form.decision === 'request_suspension',
          decisionError: shown.byField.decision ?? null,
          reasonError: shown.byField.reason ?? null,
        },
        actions: canManage
          ? (Object.keys(STATUS_ACTIONS) as StatusPath[])
              .filter((p) => allowedNow(p, c))
              .map((p) => ({ href: `/sertifikat/${c.id}/${p}`, label: t(`certs.action.button.${p}`), danger: p !== 'pulihkan' }))
          : [],
        history: [...history].reverse().map((h) => ({
          what: hasText(`certs.history.${h.action}`) ? t(`certs.history.${h.action}`) : h.action,
          who: h.actorName ? t('application.who', { name: h.actorName, role: t(`role.${h.actorRole}`) }) : t('certs.history.system'),
          at: formatDateTime(h.at, locale),
          reason: h.reason,
        })),
      },
      status,
    );
  }

  private async applicantList(auth: AuthUser, req: WebRequest, reply: FastifyReply) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const { items } = await this.certificates.list(auth, { limit: 200 });
    return this.pages.send(req, reply, 'certificates', {
      title: 'certificates.title',
      certificates: items.map((c) => ({
        id: c.id,
        number: c.number,
        outletName: c.outletName,
        status: c.status,
        statusText: t(`certStatus.${c.status}`),
        validUntil: formatDate(c.validUntil, locale),
        verifyUrl: c.verifyUrl,
      })),
    });
  }

  private async applicantCertificate(c: CertificateView, req: WebRequest, reply: FastifyReply) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const agency = await this.agencies.get(c.agencyId);
    return this.pages.send(req, reply, 'certificate', {
      title: 'certificate.title',
      breadcrumbs: [{ href: '/sertifikat', label: t('certificates.title') }],
      cert: {
        id: c.id,
        number: c.number,
        outletName: c.outletName,
        agency: agency.name,
        status: c.status,
        statusText: t(`certStatus.${c.status}`),
        statusReason: c.statusReason,
        validFrom: formatDate(c.validFrom, locale),
        validUntil: formatDate(c.validUntil, locale),
        verifyUrl: c.verifyUrl,
        verificationCode: c.verificationCode,
        sha256: c.pdfSha256,
        applicationId: c.applicationId,
      },
      canRenew: ['active', 'expired', 'suspended'].includes(c.status),
    });
  }
}

/** Whether the certificate's status allows this change now: the service's own table decides. */
const allowedNow = (path: StatusPath, c: CertificateView): boolean => (LIFECYCLE[STATUS_ACTIONS[path].action].from as readonly string[]).includes(c.status);

/** The form's errors under this area's codes (`err.CERTS.*`), so each says what to fix in these words. */
const coded = (errors: FieldErrors, codes: Record<string, string>): FieldErrors =>
  Object.fromEntries(Object.keys(errors).map((field) => [field, codes[field] ?? errors[field]]));

/** What the approver was shown: the status and when it last changed. */
const stateKey = (c: CertificateView): string => `${c.status}@${c.statusChangedAt ?? ''}`;
