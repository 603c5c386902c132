import type { PolicyPack } from '../policy-pack';

/*
 * Sources used:
 * - Requirements presented at Kominfo's technical guidance on media relations (Bimbingan Teknis
 *   Pengelolaan Relasi Media, 20 July 2023): chief editor or person in charge at wartawan utama,
 *   Dewan Pers verified, an office, journalists with UKW. A presentation, not a regulation: it has
 *   no article numbers, and no "Pedoman Kemitraan Media" document by Kominfo could be found.
 * - UU 40/1999 tentang Pers. Pasal 9 ayat (2) was checked against the article as quoted on the
 *   DPR's law-monitoring site (puspanlakuu.dpr.go.id); the other articles only against unofficial
 *   copies, so they stay unverified.
 * - Peraturan Dewan Pers (Standar Kompetensi Wartawan), by title only.
 */
const UU_PERS = 'UU 40/1999 tentang Pers';
const BIMTEK = 'Bimtek Pengelolaan Relasi Media, Kominfo, 20 Juli 2023 (paparan, tanpa nomor pasal)';
const SKW = 'Peraturan Dewan Pers No. 1/Peraturan-DP/II/2010 tentang Standar Kompetensi Wartawan';

/** The seed requirements every new agency starts from (PRODUCT.md "Requirement policy"). */
export const DEFAULT_PACK: PolicyPack = {
  name: 'Persyaratan dasar kemitraan media (Bimtek Relasi Media Kominfo 2023)',
  source:
    'Persyaratan yang dipaparkan pada Bimbingan Teknis Pengelolaan Relasi Media, Kementerian Komunikasi dan ' +
    'Informatika, 20 Juli 2023 (pemimpin redaksi atau penanggung jawab berkompetensi wartawan utama, terverifikasi ' +
    `Dewan Pers, memiliki kantor, wartawan bersertifikat UKW), di atas ${UU_PERS} dan peraturan Dewan Pers`,
  rules: [
    {
      id: 'chief-editor-competency',
      family: 'chief_editor_competency',
      severity: 'blocking',
      params: {
        positions: ['chief_editor', 'person_in_charge'],
        minLevel: 'utama',
        acceptedIssuers: null,
        maxOutletsHeaded: null,
      },
      citation: `${BIMTEK}: pemimpin redaksi atau penanggung jawab berkompetensi wartawan utama; ${SKW}`,
      citationVerified: false,
    },
    {
      id: 'press-council-verification',
      family: 'press_council_verification',
      severity: 'blocking',
      params: { minStatus: 'factual', maxAgeYears: 5 },
      citation: `${BIMTEK}: terverifikasi Dewan Pers; ${UU_PERS} Pasal 15 ayat (2) (Dewan Pers mendata perusahaan pers)`,
      citationVerified: false,
    },
    {
      id: 'office',
      family: 'office',
      severity: 'blocking',
      params: { requireInProvince: false, requireOfficePhoto: true, requireFieldConfirmation: true },
      citation: `${BIMTEK}: memiliki kantor; ${UU_PERS} Pasal 12 (alamat perusahaan pers diumumkan secara terbuka)`,
      citationVerified: false,
    },
    {
      id: 'journalist-competency',
      family: 'journalist_competency',
      severity: 'review',
      // `other` staff (layout, IT) are not journalists and do not dilute the share.
      params: {
        minCertified: null,
        minShare: 0.5,
        minLevel: 'muda',
        positions: ['chief_editor', 'person_in_charge', 'editor', 'reporter'],
      },
      citation: `${BIMTEK}: wartawan bersertifikat UKW (porsi 50% ditetapkan Mitra Media, bukan dari sumber); ${SKW}`,
      citationVerified: false,
    },
    {
      id: 'legal-entity',
      family: 'legal_entity',
      severity: 'blocking',
      params: { acceptedForms: ['PT'], requireDeed: true, requireMinistryDecree: true, requireTaxStatus: null },
      citation: `${UU_PERS} Pasal 9 ayat (2) (perusahaan pers berbentuk badan hukum Indonesia)`,
      citationVerified: true,
    },
    {
      id: 'required-documents',
      family: 'required_documents',
      severity: 'blocking',
      params: {
        types: [
          'deed',
          'ministry_decree',
          'tax_id',
          'business_id',
          'press_council_certificate',
          'office_photo',
          'masthead',
        ],
        anyOf: [],
      },
      citation: 'Daftar berkas bawaan Mitra Media yang membuktikan persyaratan di atas; tidak ada sumber resmi yang memuat daftar ini',
      citationVerified: false,
    },
  ],
};
