/** The staff console's header and menu (src/web/staff-nav.ts). */
const id = {
  'layout.staffAs': 'Masuk sebagai {name}, {role} di {agency}',
  'nav.queue': 'Antrean',
  'nav.approvals': 'Menunggu persetujuan',
  'nav.rounds': 'Periode pendaftaran',
  'nav.statistics': 'Statistik',
  'nav.audit': 'Jejak audit',
  'nav.users': 'Pengguna',
  'nav.settings': 'Pengaturan instansi',
  'nav.policy': 'Kebijakan persyaratan',
  'nav.parkedMail': 'Surel tertahan',
} as const;

const en: Record<keyof typeof id, string> = {
  'layout.staffAs': 'Logged in as {name}, {role} at {agency}',
  'nav.queue': 'Queue',
  'nav.approvals': 'Awaiting approval',
  'nav.rounds': 'Registration rounds',
  'nav.statistics': 'Statistics',
  'nav.audit': 'Audit trail',
  'nav.users': 'Users',
  'nav.settings': 'Agency settings',
  'nav.policy': 'Requirement policy',
  'nav.parkedMail': 'Parked mail',
};

export const staffNavTexts = { id, en };
