import type { PolicyPack } from '../policy-pack';

/*
 * Sources used: published summaries of Pergub Kaltim 49/2024 (news reports of its requirements
 * and the grading A/B/C). The article numbers follow those summaries and were not checked against
 * the promulgated text (JDIH Kaltim), so every citation is marked unverified.
 */
const PERGUB = 'Pergub Kaltim 49/2024';

/**
 * Pergub Kaltim 49/2024. Grade C ("meets the Pergub, on its way to Dewan Pers verification")
 * exists, so the Dewan Pers minimum is a review point, not a refusal.
 */
export const KALTIM_PACK: PolicyPack = {
  name: 'Pergub Kaltim 49/2024',
  source:
    'Peraturan Gubernur Kalimantan Timur Nomor 49 Tahun 2024 tentang Pengelolaan Media Komunikasi Publik ' +
    'di Lingkungan Pemerintah Daerah',
  grading: {
    basis: 'press_council',
    grades: [
      { grade: 'A', minStatus: 'factual' },
      { grade: 'B', minStatus: 'administrative' },
      { grade: 'C', minStatus: 'none' },
    ],
  },
  rules: [
    {
      id: 'legal-entity',
      family: 'legal_entity',
      severity: 'blocking',
      params: { acceptedForms: ['PT'], requireDeed: true, requireMinistryDecree: true, requireTaxStatus: 'pkp' },
      citation: `${PERGUB} Pasal 8 ayat (1) huruf a sampai c; UU 40/1999 Pasal 9 ayat (2)`,
      citationVerified: false,
    },
    {
      id: 'office-in-province',
      family: 'office',
      severity: 'blocking',
      params: { requireInProvince: true, requireOfficePhoto: true, requireFieldConfirmation: true },
      citation: `${PERGUB} Pasal 8 ayat (1) huruf d`,
      citationVerified: false,
    },
    {
      id: 'outlet-age',
      family: 'outlet_age',
      severity: 'blocking',
      params: { minYears: 2 },
      citation: `${PERGUB} Pasal 8 ayat (1) huruf f`,
      citationVerified: false,
    },
    {
      id: 'chief-editor-competency',
      family: 'chief_editor_competency',
      severity: 'blocking',
      params: { positions: ['chief_editor'], minLevel: 'utama', acceptedIssuers: null, maxOutletsHeaded: 2 },
      citation: `${PERGUB} Pasal 9 ayat (1) huruf a`,
      citationVerified: false,
    },
    {
      id: 'newsroom-competency',
      family: 'journalist_competency',
      severity: 'blocking',
      // At least one certified reporter, and every editor madya / every reporter muda.
      params: {
        minCertified: 1,
        minShare: null,
        minLevel: 'muda',
        positions: ['reporter'],
        perPosition: { editor: 'madya', reporter: 'muda' },
      },
      citation: `${PERGUB} Pasal 9 ayat (1) huruf b dan c`,
      citationVerified: false,
    },
    {
      id: 'exclusive-journalists',
      family: 'exclusive_journalists',
      severity: 'review',
      // Review, not blocking: a stale listing at another outlet must not let a competitor block an applicant.
      params: { scope: 'outlet' },
      citation: `${PERGUB} Pasal 9 ayat (2)`,
      citationVerified: false,
      title: { id: 'Satu wartawan satu media (NIK)', en: 'One journalist, one outlet (by NIK)' },
    },
    {
      id: 'press-council-verification',
      family: 'press_council_verification',
      severity: 'review',
      params: { minStatus: 'administrative', maxAgeYears: 5 },
      citation: `${PERGUB} Pasal 10; UU 40/1999 Pasal 15 ayat (2) huruf g`,
      citationVerified: false,
    },
    {
      id: 'required-documents',
      family: 'required_documents',
      severity: 'blocking',
      params: { types: ['deed', 'ministry_decree', 'tax_id', 'business_id', 'office_photo', 'masthead'], anyOf: [] },
      citation: `${PERGUB} Pasal 11`,
      citationVerified: false,
    },
  ],
};
