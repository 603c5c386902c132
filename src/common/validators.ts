import { Transform } from 'class-transformer';
import { AsyncLocalStorage } from 'node:async_hooks';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import type { Clock } from './clock';
import { wibDate } from './wib-calendar';

/**
 * The app's clock while the global validation pipe runs: decorators are registered once per class,
 * so they cannot be injected; the pipe (which can) hands its clock down here.
 */
export const validationClock = new AsyncLocalStorage<Clock>();


/** Earliest year a past date in this domain may name (PostgreSQL has no year 0, and no outlet is older). */
const EARLIEST_YEAR = 1800;

/** A real YYYY-MM-DD calendar date, not after today and not before 1800. */
export function IsPastDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPastDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a YYYY-MM-DD date, not in the future and not before ${EARLIEST_YEAR}`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const d = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value <= wibDate(validationClock.getStore()?.now() ?? new Date()) && d.getUTCFullYear() >= EARLIEST_YEAR;
        },
      },
    });
}

/** Strips the dots, dashes and spaces people type into NPWP, NIB and NIK fields. */
export const DigitsOnly = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/[\s.\-]/g, '') : value));

export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Marks the ValidateIf that `@Nullable()` adds, so the validation pipe can tell null is allowed. */
export const NULLABLE_CONTEXT = { nullable: 'explicit' } as const;

/**
 * null is a value here: it clears the field (a column that may be empty). Skips the other
 * validators for null. Without it the validation pipe refuses null even on `@IsOptional()` fields,
 * where "optional" means "may be left out", not "may be emptied".
 */
export const Nullable = () => ValidateIf((_: unknown, value: unknown) => value !== null, { context: NULLABLE_CONTEXT });

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** A real instant or calendar date PostgreSQL accepts as timestamptz: `2026-03-01` or `2026-03-01T08:00:00+07:00`. */
export function isIsoDateTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return false;
  return true;
}

/** Like `@IsISO8601()`, but refuses what the calendar does not have (2026-02-31, 25:00, +99:00). */
export function IsIsoDateTime(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoDateTime',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a real date (YYYY-MM-DD) or date and time (ISO 8601)`, ...options },
      validator: { validate: isIsoDateTime },
    });
}
