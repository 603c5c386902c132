/** Calendar arithmetic on `YYYY-MM-DD` dates; today's WIB date is `todayWib` in common/validators. */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days a stage is overdue at `now`: any part of a day counts, so a due date just passed is 1. */
export function daysOverdue(dueAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((now.getTime() - dueAt.getTime()) / DAY_MS));
}
