import { formatCertificateNumber } from '../certificates/certificate-number';
import type { AgencySettings } from './agency.entity';

/** The bounds every stored setting keeps, shared by the request DTO and the whole-settings check. */
export const SETTINGS_LIMITS = {
  numberPatternLength: 80,
  /** A rendered number is printed on one or two lines of the certificate and names its file. */
  numberLength: 100,
  validityMonths: { min: 1, max: 60 },
  slaDays: { min: 1, max: 90 },
  signatoryName: { min: 2, max: 120 },
  signatoryTitle: { min: 2, max: 160 },
  publicBaseUrlLength: 200,
  holidays: 200,
  holidayName: { min: 2, max: 80 },
  holidayYears: { min: 2000, max: 2100 },
} as const;

/** A real calendar day written YYYY-MM-DD in a sane range of years: 2026-02-31 is not one. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < SETTINGS_LIMITS.holidayYears.min || year > SETTINGS_LIMITS.holidayYears.max) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Why a public base URL cannot prefix `/verify/<code>` in a QR code, or null. */
export function publicBaseUrlProblem(value: string): string | null {
  if (value.length > SETTINGS_LIMITS.publicBaseUrlLength) return `must be at most ${SETTINGS_LIMITS.publicBaseUrlLength} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an absolute http(s) URL';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.search || url.hash || value.includes('?') || value.includes('#')) return 'must not have a query or fragment; /verify/<code> is appended to it';
  return null;
}

/**
 * Why a number pattern cannot number this agency's certificates, or null. Numbers must be unique
 * for ever: the sequence restarts each year, so both {seq} and {year} are needed. The pattern is
 * rendered for a sample, the widest month and a large sequence, to check what would be printed.
 */
export function numberPatternProblem(pattern: string, agencyCode: string): string | null {
  if (pattern.length === 0 || pattern.length > SETTINGS_LIMITS.numberPatternLength) return `must be 1-${SETTINGS_LIMITS.numberPatternLength} characters`;
  if (!/\{seq(:[1-9])?\}/.test(pattern)) return 'must contain {seq} (or {seq:N}, N = 1-9 digits), so each certificate gets its own number';
  if (!pattern.includes('{year}')) return 'must contain {year}, so numbering restarts each year without a clash';
  const sample = formatCertificateNumber(pattern, { seq: 12345, year: 2026, month: 8, code: agencyCode });
  const unknown = /\{[^}]*\}?|\}/.exec(sample);
  if (unknown) return `has an unknown placeholder ${unknown[0]}; use {seq}, {seq:N}, {year}, {month} or {code}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(sample)) return 'must not contain control characters';
  if (sample.trim() !== sample) return 'must not start or end with a space';
  if (sample.length > SETTINGS_LIMITS.numberLength) return `renders numbers too long to print (${sample.length} characters, at most ${SETTINGS_LIMITS.numberLength}), e.g. ${sample.slice(0, 40)}...`;
  return null;
}

const isInt = (v: unknown, range: { min: number; max: number }) => Number.isInteger(v) && (v as number) >= range.min && (v as number) <= range.max;

function textProblem(v: unknown, range: { min: number; max: number }): string | null {
  if (typeof v !== 'string') return 'must be text';
  if (v.trim().length < range.min || v.length > range.max) return `must be ${range.min}-${range.max} characters`;
  return null;
}

/**
 * Every problem in a whole settings object, by field path (`certificate.numberPattern`). Checked
 * when an admin changes settings, and again before a certificate is issued, since settings stored
 * before a rule existed may break it.
 */
export function settingsProblems(settings: AgencySettings, agencyCode: string): Record<string, string> {
  const out: Record<string, string> = {};
  const c = (settings?.certificate ?? {}) as Partial<AgencySettings['certificate']>;
  const L = SETTINGS_LIMITS;

  if (typeof c.numberPattern !== 'string') out['certificate.numberPattern'] = 'must be text containing {seq} and {year}';
  else {
    const problem = numberPatternProblem(c.numberPattern, agencyCode);
    if (problem) out['certificate.numberPattern'] = problem;
  }
  if (!isInt(c.validityMonths, L.validityMonths)) out['certificate.validityMonths'] = `must be a whole number of months, ${L.validityMonths.min}-${L.validityMonths.max}`;
  const name = textProblem(c.signatoryName, L.signatoryName);
  if (name) out['certificate.signatoryName'] = name;
  const title = textProblem(c.signatoryTitle, L.signatoryTitle);
  if (title) out['certificate.signatoryTitle'] = title;
  if (c.signatoryNip != null && (typeof c.signatoryNip !== 'string' || !/^\d{18}$/.test(c.signatoryNip))) out['certificate.signatoryNip'] = 'NIP is 18 digits';
  if (c.publicBaseUrl != null) {
    const problem = typeof c.publicBaseUrl === 'string' ? publicBaseUrlProblem(c.publicBaseUrl) : 'must be an absolute http(s) URL';
    if (problem) out['certificate.publicBaseUrl'] = problem;
  }
  if (c.logoKey != null && typeof c.logoKey !== 'string') out['certificate.logoKey'] = 'must be a stored file key';

  const sla = (settings?.sla ?? {}) as Partial<AgencySettings['sla']>;
  for (const stage of ['administrative', 'field', 'approval'] as const) {
    if (!isInt(sla[stage], L.slaDays)) out[`sla.${stage}`] = `must be a whole number of working days, ${L.slaDays.min}-${L.slaDays.max}`;
  }

  const holidays: unknown = settings?.holidays;
  if (!Array.isArray(holidays)) out.holidays = 'must be a list of YYYY-MM-DD dates';
  else if (holidays.length > L.holidays) out.holidays = `at most ${L.holidays} dates`;
  else {
    const seen = new Set<string>();
    holidays.forEach((day: unknown, i) => {
      if (!isCalendarDate(day)) out[`holidays.${i}`] = `${JSON.stringify(day)} is not a real YYYY-MM-DD date between ${L.holidayYears.min} and ${L.holidayYears.max}`;
      else if (seen.has(day)) out[`holidays.${i}`] = `${day} is listed twice`;
      else seen.add(day);
    });
    for (const [day, name] of Object.entries(settings?.holidayNames ?? {})) {
      if (!seen.has(day)) out[`holidayNames.${day}`] = `${JSON.stringify(day)} is not one of the holidays`;
      else {
        const problem = textProblem(name, L.holidayName);
        if (problem) out[`holidayNames.${day}`] = problem;
      }
    }
  }
  return out;
}
