import { addDays, addWorkingDays, daysOverdue, wibDate, workingDaysBetween, workingDaysLate } from './wib-calendar';

describe('WIB calendar', () => {
  it('reads the calendar date in WIB', () => {
    expect(wibDate(new Date('2026-11-22T17:30:00Z'))).toBe('2026-11-23');
  });

  it('is already tomorrow in Jakarta from 17:00 UTC', () => {
    expect(wibDate(new Date('2026-12-31T16:59:59Z'))).toBe('2026-12-31');
    expect(wibDate(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('adds days across month, year and leap day', () => {
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts a stage overdue by part of a day as one day', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    expect(daysOverdue(new Date('2026-11-22T09:00:00Z'), now)).toBe(1);
    expect(daysOverdue(new Date('2026-11-21T10:00:00Z'), now)).toBe(1);
    expect(daysOverdue(new Date('2026-11-19T09:00:00Z'), now)).toBe(4);
  });
});

describe('addWorkingDays (WIB)', () => {
  const due = (startUtc: string, days: number, holidays: string[] = []) => addWorkingDays(new Date(startUtc), days, holidays).toISOString();

  it.each([
    ['Monday morning + 5 → next Monday, end of day WIB', '2026-11-23T02:00:00Z', 5, [], '2026-11-30T16:59:59.999Z'],
    ['Friday + 1 → Monday', '2026-11-27T03:00:00Z', 1, [], '2026-11-30T16:59:59.999Z'],
    ['Saturday + 1 → Monday', '2026-11-28T03:00:00Z', 1, [], '2026-11-30T16:59:59.999Z'],
    ['holidays are skipped', '2026-12-23T03:00:00Z', 2, ['2026-12-24', '2026-12-25'], '2026-12-29T16:59:59.999Z'],
    ['late Friday UTC is already Saturday in WIB', '2026-11-27T18:00:00Z', 1, [], '2026-11-30T16:59:59.999Z'],
  ])('%s', (_, start, days, holidays, expected) => {
    expect(due(start, days, holidays)).toBe(expected);
  });
});

describe('workingDaysBetween (WIB)', () => {
  const none = new Set<string>();

  it('counts as addWorkingDays adds: a stage left on its due day took exactly its deadline', () => {
    const start = new Date('2026-12-03T09:00:00+07:00');
    for (const n of [1, 3, 5, 10]) {
      expect(workingDaysBetween(wibDate(start), wibDate(addWorkingDays(start, n, ['2026-12-25'])), new Set(['2026-12-25']))).toBe(n);
    }
  });

  it('skips weekends and holidays, and is 0 on the same day or backwards', () => {
    // Friday 4 December to Monday 7 December 2026: one working day.
    expect(workingDaysBetween('2026-12-04', '2026-12-07', none)).toBe(1);
    expect(workingDaysBetween('2026-12-04', '2026-12-07', new Set(['2026-12-07']))).toBe(0);
    expect(workingDaysBetween('2026-12-04', '2026-12-04', none)).toBe(0);
    expect(workingDaysBetween('2026-12-07', '2026-12-04', none)).toBe(0);
  });
});

describe('workingDaysLate (WIB)', () => {
  // Friday 27 November 2026, due at the end of the day in WIB.
  const friday = new Date('2026-11-27T16:59:59.999Z');
  it.each([
    ['not yet due', '2026-11-27T10:00:00Z', [], 0],
    ['over the weekend after a Friday: 1', '2026-11-28T03:00:00Z', [], 1],
    ['Monday after a Friday: 1', '2026-11-30T03:00:00Z', [], 1],
    ['Wednesday after a Friday: 3', '2026-12-02T03:00:00Z', [], 3],
    ['a holiday is not counted', '2026-12-02T03:00:00Z', ['2026-12-01'], 2],
  ])('%s', (_, now, holidays, expected) => {
    expect(workingDaysLate(friday, new Date(now), holidays)).toBe(expected);
  });
});

describe('working days counted without walking the days', () => {
  /** The day-by-day count the arithmetic replaces. */
  function walked(start: string, end: string, holidays: ReadonlySet<string>): number {
    let n = 0;
    for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
      const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (dow !== 0 && dow !== 6 && !holidays.has(day)) n++;
    }
    return n;
  }

  it('gives the walked count for 2,000 random ranges up to two years, with holidays on weekdays, weekends and outside the range', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const start = addDays('2025-01-01', Math.floor(random() * 900));
      const end = addDays(start, Math.floor(random() * 730) - 20);
      const holidays = new Set(Array.from({ length: Math.floor(random() * 25) }, () => addDays('2024-12-01', Math.floor(random() * 1700))));
      expect([start, end, workingDaysBetween(start, end, holidays)]).toEqual([start, end, walked(start, end, holidays)]);
    }
  });

  it('counts a stage late by months, and stops at a year and a half', () => {
    const due = new Date('2026-01-02T16:59:59.999Z'); // Friday 2 January 2026, end of day in WIB
    expect(workingDaysLate(due, new Date('2026-06-30T03:00:00Z'), ['2026-03-20'])).toBe(walked('2026-01-02', '2026-06-30', new Set(['2026-03-20'])));
    expect(workingDaysLate(due, new Date('2029-01-01T03:00:00Z'))).toBe(walked('2026-01-02', addDays('2026-01-02', 550), new Set()));
  });
});
