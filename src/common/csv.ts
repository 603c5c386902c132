/**
 * The one CSV cell writer for every CSV the service produces (audit trail, export manifest).
 *
 * A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
 * by spreadsheet programs, so an outlet named `=HYPERLINK(...)` would run when an auditor opens
 * the file. Such cells get a leading single quote and are always quoted (OWASP, CSV injection).
 * Numbers are written as they are: a negative number is data, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\n\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  if (FORMULA_START.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, newline included. */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\n';
}
