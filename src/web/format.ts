import type { Locale } from './i18n';

const INTL: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

/**
 * One formatter per locale and style, built once: constructing an Intl formatter costs far more
 * than formatting with it, and a page formats dozens of dates (the bench profile of the pages).
 */
function once<T>(make: (tag: string) => T): (locale: Locale) => T {
  const made = new Map<Locale, T>();
  return (locale) => {
    let f = made.get(locale);
    if (!f) made.set(locale, (f = make(INTL[locale])));
    return f;
  };
}
const DATE = once((tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'Asia/Jakarta' }));
const DATE_TIME = once((tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' }));
const NUMBER = once((tag) => new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }));

/** "8 Desember 2026": dates are read in WIB, the time of every agency. */
export function formatDate(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+07:00`) : new Date(value);
  return DATE(locale).format(date);
}

/** "8 Desember 2026 14.05 WIB". */
export function formatDateTime(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  return `${DATE_TIME(locale).format(new Date(value))} WIB`;
}

export function formatBytes(n: number, locale: Locale): string {
  const f = NUMBER(locale);
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${f.format(n / 1024)} KB` : `${f.format(n / 1024 / 1024)} MB`;
}

/** "1.234" in Indonesian, "1,234" in English. */
export function formatNumber(n: number, locale: Locale): string {
  return NUMBER(locale).format(n);
}
