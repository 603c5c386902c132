import type { Locale } from './i18n';

/**
 * The standard reasons an officer or approver picks when asking for a revision or rejecting, in
 * both languages, defined once. The reason stored on the decision (and mailed to the outlet) is
 * the Indonesian wording followed by the officer's own explanation, so it reads as one sentence
 * for the applicant: "Dokumen tidak dapat dibaca. Akta halaman 2 buram."
 */
export const DECISION_REASONS = {
  document_unreadable: {
    id: 'Dokumen tidak dapat dibaca atau tidak lengkap halamannya.',
    en: 'A document cannot be read or has missing pages.',
  },
  chief_editor_not_utama: {
    id: 'Pemimpin redaksi belum memiliki sertifikat kompetensi wartawan jenjang Utama.',
    en: 'The chief editor does not hold a Wartawan Utama competency certificate.',
  },
  not_press_council_verified: {
    id: 'Media belum terverifikasi Dewan Pers.',
    en: 'The outlet is not verified by the Dewan Pers (Press Council).',
  },
  office_not_confirmed: {
    id: 'Kantor redaksi tidak dapat dipastikan keberadaannya.',
    en: 'The editorial office could not be confirmed.',
  },
  ukw_missing: {
    id: 'Sertifikat UKW wartawan belum dilampirkan atau tidak sesuai.',
    en: "Journalists' competency (UKW) certificates are missing or do not match.",
  },
  legal_documents_missing: {
    id: 'Dokumen badan hukum (akta, SK Kemenkumham, NPWP atau NIB) belum lengkap.',
    en: 'Legal entity documents (deed, ministry decree, NPWP or NIB) are missing.',
  },
  other: {
    id: 'Alasan lain.',
    en: 'Other reason.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type DecisionReasonCode = keyof typeof DECISION_REASONS;
export const DECISION_REASON_CODES = Object.keys(DECISION_REASONS) as DecisionReasonCode[];

export const isDecisionReasonCode = (v: unknown): v is DecisionReasonCode => typeof v === 'string' && Object.prototype.hasOwnProperty.call(DECISION_REASONS, v);

/** The longest explanation a form accepts, leaving room for the standard wording within the API's 4,000. */
export const REASON_TEXT_MAX = 3000;

/**
 * The reason as stored: the standard wording (except for "other", which says nothing by itself)
 * and the explanation. Null when there is nothing to say; the service then asks for a reason.
 */
export function composeReason(code: DecisionReasonCode | null, text: string): string | null {
  const note = text.trim();
  const standard = code && code !== 'other' ? DECISION_REASONS[code].id : '';
  const parts = [standard, note && !/[.!?]$/.test(note) ? `${note}.` : note].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}
