import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isCalendarDate } from '../agencies/agency-settings';
import { AuditService, type AuditEventView, type AuditQuery } from '../audit/audit.service';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { encodeCursor } from '../common/pagination';
import { addDays } from '../common/wib-calendar';
import { UsersService } from '../users/users.service';
import { auditActionWords, auditEventWords } from './audit-words';
import { formatDateTime } from './format';
import { describeErrors, type FieldErrors } from './forms';
import { hasText } from './i18n';
import { PageResponder } from './page-responder';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

/** The trail's filters as the page's address carries them (Indonesian names, like the other pages). */
export interface TrailFilters {
  aksi: string;
  pelaku: string;
  jenis: string;
  rekaman: string;
  dari: string;
  sampai: string;
}

const FILTER_NAMES = ['aksi', 'pelaku', 'jenis', 'rekaman', 'dari', 'sampai'] as const;
const ENTITY_TYPES = ['application', 'certificate', 'outlet', 'user', 'agency', 'round', 'policy', 'outbox'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Records a staff page shows to every staff role (applications:read, certificates:read), by the kind of entity an event names. */
const RECORD_PAGES: Record<string, (id: string) => string> = {
  application: (id) => `/permohonan/${id}`,
  certificate: (id) => `/sertifikat/${id}`,
  round: (id) => `/periode/${id}`,
};

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function trailFilters(raw: Record<string, unknown>): TrailFilters {
  return {
    aksi: text(raw.aksi, 80),
    pelaku: text(raw.pelaku, 80),
    jenis: text(raw.jenis, 40),
    rekaman: text(raw.rekaman, 80),
    dari: text(raw.dari, 10),
    sampai: text(raw.sampai, 10),
  };
}

/**
 * The API's audit query for the page's filters. Dates are whole WIB days: from the start of `dari`
 * to the end of `sampai` (the API's `to` is exclusive, so the start of the next day).
 */
export function trailQuery(f: TrailFilters): { query: AuditQuery; errors: FieldErrors | null } {
  const errors: FieldErrors = {};
  const query: AuditQuery = {};
  if (f.aksi) query.action = f.aksi;
  if (f.jenis) query.entityType = f.jenis;
  if (f.rekaman) query.entityId = f.rekaman;
  if (f.pelaku) {
    if (UUID.test(f.pelaku)) query.actorId = f.pelaku;
    else errors.pelaku = 'AUDIT_PAGE.ACTOR';
  }
  for (const [field, value] of [['dari', f.dari], ['sampai', f.sampai]] as const) {
    if (value && !isCalendarDate(value)) errors[field] = 'AUDIT_PAGE.DATE';
  }
  if (!errors.dari && f.dari) query.from = `${f.dari}T00:00:00+07:00`;
  if (!errors.sampai && f.sampai) query.to = `${addDays(f.sampai, 1)}T00:00:00+07:00`;
  if (query.from && query.to && f.dari > f.sampai) errors.sampai = 'AUDIT_PAGE.RANGE';
  return { query, errors: Object.keys(errors).length ? errors : null };
}

const searchOf = (f: TrailFilters, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (f[name]) params.set(name, f[name]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
};

/** The auditor's (and admin's) audit trail: filters, pages, the CSV of the same filter, and the chain check. */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class AuditPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  @Allow('audit:read')
  @Get('audit')
  async trail(@Auth() auth: AuthUser, @Query() raw: Record<string, unknown>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = (key: string, params?: Record<string, unknown>) => this.pages.t(req, key, params);
    const locale = this.pages.locale(req);
    const filters = trailFilters(raw);
    const { query, errors } = trailQuery(filters);
    const cursor = typeof raw.kursor === 'string' && raw.kursor ? raw.kursor : undefined;
    const page = errors ? { items: [] as AuditEventView[], nextCursor: null } : await this.audit.list(auth, { ...query, cursor, limit: 50 });
    const [labels, actions, staff] = await Promise.all([this.audit.labels(auth, page.items), this.audit.actions(auth), this.users.listStaff(auth, auth.agencyId!)]);
    const actionText = (action: string, entityType = '') => auditActionWords(action, entityType, t);
    const actorOptions = staff.map((u) => ({ value: u.id, label: `${u.name} (${t(`role.${u.role}`)})` }));
    if (filters.pelaku && !actorOptions.some((o) => o.value === filters.pelaku)) {
      actorOptions.push({ value: filters.pelaku, label: labels.actors.get(filters.pelaku) ?? filters.pelaku });
    }
    const option = (selected: string) => (o: { value: string; label: string }) => ({ ...o, selected: o.value === selected });
    const described = describeErrors(errors, t);
    const roleText = (role: string | null) => (role && hasText(`role.${role}`) ? t(`role.${role}`) : t('audit.system'));
    return this.pages.send(
      req,
      reply,
      'audit',
      {
        title: 'audit.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
        errors: described,
        filtered: FILTER_NAMES.some((n) => filters[n]),
        f: {
          aksi: { name: 'aksi', label: 'audit.filter.action', options: [{ value: '', label: t('audit.filter.any') }, ...actions.map((a) => ({ value: a, label: actionText(a, a.split('.')[0]) }))].map(option(filters.aksi)) },
          pelaku: { name: 'pelaku', label: 'audit.filter.actor', error: described.byField.pelaku ?? null, options: [{ value: '', label: t('audit.filter.anyone') }, ...actorOptions].map(option(filters.pelaku)) },
          jenis: { name: 'jenis', label: 'audit.filter.entityType', options: [{ value: '', label: t('audit.filter.any') }, ...ENTITY_TYPES.map((e) => ({ value: e, label: t(`audit.entity.${e}`) }))].map(option(filters.jenis)) },
          rekaman: { name: 'rekaman', label: 'audit.filter.entityId', optional: true, value: filters.rekaman, error: null },
          dari: { name: 'dari', label: 'audit.filter.from', type: 'date', optional: true, value: filters.dari, error: described.byField.dari ?? null },
          sampai: { name: 'sampai', label: 'audit.filter.to', type: 'date', optional: true, value: filters.sampai, error: described.byField.sampai ?? null },
        },
        exportHref: `/audit/ekspor${searchOf(filters)}`,
        firstHref: cursor ? `/audit${searchOf(filters)}` : null,
        nextHref: page.nextCursor ? `/audit${searchOf(filters, { kursor: page.nextCursor })}` : null,
        events: page.items.map((e) => {
          const record = e.entityId ? labels.records.get(`${e.entityType}:${e.entityId}`) : undefined;
          const href = e.entityId && record && RECORD_PAGES[e.entityType] ? RECORD_PAGES[e.entityType](e.entityId) : null;
          return {
            id: e.id,
            at: formatDateTime(e.createdAt, locale),
            actor: e.actorId ? (labels.actors.get(e.actorId) ?? t('audit.unknownActor')) : t('audit.system'),
            actorHref: e.actorId ? `/audit${searchOf({ ...filters, pelaku: e.actorId })}` : null,
            role: roleText(e.actorRole),
            action: actionText(e.action, e.entityType),
            // In words from the event's data; the stored English summary stays for the CSV and the chain.
            words: auditEventWords(e, t),
            entity: hasText(`audit.entity.${e.entityType}`) ? t(`audit.entity.${e.entityType}`) : e.entityType,
            record: record ?? null,
            recordHref: href,
            historyHref: e.entityId ? `/audit${searchOf({ ...filters, jenis: e.entityType, rekaman: e.entityId })}` : null,
          };
        }),
      },
      errors ? 400 : 200,
    );
  }

  @Allow('audit:read')
  @Get('audit/ekspor')
  async export(@Auth() auth: AuthUser, @Query() raw: Record<string, unknown>, @Res() reply: FastifyReply) {
    const { query, errors } = trailQuery(trailFilters(raw));
    // The form shows the same errors on the trail page; a hand-made export address gets them there.
    if (errors) return this.pages.redirect(reply, `/audit${searchOf(trailFilters(raw))}`);
    const csv = await this.audit.exportCsv(auth, query);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="jejak-audit.csv"')
      .header('cache-control', 'no-store')
      .send(csv);
  }

  @Allow('audit:read')
  @Get('audit/verifikasi')
  async verify(@Auth() auth: AuthUser, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = (key: string, params?: Record<string, unknown>) => this.pages.t(req, key, params);
    const locale = this.pages.locale(req);
    const verdict = await this.audit.verifyAgency(auth.agencyId!);
    const broken = verdict.firstBroken;
    const action = broken?.action ? auditActionWords(broken.action, broken.action.split('.')[0], t) : null;
    return this.pages.send(req, reply, 'audit-verify', {
      title: 'audit.verify.title',
      breadcrumbs: [{ href: '/audit', label: t('audit.title') }],
      ok: verdict.ok,
      checked: t('audit.verify.checked', { n: verdict.events.toLocaleString(locale === 'id' ? 'id-ID' : 'en-GB') }),
      broken: broken
        ? {
            what: broken.id
              ? t('audit.verify.brokenEvent', { id: broken.id, seq: broken.seq, at: formatDateTime(broken.createdAt, locale), action: action ?? '' })
              : t('audit.verify.brokenTail', { seq: broken.seq }),
            problem: t(`audit.verify.problem.${broken.problem}`),
            // The trail from this event back: the page's cursor starts below the id it carries.
            href: broken.id ? `/audit?kursor=${encodeCursor([String(BigInt(broken.id) + 1n)])}` : null,
          }
        : null,
    });
  }
}

