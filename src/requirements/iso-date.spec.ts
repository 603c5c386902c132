import { addYears, compareIsoDates, isIsoDate } from './iso-date';

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00:00Z', false],
    ['', false],
    [null, false],
    [20250101, false],
  ])('%p -> %p', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('addYears', () => {
  it.each([
    ['2021-03-01', 5, '2026-03-01'],
    ['2020-02-29', 5, '2025-02-28'],
    ['2020-02-29', 4, '2024-02-29'],
    ['2019-12-31', 2, '2021-12-31'],
    ['0099-06-15', 1, '0100-06-15'],
  ])('%s + %i years = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe('compareIsoDates', () => {
  it('orders calendar dates', () => {
    expect(compareIsoDates('2026-02-28', '2026-03-01')).toBeLessThan(0);
    expect(compareIsoDates('2026-03-01', '2026-03-01')).toBe(0);
    expect(compareIsoDates('2027-01-01', '2026-12-31')).toBeGreaterThan(0);
  });
});
