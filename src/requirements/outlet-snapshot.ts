/**
 * The immutable facts a requirement pack is judged against. Built by the outlets module from the
 * database (profile, roster, documents, plus cross-outlet facts computed up front), frozen into an
 * application at submission, and never read from anywhere else by a rule: rules are pure.
 */
export const LEGAL_FORMS = ['PT', 'CV', 'yayasan', 'koperasi', 'perorangan'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const MEDIA_TYPES = ['online', 'print', 'television', 'radio'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const PRESS_COUNCIL_STATUSES = ['none', 'administrative', 'factual'] as const;
export type PressCouncilStatus = (typeof PRESS_COUNCIL_STATUSES)[number];

export const POSITIONS = ['chief_editor', 'person_in_charge', 'editor', 'reporter', 'other'] as const;
export type Position = (typeof POSITIONS)[number];

/** Ordered: muda < madya < utama. */
export const COMPETENCY_LEVELS = ['muda', 'madya', 'utama'] as const;
export type CompetencyLevel = (typeof COMPETENCY_LEVELS)[number];

export const DOCUMENT_TYPES = [
  'deed',
  'ministry_decree',
  'tax_id',
  'business_id',
  'press_council_certificate',
  'competency_certificate',
  'office_photo',
  'domicile_letter',
  'masthead',
  'traffic_evidence',
  'office_sign_photo',
  'annual_tax_return',
  'tax_clearance_letter',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const TAX_STATUSES = ['none', 'non_pkp', 'pkp'] as const;
export type TaxStatus = (typeof TAX_STATUSES)[number];

/** Dates are ISO calendar dates `YYYY-MM-DD` (no time zone games). */
export type IsoDate = string;

export interface OfficeSnapshot {
  street: string;
  city: string;
  province: string;
  latitude: number | null;
  longitude: number | null;
}

export interface CompetencySnapshot {
  level: CompetencyLevel;
  certificateNumber: string;
  issuer: string;
  issuedOn: IsoDate;
  revoked: boolean;
}

export interface JournalistSnapshot {
  id: string;
  name: string;
  /** Masked NIK (`************1234`); the clear NIK never enters a snapshot. */
  nikMasked: string;
  position: Position;
  competency: CompetencySnapshot | null;
  /** How many *other* outlets list a journalist with the same NIK (keyed-hash match). */
  otherOutletCount: number;
  /** For a chief editor / person in charge: how many other outlets they head. */
  otherOutletsHeaded: number;
  /** Like `otherOutletCount`, counting only outlets of other companies (sharing neither NIB nor NPWP). */
  otherCompanyOutletCount: number;
  /** First publication of the journalist's own work; proves competence where a pack accepts a record of published work. */
  publishedWorkSince: IsoDate | null;
  /** Links to published work backing `publishedWorkSince`. */
  publishedWorkLinks: string[];
}

export interface DocumentSnapshot {
  id: string;
  type: DocumentType;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export interface OutletSnapshot {
  outlet: {
    id: string;
    legalName: string;
    brandName: string;
    legalForm: LegalForm;
    deedNumber: string | null;
    ministryDecreeNumber: string | null;
    taxId: string | null;
    taxStatus: TaxStatus;
    businessId: string | null;
    establishedOn: IsoDate | null;
    mediaType: MediaType;
    website: string | null;
    office: OfficeSnapshot | null;
    pressCouncil: {
      status: PressCouncilStatus;
      certificateNumber: string | null;
      verifiedOn: IsoDate | null;
    };
    memberships: string[];
    /** KBLI business classification codes (5 digits) the company holds on its NIB. */
    kbliCodes: string[];
    /** The outlet's listing in the LKPP e-Katalog (https). */
    eKatalogUrl: string | null;
    /**
     * Other outlets with the same NIB or NPWP that hold an open application or a current
     * certificate at the judging agency (one company, one outlet).
     */
    otherOutletsOfCompany: number;
  };
  journalists: JournalistSnapshot[];
  documents: DocumentSnapshot[];
}

/** Facts about the judging agency and the moment of judgement, passed beside the snapshot. */
export interface EvaluationContext {
  /** The day the judgement is made (submission day); ages and validity are measured to it. */
  on: IsoDate;
  agency: { code: string; name: string; province: string; city: string | null };
}
