import type { PolicyPack } from '../policy-pack';

/*
 * Sources used:
 * - The requirements of Pemkab Lampung Selatan's 2025 registration for media cooperation
 *   (registration 5-17 February 2025, checks 18-21 February, result 27 February), as published in
 *   the report of 5 February 2025 (locusonline.co). An announcement, not a regulation: no article
 *   numbers exist, so none is cited and no citation is verified.
 * - The regency's extent as published on lampungselatankab.go.id (105°14'-105°45' E,
 *   5°15'-6°00' S), for the GPS box. The published minutes are rounded (Bakauheni port lies at
 *   about 105°45'08" E), so the box is widened by about 0.05° on each side. A box also covers
 *   Kota Bandar Lampung and edges of neighbouring regencies: it catches an office recorded
 *   elsewhere, the officers' check settles the rest.
 * - The five press KBLI codes (58130, 63122, 63912, 60202, 60102) are the set this service
 *   accepts for press companies; the public summary says only "KBLI".
 * Not transcribed: "satu perusahaan untuk satu klaster media", because the source does not say
 * what a cluster is.
 */
const PENGUMUMAN = 'Pengumuman pendaftaran kerja sama media massa Pemkab Lampung Selatan 2025 (tanpa nomor pasal)';

export const LAMPUNG_SELATAN_PACK: PolicyPack = {
  name: 'Kerja sama media Lampung Selatan 2025',
  source:
    'Persyaratan dan ketentuan umum pendaftaran kerja sama media massa Pemerintah Kabupaten Lampung Selatan ' +
    'tahun 2025 (pendaftaran 5-17 Februari 2025)',
  rules: [
    {
      id: 'legal-entity',
      family: 'legal_entity',
      severity: 'blocking',
      params: { acceptedForms: ['PT', 'yayasan', 'koperasi'], requireDeed: true, requireMinistryDecree: true, requireTaxStatus: 'non_pkp' },
      citation: `${PENGUMUMAN}: akta pendirian (PT, yayasan, koperasi) disahkan Kemenkumham; SK Kemenkumham; NPWP perusahaan`,
      citationVerified: false,
    },
    {
      id: 'office-sign-gps',
      family: 'office_coordinates',
      severity: 'blocking',
      params: { region: 'Kabupaten Lampung Selatan', box: { south: -6.05, west: 105.18, north: -5.2, east: 105.8 } },
      citation: `${PENGUMUMAN}: foto kantor dengan plang perusahaan menggunakan titik koordinat dan/atau GPS; batas kotak dari letak geografis di lampungselatankab.go.id`,
      citationVerified: false,
    },
    {
      id: 'business-classification',
      family: 'business_classification',
      severity: 'blocking',
      params: { codes: ['58130', '63122', '63912', '60202', '60102'], requireBusinessId: true, confirmOnDeed: false },
      citation: `${PENGUMUMAN}: NIB dan KBLI; daftar kode KBLI pers tidak dimuat sumber`,
      citationVerified: false,
    },
    {
      id: 'e-katalog',
      family: 'e_katalog_listing',
      severity: 'blocking',
      params: { acceptedHosts: ['lkpp.go.id', 'inaproc.id'] },
      citation: `${PENGUMUMAN}: bukti terdaftar pada e-Katalog lokal (tautan)`,
      citationVerified: false,
    },
    {
      id: 'chief-editor-competency',
      family: 'chief_editor_competency',
      severity: 'blocking',
      params: { positions: ['chief_editor'], minLevel: 'muda', acceptedIssuers: null, maxOutletsHeaded: null },
      citation: `${PENGUMUMAN}: pemimpin redaksi memiliki sertifikat kompetensi (jenjang tidak disebut)`,
      citationVerified: false,
    },
    {
      id: 'journalist-competency',
      family: 'journalist_competency',
      severity: 'blocking',
      params: { minCertified: 1, minShare: null, minLevel: 'muda', positions: ['reporter', 'editor'] },
      citation: `${PENGUMUMAN}: wartawan memiliki sertifikat kompetensi`,
      citationVerified: false,
    },
    {
      id: 'one-journalist-one-company',
      family: 'exclusive_journalists',
      severity: 'review',
      // The source says per round; rounds do not exist yet, so this counts every other company's
      // roster. Once rounds exist it is to be scoped to the applications of the same round.
      params: { scope: 'company' },
      citation: `${PENGUMUMAN}: satu wartawan untuk satu klaster media`,
      citationVerified: false,
      title: { id: 'Satu wartawan satu perusahaan', en: "One journalist, one company's roster" },
    },
    {
      id: 'required-documents',
      family: 'required_documents',
      severity: 'blocking',
      params: {
        types: ['deed', 'ministry_decree', 'tax_id', 'business_id', 'office_sign_photo', 'masthead'],
        anyOf: [['annual_tax_return', 'tax_clearance_letter']],
      },
      citation: `${PENGUMUMAN}: akta, SK Kemenkumham, NPWP, SPT Tahunan 2024 atau surat keterangan fiskal, NIB, foto kantor dengan plang, susunan redaksi`,
      citationVerified: false,
    },
  ],
};
