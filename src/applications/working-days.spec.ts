import { addWorkingDays, wibDate } from './working-days';

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

  it('reads the calendar date in WIB', () => {
    expect(wibDate(new Date('2026-11-22T17:30:00Z'))).toBe('2026-11-23');
  });
});
