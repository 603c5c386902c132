import { todayWib } from '../common/validators';
import { addDays, daysOverdue } from './wib-calendar';

describe('WIB calendar', () => {
  it('is already tomorrow in Jakarta from 17:00 UTC', () => {
    expect(todayWib(new Date('2026-12-31T16:59:59Z'))).toBe('2026-12-31');
    expect(todayWib(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
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
