import type { PolicyPack } from '../policy-pack';

/*
 * Sources used: reports of Perbup Pringsewu 30/2025 tentang Pedoman Kerja Sama Publikasi
 * Pemerintah Daerah dengan Media Massa, signed 28 November 2025 (wawainews.id; gemalampung.com,
 * 18 January 2026, which places the competency requirement at Bab V Pasal 9, Persyaratan Umum,
 * angka 8). The requirements: a deed matching the KBLI, NIB, NPWP, and journalists with a
 * competency certificate or a record of original journalistic work over at least the last five
 * years. Only the competency requirement has a reported article; the others are in the same
 * list of general requirements but their numbers are not given. The Perbup text was not found,
 * so no citation is verified. The KBLI codes are the set this service accepts for press companies.
 */
const PERBUP = 'Perbup Pringsewu 30/2025 Bab V Pasal 9 (Persyaratan Umum), menurut pemberitaan';

export const PRINGSEWU_PACK: PolicyPack = {
  name: 'Perbup Pringsewu 30/2025',
  source:
    'Peraturan Bupati Pringsewu Nomor 30 Tahun 2025 tentang Pedoman Kerja Sama Publikasi Pemerintah Daerah ' +
    'dengan Media Massa (isi menurut pemberitaan)',
  rules: [
    {
      id: 'deed-kbli',
      family: 'business_classification',
      severity: 'blocking',
      params: { codes: ['58130', '63122', '63912', '60202', '60102'], requireBusinessId: true, confirmOnDeed: true },
      citation: `${PERBUP}: akta pendirian sesuai KBLI dan NIB; nomor butir tidak disebut sumber publik`,
      citationVerified: false,
    },
    {
      id: 'legal-entity',
      family: 'legal_entity',
      severity: 'blocking',
      params: { acceptedForms: ['PT', 'yayasan', 'koperasi'], requireDeed: true, requireMinistryDecree: false, requireTaxStatus: 'non_pkp' },
      citation: `${PERBUP}: akta pendirian dan NPWP; nomor butir tidak disebut sumber publik`,
      citationVerified: false,
    },
    {
      id: 'journalist-competency',
      family: 'journalist_competency_or_portfolio',
      severity: 'blocking',
      params: {
        positions: ['chief_editor', 'person_in_charge', 'editor', 'reporter'],
        minLevel: 'muda',
        minPublishedYears: 5,
        minPublishedLinks: 1,
      },
      citation: `${PERBUP} angka 8: wartawan bersertifikat kompetensi atau rekam jejak karya jurnalistik orisinal minimal lima tahun terakhir`,
      citationVerified: false,
    },
    {
      id: 'required-documents',
      family: 'required_documents',
      severity: 'blocking',
      params: { types: ['deed', 'business_id', 'tax_id'], anyOf: [] },
      citation: `${PERBUP}: akta pendirian, NIB, NPWP; nomor butir tidak disebut sumber publik`,
      citationVerified: false,
    },
  ],
};
