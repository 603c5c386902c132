/**
 * The Indonesian western time zone (WIB, UTC+7), where the offices are: calendar dates, years and
 * service-level deadlines in working days. Saturdays, Sundays and the agency's holidays are skipped,
 * and a stage is due at the end of its last working day (23:59:59.999 WIB).
 */
const WIB_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

/** The `YYYY-MM-DD` date in WIB at an instant: from 17:00 UTC it is already tomorrow in Jakarta. */
export function wibDate(instant: Date): string {
  return new Date(instant.getTime() + WIB_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(isoDate: string, holidays: ReadonlySet<string>): boolean {
  const dow = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(isoDate);
}

/** The day the stage starts counts only from the next working day. */
export function addWorkingDays(start: Date, days: number, holidays: readonly string[] = []): Date {
  const off = new Set(holidays);
  let day = wibDate(start);
  let left = days;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, off)) left--;
  }
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - WIB_MS - 1);
}

/**
 * Working days from `start` to `end` (both `YYYY-MM-DD` in WIB), counted as addWorkingDays counts:
 * the start day not, the end day yes. So a stage entered on `start` and due after n working days is
 * left on its due day after exactly n. 0 when `end` is not after `start`.
 */
export function workingDaysBetween(start: string, end: string, holidays: ReadonlySet<string>): number {
  return workingDaysAfter(dayNumber(start), dayNumber(end), holidays);
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (NaN for anything else). */
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/** Monday to Friday, for a day number (1970-01-01 was a Thursday; 0 = Sunday ... 6 = Saturday). */
const isWeekday = (day: number) => {
  const dow = (((day + 4) % 7) + 7) % 7;
  return dow !== 0 && dow !== 6;
};

/**
 * Working days in the days after `after` up to and including `through` (day numbers): five a
 * week by arithmetic, the part week day by day, less the holidays that fall on a weekday in the
 * range. The same count as walking the days one by one (the spec compares both), without walking:
 * a queue page counts this for every row, and a stage months overdue walked hundreds of days.
 */
function workingDaysAfter(after: number, through: number, holidays: Iterable<string>): number {
  if (!(through > after)) return 0;
  const span = through - after;
  let n = Math.floor(span / 7) * 5;
  for (let day = after + Math.floor(span / 7) * 7 + 1; day <= through; day++) if (isWeekday(day)) n++;
  for (const day of new Set([...holidays].map(dayNumber))) {
    if (day > after && day <= through && Number.isInteger(day) && isWeekday(day)) n--;
  }
  return n;
}

/** Days a stage is overdue at `now`: any part of a day counts, so a due date just passed is 1. */
export function daysOverdue(dueAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((now.getTime() - dueAt.getTime()) / DAY_MS));
}

/**
 * Working days a stage is late at `now`: the working days (in WIB, skipping weekends and the
 * agency's holidays) after the due day, up to and including today. A stage that fell due on a
 * Friday is 1 working day late on Monday, and still 1 over the weekend before it: any lateness
 * counts at least 1. Not late (now before the due instant): 0.
 */
export function workingDaysLate(dueAt: Date, now: Date, holidays: readonly string[] = []): number {
  if (now.getTime() <= dueAt.getTime()) return 0;
  const due = dayNumber(wibDate(dueAt));
  // Bounded: a year and a half of days at most, whatever the data says.
  const through = Math.min(dayNumber(wibDate(now)), due + 550);
  return Math.max(1, workingDaysAfter(due, through, holidays));
}
