/**
 * Service-level deadlines in working days, counted on the Indonesian (WIB, UTC+7) calendar:
 * Saturdays, Sundays and the agency's holidays are skipped, and a stage is due at the end of its
 * last working day (23:59:59.999 WIB).
 */
const WIB_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

export function wibDate(instant: Date): string {
  return new Date(instant.getTime() + WIB_MS).toISOString().slice(0, 10);
}

function isWorkingDay(isoDate: string, holidays: ReadonlySet<string>): boolean {
  const dow = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(isoDate);
}

/** The day the stage starts counts only from the next working day. */
export function addWorkingDays(start: Date, days: number, holidays: readonly string[] = []): Date {
  const off = new Set(holidays);
  let day = wibDate(start);
  let left = days;
  while (left > 0) {
    day = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    if (isWorkingDay(day, off)) left--;
  }
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - WIB_MS - 1);
}
