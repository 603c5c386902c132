import type { PolicyPack } from '../policy-pack';

/*
 * Sources used: the report of the Lampung Utara Diskominfo's briefing on Perbup 63/2025 (6 January
 * 2026), which revises Perbup 50/2021 on regional agencies' cooperation with press companies
 * (kompas1.id, 7 January 2026): a press company must be a legal entity, be listed in the LKPP
 * e-Katalog, Dewan Pers verified outlets are given priority, and each company may register one
 * outlet. The Perbup text itself was not found, so no citation gives an article number and none
 * is verified. The round (SIKEPLU registration 7-11 January, appeal window 26-27 January) is not
 * part of a pack.
 */
const PERBUP = 'Perbup Lampung Utara 63/2025 (perubahan Perbup 50/2021), menurut sosialisasi Diskominfo 6 Januari 2026; nomor pasal tidak disebut sumber publik';

export const LAMPUNG_UTARA_PACK: PolicyPack = {
  name: 'Perbup Lampung Utara 63/2025',
  source:
    'Peraturan Bupati Lampung Utara Nomor 63 Tahun 2025, perubahan atas Peraturan Bupati Nomor 50 Tahun 2021 ' +
    'tentang kerja sama perangkat daerah dengan perusahaan pers (isi menurut sosialisasi Diskominfo Lampung Utara)',
  // "Diprioritaskan bagi media yang telah terverifikasi oleh Dewan Pers": a ranking, not a condition.
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
      params: { acceptedForms: ['PT', 'yayasan', 'koperasi'], requireDeed: true, requireMinistryDecree: true, requireTaxStatus: null },
      citation: `${PERBUP}: perusahaan pers berbadan hukum; UU 40/1999 Pasal 9 ayat (2)`,
      citationVerified: false,
    },
    {
      id: 'e-katalog',
      family: 'e_katalog_listing',
      severity: 'blocking',
      params: { acceptedHosts: ['lkpp.go.id', 'inaproc.id'] },
      citation: `${PERBUP}: terdaftar dalam e-Katalog LKPP`,
      citationVerified: false,
    },
    {
      id: 'one-outlet-per-company',
      family: 'company_outlets',
      severity: 'review',
      // Review, not blocking: NIB and NPWP are typed in by applicants, so a blocking rule would let
      // anyone who copies a company's NIB onto another application lock that company out.
      params: { maxOutlets: 1 },
      citation: `${PERBUP}: setiap perusahaan pers hanya mendaftarkan satu media`,
      citationVerified: false,
    },
    {
      id: 'required-documents',
      family: 'required_documents',
      severity: 'blocking',
      params: { types: ['deed', 'ministry_decree'], anyOf: [] },
      citation: `${PERBUP}: bukti badan hukum (akta dan pengesahan Kemenkumham); daftar berkas rinci tidak dimuat sumber publik`,
      citationVerified: false,
    },
  ],
};
