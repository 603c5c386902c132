import { en } from './en';
import { id } from './id';

export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type TextKey = keyof typeof id;

export const CATALOGUES: Record<Locale, Record<TextKey, string>> = { id, en };

export class MissingTextError extends Error {
  constructor(key: string, locale: Locale) {
    super(`No text "${key}" in the ${locale} catalogue`);
    this.name = 'MissingTextError';
  }
}

export const isLocale = (v: unknown): v is Locale => v === 'id' || v === 'en';
export const hasText = (key: string): boolean => Object.prototype.hasOwnProperty.call(id, key);

/**
 * The text for `key` with `{name}` placeholders filled in. A missing key throws when `strict`
 * (development and tests), so no page ships a raw key; in production it shows the key instead.
 */
export function text(locale: Locale, key: string, params: Record<string, unknown> = {}, strict = true): string {
  const catalogue = CATALOGUES[locale] as Record<string, string>;
  const template = Object.prototype.hasOwnProperty.call(catalogue, key) ? catalogue[key] : undefined;
  if (template === undefined) {
    if (strict) throw new MissingTextError(key, locale);
    return key;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name])));
}
