import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { PublishPolicyDto } from '../requirements/policies.controller';
import { PoliciesService, type PolicyHistoryEntry } from '../requirements/policies.service';
import { diffPacks, diffValueText, type ValueChange } from '../requirements/policy-diff';
import { validatePolicyPack, type PolicyPack, type RuleConfig } from '../requirements/policy-pack';
import { formatDate, formatDateTime } from './format';
import { str, validateForm, type ShownError } from './forms';
import type { Locale } from './i18n';
import { PageResponder } from './page-responder';
import { describeRule } from './requirement-words';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';
import { fieldId } from './view-renderer';

type T = (key: string, params?: Record<string, unknown>) => string;

const FLASHES = ['published'] as const;

/** What the admin typed, kept when the page comes back with errors. */
interface PolicyForm {
  shippedPack: string;
  shippedNote: string;
  /** Empty: the page fills in the pack in force, to edit from. */
  packJson: string;
  jsonNote: string;
}

/** Errors of the two forms, each shown in the summary and beside its field. */
interface PolicyErrors {
  list: ShownError[];
  /** Field name -> messages (a pasted pack can have many). */
  byField: Record<string, string[]>;
}

/** The pack as the admin would write it: fields in the validator's order (storage sorts JSON keys by length). */
function editableJson(pack: PolicyPack): string {
  const read = validatePolicyPack(pack);
  return JSON.stringify(read.ok ? read.pack : pack, null, 2);
}

/**
 * The admin's requirement policy: the pack in force in words, switching to a shipped pack or a
 * pasted one (validated by the same service the API uses, errors by field path), the version
 * history, and what changed between two versions.
 */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class PolicyPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly policies: PoliciesService,
  ) {}

  @Allow('policy:manage')
  @Get('admin/kebijakan')
  async show(
    @Auth() auth: AuthUser,
    @Query('dari') from: string | undefined,
    @Query('ke') to: string | undefined,
    @Query('flash') flash: string | undefined,
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.render(auth, req, reply, { from, to, flash });
  }

  @Allow('policy:manage')
  @Post('admin/kebijakan/paket')
  async chooseShipped(@Auth() auth: AuthUser, @Body() body: Record<string, unknown>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const form: PolicyForm = { shippedPack: str(body.shippedPack), shippedNote: str(body.note), packJson: '', jsonNote: '' };
    return this.publish(auth, req, reply, form, { shippedPack: form.shippedPack, ...(form.shippedNote.trim() ? { note: form.shippedNote } : {}) }, 'shippedPack');
  }

  @Allow('policy:manage')
  @Post('admin/kebijakan/json')
  async pasteJson(@Auth() auth: AuthUser, @Body() body: Record<string, unknown>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const form: PolicyForm = { shippedPack: '', shippedNote: '', packJson: str(body.packJson), jsonNote: str(body.jsonNote) };
    const t = this.t(req);
    if (form.packJson.trim() === '') return this.render(auth, req, reply, { form, errors: this.errors(t, { packJson: [t('policy.err.jsonEmpty')] }), status: 400 });
    let pack: unknown;
    try {
      pack = JSON.parse(form.packJson);
    } catch (err) {
      return this.render(auth, req, reply, { form, errors: this.errors(t, { packJson: [t('policy.err.jsonSyntax', { detail: (err as Error).message })] }), status: 400 });
    }
    if (typeof pack !== 'object' || pack === null || Array.isArray(pack)) {
      return this.render(auth, req, reply, { form, errors: this.errors(t, { packJson: [t('policy.err.jsonNotObject')] }), status: 400 });
    }
    return this.publish(auth, req, reply, form, { pack: pack as Record<string, unknown>, ...(form.jsonNote.trim() ? { note: form.jsonNote } : {}) }, 'packJson');
  }

  private t(req: WebRequest): T {
    return (key, params) => this.pages.t(req, key, params);
  }

  /** The API's DTO, then the API's service: a page never accepts a pack the API refuses. */
  private async publish(auth: AuthUser, req: WebRequest, reply: FastifyReply, form: PolicyForm, input: Record<string, unknown>, field: 'shippedPack' | 'packJson') {
    const t = this.t(req);
    const noteField = field === 'packJson' ? 'jsonNote' : 'note';
    const { dto, errors } = await validateForm(PublishPolicyDto, input);
    if (errors) {
      const byField: Record<string, string[]> = {};
      for (const key of Object.keys(errors)) (byField[key === 'note' ? noteField : field] ??= []).push(t(key === 'note' ? 'policy.err.note' : 'policy.err.choose'));
      return this.render(auth, req, reply, { form, errors: this.errors(t, byField), status: 400 });
    }
    try {
      await this.policies.publish(auth, auth.agencyId!, dto);
    } catch (err) {
      if (!(err instanceof AppError) || !err.errors || !['validation', 'unprocessable'].includes(err.kind)) throw err;
      const messages = Object.entries(err.errors).map(([path, message]) =>
        err.code === 'POLICY.INVALID' ? `${path.replace(/^pack\.?/, '') || 'pack'}: ${String(message)}` : t(`policy.err.${err.code === 'POLICY.UNKNOWN_SHIPPED_PACK' ? 'choose' : 'invalid'}`),
      );
      return this.render(auth, req, reply, { form, errors: this.errors(t, { [field]: messages }), status: err.status });
    }
    return this.pages.redirect(reply, '/admin/kebijakan?flash=published');
  }

  private errors(t: T, byField: Record<string, string[]>): PolicyErrors {
    const list = Object.entries(byField).flatMap(([field, messages]) => messages.map((message) => ({ field, href: `#${fieldId(field)}`, message })));
    return { list, byField };
  }

  private async render(
    auth: AuthUser,
    req: WebRequest,
    reply: FastifyReply,
    opts: { from?: string; to?: string; flash?: string; form?: PolicyForm; errors?: PolicyErrors; status?: number },
  ) {
    const t = this.t(req);
    const locale = this.pages.locale(req);
    const agencyId = auth.agencyId!;
    const view = await this.policies.view(agencyId);
    const history = await this.policies.history(auth, agencyId);
    const current = view.current;
    const shipped = this.policies.shippedPacks();
    const form: PolicyForm = opts.form ?? { shippedPack: '', shippedNote: '', packJson: '', jsonNote: '' };
    const versions = history.map((v) => v.version);
    const older = history[1]?.version;
    const pick = (raw: string | undefined, fallback: number | undefined) => {
      const n = Number(raw);
      return versions.includes(n) ? n : fallback;
    };
    const fromVersion = pick(opts.from, older);
    const toVersion = pick(opts.to, current.version);
    const diffAsked = opts.from !== undefined || opts.to !== undefined;
    const byVersion = new Map(history.map((v) => [v.version, v]));
    const diff = diffAsked && fromVersion !== undefined && toVersion !== undefined ? this.diffModel(byVersion.get(fromVersion)!, byVersion.get(toVersion)!, locale, t) : null;
    const fieldErrors = opts.errors?.byField ?? {};
    return this.pages.send(
      req,
      reply,
      'policy',
      {
        title: 'policy.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
        flash: opts.flash && (FLASHES as readonly string[]).includes(opts.flash) ? t(`policy.flash.${opts.flash}`) : null,
        errors: opts.errors ?? { list: [], byField: {} },
        current: {
          name: current.pack.name,
          source: current.pack.source,
          version: current.version,
          effectiveFrom: formatDate(current.effectiveFrom, locale),
          unverified: current.pack.rules.filter((r) => !r.citationVerified).length,
          grades: current.pack.grading?.grades.map((g) => ({ grade: g.grade, status: t(`pressCouncil.${g.minStatus}`) })) ?? [],
          rules: current.pack.rules.map((r) => this.ruleModel(r, locale, t)),
        },
        shipped: {
          name: 'shippedPack',
          error: fieldErrors.shippedPack ?? null,
          options: [
            { value: '', label: t('policy.choosePack'), selected: form.shippedPack === '' },
            ...shipped.map((s) => ({ value: s.key, label: `${s.pack.name} (${s.key})`, selected: s.key === form.shippedPack })),
          ],
          note: { name: 'note', value: form.shippedNote, error: fieldErrors.note?.[0] ?? null },
        },
        paste: {
          name: 'packJson',
          value: fieldErrors.packJson ? form.packJson : form.packJson || editableJson(current.pack),
          errors: fieldErrors.packJson ?? [],
          note: { name: 'jsonNote', value: form.jsonNote, error: fieldErrors.jsonNote?.[0] ?? null },
        },
        history: history.map((v) => this.versionModel(v, current.version, locale, t)),
        compare: {
          show: history.length > 1,
          from: history.map((v) => ({ value: String(v.version), label: t('policy.versionLabel', { version: v.version, name: v.pack.name }), selected: v.version === fromVersion })),
          to: history.map((v) => ({ value: String(v.version), label: t('policy.versionLabel', { version: v.version, name: v.pack.name }), selected: v.version === toVersion })),
        },
        diff,
      },
      opts.status ?? 200,
    );
  }

  private ruleModel(r: RuleConfig, locale: Locale, t: T) {
    return {
      id: r.id,
      title: r.title?.[locale] ?? t(`rule.family.${r.family}`),
      words: describeRule(r, locale, t),
      citation: r.citation,
      citationVerified: r.citationVerified,
      blocking: r.severity === 'blocking',
    };
  }

  private versionModel(v: PolicyHistoryEntry, currentVersion: number, locale: Locale, t: T) {
    return {
      version: v.version,
      current: v.version === currentVersion,
      publishedAt: formatDateTime(v.createdAt, locale),
      effectiveFrom: formatDateTime(v.effectiveFrom, locale),
      publishedBy: v.publishedBy ?? t('policy.bySystem'),
      packName: v.pack.name,
      note: v.note,
    };
  }

  /** The difference in words: whole rules added or removed, and for a changed rule its words before and after plus each value by path. */
  private diffModel(from: PolicyHistoryEntry, to: PolicyHistoryEntry, locale: Locale, t: T) {
    const d = diffPacks(from.pack, to.pack);
    const valueText = (c: ValueChange, side: 'from' | 'to') => {
      const v = c[side];
      if (c.path === 'severity' && typeof v === 'string') return t(v === 'blocking' ? 'agency.mandatory' : 'agency.reviewed');
      if (c.path === 'citationVerified' && typeof v === 'boolean') return t(v ? 'policy.verified' : 'policy.unverified');
      if (typeof v === 'string') return v;
      if (v !== undefined && c.path === 'title') return (v as Record<Locale, string>)[locale];
      return diffValueText(v);
    };
    const change = (c: ValueChange) => ({ path: c.path, label: this.pathLabel(c.path, t), from: valueText(c, 'from'), to: valueText(c, 'to') });
    return {
      fromVersion: from.version,
      toVersion: to.version,
      same: d.pack.length + d.added.length + d.removed.length + d.changed.length === 0,
      pack: d.pack.map((c) => ({ ...change(c), from: c.path === 'grading' ? this.gradingText(from.pack, t) : valueText(c, 'from'), to: c.path === 'grading' ? this.gradingText(to.pack, t) : valueText(c, 'to') })),
      added: d.added.map((r) => this.ruleModel(r, locale, t)),
      removed: d.removed.map((r) => this.ruleModel(r, locale, t)),
      changed: d.changed.map((c) => {
        const before = describeRule(c.before, locale, t);
        const after = describeRule(c.after, locale, t);
        return { ...this.ruleModel(c.after, locale, t), wordsBefore: before, wordsAfter: after, wordsChanged: before !== after, changes: c.changes.map(change) };
      }),
    };
  }

  private gradingText(pack: PolicyPack, t: T): string {
    if (!pack.grading) return t('policy.noGrading');
    return pack.grading.grades.map((g) => t('agency.gradeLine', { grade: g.grade, status: t(`pressCouncil.${g.minStatus}`) })).join('; ');
  }

  private pathLabel(path: string, t: T): string {
    const known: Record<string, string> = {
      name: 'policy.path.name',
      source: 'policy.path.source',
      grading: 'policy.path.grading',
      severity: 'policy.path.severity',
      citation: 'policy.path.citation',
      citationVerified: 'policy.path.citationVerified',
      title: 'policy.path.title',
    };
    return known[path] ? t(known[path]) : path;
  }
}
