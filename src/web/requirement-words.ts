import { DOCUMENT_TYPE_LABELS, POSITION_LABELS, PRESS_COUNCIL_STATUS_LABELS, TAX_STATUS_LABELS } from '../requirements/labels';
import type { RuleConfig, RuleFamily } from '../requirements/policy-pack';
import { formatDate } from './format';
import type { Locale } from './i18n';

type T = (key: string, params?: Record<string, unknown>) => string;

const list = (items: readonly string[], t: T) => (items.length === 0 ? t('rule.words.nothing') : items.join(', '));

/** A pack rule in plain words for the public agency page: what an outlet must have. */
export function describeRule(rule: RuleConfig, locale: Locale, t: T): string {
  const levelName = (level: string) => t(`level.${level}`);
  switch (rule.family) {
    case 'chief_editor_competency': {
      const p = rule.params;
      let s = t('rule.words.chiefEditor', { positions: list(p.positions.map((x) => POSITION_LABELS[x][locale]), t), level: levelName(p.minLevel) });
      if (p.acceptedIssuers) s += ` ${t('rule.words.issuers', { issuers: list(p.acceptedIssuers, t) })}`;
      if (p.maxOutletsHeaded !== null) s += ` ${t('rule.words.maxHeaded', { n: p.maxOutletsHeaded })}`;
      return s;
    }
    case 'press_council_verification':
      return t('rule.words.pressCouncil', { status: PRESS_COUNCIL_STATUS_LABELS[rule.params.minStatus][locale], years: rule.params.maxAgeYears });
    case 'office': {
      const parts = [t('rule.words.office')];
      if (rule.params.requireInProvince) parts.push(t('rule.words.officeInProvince'));
      if (rule.params.requireOfficePhoto) parts.push(t('rule.words.officePhoto'));
      if (rule.params.requireFieldConfirmation) parts.push(t('rule.words.officeVisit'));
      return parts.join(' ');
    }
    case 'journalist_competency': {
      const p = rule.params;
      const parts: string[] = [];
      if (p.minCertified !== null) parts.push(t('rule.words.minCertified', { n: p.minCertified, level: levelName(p.minLevel) }));
      if (p.minShare !== null) parts.push(t('rule.words.minShare', { percent: Math.round(p.minShare * 100), level: levelName(p.minLevel) }));
      for (const [position, level] of Object.entries(p.perPosition ?? {})) {
        parts.push(t('rule.words.perPosition', { position: POSITION_LABELS[position as keyof typeof POSITION_LABELS][locale], level: levelName(level) }));
      }
      return parts.join(' ');
    }
    case 'legal_entity': {
      const p = rule.params;
      const parts = [t('rule.words.legalForms', { forms: list(p.acceptedForms, t) })];
      if (p.requireDeed) parts.push(t('rule.words.deed'));
      if (p.requireMinistryDecree) parts.push(t('rule.words.decree'));
      if (p.requireTaxStatus) parts.push(t('rule.words.tax', { status: TAX_STATUS_LABELS[p.requireTaxStatus][locale] }));
      return parts.join(' ');
    }
    case 'required_documents': {
      const label = (x: keyof typeof DOCUMENT_TYPE_LABELS) => DOCUMENT_TYPE_LABELS[x][locale];
      const parts = [t('rule.words.documents', { types: list(rule.params.types.map(label), t) })];
      for (const group of rule.params.anyOf) parts.push(t('rule.words.documentsAnyOf', { types: group.map(label).join(t('rule.words.or')) }));
      return parts.join(' ');
    }
    case 'outlet_age':
      return t('rule.words.age', { years: rule.params.minYears });
    case 'exclusive_journalists':
      return t(rule.params.scope === 'company' ? 'rule.words.exclusiveCompany' : 'rule.words.exclusive');
    case 'company_outlets':
      return t('rule.words.companyOutlets', { n: rule.params.maxOutlets });
    case 'office_coordinates':
      return t('rule.words.officeCoordinates', { region: rule.params.region });
    case 'business_classification': {
      const parts = [t('rule.words.kbli', { codes: list(rule.params.codes, t) })];
      if (rule.params.confirmOnDeed) parts.push(t('rule.words.kbliDeed'));
      return parts.join(' ');
    }
    case 'e_katalog_listing':
      return t('rule.words.eKatalog');
    case 'journalist_competency_or_portfolio': {
      const p = rule.params;
      const who = p.positions ? list(p.positions.map((x) => POSITION_LABELS[x][locale]), t) : t('rule.words.everyone');
      return t('rule.words.competencyOrPortfolio', { who, level: levelName(p.minLevel), years: p.minPublishedYears, links: p.minPublishedLinks });
    }
  }
}

/** Where an outlet fixes a failed rule: the form that holds the facts the rule reads. */
export const FIX_SECTION = {
  chief_editor_competency: 'redaksi',
  journalist_competency: 'redaksi',
  exclusive_journalists: 'redaksi',
  press_council_verification: 'ubah',
  legal_entity: 'ubah',
  outlet_age: 'ubah',
  office: 'ubah',
  required_documents: 'dokumen',
  company_outlets: 'ubah',
  office_coordinates: 'ubah',
  business_classification: 'ubah',
  e_katalog_listing: 'ubah',
  journalist_competency_or_portfolio: 'redaksi',
} as const satisfies Record<RuleFamily, string>;

/**
 * A rule result's message as a page shows it: the ISO dates the rules write (2025-10-27, the same
 * in both languages) read as WIB words, "27 Oktober 2025" / "27 October 2025". The API keeps the
 * message and the machine-readable details as they are.
 */
export function ruleMessageWords(message: string, locale: Locale): string {
  return message.replace(/(?<![\d/.-])(\d{4}-\d{2}-\d{2})(?![\d/.-]?\d)/g, (iso: string) => (isRealDate(iso) ? formatDate(iso, locale) : iso));
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}
