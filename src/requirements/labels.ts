import type {
  DocumentType,
  JournalistSnapshot,
  Position,
  PressCouncilStatus,
  TaxStatus,
} from './outlet-snapshot';
import type { LocalizedText } from './rule-result';

/** Words used inside rule messages, in the two languages every message carries. */
export const POSITION_LABELS = {
  chief_editor: { id: 'pemimpin redaksi', en: 'chief editor' },
  person_in_charge: { id: 'penanggung jawab', en: 'person in charge' },
  editor: { id: 'redaktur', en: 'editor' },
  reporter: { id: 'wartawan', en: 'reporter' },
  other: { id: 'staf redaksi lain', en: 'other staff' },
} as const satisfies Record<Position, LocalizedText>;

export const PRESS_COUNCIL_STATUS_LABELS = {
  none: { id: 'belum terverifikasi', en: 'not verified' },
  administrative: { id: 'terverifikasi administrasi', en: 'administratively verified' },
  factual: { id: 'terverifikasi faktual', en: 'factually verified' },
} as const satisfies Record<PressCouncilStatus, LocalizedText>;

export const TAX_STATUS_LABELS = {
  none: { id: 'belum terdaftar', en: 'not registered' },
  non_pkp: { id: 'non-PKP', en: 'non-PKP (not VAT-registered)' },
  pkp: { id: 'PKP', en: 'PKP (VAT-registered)' },
} as const satisfies Record<TaxStatus, LocalizedText>;

export const DOCUMENT_TYPE_LABELS = {
  deed: { id: 'akta pendirian', en: 'deed of establishment' },
  ministry_decree: { id: 'SK Kemenkumham', en: 'Ministry of Law decree' },
  tax_id: { id: 'NPWP', en: 'tax ID (NPWP)' },
  business_id: { id: 'NIB', en: 'business ID (NIB)' },
  press_council_certificate: { id: 'sertifikat Dewan Pers', en: 'Press Council certificate' },
  competency_certificate: { id: 'sertifikat UKW', en: 'competency certificate (UKW)' },
  office_photo: { id: 'foto kantor', en: 'office photo' },
  domicile_letter: { id: 'surat keterangan domisili', en: 'domicile letter' },
  masthead: { id: 'boks redaksi', en: 'masthead' },
  traffic_evidence: { id: 'bukti trafik', en: 'traffic evidence' },
  office_sign_photo: { id: 'foto papan nama kantor (dengan titik koordinat)', en: 'photo of the office sign (with GPS coordinates)' },
  annual_tax_return: { id: 'SPT Tahunan terakhir', en: 'latest annual tax return (SPT Tahunan)' },
  tax_clearance_letter: { id: 'surat keterangan fiskal', en: 'tax clearance letter (surat keterangan fiskal)' },
  other: { id: 'dokumen lain', en: 'other document' },
} as const satisfies Record<DocumentType, LocalizedText>;

/** "Budi Santoso (pemimpin redaksi)"; names, never NIKs, identify people in messages. */
export function journalistLabel(journalist: JournalistSnapshot): LocalizedText {
  const position = POSITION_LABELS[journalist.position];
  return { id: `${journalist.name} (${position.id})`, en: `${journalist.name} (${position.en})` };
}

/** Joins each language separately, so a list reads naturally in both. */
export function joinLocalized(parts: readonly LocalizedText[], separator: LocalizedText): LocalizedText {
  return {
    id: parts.map((part) => part.id).join(separator.id),
    en: parts.map((part) => part.en).join(separator.en),
  };
}

export const COMMA = { id: ', ', en: ', ' } as const satisfies LocalizedText;
export const SEMICOLON = { id: '; ', en: '; ' } as const satisfies LocalizedText;
export const OR = { id: ' atau ', en: ' or ' } as const satisfies LocalizedText;
