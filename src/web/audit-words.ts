import type { AuditEventView } from '../audit/audit.service';
import { hasText } from './i18n';

type T = (key: string, params?: Record<string, unknown>) => string;

/** The catalogue prefix of the statuses an event's `from`/`to` name, by the kind of record. */
const STATUS_KEYS: Record<string, string> = { application: 'status', certificate: 'certStatus' };

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The action of an event in words; an action the catalogue does not know gets a generic name, never its code. */
export function auditActionWords(action: string, entityType: string, t: T): string {
  if (hasText(`audit.action.${action}`)) return t(`audit.action.${action}`);
  const entity = hasText(`audit.entity.${entityType}`) ? t(`audit.entity.${entityType}`) : t('audit.words.someRecord');
  return t('audit.words.otherAction', { entity });
}

/**
 * What an event did, in sentences of the page's language, read from its structured data (the
 * stored `summary` is an English sentence for the CSV and the hash chain, and stays as it is).
 * Reasons are quoted as the staff member entered them.
 */
export function auditEventWords(e: Pick<AuditEventView, 'action' | 'entityType' | 'data'>, t: T): string[] {
  const data = e.data ?? {};
  const out: string[] = [];
  if (e.action === 'application.action_refused') {
    const tried = str(data.action);
    const code = str(data.code);
    out.push(
      t('audit.words.refused', {
        action: tried && hasText(`audit.action.application.${tried}`) ? t(`audit.action.application.${tried}`) : t('audit.words.someAction'),
        why: code && hasText(`err.${code}`) ? t(`err.${code}`) : t('audit.words.refusedWhy'),
      }),
    );
    return out;
  }
  const from = str(data.from);
  const to = str(data.to);
  const prefix = STATUS_KEYS[e.entityType];
  if (from && to && from !== to) {
    const name = (s: string) => (prefix && hasText(`${prefix}.${s}`) ? t(`${prefix}.${s}`) : null);
    const a = name(from);
    const b = name(to);
    out.push(a && b ? t('audit.words.statusChange', { from: a, to: b }) : t('audit.words.statusChanged'));
  }
  const reason = str(data.reason);
  if (reason) out.push(t('audit.words.reason', { reason }));
  return out;
}
