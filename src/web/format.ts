import type { Locale } from './i18n';

const INTL: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

/** "8 Desember 2026": dates are read in WIB, the time of every agency. */
export function formatDate(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+07:00`) : new Date(value);
  return new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'long', timeZone: 'Asia/Jakarta' }).format(date);
}

/** "8 Desember 2026 14.05 WIB". */
export function formatDateTime(value: string | Date | null | undefined, locale: Locale): string {
  if (!value) return '';
  const s = new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(new Date(value));
  return `${s} WIB`;
}

export function formatBytes(n: number, locale: Locale): string {
  const f = new Intl.NumberFormat(INTL[locale], { maximumFractionDigits: 1 });
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${f.format(n / 1024)} KB` : `${f.format(n / 1024 / 1024)} MB`;
}
