import { wibDate } from '../common/wib-calendar';

/**
 * The dates of a registration round, as WIB calendar days (`YYYY-MM-DD`). A window such as
 * registration or appeal runs from 00:00 WIB on its first day to 23:59:59.999 WIB on its last.
 * Pure: no database, the instant is passed in (from the app's Clock).
 */
export interface RoundDates {
  registrationOpensOn: string;
  registrationClosesOn: string;
  verificationUntil: string;
  provisionalAnnouncementOn: string;
  appealOpensOn: string | null;
  appealClosesOn: string | null;
  finalAnnouncementOn: string;
}

export interface RoundValidity {
  budgetYear: number;
  /** null: certificates run to 31 December of the budget year. */
  validityMonths: number | null;
}

/** The order the dates must keep, each pair with the field blamed when it is broken. */
const ORDER: [keyof RoundDates, keyof RoundDates, string][] = [
  ['registrationOpensOn', 'registrationClosesOn', 'must be on or after registrationOpensOn'],
  ['registrationClosesOn', 'verificationUntil', 'must be on or after registrationClosesOn'],
  ['verificationUntil', 'provisionalAnnouncementOn', 'must be on or after verificationUntil'],
  ['provisionalAnnouncementOn', 'finalAnnouncementOn', 'must be on or after provisionalAnnouncementOn'],
];

/** Field -> problem for dates out of order; empty when the round can be run as written. */
export function roundDatesProblems(d: RoundDates, budgetYear: number): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [before, after, message] of ORDER) {
    if ((d[after] as string) < (d[before] as string)) problems[after] = message;
  }
  if ((d.appealOpensOn === null) !== (d.appealClosesOn === null)) {
    problems[d.appealOpensOn === null ? 'appealOpensOn' : 'appealClosesOn'] = 'give both appeal dates, or neither for a round without appeals';
  } else if (d.appealOpensOn !== null && d.appealClosesOn !== null) {
    if (d.appealOpensOn < d.provisionalAnnouncementOn) problems.appealOpensOn = 'must be on or after provisionalAnnouncementOn: appeals answer the provisional result';
    else if (d.appealClosesOn < d.appealOpensOn) problems.appealClosesOn = 'must be on or after appealOpensOn';
    else if (d.finalAnnouncementOn <= d.appealClosesOn) problems.finalAnnouncementOn = 'must be after appealClosesOn: the final result follows the appeals';
  }
  const year = Number(d.registrationOpensOn.slice(0, 4));
  if (year > budgetYear) problems.budgetYear = `registration opens in ${year}, after the budget year ${budgetYear}`;
  return problems;
}

/** Whether `now` falls on a WIB day from `firstDay` to `lastDay`, both included. */
export function inWibWindow(firstDay: string, lastDay: string, now: Date): boolean {
  const today = wibDate(now);
  return firstDay <= today && today <= lastDay;
}

export const registrationOpen = (d: RoundDates, now: Date) => inWibWindow(d.registrationOpensOn, d.registrationClosesOn, now);

export const appealWindowOpen = (d: RoundDates, now: Date) =>
  d.appealOpensOn !== null && d.appealClosesOn !== null && inWibWindow(d.appealOpensOn, d.appealClosesOn, now);

/** The WIB day has reached `day` (from 00:00 WIB on it). */
export const reached = (day: string, now: Date) => wibDate(now) >= day;

export type RoundPhase = 'upcoming' | 'registration' | 'verification' | 'announced' | 'appeal' | 'awaiting_final' | 'closed';

export function roundPhase(d: RoundDates, now: Date, published: { provisional: boolean; final: boolean }): RoundPhase {
  if (published.final) return 'closed';
  const today = wibDate(now);
  if (today < d.registrationOpensOn) return 'upcoming';
  if (today <= d.registrationClosesOn) return 'registration';
  if (!published.provisional) return 'verification';
  if (appealWindowOpen(d, now)) return 'appeal';
  if (d.appealClosesOn !== null && today < (d.appealOpensOn as string)) return 'announced';
  return 'awaiting_final';
}

/** Last day of a round certificate issued on `validFrom`: 31 December of the budget year, or N months on. */
export function roundValidUntil(v: RoundValidity, validFrom: string, monthsFrom: (from: string, months: number) => string): string {
  return v.validityMonths === null ? `${v.budgetYear}-12-31` : monthsFrom(validFrom, v.validityMonths);
}

const MONTHS_ID = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function dayInWords(day: string, locale: 'id' | 'en'): string {
  const [y, m, d] = day.split('-').map(Number);
  return locale === 'id' ? `${d} ${MONTHS_ID[m - 1]} ${y}` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** The refusal for a submission outside registration, with the dates, in Indonesian then English. */
export function registrationClosedMessage(name: string, d: RoundDates): string {
  const id = `Pendaftaran ${name} hanya dibuka ${dayInWords(d.registrationOpensOn, 'id')} s.d. ${dayInWords(d.registrationClosesOn, 'id')} (WIB).`;
  const en = `Registration for ${name} is open only from ${dayInWords(d.registrationOpensOn, 'en')} to ${dayInWords(d.registrationClosesOn, 'en')} (WIB).`;
  return `${id} / ${en}`;
}

export function appealClosedMessage(name: string, d: RoundDates): string {
  if (d.appealOpensOn === null || d.appealClosesOn === null) {
    return `${name} tidak memiliki masa sanggah. / ${name} has no appeal window.`;
  }
  const id = `Masa sanggah ${name} hanya ${dayInWords(d.appealOpensOn, 'id')} s.d. ${dayInWords(d.appealClosesOn, 'id')} (WIB).`;
  const en = `The appeal window of ${name} runs only from ${dayInWords(d.appealOpensOn, 'en')} to ${dayInWords(d.appealClosesOn, 'en')} (WIB).`;
  return `${id} / ${en}`;
}

/**
 * A round whose certificates run "until 31 December of the budget year" cannot issue one after that
 * day: it would be expired on issue. The approval is refused with the dates rather than quietly
 * issuing a one-day certificate; the approver rejects, or the outlet applies in the next round.
 */
export function roundValidityEndedMessage(name: string, v: RoundValidity, validUntil: string, issuedOn: string): string | null {
  if (validUntil >= issuedOn) return null;
  const id = `Sertifikat ${name} (tahun anggaran ${v.budgetYear}) berlaku paling lama sampai ${dayInWords(validUntil, 'id')}; persetujuan pada ${dayInWords(issuedOn, 'id')} akan menerbitkan sertifikat yang sudah kedaluwarsa. Tolak permohonan ini, atau media mendaftar pada periode berikutnya.`;
  const en = `Certificates of ${name} (budget year ${v.budgetYear}) are valid at most until ${dayInWords(validUntil, 'en')}; approving on ${dayInWords(issuedOn, 'en')} would issue a certificate already expired. Reject this application, or the outlet applies in the next round.`;
  return `${id} / ${en}`;
}
