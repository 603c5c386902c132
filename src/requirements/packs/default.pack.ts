import type { PolicyPack } from '../policy-pack';

const UU_PERS = 'UU 40/1999 tentang Pers';
const SKW = 'Peraturan Dewan Pers No. 1/Peraturan-DP/II/2010 tentang Standar Kompetensi Wartawan';
const SPP = 'Peraturan Dewan Pers No. 03/Peraturan-DP/X/2019 tentang Standar Perusahaan Pers';

/** The seed regulation every new agency starts from (PRODUCT.md "Requirement policy"). */
export const DEFAULT_PACK: PolicyPack = {
  name: 'Pedoman Kemitraan Media (Kominfo)',
  source:
    'Pedoman hubungan media Kementerian Komunikasi dan Informatika bagi humas pemerintah, ' +
    `mengacu pada ${UU_PERS} dan peraturan Dewan Pers`,
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
      citation: `${SKW} (pemimpin redaksi berkompetensi wartawan utama)`,
    },
    {
      id: 'press-council-verification',
      family: 'press_council_verification',
      severity: 'blocking',
      params: { minStatus: 'factual', maxAgeYears: 5 },
      citation: `${UU_PERS} Pasal 15 ayat (2) huruf g (pendataan perusahaan pers oleh Dewan Pers)`,
    },
    {
      id: 'office',
      family: 'office',
      severity: 'blocking',
      params: { requireInProvince: false, requireOfficePhoto: true, requireFieldConfirmation: true },
      citation: `${UU_PERS} Pasal 12 (alamat perusahaan pers diumumkan secara terbuka)`,
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
      citation: SKW,
    },
    {
      id: 'legal-entity',
      family: 'legal_entity',
      severity: 'blocking',
      params: { acceptedForms: ['PT'], requireDeed: true, requireMinistryDecree: true, requireTaxStatus: null },
      citation: `${UU_PERS} Pasal 9 ayat (2); ${SPP} Pasal 5 dan Pasal 6`,
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
      },
      citation: 'Pedoman Kemitraan Media Kominfo, kelengkapan berkas pengajuan',
    },
  ],
};
