import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { AppError } from '../common/app-error';
import { hasText } from './i18n';
import { fieldId } from './view-renderer';

/** Field path -> the class-validator constraint that failed (or the service's error word). */
export type FieldErrors = Record<string, string>;

function flatten(errors: ValidationError[], prefix: string, out: FieldErrors): FieldErrors {
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out[path] = Object.keys(e.constraints)[0];
    if (e.children?.length) flatten(e.children, path, out);
  }
  return out;
}

/**
 * The API's own DTO and rules, applied to a form: the same class-validator options as the global
 * pipe, so a page can never accept what the API refuses.
 */
export async function validateForm<T extends object>(cls: ClassConstructor<T>, input: Record<string, unknown>): Promise<{ dto: T; errors: FieldErrors | null }> {
  const dto = plainToInstance(cls, input, { enableImplicitConversion: false });
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return { dto, errors: errors.length > 0 ? flatten(errors, '', {}) : null };
}

/** A service's refusal that belongs beside fields (validation, unprocessable, conflict with `errors`). */
export function fieldErrorsOf(err: unknown): FieldErrors | null {
  if (!(err instanceof AppError) || !['validation', 'unprocessable', 'conflict', 'payload_too_large', 'unsupported_media'].includes(err.kind)) return null;
  const out: FieldErrors = {};
  for (const key of Object.keys(err.errors ?? {})) out[key] = err.code;
  if (Object.keys(out).length === 0) out._form = err.code;
  return out;
}

export interface ShownError {
  field: string;
  href: string;
  message: string;
}

/**
 * Errors in words, most specific first: a service's code (`err.DOCUMENT.EMPTY`), the field's own
 * wording (`err.field.taxId`), the failed constraint (`err.isNotEmpty`), else a general one.
 */
export function describeErrors(errors: FieldErrors | null, t: (key: string) => string): { list: ShownError[]; byField: Record<string, string> } {
  const list: ShownError[] = [];
  const byField: Record<string, string> = {};
  for (const [field, kind] of Object.entries(errors ?? {})) {
    const candidates = kind.includes('.') ? [`err.${kind}`, `err.field.${field}`] : [`err.field.${field}`, `err.${kind}`];
    const key = candidates.find((k) => hasText(k)) ?? 'err.invalid';
    const message = t(key);
    byField[field] = message;
    list.push({ field, href: field === '_form' ? '#main' : `#${fieldId(field)}`, message });
  }
  return { list, byField };
}

/** Empty inputs of optional fields are "not given" (null), as the API reads an absent value. */
export const blankToNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
