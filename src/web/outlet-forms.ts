import type { JournalistView, OutletView } from '../outlets/outlets.service';
import {
  COMPETENCY_LEVELS,
  DOCUMENT_TYPES,
  LEGAL_FORMS,
  MEDIA_TYPES,
  POSITIONS,
  PRESS_COUNCIL_STATUSES,
  TAX_STATUSES,
} from '../requirements/outlet-snapshot';
import { blankToNull, str } from './forms';

/** Form fields are named by the API's field paths (`office.city`), so errors map back one to one. */
export type FormValues = Record<string, string>;

const numberOrText = (v: unknown): number | string | null => {
  const s = blankToNull(v);
  if (s === null) return null;
  return /^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : s;
};

/** The outlet form as the API's CreateOutletDto/UpdateOutletDto body. */
export function outletInput(b: FormValues): Record<string, unknown> {
  const officeGiven = ['office.street', 'office.city', 'office.province'].some((k) => blankToNull(b[k]) !== null);
  return {
    legalName: str(b.legalName),
    brandName: str(b.brandName),
    legalForm: str(b.legalForm),
    deedNumber: blankToNull(b.deedNumber),
    ministryDecreeNumber: blankToNull(b.ministryDecreeNumber),
    taxId: blankToNull(b.taxId),
    taxStatus: str(b.taxStatus) || 'none',
    businessId: blankToNull(b.businessId),
    establishedOn: blankToNull(b.establishedOn),
    mediaType: str(b.mediaType),
    website: blankToNull(b.website),
    office: officeGiven
      ? {
          street: str(b['office.street']),
          city: str(b['office.city']),
          province: str(b['office.province']),
          latitude: numberOrText(b['office.latitude']),
          longitude: numberOrText(b['office.longitude']),
        }
      : null,
    pressCouncil: {
      status: str(b['pressCouncil.status']) || 'none',
      certificateNumber: blankToNull(b['pressCouncil.certificateNumber']),
      verifiedOn: blankToNull(b['pressCouncil.verifiedOn']),
    },
    memberships: str(b.memberships)
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m !== ''),
    kbliCodes: str(b.kbliCodes)
      .split(/[\s,;]+/)
      .filter((c) => c !== ''),
    eKatalogUrl: blankToNull(b.eKatalogUrl),
  };
}

export function outletValues(o: OutletView | null): FormValues {
  if (!o) return { legalForm: 'PT', mediaType: 'online', taxStatus: 'none', 'pressCouncil.status': 'none' };
  return {
    legalName: o.legalName,
    brandName: o.brandName,
    legalForm: o.legalForm,
    deedNumber: o.deedNumber ?? '',
    ministryDecreeNumber: o.ministryDecreeNumber ?? '',
    taxId: o.taxId ?? '',
    taxStatus: o.taxStatus,
    businessId: o.businessId ?? '',
    establishedOn: o.establishedOn ?? '',
    mediaType: o.mediaType,
    website: o.website ?? '',
    'office.street': o.office?.street ?? '',
    'office.city': o.office?.city ?? '',
    'office.province': o.office?.province ?? '',
    'office.latitude': o.office?.latitude?.toString() ?? '',
    'office.longitude': o.office?.longitude?.toString() ?? '',
    'pressCouncil.status': o.pressCouncil.status,
    'pressCouncil.certificateNumber': o.pressCouncil.certificateNumber ?? '',
    'pressCouncil.verifiedOn': o.pressCouncil.verifiedOn ?? '',
    memberships: o.memberships.join(', '),
    kbliCodes: o.kbliCodes.join(', '),
    eKatalogUrl: o.eKatalogUrl ?? '',
  };
}

/** The roster form as CreateJournalistDto; no level chosen means no competency certificate. */
export function journalistInput(b: FormValues): Record<string, unknown> {
  const level = blankToNull(b['competency.level']);
  return {
    name: str(b.name),
    nik: str(b.nik),
    position: str(b.position),
    competency: level
      ? {
          level,
          certificateNumber: str(b['competency.certificateNumber']),
          issuer: str(b['competency.issuer']),
          issuedOn: str(b['competency.issuedOn']),
          revoked: b['competency.revoked'] === 'on',
        }
      : null,
    publishedWorkSince: blankToNull(b.publishedWorkSince),
    publishedWorkLinks: str(b.publishedWorkLinks)
      .split(/\s+/)
      .filter((l) => l !== ''),
  };
}

export function journalistValues(j: JournalistView | null): FormValues {
  if (!j) return { position: 'reporter', 'competency.level': '' };
  return {
    name: j.name,
    nik: j.nik,
    position: j.position,
    'competency.level': j.competency?.level ?? '',
    'competency.certificateNumber': j.competency?.certificateNumber ?? '',
    'competency.issuer': j.competency?.issuer ?? '',
    'competency.issuedOn': j.competency?.issuedOn ?? '',
    'competency.revoked': j.competency?.revoked ? 'on' : '',
    publishedWorkSince: j.publishedWorkSince ?? '',
    publishedWorkLinks: j.publishedWorkLinks.join('\n'),
  };
}

/** Choice lists for selects: each value with its catalogue key `<prefix>.<value>`. */
export const CHOICES = {
  legalForm: { prefix: 'legalForm', values: LEGAL_FORMS },
  mediaType: { prefix: 'mediaType', values: MEDIA_TYPES },
  taxStatus: { prefix: 'taxStatus', values: TAX_STATUSES },
  'pressCouncil.status': { prefix: 'pressCouncil', values: PRESS_COUNCIL_STATUSES },
  position: { prefix: 'position', values: POSITIONS },
  'competency.level': { prefix: 'level', values: ['', ...COMPETENCY_LEVELS] },
  type: { prefix: 'documentType', values: DOCUMENT_TYPES },
} as const;

export function options(
  field: keyof typeof CHOICES,
  selected: string | undefined,
  t: (key: string) => string,
): { value: string; label: string; selected: boolean }[] {
  const c = CHOICES[field];
  return (c.values as readonly string[]).map((value) => ({ value, label: t(`${c.prefix}.${value || 'none'}`), selected: value === (selected ?? '') }));
}
