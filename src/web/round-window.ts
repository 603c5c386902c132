import type { RoundView } from '../rounds/rounds.service';
import { formatDate } from './format';
import type { Locale } from './i18n';

type T = (key: string, params?: Record<string, unknown>) => string;

export interface RoundWindowView {
  /** A first submission would be taken now. */
  open: boolean;
  text: string;
  /** The agency page's notice form, for an outlet to be told when a round opens. */
  notifyHref: string;
}

/**
 * Whether an agency taking applications in rounds takes a first submission now, in words with the
 * dates: the open round and its closing day, else the next round's dates, else the last one's.
 * Null for an agency that takes applications all year. Mirrors RoundsService.roundForSubmission.
 */
export function roundWindow(
  intake: { intake: string; current: RoundView | null; next: RoundView | null },
  agency: { name: string; code: string },
  t: T,
  locale: Locale,
): RoundWindowView | null {
  if (intake.intake !== 'rounds') return null;
  const notifyHref = `/instansi/${encodeURIComponent(agency.code)}#pemberitahuan`;
  const day = (d: string) => formatDate(d, locale);
  const { current, next } = intake;
  if (current?.phase === 'registration') return { open: true, text: t('roundWindow.open', { round: current.name, date: day(current.registrationClosesOn) }), notifyHref };
  if (next) return { open: false, text: t('roundWindow.upcoming', { round: next.name, from: day(next.registrationOpensOn), to: day(next.registrationClosesOn) }), notifyHref };
  if (current) return { open: false, text: t('roundWindow.closed', { round: current.name, from: day(current.registrationOpensOn), to: day(current.registrationClosesOn) }), notifyHref };
  return { open: false, text: t('roundWindow.none', { agency: agency.name }), notifyHref };
}
