import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Handlebars from 'handlebars';

export const MAIL_LOCALES = ['id', 'en'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];
export const DEFAULT_MAIL_LOCALE: MailLocale = 'id';

/** Who a template is written to; the caller picks the recipients accordingly. */
export const MAIL_TEMPLATE_AUDIENCE = {
  application_submitted: 'applicant',
  application_submitted_staff: 'officers',
  revision_requested: 'applicant',
  application_resubmitted: 'officers',
  application_approved: 'applicant',
  application_rejected: 'applicant',
  certificate_expiring: 'applicant',
  certificate_suspended: 'applicant',
  certificate_revoked: 'applicant',
  certificate_reinstated: 'applicant',
  certificate_review_needed: 'applicant',
  certificate_review_needed_staff: 'officers',
  certificate_suspension_requested: 'approvers',
  overdue_digest: 'officers',
  outlet_invitation: 'applicant',
  email_confirmation: 'account holder',
  password_reset: 'account holder',
  staff_invitation: 'account holder',
  round_result_announced: 'applicant',
  appeal_decided: 'applicant',
  appeal_filed_staff: 'officers',
  round_announced: 'applicant',
  round_opened: 'applicant',
} as const satisfies Record<string, 'applicant' | 'officers' | 'approvers' | 'account holder'>;

export type MailTemplateName = keyof typeof MAIL_TEMPLATE_AUDIENCE;
export const MAIL_TEMPLATE_NAMES = Object.keys(MAIL_TEMPLATE_AUDIENCE) as MailTemplateName[];

/** Dates are ISO 8601 strings: `2026-11-22` or an instant with `Z` or an offset. */
export type IsoDate = string;

export interface MailAgency {
  name: string;
  email: string;
  phone: string;
  address: string;
}

/** Given to every template. */
export interface MailCommonData {
  agency: MailAgency;
  recipient: { name: string };
  /** Base URL of the web app, e.g. `https://mitra.jatimprov.go.id`. */
  appUrl: string;
}

export interface MailOutlet {
  brandName: string;
  legalName: string;
}

export interface MailApplication {
  id: string;
  reference: string;
  submittedAt: IsoDate;
}

export interface MailCertificateRef {
  number: string;
  verifyUrl: string;
}

export interface MailIssuedCertificate extends MailCertificateRef {
  validFrom: IsoDate;
  validUntil: IsoDate;
  certificateUrl: string;
}

export interface MailValidCertificate extends MailCertificateRef {
  validUntil: IsoDate;
}

/** Stages that have a due date; labelled in the recipient's language by the `stageLabel` helper. */
export const OVERDUE_STAGE_LABELS = {
  submitted: { id: 'Pemeriksaan administrasi', en: 'Administrative review' },
  field_verification: { id: 'Verifikasi lapangan', en: 'Field verification' },
  awaiting_approval: { id: 'Menunggu persetujuan', en: 'Awaiting approval' },
  revision_requested: { id: 'Menunggu perbaikan pemohon', en: 'Awaiting revision by the applicant' },
} as const satisfies Record<string, Record<MailLocale, string>>;
export type OverdueStage = keyof typeof OVERDUE_STAGE_LABELS;

export interface OverdueItem {
  reference: string;
  outletName: string;
  stage: OverdueStage;
  dueAt: IsoDate;
  daysOverdue: number;
  reviewUrl: string;
}

/** A round's dates as WIB days, for the mails to outlets that asked to be told. */
export interface MailRoundDates {
  name: string;
  budgetYear: number;
  registrationOpensOn: IsoDate;
  registrationClosesOn: IsoDate;
  provisionalAnnouncementOn: IsoDate;
  appealWindow: { opensOn: IsoDate; closesOn: IsoDate } | null;
  finalAnnouncementOn: IsoDate;
}

/** `unsubscribeUrl`: the agency's page, where the subscriber stops the mails. */
type RoundNotice = MailCommonData & { round: MailRoundDates; agencyPageUrl: string; unsubscribeUrl: string };

export interface MailReason {
  id: string;
  en: string;
}

interface ApplicationData {
  outlet: MailOutlet;
  application: MailApplication;
}

export interface MailTemplateData {
  application_submitted: MailCommonData & ApplicationData & { dueAt: IsoDate };
  application_submitted_staff: MailCommonData & ApplicationData & { dueAt: IsoDate; reviewUrl: string };
  revision_requested: MailCommonData & ApplicationData & { reason: string };
  application_resubmitted: MailCommonData & ApplicationData & { reviewUrl: string };
  application_approved: MailCommonData & ApplicationData & { certificate: MailIssuedCertificate };
  application_rejected: MailCommonData & ApplicationData & { reason: string };
  certificate_expiring: MailCommonData & {
    outlet: MailOutlet;
    certificate: MailValidCertificate;
    daysLeft: number;
  };
  certificate_suspended: MailCommonData & { outlet: MailOutlet; certificate: MailCertificateRef; reason: string };
  certificate_revoked: MailCommonData & { outlet: MailOutlet; certificate: MailCertificateRef; reason: string };
  certificate_reinstated: MailCommonData & { outlet: MailOutlet; certificate: MailValidCertificate };
  /** Reasons in both languages; each template shows its own. */
  certificate_review_needed: MailCommonData & { outlet: MailOutlet; certificate: MailCertificateRef; reasons: MailReason[] };
  certificate_review_needed_staff: MailCommonData & { outlet: MailOutlet; certificate: MailCertificateRef; reasons: MailReason[]; reviewUrl: string };
  certificate_suspension_requested: MailCommonData & {
    outlet: MailOutlet;
    certificate: MailCertificateRef;
    officer: { name: string };
    reason: string;
    reviewUrl: string;
  };
  overdue_digest: MailCommonData & { items: OverdueItem[]; count: number };
  /** To an invited address, whether or not it has an account; `expiresAt` is an instant. */
  outlet_invitation: MailCommonData & { outlet: MailOutlet; inviter: { name: string }; invitedEmail: string; expiresAt: IsoDate };
  /** `link` carries a single-use secret; `expiresAt` is an instant. */
  email_confirmation: MailCommonData & { link: string; expiresAt: IsoDate };
  password_reset: MailCommonData & { link: string; expiresAt: IsoDate };
  /** To an invited staff member; `link` carries a single-use secret to choose a password; `expiresAt` is an instant. */
  staff_invitation: MailCommonData & { link: string; expiresAt: IsoDate; inviter: { name: string }; roleLabel: { id: string; en: string } };
  /** A round's provisional or final result, with this application's result as flags for the template's `if`. */
  round_result_announced: MailCommonData &
    ApplicationData & {
      round: { name: string };
      final: boolean;
      approved: boolean;
      rejected: boolean;
      pending: boolean;
      announcementUrl: string;
      pdfSha256: string;
      appealWindow: { opensOn: IsoDate; closesOn: IsoDate } | null;
    };
  appeal_decided: MailCommonData & ApplicationData & { round: { name: string }; upheld: boolean; reason: string };
  appeal_filed_staff: MailCommonData & ApplicationData & { round: { name: string }; reason: string; reviewUrl: string };
  /** To subscribers: a round was set whose registration opens later; `changed`: its dates were changed since. */
  round_announced: RoundNotice & { changed: boolean };
  /** To subscribers: a round's registration has opened. */
  round_opened: RoundNotice;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Compiled = HandlebarsTemplateDelegate;

interface CompiledMail {
  subject: Compiled;
  html: Compiled;
  text: Compiled;
}

interface LocalePartials {
  layout: Compiled;
  footer: Compiled;
}

/** Maps a stored language preference to a mail locale; anything but English gets Indonesian. */
export function resolveMailLocale(preference: string | null | undefined): MailLocale {
  return preference?.toLowerCase().startsWith('en') ? 'en' : DEFAULT_MAIL_LOCALE;
}

/**
 * `templates/email` of the project: the nearest ancestor of `from` holding both package.json and
 * that folder, so it resolves from `src/` under jest and from `dist/src/` when built.
 */
export function findEmailTemplatesDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'templates', 'email');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`templates/email not found in any parent of ${from}`);
  }
}

/**
 * Email templates, compiled once. Strict mode: a field the data lacks throws instead of leaving a
 * blank in a mail somebody receives.
 */
export class MailTemplates {
  readonly templatesDir: string;
  private readonly hbs = Handlebars.create();
  private readonly templates = new Map<string, CompiledMail>();
  private readonly partials = new Map<MailLocale, LocalePartials>();

  constructor(templatesDir?: string) {
    this.templatesDir = templatesDir ?? findEmailTemplatesDir();
    registerHelpers(this.hbs);
    this.hbs.registerPartial('button', this.compileHtml('_button.html.hbs'));
    this.hbs.registerPartial('reason', this.compileHtml('_reason.html.hbs'));
    for (const locale of MAIL_LOCALES) {
      this.partials.set(locale, {
        layout: this.compileHtml(`_layout.${locale}.html.hbs`),
        footer: this.compileText(`_footer.${locale}.text.hbs`),
      });
      for (const name of MAIL_TEMPLATE_NAMES) {
        this.templates.set(key(name, locale), {
          subject: this.compileText(join(name, `${locale}.subject.hbs`)),
          html: this.compileHtml(join(name, `${locale}.html.hbs`)),
          text: this.compileText(join(name, `${locale}.text.hbs`)),
        });
      }
    }
  }

  render<N extends MailTemplateName>(name: N, locale: MailLocale, data: MailTemplateData[N]): RenderedMail {
    const compiled = this.templates.get(key(name, locale));
    const partials = this.partials.get(locale);
    if (!compiled || !partials) throw new Error(`no mail template ${name} for locale ${String(locale)}`);
    const options: RuntimeOptions = { data: { locale }, partials: { ...partials } };
    const run = (part: keyof CompiledMail): string => {
      try {
        return compiled[part](data, options);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`mail template ${name}/${locale}.${part}: ${message}`, { cause: error });
      }
    };
    return {
      // A header is one line, whatever the template's whitespace.
      subject: run('subject').replace(/\s+/g, ' ').trim(),
      html: run('html'),
      text: `${run('text').replace(/\n{3,}/g, '\n\n').trim()}\n`,
    };
  }

  private compileHtml(file: string): Compiled {
    return this.compile(file, { strict: true });
  }

  private compileText(file: string): Compiled {
    return this.compile(file, { strict: true, noEscape: true });
  }

  private compile(file: string, options: CompileOptions): Compiled {
    const path = join(this.templatesDir, file);
    const source = readFileSync(path, 'utf8');
    try {
      // Parsing here surfaces a syntax error at start-up rather than at the first send.
      return this.hbs.compile(this.hbs.parse(source), options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`mail template ${path}: ${message}`, { cause: error });
    }
  }
}

function key(name: string, locale: string): string {
  return `${name}/${locale}`;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// An instant must say its offset: without one, Date would read it in the server's local zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const TIME_ZONE = 'Asia/Jakarta';
const INTL_LOCALE: Record<MailLocale, string> = { id: 'id-ID', en: 'en-GB' };

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: MailLocale, timeZone: string, kind: 'date' | 'time'): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${timeZone}|${kind}`;
  let format = dateFormats.get(cacheKey);
  if (!format) {
    const fields: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { day: 'numeric', month: 'long', year: 'numeric' }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...fields, timeZone });
    dateFormats.set(cacheKey, format);
  }
  return format;
}

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function parseInstant(helper: string, value: unknown, allowDateOnly: boolean): { date: Date; dateOnly: boolean } {
  if (typeof value === 'string') {
    const dateOnly = DATE_ONLY.test(value);
    if ((dateOnly && allowDateOnly) || INSTANT.test(value)) {
      const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
      if (!Number.isNaN(date.getTime())) return { date, dateOnly };
    }
  }
  const expected = allowDateOnly ? 'an ISO 8601 date' : 'an ISO 8601 date-time with an offset';
  throw new Error(`{{${helper}}} expects ${expected}, got ${describe(value)}`);
}

function localeOf(options: Handlebars.HelperOptions): MailLocale {
  const locale: unknown = options.data?.locale;
  if (locale === 'id' || locale === 'en') return locale;
  throw new Error(`mail locale missing from render data: ${describe(locale)}`);
}

function requireText(helper: string, value: unknown): string {
  if ((typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value))) {
    return String(value);
  }
  throw new Error(`{{${helper}}} expects a non-empty value, got ${describe(value)}`);
}

function registerHelpers(hbs: typeof Handlebars): void {
  // "22 November 2026" in Jakarta's calendar; a date-only value is a calendar date already.
  hbs.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) => {
    const { date, dateOnly } = parseInstant('date', value, true);
    return formatter(localeOf(options), dateOnly ? 'UTC' : TIME_ZONE, 'date').format(date);
  });

  // "22 November 2026 pukul 14.30 WIB" / "22 November 2026 at 14:30 WIB".
  hbs.registerHelper('datetime', (value: unknown, options: Handlebars.HelperOptions) => {
    const { date } = parseInstant('datetime', value, false);
    const locale = localeOf(options);
    const day = formatter(locale, TIME_ZONE, 'date').format(date);
    const time = formatter(locale, TIME_ZONE, 'time').format(date);
    return locale === 'id' ? `${day} pukul ${time} WIB` : `${day} at ${time} WIB`;
  });

  // Joins a base URL and path segments; segments are URL-encoded, every part must be present.
  hbs.registerHelper('url', (...args: unknown[]) => {
    const parts = args.slice(0, -1).map((part) => requireText('url', part));
    if (parts.length === 0) throw new Error('{{url}} needs at least a base URL');
    const [base, ...segments] = parts;
    return [base.replace(/\/+$/, ''), ...segments.map((segment) => encodeURIComponent(segment))].join('/');
  });

  hbs.registerHelper('plural', (count: unknown, singular: unknown, plural: unknown) => {
    if (typeof count !== 'number') throw new Error(`{{plural}} expects a number, got ${describe(count)}`);
    return count === 1 ? singular : plural;
  });

  hbs.registerHelper('stageLabel', (stage: unknown, options: Handlebars.HelperOptions) => {
    const labels = OVERDUE_STAGE_LABELS as Record<string, Record<MailLocale, string> | undefined>;
    const label = typeof stage === 'string' ? labels[stage] : undefined;
    if (!label) throw new Error(`{{stageLabel}} has no label for stage ${describe(stage)}`);
    return label[localeOf(options)];
  });

  // Strict mode does not check block parameters: a missing list would render as an empty one.
  const each = hbs.helpers.each as Handlebars.HelperDelegate;
  hbs.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
    if (context === undefined || context === null) throw new Error(`{{#each}} over a missing list`);
    return each.call(this, context, options);
  });
}
