import type {
  CompetencySnapshot,
  DocumentSnapshot,
  DocumentType,
  EvaluationContext,
  JournalistSnapshot,
  OutletSnapshot,
} from '../outlet-snapshot';

/**
 * Builders for rule specs: the defaults describe one complete outlet that meets the default pack,
 * so each test states only the fact it varies.
 */
export function competency(overrides: Partial<CompetencySnapshot> = {}): CompetencySnapshot {
  return {
    level: 'utama',
    certificateNumber: '1234-PWI/WU/DP/I/2020/01/01/80',
    issuer: 'PWI',
    issuedOn: '2020-01-15',
    revoked: false,
    ...overrides,
  };
}

export function journalist(
  overrides: Partial<Omit<JournalistSnapshot, 'competency'>> & { competency?: Partial<CompetencySnapshot> | null } = {},
): JournalistSnapshot {
  const { competency: competencyOverrides, ...rest } = overrides;
  const name = rest.name ?? 'Budi Santoso';
  return {
    id: `j-${name.toLowerCase().replace(/\s+/g, '-')}`,
    name,
    nikMasked: '************1234',
    position: 'chief_editor',
    otherOutletCount: 0,
    otherOutletsHeaded: 0,
    otherCompanyOutletCount: 0,
    publishedWorkSince: null,
    publishedWorkLinks: [],
    ...rest,
    competency: competencyOverrides === null ? null : competency(competencyOverrides),
  };
}

export function document(type: DocumentType, overrides: Partial<DocumentSnapshot> = {}): DocumentSnapshot {
  return {
    id: `d-${type}`,
    type,
    fileName: `${type}.pdf`,
    mimeType: 'application/pdf',
    size: 120_000,
    sha256: '0'.repeat(64),
    uploadedAt: '2026-01-10T03:00:00.000Z',
    ...overrides,
  };
}

export const ALL_DEFAULT_DOCUMENTS: DocumentType[] = [
  'deed',
  'ministry_decree',
  'tax_id',
  'business_id',
  'press_council_certificate',
  'office_photo',
  'masthead',
];

export function outletSnapshot(
  overrides: {
    outlet?: Partial<OutletSnapshot['outlet']>;
    journalists?: JournalistSnapshot[];
    documents?: DocumentSnapshot[];
  } = {},
): OutletSnapshot {
  return {
    outlet: {
      id: 'o-lensa',
      legalName: 'PT Lensa Jatim Media',
      brandName: 'Lensa Jatim',
      legalForm: 'PT',
      deedNumber: '12',
      ministryDecreeNumber: 'AHU-0012345.AH.01.01.TAHUN 2019',
      taxId: '01.234.567.8-609.000',
      taxStatus: 'pkp',
      businessId: '9120001234567',
      establishedOn: '2019-05-20',
      mediaType: 'online',
      website: 'https://lensajatim.example',
      office: {
        street: 'Jl. Raya Darmo 10',
        city: 'Surabaya',
        province: 'Jawa Timur',
        latitude: null,
        longitude: null,
      },
      pressCouncil: { status: 'factual', certificateNumber: '1234/DP-Verifikasi/K/III/2023', verifiedOn: '2023-03-10' },
      memberships: ['AMSI'],
      kbliCodes: ['63122'],
      eKatalogUrl: 'https://katalog.inaproc.id/lensa-jatim-media',
      otherOutletsOfCompany: 0,
      ...overrides.outlet,
    },
    journalists: overrides.journalists ?? [
      journalist({ name: 'Budi Santoso', position: 'chief_editor' }),
      journalist({ name: 'Sari Dewi', position: 'editor', competency: { level: 'madya' } }),
      journalist({ name: 'Andi Pratama', position: 'reporter', competency: { level: 'muda' } }),
    ],
    documents: overrides.documents ?? ALL_DEFAULT_DOCUMENTS.map((type) => document(type)),
  };
}

export function evaluationContext(overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    on: '2026-03-01',
    agency: { code: 'DEMO', name: 'Diskominfo Provinsi Jawa Timur', province: 'Jawa Timur', city: null },
    ...overrides,
  };
}
