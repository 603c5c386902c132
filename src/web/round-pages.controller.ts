import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { Allow, Auth } from '../auth/access.decorator';
import { roleHas, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { AppealsService } from '../rounds/appeals.service';
import { IntakeDto, RoundDto, UpdateRoundDto } from '../rounds/dto/round.dto';
import type { AnnouncementKind } from '../rounds/registration-round.entity';
import { RoundsService, type RoundView } from '../rounds/rounds.service';
import { formatDate, formatDateTime } from './format';
import { str, validateForm, type FieldErrors, type ShownError } from './forms';
import { PageResponder } from './page-responder';
import { fieldId } from './view-renderer';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

type T = (key: string, params?: Record<string, unknown>) => string;

const FLASHES = ['created', 'saved', 'intakeChanged', 'provisionalPublished', 'finalPublished'] as const;

const DATE_FIELDS = ['registrationOpensOn', 'registrationClosesOn', 'verificationUntil', 'provisionalAnnouncementOn', 'appealOpensOn', 'appealClosesOn', 'finalAnnouncementOn'] as const;
const FIELDS = ['budgetYear', 'name', ...DATE_FIELDS, 'validity', 'validityMonths'] as const;
type RoundForm = Record<(typeof FIELDS)[number] | 'version', string>;

const kindOf = (value: string): AnnouncementKind => {
  if (value === 'sementara') return 'provisional';
  if (value === 'akhir') return 'final';
  throw new AppError('not_found', 'ANNOUNCEMENT.NOT_FOUND', 'An announcement is provisional (sementara) or final (akhir)');
};
const slugOf = (kind: AnnouncementKind) => (kind === 'provisional' ? 'sementara' : 'akhir');

/** The form as the API's DTO reads it: blank optional dates are "none", months only when chosen. */
function roundInput(f: RoundForm): Record<string, unknown> {
  const months = f.validityMonths.trim();
  return {
    budgetYear: f.budgetYear.trim(),
    name: f.name,
    ...Object.fromEntries(DATE_FIELDS.map((k) => [k, f[k].trim() === '' ? (k.startsWith('appeal') ? null : '') : f[k].trim()])),
    validityMonths: f.validity === 'months' ? (/^\d{1,3}$/.test(months) ? Number(months) : months) : null,
  };
}

function formOf(body: Record<string, unknown>): RoundForm {
  const form = Object.fromEntries([...FIELDS, 'version'].map((k) => [k, str(body[k])])) as RoundForm;
  if (form.validity !== 'months') form.validity = 'year_end';
  return form;
}

function formFromRound(r: RoundView): RoundForm {
  return {
    budgetYear: String(r.budgetYear),
    name: r.name,
    ...Object.fromEntries(DATE_FIELDS.map((k) => [k, r[k] ?? ''])),
    validity: r.validityMonths === null ? 'year_end' : 'months',
    validityMonths: r.validityMonths === null ? '' : String(r.validityMonths),
    version: String(r.version),
  } as RoundForm;
}

/**
 * Registration rounds: the list and the agency's intake, creating and editing a round's dates
 * (admin), publishing its provisional and final results (approver), and its appeals. Thin: the
 * rounds API's DTOs and services decide everything.
 */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class RoundPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly rounds: RoundsService,
    private readonly appeals: AppealsService,
    private readonly agencies: AgenciesService,
  ) {}

  private t(req: WebRequest): T {
    return (key, params) => this.pages.t(req, key, params);
  }

  private flash(flash: string | undefined, t: T): string | null {
    return flash && (FLASHES as readonly string[]).includes(flash) ? t(`rounds.flash.${flash}`) : null;
  }

  // ---- the list and the intake -----------------------------------------------------------

  @Allow('applications:read')
  @Get('periode')
  async list(@Auth() auth: AuthUser, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const rounds = await this.rounds.list(auth, auth.agencyId ?? '');
    const { intake } = await this.rounds.publicRounds(auth.agencyId!);
    const canManage = roleHas(auth.role, 'rounds:manage');
    return this.pages.send(req, reply, 'rounds', {
      title: 'rounds.title',
      breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
      flash: this.flash(flash, t),
      canManage,
      intake: {
        text: t(`rounds.intake.${intake}`),
        options: (['all_year', 'rounds'] as const).map((v) => ({ value: v, label: t(`rounds.intakeOption.${v}`), checked: v === intake })),
      },
      rounds: rounds.map((r) => ({
        id: r.id,
        name: r.name,
        budgetYear: r.budgetYear,
        registration: t('rounds.range', { from: formatDate(r.registrationOpensOn, locale), to: formatDate(r.registrationClosesOn, locale) }),
        provisional: formatDate(r.provisionalAnnouncementOn, locale),
        appeal: r.appealOpensOn && r.appealClosesOn ? t('rounds.range', { from: formatDate(r.appealOpensOn, locale), to: formatDate(r.appealClosesOn, locale) }) : t('rounds.noAppeal'),
        final: formatDate(r.finalAnnouncementOn, locale),
        phase: r.phase,
        phaseText: t(`rounds.phase.${r.phase}`),
      })),
    });
  }

  @Allow('rounds:manage')
  @Post('periode/penerimaan')
  async setIntake(@Auth() auth: AuthUser, @Body() body: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { dto, errors } = await validateForm(IntakeDto, { intake: str(body.intake) });
    if (errors) throw new AppError('validation', 'ROUND.BAD_INTAKE', 'Intake is all_year or rounds', { intake: 'isIn' });
    await this.rounds.setIntake(auth, auth.agencyId!, dto);
    return this.pages.redirect(reply, '/periode?flash=intakeChanged');
  }

  // ---- create and edit -------------------------------------------------------------------

  @Allow('rounds:manage')
  @Get('periode/baru')
  newRound(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const form = formOf({});
    return this.showForm(req, reply, null, form, null);
  }

  @Allow('rounds:manage')
  @Post('periode/baru')
  async create(@Auth() auth: AuthUser, @Body() body: Record<string, unknown>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const form = formOf(body);
    const { dto, errors } = await validateForm(RoundDto, roundInput(form));
    if (errors) return this.showForm(req, reply, null, form, errors, 400);
    try {
      const round = await this.rounds.create(auth, auth.agencyId!, dto);
      return this.pages.redirect(reply, `/periode/${round.id}?flash=created`);
    } catch (err) {
      const shown = this.serviceErrors(err);
      if (!shown) throw err;
      return this.showForm(req, reply, null, form, shown, (err as AppError).status);
    }
  }

  @Allow('applications:read')
  @Get('periode/:id')
  async show(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const round = await this.rounds.get(auth, auth.agencyId ?? '', id);
    return this.showForm(req, reply, { auth, round, flash }, formFromRound(round), null);
  }

  @Allow('rounds:manage')
  @Post('periode/:id')
  async update(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const round = await this.rounds.get(auth, auth.agencyId!, id);
    const form = formOf(body);
    const { dto, errors } = await validateForm(UpdateRoundDto, { ...roundInput(form), version: Number(form.version) });
    if (errors) return this.showForm(req, reply, { auth, round }, form, errors, 400);
    try {
      await this.rounds.update(auth, auth.agencyId!, id, dto);
      return this.pages.redirect(reply, `/periode/${id}?flash=saved`);
    } catch (err) {
      const shown = this.serviceErrors(err);
      if (!shown) throw err;
      // A stale version: show the round as it is now, with what was typed, and say so.
      const fresh = (err as AppError).code === 'ROUND.STALE_VERSION' ? await this.rounds.get(auth, auth.agencyId!, id) : round;
      return this.showForm(req, reply, { auth, round: fresh }, { ...form, version: String(fresh.version) }, shown, (err as AppError).status);
    }
  }

  // ---- announcements ---------------------------------------------------------------------

  /** The confirmation step: what publishing does, before it is done. */
  @Allow('rounds:announce')
  @Get('periode/:id/umumkan/:kind')
  async confirmAnnounce(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('kind') slug: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const kind = kindOf(slug);
    const round = await this.rounds.get(auth, auth.agencyId!, id);
    const t = this.t(req);
    return this.pages.send(req, reply, 'round-announce', {
      title: `rounds.announce.${kind}.title`,
      breadcrumbs: [{ href: '/periode', label: t('rounds.title') }, { href: `/periode/${id}`, label: round.name }],
      round: { id, name: round.name },
      bodyKey: `rounds.announce.${kind}.body`,
      confirmKey: `rounds.announce.${kind}.confirm`,
      slug: slugOf(kind),
      errors: { list: [], byField: {} },
    });
  }

  @Allow('rounds:announce')
  @Post('periode/:id/umumkan/:kind')
  async announce(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('kind') slug: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const kind = kindOf(slug);
    try {
      await this.rounds.announce(auth, auth.agencyId!, id, kind);
    } catch (err) {
      if (!(err instanceof AppError) || !['conflict', 'unprocessable'].includes(err.kind)) throw err;
      const round = await this.rounds.get(auth, auth.agencyId!, id);
      return this.showForm(req, reply, { auth, round }, formFromRound(round), { _announce: err.code }, err.status);
    }
    return this.pages.redirect(reply, `/periode/${id}?flash=${kind}Published`);
  }

  // ---- rendering -------------------------------------------------------------------------

  /** A service refusal that belongs beside fields or at the top of the form; null for anything else. */
  private serviceErrors(err: unknown): FieldErrors | null {
    if (!(err instanceof AppError)) return null;
    if (err.code === 'ROUND.DATES_OUT_OF_ORDER') return Object.fromEntries(Object.keys(err.errors ?? {}).map((k) => [k, `order.${k}`]));
    if (err.code === 'ROUND.OVERLAPS') return { registrationOpensOn: 'overlaps' };
    if (['ROUND.STALE_VERSION', 'ROUND.FINAL_PUBLISHED'].includes(err.code)) return { _form: err.code };
    return null;
  }

  /** Field -> message: the API's constraint failures by field, its date-order problems, its refusals. */
  private describe(errors: FieldErrors | null, t: T): { list: ShownError[]; byField: Record<string, string> } {
    const list: ShownError[] = [];
    const byField: Record<string, string> = {};
    for (const [field, kind] of Object.entries(errors ?? {})) {
      const message =
        field === '_form' || field === '_announce'
          ? t(`rounds.err.${kind}`)
          : kind.startsWith('order.') || kind === 'overlaps'
            ? t(`rounds.err.${kind}`)
            : t(`rounds.err.field.${field === 'validityMonths' ? 'validityMonths' : (DATE_FIELDS as readonly string[]).includes(field) ? 'date' : field}`);
      byField[field] = message;
      list.push({ field, href: field.startsWith('_') ? '#main' : `#${fieldId(field)}`, message });
    }
    return { list, byField };
  }

  /** The new-round form, or a round's page (with the edit form for its admin). */
  private async showForm(
    req: WebRequest,
    reply: FastifyReply,
    existing: { auth: AuthUser; round: RoundView; flash?: string } | null,
    form: RoundForm,
    errors: FieldErrors | null,
    status = 200,
  ) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const described = this.describe(errors, t);
    const field = (name: (typeof FIELDS)[number], extra: Record<string, unknown> = {}) => ({ name, value: form[name], error: described.byField[name] ?? null, ...extra });
    const fields = {
      budgetYear: field('budgetYear', { inputmode: 'numeric' }),
      name: field('name'),
      ...Object.fromEntries(DATE_FIELDS.map((k) => [k, field(k, { type: 'date' })])),
      validityMonths: field('validityMonths', { inputmode: 'numeric' }),
    };
    const validity = {
      error: described.byField.validityMonths ?? null,
      options: (['year_end', 'months'] as const).map((v) => ({ value: v, id: `validity-${v}`, label: t(`rounds.validity.${v}`), checked: form.validity === v })),
    };
    if (!existing) {
      return this.pages.send(
        req,
        reply,
        'round-form',
        { title: 'rounds.newTitle', breadcrumbs: [{ href: '/periode', label: t('rounds.title') }], errors: described, action: '/periode/baru', submitLabel: 'rounds.create', f: fields, validity, version: null },
        status,
      );
    }
    const { auth, round } = existing;
    const canManage = roleHas(auth.role, 'rounds:manage') && round.closedAt === null;
    const canAnnounce = roleHas(auth.role, 'rounds:announce');
    const published = new Set(round.announcements.map((a) => a.kind));
    const agency = (await this.agencies.list()).find((a) => a.id === round.agencyId);
    const appeals = await this.appeals.listForRound(auth, round.agencyId, round.id);
    const day = (d: string | null) => (d ? formatDate(d, locale) : t('rounds.noAppeal'));
    return this.pages.send(
      req,
      reply,
      'round',
      {
        title: 'rounds.roundTitle',
        heading: round.name,
        breadcrumbs: [{ href: '/periode', label: t('rounds.title') }],
        flash: this.flash(existing.flash, t),
        errors: described,
        round: {
          id: round.id,
          name: round.name,
          phase: round.phase,
          phaseText: t(`rounds.phase.${round.phase}`),
          rows: [
            ['rounds.budgetYear', String(round.budgetYear)],
            ['rounds.registration', t('rounds.range', { from: formatDate(round.registrationOpensOn, locale), to: formatDate(round.registrationClosesOn, locale) })],
            ['rounds.verificationUntil', formatDate(round.verificationUntil, locale)],
            ['rounds.provisionalAnnouncementOn', formatDate(round.provisionalAnnouncementOn, locale)],
            ['rounds.appeal', round.appealOpensOn && round.appealClosesOn ? t('rounds.range', { from: day(round.appealOpensOn), to: day(round.appealClosesOn) }) : t('rounds.noAppeal')],
            ['rounds.finalAnnouncementOn', formatDate(round.finalAnnouncementOn, locale)],
            ['rounds.certificateValidity', round.validityMonths === null ? t('rounds.validUntilYearEnd', { year: round.budgetYear }) : t('rounds.validMonths', { months: round.validityMonths })],
          ].map(([label, value]) => ({ label, value })),
        },
        announcements: round.announcements.map((a) => ({
          kindText: t(`rounds.announcement.${a.kind}`),
          publishedAt: formatDateTime(a.publishedAt, locale),
          sha256: a.pdfSha256,
          pdfUrl: a.pdfUrl,
          listUrl: agency ? `/instansi/${encodeURIComponent(agency.code)}/pengumuman/${round.id}` : `/api/public/rounds/${round.id}/announcements`,
        })),
        publicPage: agency ? `/instansi/${agency.code}` : null,
        announce: canAnnounce
          ? (['provisional', 'final'] as const)
              .filter((k) => !published.has(k) && round.closedAt === null && (k === 'provisional' || published.has('provisional')))
              .map((k) => ({ href: `/periode/${round.id}/umumkan/${slugOf(k)}`, label: t(`rounds.announce.${k}.button`) }))
          : [],
        appeals: appeals.map((a) => ({
          id: a.id,
          reference: a.reference,
          outletName: a.outletName,
          status: a.status,
          statusText: t(`rounds.appealStatus.${a.status}`),
          filedAt: formatDateTime(a.filedAt, locale),
        })),
        hasAppealWindow: round.appealOpensOn !== null,
        edit: canManage ? { action: `/periode/${round.id}`, submitLabel: 'rounds.save', f: fields, validity, version: form.version } : null,
      },
      status,
    );
  }
}
