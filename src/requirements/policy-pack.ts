import {
  COMPETENCY_LEVELS,
  DOCUMENT_TYPES,
  LEGAL_FORMS,
  POSITIONS,
  PRESS_COUNCIL_STATUSES,
  TAX_STATUSES,
  type CompetencyLevel,
  type DocumentType,
  type LegalForm,
  type Position,
  type PressCouncilStatus,
  type TaxStatus,
} from './outlet-snapshot';
import type { LocalizedText } from './rule-result';

export const RULE_FAMILIES = [
  'chief_editor_competency',
  'press_council_verification',
  'office',
  'journalist_competency',
  'legal_entity',
  'required_documents',
  'outlet_age',
  'exclusive_journalists',
  'company_outlets',
  'office_coordinates',
  'business_classification',
  'e_katalog_listing',
  'journalist_competency_or_portfolio',
] as const;
export type RuleFamily = (typeof RULE_FAMILIES)[number];

/** `blocking` refuses the submission (422); `review` is shown to officers. */
export const SEVERITIES = ['blocking', 'review'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ChiefEditorCompetencyParams {
  /** Who counts as heading the newsroom; one qualified holder is enough. */
  positions: readonly Position[];
  minLevel: CompetencyLevel;
  /** Issuer names as printed on UKW certificates, compared case-insensitively; null = any issuer. */
  acceptedIssuers: readonly string[] | null;
  /** Outlets one person may head in total, this one included; null = no limit. */
  maxOutletsHeaded: number | null;
}

export interface PressCouncilVerificationParams {
  minStatus: Exclude<PressCouncilStatus, 'none'>;
  /** Valid through the anniversary of `verifiedOn` this many years on (inclusive). */
  maxAgeYears: number;
}

export interface OfficeParams {
  requireInProvince: boolean;
  requireOfficePhoto: boolean;
  /** Data cannot prove an office exists; when set, a clean record still goes to an officer (`manual`). */
  requireFieldConfirmation: boolean;
}

export interface JournalistCompetencyParams {
  /** At least this many journalists (in `positions`) hold a valid certificate of `minLevel` or above. */
  minCertified: number | null;
  /** At least this share (0 < share <= 1) of the journalists in `positions` do. */
  minShare: number | null;
  minLevel: CompetencyLevel;
  /** Which positions count towards `minCertified` / `minShare`; null = everyone on the roster. */
  positions: readonly Position[] | null;
  /** Every journalist in the position must hold at least the level (not revoked). */
  perPosition?: Readonly<Partial<Record<Position, CompetencyLevel>>>;
}

export interface LegalEntityParams {
  acceptedForms: readonly LegalForm[];
  requireDeed: boolean;
  requireMinistryDecree: boolean;
  /** Minimum in the order none < non_pkp < pkp; null = not checked. */
  requireTaxStatus: TaxStatus | null;
}

export interface RequiredDocumentsParams {
  /** Every one of these. */
  types: readonly DocumentType[];
  /** From each group, at least one (e.g. the annual tax return or a tax-clearance letter). */
  anyOf: readonly (readonly DocumentType[])[];
}

export interface OutletAgeParams {
  /** Whole years from `establishedOn`; the anniversary itself counts. */
  minYears: number;
}

/**
 * One journalist (by NIK) belongs to one outlet (`outlet`), or to the outlets of one company
 * (`company`: other outlets with the same NIB or NPWP do not count against it).
 */
export interface ExclusiveJournalistsParams {
  scope: 'outlet' | 'company';
}

export interface CompanyOutletsParams {
  /** Outlets one company (by NIB or NPWP) may have in hand at the agency, this one included. */
  maxOutlets: number;
}

/** Decimal degrees; edges belong to the box. */
export interface BoundingBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface OfficeCoordinatesParams {
  /** Named in messages, e.g. "Kabupaten Lampung Selatan". */
  region: string;
  box: BoundingBox;
}

export interface BusinessClassificationParams {
  /** KBLI codes (5 digits); the company must hold at least one. */
  codes: readonly string[];
  requireBusinessId: boolean;
  /** The code must also appear in the deed: a clean record still goes to an officer (`manual`). */
  confirmOnDeed: boolean;
}

export interface EKatalogListingParams {
  /** Hosts a listing link may point to (subdomains included); null = any https link. */
  acceptedHosts: readonly string[] | null;
}

export interface JournalistCompetencyOrPortfolioParams {
  /** Who must prove competence; null = everyone on the roster. */
  positions: readonly Position[] | null;
  /** A valid UKW certificate of this level or above proves it... */
  minLevel: CompetencyLevel;
  /** ...or published work since at least this many whole years (the anniversary counts)... */
  minPublishedYears: number;
  /** ...backed by at least this many links. */
  minPublishedLinks: number;
}

export interface RuleParamsByFamily {
  chief_editor_competency: ChiefEditorCompetencyParams;
  press_council_verification: PressCouncilVerificationParams;
  office: OfficeParams;
  journalist_competency: JournalistCompetencyParams;
  legal_entity: LegalEntityParams;
  required_documents: RequiredDocumentsParams;
  outlet_age: OutletAgeParams;
  exclusive_journalists: ExclusiveJournalistsParams;
  company_outlets: CompanyOutletsParams;
  office_coordinates: OfficeCoordinatesParams;
  business_classification: BusinessClassificationParams;
  e_katalog_listing: EKatalogListingParams;
  journalist_competency_or_portfolio: JournalistCompetencyOrPortfolioParams;
}

export interface RuleConfigOf<F extends RuleFamily> {
  /** Unique in the pack; results and audit entries refer to it. */
  id: string;
  family: F;
  severity: Severity;
  params: RuleParamsByFamily[F];
  /** The article the rule comes from, e.g. "UU 40/1999 Pasal 9 ayat (2)". */
  citation: string;
  /**
   * True only when the citation was checked against an official text. Officers must not quote
   * an unverified article as law; a stored pack without the flag reads as unverified.
   */
  citationVerified: boolean;
  /** Overrides the family's default title. */
  title?: LocalizedText;
}

/** Discriminated by `family`, so `rule.params` narrows with it. */
export type RuleConfig = { [F in RuleFamily]: RuleConfigOf<F> }[RuleFamily];

export interface PressCouncilGrade {
  grade: string;
  /** The outlet gets the grade with the highest `minStatus` its Dewan Pers status reaches. */
  minStatus: PressCouncilStatus;
}

export interface PackGrading {
  basis: 'press_council';
  grades: readonly PressCouncilGrade[];
}

export interface PolicyPack {
  name: string;
  /** The regulation the pack transcribes, e.g. "Pergub Kaltim 49/2024 tentang ...". */
  source: string;
  grading?: PackGrading;
  rules: readonly RuleConfig[];
}

export type PackValidation = { ok: true; pack: PolicyPack } | { ok: false; errors: Record<string, string> };

/**
 * Checks an untrusted pack (admin input, a stored version) field by field and returns it with
 * parameter defaults filled in, or every problem keyed by path (`rules[2].params.minLevel`).
 */
export function validatePolicyPack(input: unknown): PackValidation {
  if (!isRecord(input)) return { ok: false, errors: { pack: 'must be an object' } };
  const errors: Errors = {};
  flagDuplicateRuleIds(input.rules, errors);
  const pack = readPack(input, '', errors);
  return pack !== undefined && Object.keys(errors).length === 0 ? { ok: true, pack } : { ok: false, errors };
}

type Errors = Record<string, string>;
/** Returns the normalised value, or undefined after recording why it is invalid. */
type Reader<T> = (value: unknown, path: string, errors: Errors) => T | undefined;

interface Field<T> {
  read: Reader<Exclude<T, undefined>>;
  /** Used when the key is absent; a fallback of undefined leaves the key out. */
  fallback?: () => T;
  /** Treat an explicit null like an absent key (JSON clients send null for "none"). */
  nullIsAbsent?: boolean;
}
type Fields<T> = { [K in keyof Required<T>]: Field<T[K]> };

const MAX_RULES = 50;
const RULE_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const at = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flag(errors: Errors, path: string, message: string): undefined {
  errors[path] ??= message;
  return undefined;
}

const text =
  (max: number): Reader<string> =>
  (value, path, errors) => {
    if (typeof value !== 'string' || value.trim() === '') return flag(errors, path, 'must be a non-empty string');
    const trimmed = value.trim();
    return trimmed.length <= max ? trimmed : flag(errors, path, `must be at most ${max} characters`);
  };

const oneOf =
  <T extends string>(values: readonly T[]): Reader<T> =>
  (value, path, errors) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? (value as T)
      : flag(errors, path, `must be one of ${values.join(', ')}`);

const bool: Reader<boolean> = (value, path, errors) =>
  typeof value === 'boolean' ? value : flag(errors, path, 'must be true or false');

const integer =
  (min: number, max: number): Reader<number> =>
  (value, path, errors) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : flag(errors, path, `must be an integer from ${min} to ${max}`);

const share: Reader<number> = (value, path, errors) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1
    ? value
    : flag(errors, path, 'must be a number greater than 0 and at most 1');

const nullable =
  <T>(read: Reader<T>): Reader<T | null> =>
  (value, path, errors) =>
    value === null ? null : read(value, path, errors);

interface ListOptions<T> {
  max: number;
  /** Items equal under `by` are duplicates; reported at the later item (or its `field`). */
  unique?: readonly { by: (item: T) => string; field?: string }[];
}

function list<T>(read: Reader<T>, { max, unique = [] }: ListOptions<T>): Reader<T[]> {
  return (value, path, errors) => {
    if (!Array.isArray(value)) return flag(errors, path, 'must be an array');
    if (value.length === 0) return flag(errors, path, 'must not be empty');
    if (value.length > max) return flag(errors, path, `must have at most ${max} items`);
    const items = value.map((item, index) => read(item, at(path, index), errors));
    for (const { by, field } of unique) {
      const seen = new Map<string, number>();
      items.forEach((item, index) => {
        if (item === undefined) return;
        const key = by(item);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else {
          const locate = (position: number) => (field ? at(at(path, position), field) : at(path, position));
          flag(errors, locate(index), `duplicates ${locate(first)}`);
        }
      });
    }
    return items.every((item) => item !== undefined) && !hasErrorsUnder(errors, path) ? (items as T[]) : undefined;
  };
}

function hasErrorsUnder(errors: Errors, path: string): boolean {
  return Object.keys(errors).some((key) => key === path || key.startsWith(`${path}[`) || key.startsWith(`${path}.`));
}

const enumList = <T extends string>(values: readonly T[]): Reader<T[]> =>
  list(oneOf(values), { max: values.length, unique: [{ by: (item) => item }] });

function object<T extends object>(fields: Fields<T>): Reader<T> {
  const known = Object.keys(fields) as (keyof T & string)[];
  return (value, path, errors) => {
    if (!isRecord(value)) return flag(errors, path, 'must be an object');
    let ok = true;
    for (const key of Object.keys(value)) {
      if ((known as string[]).includes(key)) continue;
      flag(errors, at(path, key), 'is not allowed');
      ok = false;
    }
    const out: Record<string, unknown> = {};
    for (const key of known) {
      const field: Field<T[typeof key]> = fields[key];
      const raw = Object.hasOwn(value, key) ? value[key] : undefined;
      if (raw === undefined || (raw === null && field.nullIsAbsent)) {
        if (field.fallback) {
          const fallback = field.fallback();
          if (fallback !== undefined) out[key] = fallback;
        } else {
          flag(errors, at(path, key), 'is required');
          ok = false;
        }
        continue;
      }
      const read = field.read(raw, at(path, key), errors);
      if (read === undefined) ok = false;
      else out[key] = read;
    }
    return ok ? (out as T) : undefined;
  };
}

function refine<T>(read: Reader<T>, check: (value: T, path: string, errors: Errors) => boolean): Reader<T> {
  return (value, path, errors) => {
    const result = read(value, path, errors);
    return result !== undefined && check(result, path, errors) ? result : undefined;
  };
}

const localized = object<LocalizedText>({ id: { read: text(200) }, en: { read: text(200) } });

const levelByPosition: Reader<Partial<Record<Position, CompetencyLevel>>> = (value, path, errors) => {
  if (!isRecord(value)) return flag(errors, path, 'must be an object');
  let ok = true;
  for (const key of Object.keys(value)) {
    if ((POSITIONS as readonly string[]).includes(key)) continue;
    flag(errors, at(path, key), `is not allowed (positions: ${POSITIONS.join(', ')})`);
    ok = false;
  }
  const out: Partial<Record<Position, CompetencyLevel>> = {};
  for (const position of POSITIONS) {
    if (!Object.hasOwn(value, position)) continue;
    const level = oneOf(COMPETENCY_LEVELS)(value[position], at(path, position), errors);
    if (level === undefined) ok = false;
    else out[position] = level;
  }
  if (ok && Object.keys(out).length === 0) return flag(errors, path, 'must not be empty');
  return ok ? out : undefined;
};

const issuerList = list(text(200), { max: 50, unique: [{ by: (issuer) => normalizeIssuer(issuer) }] });

/** Issuer names are typed by people: compare without case or repeated spaces. */
export function normalizeIssuer(issuer: string): string {
  return issuer.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A list that may also be empty (where "none" is a natural value, not a mistake). */
const orEmpty =
  <T>(read: Reader<T[]>): Reader<T[]> =>
  (value, path, errors) =>
    Array.isArray(value) && value.length === 0 ? [] : read(value, path, errors);

/** KBLI 2020 codes are five digits. */
export const KBLI_CODE = /^\d{5}$/;

const kbliCode: Reader<string> = (value, path, errors) =>
  typeof value === 'string' && KBLI_CODE.test(value) ? value : flag(errors, path, 'must be a 5-digit KBLI code');

const hostName: Reader<string> = (value, path, errors) =>
  typeof value === 'string' && /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(value)
    ? value
    : flag(errors, path, 'must be a lower-case host name such as katalog.inaproc.id');

const degrees =
  (limit: number): Reader<number> =>
  (value, path, errors) =>
    typeof value === 'number' && Number.isFinite(value) && value >= -limit && value <= limit
      ? value
      : flag(errors, path, `must be a number from -${limit} to ${limit}`);

const boundingBox: Reader<BoundingBox> = refine(
  object<BoundingBox>({ south: { read: degrees(90) }, west: { read: degrees(180) }, north: { read: degrees(90) }, east: { read: degrees(180) } }),
  (box, path, errors) => {
    // A box across the antimeridian is not needed for Indonesia; refusing it keeps the check a plain range test.
    if (box.south < box.north && box.west < box.east) return true;
    flag(errors, path, 'must have south < north and west < east');
    return false;
  },
);

const PARAM_READERS: { [F in RuleFamily]: Reader<RuleParamsByFamily[F]> } = {
  chief_editor_competency: object<ChiefEditorCompetencyParams>({
    positions: { read: enumList(POSITIONS), fallback: () => ['chief_editor', 'person_in_charge'] },
    minLevel: { read: oneOf(COMPETENCY_LEVELS), fallback: () => 'utama' },
    acceptedIssuers: { read: nullable(issuerList), fallback: () => null },
    maxOutletsHeaded: { read: nullable(integer(1, 100)), fallback: () => null },
  }),
  press_council_verification: object<PressCouncilVerificationParams>({
    minStatus: { read: oneOf(['administrative', 'factual'] as const), fallback: () => 'factual' },
    maxAgeYears: { read: integer(1, 50), fallback: () => 5 },
  }),
  office: object<OfficeParams>({
    requireInProvince: { read: bool, fallback: () => false },
    requireOfficePhoto: { read: bool, fallback: () => true },
    requireFieldConfirmation: { read: bool, fallback: () => true },
  }),
  journalist_competency: refine(
    object<JournalistCompetencyParams>({
      minCertified: { read: nullable(integer(1, 1000)), fallback: () => null },
      minShare: { read: nullable(share), fallback: () => null },
      minLevel: { read: oneOf(COMPETENCY_LEVELS), fallback: () => 'muda' },
      positions: { read: nullable(enumList(POSITIONS)), fallback: () => null },
      perPosition: { read: levelByPosition, fallback: () => undefined, nullIsAbsent: true },
    }),
    (params, path, errors) => {
      if (params.minCertified !== null || params.minShare !== null || params.perPosition !== undefined) return true;
      flag(errors, path, 'must set minCertified, minShare or perPosition');
      return false;
    },
  ),
  legal_entity: object<LegalEntityParams>({
    acceptedForms: { read: enumList(LEGAL_FORMS), fallback: () => ['PT'] },
    requireDeed: { read: bool, fallback: () => true },
    requireMinistryDecree: { read: bool, fallback: () => true },
    requireTaxStatus: { read: nullable(oneOf(TAX_STATUSES)), fallback: () => null },
  }),
  required_documents: object<RequiredDocumentsParams>({
    types: { read: enumList(DOCUMENT_TYPES) },
    anyOf: { read: orEmpty(list(enumList(DOCUMENT_TYPES), { max: 10 })), fallback: () => [], nullIsAbsent: true },
  }),
  outlet_age: object<OutletAgeParams>({ minYears: { read: integer(1, 100) } }),
  exclusive_journalists: object<ExclusiveJournalistsParams>({
    scope: { read: oneOf(['outlet', 'company'] as const), fallback: () => 'outlet' },
  }),
  company_outlets: object<CompanyOutletsParams>({ maxOutlets: { read: integer(1, 100), fallback: () => 1 } }),
  office_coordinates: object<OfficeCoordinatesParams>({
    region: { read: text(120) },
    box: { read: boundingBox },
  }),
  business_classification: object<BusinessClassificationParams>({
    codes: { read: list(kbliCode, { max: 50, unique: [{ by: (code) => code }] }) },
    requireBusinessId: { read: bool, fallback: () => true },
    confirmOnDeed: { read: bool, fallback: () => false },
  }),
  e_katalog_listing: object<EKatalogListingParams>({
    acceptedHosts: { read: nullable(list(hostName, { max: 10, unique: [{ by: (host) => host }] })), fallback: () => null },
  }),
  journalist_competency_or_portfolio: object<JournalistCompetencyOrPortfolioParams>({
    positions: {
      read: nullable(enumList(POSITIONS)),
      fallback: () => ['chief_editor', 'person_in_charge', 'editor', 'reporter'],
    },
    minLevel: { read: oneOf(COMPETENCY_LEVELS), fallback: () => 'muda' },
    minPublishedYears: { read: integer(1, 50), fallback: () => 5 },
    minPublishedLinks: { read: integer(1, 50), fallback: () => 1 },
  }),
};

const ruleId: Reader<string> = (value, path, errors) =>
  typeof value === 'string' && RULE_ID.test(value)
    ? value
    : flag(errors, path, "must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");

/** Stands in for the params reader when the family is unknown: that error is already reported. */
const unreadable: Reader<never> = () => undefined;

/** RuleConfig with the family/params link cut, so one reader can describe every family. */
type AnyRuleConfig = Omit<RuleConfig, 'family' | 'params'> & { family: RuleFamily; params: RuleConfig['params'] };

/** The params reader is picked by the rule's own family, so the pair read back is consistent. */
function ruleReader(family: RuleFamily | undefined): Reader<RuleConfig> {
  return object<AnyRuleConfig>({
    id: { read: ruleId },
    family: { read: oneOf(RULE_FAMILIES) },
    severity: { read: oneOf(SEVERITIES) },
    params: { read: family === undefined ? unreadable : PARAM_READERS[family] },
    citation: { read: text(300) },
    citationVerified: { read: bool, fallback: () => false },
    title: { read: localized, fallback: () => undefined, nullIsAbsent: true },
  }) as Reader<RuleConfig>;
}

const readRule: Reader<RuleConfig> = (value, path, errors) => {
  const family = isRecord(value) ? RULE_FAMILIES.find((known) => known === value.family) : undefined;
  return ruleReader(family)(value, path, errors);
};

/** Checked on the raw input so a duplicate shows even while the rule has other errors. */
function flagDuplicateRuleIds(rules: unknown, errors: Errors): void {
  if (!Array.isArray(rules)) return;
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (!isRecord(rule) || typeof rule.id !== 'string') return;
    const first = seen.get(rule.id);
    if (first === undefined) seen.set(rule.id, index);
    else flag(errors, `rules[${index}].id`, `duplicates rules[${first}].id`);
  });
}

const grading = object<PackGrading>({
  basis: { read: oneOf(['press_council'] as const) },
  grades: {
    read: list(object<PressCouncilGrade>({ grade: { read: text(16) }, minStatus: { read: oneOf(PRESS_COUNCIL_STATUSES) } }), {
      max: PRESS_COUNCIL_STATUSES.length,
      unique: [
        { by: (grade) => grade.grade, field: 'grade' },
        { by: (grade) => grade.minStatus, field: 'minStatus' },
      ],
    }),
  },
});

const readPack = object<PolicyPack>({
  name: { read: text(200) },
  source: { read: text(500) },
  grading: { read: grading, fallback: () => undefined, nullIsAbsent: true },
  rules: { read: list(readRule, { max: MAX_RULES }) },
});

/**
 * A pack as stored (JSON in requirement_policies), read for use. Versions stored before
 * `citationVerified` existed, or with it mangled, read as unverified: an officer is never told an
 * unchecked article is verified.
 */
export function readStoredPack(stored: PolicyPack): PolicyPack {
  return {
    ...stored,
    rules: stored.rules.map((rule) => ({ ...rule, citationVerified: (rule as { citationVerified?: unknown }).citationVerified === true })),
  };
}
