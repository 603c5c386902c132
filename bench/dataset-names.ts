/** Word lists for plausible Indonesian data. */

/** [agency region, province, city of the office]. Agency 01, the big one, is Jawa Timur. */
export const AGENCY_REGIONS: readonly [string, string, string][] = [
  ['Provinsi Jawa Timur', 'Jawa Timur', 'Surabaya'],
  ['Provinsi Aceh', 'Aceh', 'Banda Aceh'],
  ['Provinsi Sumatera Utara', 'Sumatera Utara', 'Medan'],
  ['Provinsi Sumatera Barat', 'Sumatera Barat', 'Padang'],
  ['Provinsi Riau', 'Riau', 'Pekanbaru'],
  ['Provinsi Kepulauan Riau', 'Kepulauan Riau', 'Tanjungpinang'],
  ['Provinsi Jambi', 'Jambi', 'Jambi'],
  ['Provinsi Sumatera Selatan', 'Sumatera Selatan', 'Palembang'],
  ['Provinsi Kepulauan Bangka Belitung', 'Kepulauan Bangka Belitung', 'Pangkalpinang'],
  ['Provinsi Bengkulu', 'Bengkulu', 'Bengkulu'],
  ['Provinsi Lampung', 'Lampung', 'Bandar Lampung'],
  ['Provinsi DKI Jakarta', 'DKI Jakarta', 'Jakarta Pusat'],
  ['Provinsi Jawa Barat', 'Jawa Barat', 'Bandung'],
  ['Provinsi Banten', 'Banten', 'Serang'],
  ['Provinsi Jawa Tengah', 'Jawa Tengah', 'Semarang'],
  ['Provinsi DI Yogyakarta', 'DI Yogyakarta', 'Yogyakarta'],
  ['Provinsi Bali', 'Bali', 'Denpasar'],
  ['Provinsi Nusa Tenggara Barat', 'Nusa Tenggara Barat', 'Mataram'],
  ['Provinsi Nusa Tenggara Timur', 'Nusa Tenggara Timur', 'Kupang'],
  ['Provinsi Kalimantan Barat', 'Kalimantan Barat', 'Pontianak'],
  ['Provinsi Kalimantan Tengah', 'Kalimantan Tengah', 'Palangka Raya'],
  ['Provinsi Kalimantan Selatan', 'Kalimantan Selatan', 'Banjarbaru'],
  ['Provinsi Kalimantan Timur', 'Kalimantan Timur', 'Samarinda'],
  ['Provinsi Kalimantan Utara', 'Kalimantan Utara', 'Tanjung Selor'],
  ['Provinsi Sulawesi Utara', 'Sulawesi Utara', 'Manado'],
  ['Provinsi Gorontalo', 'Gorontalo', 'Gorontalo'],
  ['Provinsi Sulawesi Tengah', 'Sulawesi Tengah', 'Palu'],
  ['Provinsi Sulawesi Barat', 'Sulawesi Barat', 'Mamuju'],
  ['Provinsi Sulawesi Selatan', 'Sulawesi Selatan', 'Makassar'],
  ['Provinsi Sulawesi Tenggara', 'Sulawesi Tenggara', 'Kendari'],
  ['Provinsi Maluku', 'Maluku', 'Ambon'],
  ['Provinsi Maluku Utara', 'Maluku Utara', 'Sofifi'],
  ['Provinsi Papua', 'Papua', 'Jayapura'],
  ['Provinsi Papua Barat', 'Papua Barat', 'Manokwari'],
  ['Provinsi Papua Selatan', 'Papua Selatan', 'Merauke'],
  ['Provinsi Papua Tengah', 'Papua Tengah', 'Nabire'],
  ['Provinsi Papua Pegunungan', 'Papua Pegunungan', 'Wamena'],
  ['Provinsi Papua Barat Daya', 'Papua Barat Daya', 'Sorong'],
  ['Kota Surabaya', 'Jawa Timur', 'Surabaya'],
  ['Kota Malang', 'Jawa Timur', 'Malang'],
  ['Kota Bandung', 'Jawa Barat', 'Bandung'],
  ['Kota Semarang', 'Jawa Tengah', 'Semarang'],
  ['Kota Medan', 'Sumatera Utara', 'Medan'],
  ['Kota Makassar', 'Sulawesi Selatan', 'Makassar'],
  ['Kota Samarinda', 'Kalimantan Timur', 'Samarinda'],
  ['Kota Balikpapan', 'Kalimantan Timur', 'Balikpapan'],
  ['Kabupaten Sleman', 'DI Yogyakarta', 'Sleman'],
  ['Kota Denpasar', 'Bali', 'Denpasar'],
  ['Kabupaten Bogor', 'Jawa Barat', 'Cibinong'],
  ['Kota Palembang', 'Sumatera Selatan', 'Palembang'],
];

export const FIRST_NAMES = [
  'Budi', 'Siti', 'Agus', 'Dewi', 'Rudi', 'Rina', 'Andi', 'Sri', 'Hendra', 'Yuni', 'Joko', 'Wati', 'Eko', 'Lestari', 'Bambang',
  'Ratna', 'Fajar', 'Indah', 'Gita', 'Hadi', 'Putri', 'Rizky', 'Nur', 'Arif', 'Maya', 'Dimas', 'Ayu', 'Teguh', 'Fitri', 'Wahyu',
] as const;

export const LAST_NAMES = [
  'Santoso', 'Wibowo', 'Saputra', 'Lestari', 'Pratama', 'Hidayat', 'Kurniawan', 'Setiawan', 'Nugroho', 'Rahmawati', 'Siregar',
  'Nasution', 'Harahap', 'Simanjuntak', 'Halim', 'Gunawan', 'Susanto', 'Wijaya', 'Purnomo', 'Utami', 'Hasibuan', 'Lubis',
  'Sembiring', 'Tarigan', 'Manurung',
] as const;

export const UKW_ISSUERS = [
  'Lembaga Pers Dr. Soetomo',
  'Persatuan Wartawan Indonesia',
  'Aliansi Jurnalis Independen',
  'Ikatan Jurnalis Televisi Indonesia',
  'LSP Pers Indonesia',
  'Universitas Prof. Dr. Moestopo',
] as const;

/** Two-digit province codes that start a NIK. */
export const NIK_PROVINCES = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 94,
] as const;

/** SQL array literals used by the outlet generator. */
export const BRAND_WORDS = [
  'Lensa', 'Suara', 'Warta', 'Kabar', 'Berita', 'Media', 'Gema', 'Jurnal', 'Harian', 'Pos', 'Detak', 'Sorot', 'Tribun', 'Radar',
  'Mata', 'Cakrawala', 'Nusantara', 'Fokus', 'Inspirasi', 'Pelita',
] as const;
export const PLACE_WORDS = [
  'Jatim', 'Jabar', 'Jateng', 'Sumut', 'Kaltim', 'Sulsel', 'Bali', 'Riau', 'Papua', 'Borneo', 'Madura', 'Priangan', 'Mataraman',
  'Pantura', 'Selatan',
] as const;
export const STREETS = ['Jl. Pemuda', 'Jl. Diponegoro', 'Jl. Sudirman', 'Jl. Ahmad Yani', 'Jl. Gajah Mada', 'Jl. Merdeka', 'Jl. Pahlawan', 'Jl. Veteran'] as const;
export const CITIES: readonly [string, string][] = [
  ['Kota Surabaya', 'Jawa Timur'],
  ['Kota Malang', 'Jawa Timur'],
  ['Kota Bandung', 'Jawa Barat'],
  ['Kota Semarang', 'Jawa Tengah'],
  ['Kota Medan', 'Sumatera Utara'],
  ['Kota Makassar', 'Sulawesi Selatan'],
  ['Kota Samarinda', 'Kalimantan Timur'],
  ['Kota Denpasar', 'Bali'],
  ['Kota Pekanbaru', 'Riau'],
  ['Kota Jayapura', 'Papua'],
  ['Kabupaten Sidoarjo', 'Jawa Timur'],
  ['Kota Yogyakarta', 'DI Yogyakarta'],
];

/** A parenthesised SQL text-array literal, so it can be subscripted: (ARRAY['a', 'b'])[i]. */
export const sqlTextArray = (items: readonly string[]) => `(ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}])`;
