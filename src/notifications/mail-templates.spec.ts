import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  MAIL_LOCALES,
  MAIL_TEMPLATE_NAMES,
  MailLocale,
  MailTemplateData,
  MailTemplateName,
  MailTemplates,
  findEmailTemplatesDir,
  resolveMailLocale,
} from './mail-templates';

const projectRoot = resolve(__dirname, '..', '..');

const common = {
  agency: {
    name: 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur',
    email: 'humas@kominfo.jatimprov.go.id',
    phone: '(000) 000-0001',
    address: 'Jl. Contoh Fiktif No. 1, Surabaya 60000',
  },
  recipient: { name: 'Rina Kusuma' },
  appUrl: 'https://mitra.jatimprov.go.id/',
};
const outlet = { brandName: 'Lensa Jatim', legalName: 'PT Lensa Jatim Media' };
// 07:30 UTC is 14:30 in Jakarta (WIB, UTC+7).
const application = { id: 'app-42', reference: 'MM/2026/00042', submittedAt: '2026-11-22T07:30:00Z' };
const reviewUrl = 'https://mitra.jatimprov.go.id/staff/applications/app-42';
const verifyUrl = 'https://mitra.jatimprov.go.id/verify/K7Q2-9XTA';

const roundNotice = {
  round: {
    name: 'Periode 2027',
    budgetYear: 2027,
    registrationOpensOn: '2027-01-07',
    registrationClosesOn: '2027-01-11',
    provisionalAnnouncementOn: '2027-01-25',
    appealWindow: { opensOn: '2027-01-26', closesOn: '2027-01-27' },
    finalAnnouncementOn: '2027-02-01',
  },
  agencyPageUrl: 'https://mitra.jatimprov.go.id/instansi/JATIM',
  unsubscribeUrl: 'https://mitra.jatimprov.go.id/instansi/JATIM#pemberitahuan',
};

const fixtures: { [N in MailTemplateName]: MailTemplateData[N] } = {
  outlet_invitation: {
    ...common,
    outlet,
    inviter: { name: 'Budi Santoso' },
    invitedEmail: 'rina@lensajatim.id',
    expiresAt: '2026-12-06T07:30:00Z',
  },
  application_submitted: { ...common, outlet, application, dueAt: '2026-12-01' },
  application_submitted_staff: { ...common, outlet, application, dueAt: '2026-12-01', reviewUrl },
  revision_requested: { ...common, outlet, application, reason: 'Akta pendirian belum diunggah.' },
  application_resubmitted: { ...common, outlet, application, reviewUrl },
  application_approved: {
    ...common,
    outlet,
    application,
    certificate: {
      number: '007/MM/DISKOMINFO-JATIM/2026',
      validFrom: '2026-11-22',
      validUntil: '2027-11-21',
      certificateUrl: 'https://mitra.jatimprov.go.id/sertifikat/c-7',
      verifyUrl,
    },
  },
  application_rejected: { ...common, outlet, application, reason: 'Kantor tidak ditemukan saat verifikasi lapangan.' },
  certificate_expiring: {
    ...common,
    outlet,
    certificate: { number: '007/MM/DISKOMINFO-JATIM/2026', validUntil: '2027-11-21', verifyUrl },
    daysLeft: 30,
  },
  certificate_suspended: {
    ...common,
    outlet,
    certificate: { number: '007/MM/DISKOMINFO-JATIM/2026', verifyUrl },
    reason: 'Pemimpin redaksi tidak lagi menjabat.',
  },
  certificate_revoked: {
    ...common,
    outlet,
    certificate: { number: '007/MM/DISKOMINFO-JATIM/2026', verifyUrl },
    reason: 'Badan hukum telah dibubarkan.',
  },
  certificate_reinstated: {
    ...common,
    outlet,
    certificate: { number: '007/MM/DISKOMINFO-JATIM/2026', validUntil: '2027-11-21', verifyUrl },
  },
  certificate_review_needed: {
    ...common,
    outlet,
    certificate: { number: '007/MM/DISKOMINFO-JATIM/2026', verifyUrl },
    reasons: [{ id: 'Verifikasi Dewan Pers telah kedaluwarsa.', en: 'The Press Council verification has lapsed.' }],
  },
  certificate_review_needed_staff: {
    ...common,
    outlet,
    certificate: { number: '007/MM/DISKOMINFO-JATIM/2026', verifyUrl },
    reasons: [{ id: 'Verifikasi Dewan Pers telah kedaluwarsa.', en: 'The Press Council verification has lapsed.' }],
    reviewUrl: 'https://mitra.jatimprov.go.id/certificates/c-7',
  },
  certificate_suspension_requested: {
    ...common,
    outlet,
    certificate: { number: '007/MM/DISKOMINFO-JATIM/2026', verifyUrl },
    officer: { name: 'Budi Santoso' },
    reason: 'Verifikasi faktual belum diperbarui.',
    reviewUrl: 'https://mitra.jatimprov.go.id/certificates/c-7',
  },
  overdue_digest: {
    ...common,
    count: 2,
    items: [
      {
        reference: 'MM/2026/00042',
        outletName: 'Lensa Jatim',
        stage: 'submitted',
        dueAt: '2026-11-20',
        daysOverdue: 2,
        reviewUrl,
      },
      {
        reference: 'MM/2026/00043',
        outletName: 'Suara Surabaya Online',
        stage: 'awaiting_approval',
        // 20:00 UTC on the 20th is already the 21st in Jakarta.
        dueAt: '2026-11-20T20:00:00Z',
        daysOverdue: 1,
        reviewUrl: 'https://mitra.jatimprov.go.id/staff/applications/app-43',
      },
    ],
  },
  email_confirmation: { ...common, link: 'https://mitra.jatimprov.go.id/confirm-email?token=Zm9vYmFy', expiresAt: '2026-11-25T07:30:00Z' },
  password_reset: { ...common, link: 'https://mitra.jatimprov.go.id/reset-password?token=YmF6cXV4', expiresAt: '2026-11-22T08:00:00Z' },
  staff_invitation: {
    ...common,
    link: 'https://mitra.jatimprov.go.id/atur-sandi?token=c3RhZmY',
    expiresAt: '2026-11-29T07:30:00Z',
    inviter: { name: 'Budi Santoso' },
    roleLabel: { id: 'petugas verifikasi', en: 'verification officer' },
  },
  round_result_announced: {
    ...common,
    outlet,
    application,
    round: { name: 'Periode 2027' },
    final: false,
    approved: false,
    rejected: true,
    pending: false,
    announcementUrl: 'https://mitra.jatimprov.go.id/api/public/rounds/r-1/announcements',
    pdfSha256: 'ab'.repeat(32),
    appealWindow: { opensOn: '2027-01-26', closesOn: '2027-01-27' },
  },
  appeal_decided: { ...common, outlet, application, round: { name: 'Periode 2027' }, upheld: true, reason: 'Dokumen NIB ternyata sudah diunggah.' },
  appeal_filed_staff: { ...common, outlet, application, round: { name: 'Periode 2027' }, reason: 'NIB sudah diunggah sebelum penutupan.', reviewUrl },
  round_announced: { ...common, ...roundNotice, changed: false },
  round_opened: { ...common, ...roundNotice, round: { ...roundNotice.round, appealWindow: null } },
};

const expected: Record<MailTemplateName, Record<MailLocale, { subject: string; phrases: string[] }>> = {
  application_submitted: {
    id: {
      subject: 'Permohonan kerja sama media Lensa Jatim telah diterima (MM/2026/00042)',
      phrases: [
        'Yth. Bapak/Ibu Rina Kusuma,',
        'telah kami terima pada 22 November 2026 pukul 14.30 WIB dengan nomor registrasi MM/2026/00042',
        'paling lambat 1 Desember 2026',
        'https://mitra.jatimprov.go.id/permohonan/app-42',
        'Hormat kami,\nDinas Komunikasi dan Informatika Provinsi Jawa Timur',
      ],
    },
    en: {
      subject: 'Your media partnership application for Lensa Jatim has been received (MM/2026/00042)',
      phrases: [
        'Dear Rina Kusuma,',
        'received on 22 November 2026 at 14:30 WIB under registration number MM/2026/00042',
        'completed by 1 December 2026',
        'https://mitra.jatimprov.go.id/permohonan/app-42',
      ],
    },
  },
  application_submitted_staff: {
    id: {
      subject: '[Verifikasi] Permohonan baru MM/2026/00042: Lensa Jatim',
      phrases: ['Badan usaha: PT Lensa Jatim Media', 'Batas pemeriksaan administrasi: 1 Desember 2026', reviewUrl],
    },
    en: {
      subject: '[Review] New application MM/2026/00042: Lensa Jatim',
      phrases: ['Legal entity: PT Lensa Jatim Media', 'Administrative review due by: 1 December 2026', reviewUrl],
    },
  },
  revision_requested: {
    id: {
      subject: 'Permohonan MM/2026/00042 memerlukan perbaikan',
      phrases: ['memerlukan perbaikan atau kelengkapan', 'Akta pendirian belum diunggah.', 'mengajukan kembali permohonan'],
    },
    en: {
      subject: 'Application MM/2026/00042 needs revision',
      phrases: ['needs to be revised or completed', 'Akta pendirian belum diunggah.', 'resubmit the application'],
    },
  },
  application_resubmitted: {
    id: {
      subject: '[Verifikasi] Permohonan MM/2026/00042 diajukan kembali: Lensa Jatim',
      phrases: ['Diajukan kembali pada: 22 November 2026 pukul 14.30 WIB', reviewUrl],
    },
    en: {
      subject: '[Review] Application MM/2026/00042 resubmitted: Lensa Jatim',
      phrases: ['Resubmitted: 22 November 2026 at 14:30 WIB', reviewUrl],
    },
  },
  application_approved: {
    id: {
      subject: 'Permohonan MM/2026/00042 disetujui: Sertifikat Mitra Media 007/MM/DISKOMINFO-JATIM/2026',
      phrases: [
        'resmi menjadi mitra media Dinas Komunikasi dan Informatika Provinsi Jawa Timur',
        'Masa berlaku: 22 November 2026 s.d. 21 November 2027',
        'terlampir dalam email ini (format PDF)',
        'https://mitra.jatimprov.go.id/sertifikat/c-7',
        verifyUrl,
      ],
    },
    en: {
      subject: 'Application MM/2026/00042 approved: media partner certificate 007/MM/DISKOMINFO-JATIM/2026',
      phrases: ['Valid: 22 November 2026 to 21 November 2027', 'attached to this email as a PDF', verifyUrl],
    },
  },
  application_rejected: {
    id: {
      subject: 'Permohonan MM/2026/00042 tidak dapat disetujui',
      phrases: ['dengan menyesal kami sampaikan', 'Kantor tidak ditemukan saat verifikasi lapangan.'],
    },
    en: {
      subject: 'Application MM/2026/00042 has not been approved',
      phrases: ['We regret to inform you', 'Kantor tidak ditemukan saat verifikasi lapangan.'],
    },
  },
  certificate_expiring: {
    id: {
      subject: 'Sertifikat Mitra Media 007/MM/DISKOMINFO-JATIM/2026 berakhir dalam 30 hari',
      phrases: ['berakhir masa berlakunya pada 21 November 2027 (30 hari lagi)', 'permohonan perpanjangan', verifyUrl],
    },
    en: {
      subject: 'Media partner certificate 007/MM/DISKOMINFO-JATIM/2026 expires in 30 days',
      phrases: ['expires on 21 November 2027 (30 days from now)', 'apply for a renewal', verifyUrl],
    },
  },
  certificate_suspended: {
    id: {
      subject: 'Sertifikat Mitra Media 007/MM/DISKOMINFO-JATIM/2026 ditangguhkan sementara',
      phrases: ['ditangguhkan sementara oleh Dinas', 'Pemimpin redaksi tidak lagi menjabat.', verifyUrl],
    },
    en: {
      subject: 'Media partner certificate 007/MM/DISKOMINFO-JATIM/2026 has been suspended',
      phrases: ['has been suspended by Dinas', 'Pemimpin redaksi tidak lagi menjabat.', verifyUrl],
    },
  },
  certificate_revoked: {
    id: {
      subject: 'Sertifikat Mitra Media 007/MM/DISKOMINFO-JATIM/2026 dicabut',
      phrases: ['Pencabutan ini bersifat final', 'Badan hukum telah dibubarkan.', verifyUrl],
    },
    en: {
      subject: 'Media partner certificate 007/MM/DISKOMINFO-JATIM/2026 has been revoked',
      phrases: ['The revocation is final', 'Badan hukum telah dibubarkan.', verifyUrl],
    },
  },
  certificate_reinstated: {
    id: {
      subject: 'Sertifikat Mitra Media 007/MM/DISKOMINFO-JATIM/2026 berlaku kembali',
      phrases: ['berlaku kembali sampai dengan 21 November 2027', verifyUrl],
    },
    en: {
      subject: 'Media partner certificate 007/MM/DISKOMINFO-JATIM/2026 has been reinstated',
      phrases: ['valid again until 21 November 2027', verifyUrl],
    },
  },
  certificate_review_needed: {
    id: {
      subject: 'Sertifikat Mitra Media 007/MM/DISKOMINFO-JATIM/2026 perlu ditinjau ulang',
      phrases: ['- Verifikasi Dewan Pers telah kedaluwarsa.', 'Sertifikat tetap berlaku selama peninjauan', verifyUrl],
    },
    en: {
      subject: 'Media partner certificate 007/MM/DISKOMINFO-JATIM/2026 needs a review',
      phrases: ['- The Press Council verification has lapsed.', 'The certificate stays valid while our officers review it', verifyUrl],
    },
  },
  certificate_review_needed_staff: {
    id: {
      subject: '[Tinjauan] Sertifikat 007/MM/DISKOMINFO-JATIM/2026 (Lensa Jatim) perlu ditinjau',
      phrases: ['- Verifikasi Dewan Pers telah kedaluwarsa.', 'https://mitra.jatimprov.go.id/certificates/c-7'],
    },
    en: {
      subject: '[Review] Certificate 007/MM/DISKOMINFO-JATIM/2026 (Lensa Jatim) needs a review',
      phrases: ['- The Press Council verification has lapsed.', 'https://mitra.jatimprov.go.id/certificates/c-7'],
    },
  },
  certificate_suspension_requested: {
    id: {
      subject: '[Persetujuan] Usulan penangguhan sertifikat 007/MM/DISKOMINFO-JATIM/2026 (Lensa Jatim)',
      phrases: ['Budi Santoso mengusulkan penangguhan', 'Verifikasi faktual belum diperbarui.', 'https://mitra.jatimprov.go.id/certificates/c-7'],
    },
    en: {
      subject: '[Approval] Suspension requested for certificate 007/MM/DISKOMINFO-JATIM/2026 (Lensa Jatim)',
      phrases: ['Budi Santoso asks you to suspend', 'Verifikasi faktual belum diperbarui.', 'https://mitra.jatimprov.go.id/certificates/c-7'],
    },
  },
  outlet_invitation: {
    id: {
      subject: 'Undangan menjadi pemilik bersama Lensa Jatim di Mitra Media',
      phrases: [
        'Budi Santoso mengundang Bapak/Ibu menjadi pemilik bersama media PT Lensa Jatim Media (Lensa Jatim)',
        'masuk ke Mitra Media dengan alamat email rina@lensajatim.id, atau daftar',
        'berlaku sampai dengan 6 Desember 2026 pukul 14.30 WIB',
        'https://mitra.jatimprov.go.id/undangan\n',
      ],
    },
    en: {
      subject: 'Invitation to co-own Lensa Jatim on Mitra Media',
      phrases: [
        'Budi Santoso invites you to co-own the media outlet PT Lensa Jatim Media (Lensa Jatim)',
        'log in to Mitra Media with the address rina@lensajatim.id, or register',
        'valid until 6 December 2026 at 14:30 WIB',
      ],
    },
  },
  overdue_digest: {
    id: {
      subject: '[Pengingat] 2 permohonan melewati batas waktu',
      phrases: [
        '- MM/2026/00042 | Lensa Jatim\n  Tahap: Pemeriksaan administrasi\n  Batas waktu: 20 November 2026 (terlambat 2 hari)',
        '- MM/2026/00043 | Suara Surabaya Online\n  Tahap: Menunggu persetujuan\n  Batas waktu: 21 November 2026 (terlambat 1 hari)',
        'https://mitra.jatimprov.go.id/staff/applications/app-43',
      ],
    },
    en: {
      subject: '[Reminder] 2 applications are overdue',
      phrases: [
        'Stage: Administrative review\n  Due: 20 November 2026 (2 days overdue)',
        'Stage: Awaiting approval\n  Due: 21 November 2026 (1 day overdue)',
      ],
    },
  },
  email_confirmation: {
    id: {
      subject: 'Konfirmasi alamat email akun Mitra Media',
      phrases: ['https://mitra.jatimprov.go.id/confirm-email?token=Zm9vYmFy', 'berlaku sampai 25 November 2026 pukul 14.30 WIB'],
    },
    en: {
      subject: 'Confirm the email address of your Mitra Media account',
      phrases: ['https://mitra.jatimprov.go.id/confirm-email?token=Zm9vYmFy', 'valid until 25 November 2026 at 14:30 WIB'],
    },
  },
  password_reset: {
    id: {
      subject: 'Tautan untuk mengatur ulang kata sandi akun Mitra Media',
      phrases: ['https://mitra.jatimprov.go.id/reset-password?token=YmF6cXV4', 'berlaku selama 30 menit, yaitu sampai 22 November 2026 pukul 15.00 WIB'],
    },
    en: {
      subject: 'Link to reset the password of your Mitra Media account',
      phrases: ['https://mitra.jatimprov.go.id/reset-password?token=YmF6cXV4', 'works once and for 30 minutes, until 22 November 2026 at 15:00 WIB'],
    },
  },
  staff_invitation: {
    id: {
      subject: 'Undangan akun petugas Mitra Media Dinas Komunikasi dan Informatika Provinsi Jawa Timur',
      phrases: ['https://mitra.jatimprov.go.id/atur-sandi?token=c3RhZmY', 'dengan peran petugas verifikasi', 'berlaku sampai 29 November 2026 pukul 14.30 WIB'],
    },
    en: {
      subject: 'Invitation to a staff account of Mitra Media at Dinas Komunikasi dan Informatika Provinsi Jawa Timur',
      phrases: ['https://mitra.jatimprov.go.id/atur-sandi?token=c3RhZmY', 'as verification officer', 'until 29 November 2026 at 14:30 WIB'],
    },
  },
  round_result_announced: {
    id: {
      subject: 'Hasil sementara Periode 2027: Lensa Jatim (MM/2026/00042)',
      phrases: ['berstatus: DITOLAK.', 'masa sanggah 26 Januari 2027 s.d. 27 Januari 2027 (WIB)', 'ab'.repeat(32), 'https://mitra.jatimprov.go.id/api/public/rounds/r-1/announcements'],
    },
    en: {
      subject: 'Provisional result of Periode 2027: Lensa Jatim (MM/2026/00042)',
      phrases: ['is: REJECTED.', 'appeal window, 26 January 2027 to 27 January 2027 (WIB)', 'ab'.repeat(32)],
    },
  },
  appeal_decided: {
    id: {
      subject: 'Sanggahan atas permohonan MM/2026/00042 diterima',
      phrases: ['DITERIMA: permohonan dikembalikan ke tahap persetujuan.', 'Dokumen NIB ternyata sudah diunggah.'],
    },
    en: {
      subject: 'Your appeal on application MM/2026/00042 was upheld',
      phrases: ['UPHELD: the application goes back to the approval stage.', 'Dokumen NIB ternyata sudah diunggah.'],
    },
  },
  round_announced: {
    id: {
      subject: 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur mengumumkan Periode 2027: pendaftaran 7 Januari 2027 s.d. 11 Januari 2027',
      phrases: ['- Pendaftaran daring: 7 Januari 2027 s.d. 11 Januari 2027 (WIB)', '- Masa sanggah: 26 Januari 2027 s.d. 27 Januari 2027', 'https://mitra.jatimprov.go.id/instansi/JATIM#pemberitahuan'],
    },
    en: {
      subject: 'Dinas Komunikasi dan Informatika Provinsi Jawa Timur announces Periode 2027: registration 7 January 2027 to 11 January 2027',
      phrases: ['- Online registration: 7 January 2027 to 11 January 2027 (WIB)', 'Stop telling me', 'https://mitra.jatimprov.go.id/instansi/JATIM#pemberitahuan'],
    },
  },
  round_opened: {
    id: {
      subject: 'Pendaftaran Periode 2027 di Dinas Komunikasi dan Informatika Provinsi Jawa Timur dibuka sampai 11 Januari 2027',
      phrases: ['kini DIBUKA, mulai 7 Januari 2027 sampai 11 Januari 2027 pukul 23.59 WIB', 'https://mitra.jatimprov.go.id/instansi/JATIM#pemberitahuan'],
    },
    en: {
      subject: 'Registration for Periode 2027 at Dinas Komunikasi dan Informatika Provinsi Jawa Timur is open until 11 January 2027',
      phrases: ['is now OPEN, from 7 January 2027 until 11 January 2027 at 23:59 WIB', '- Final result: 1 February 2027'],
    },
  },
  appeal_filed_staff: {
    id: {
      subject: '[Sanggahan] Permohonan MM/2026/00042: Lensa Jatim',
      phrases: ['pada Periode 2027:', 'NIB sudah diunggah sebelum penutupan.', reviewUrl],
    },
    en: {
      subject: '[Appeal] Application MM/2026/00042: Lensa Jatim',
      phrases: ['in Periode 2027:', 'NIB sudah diunggah sebelum penutupan.', reviewUrl],
    },
  },
};

function clone<T>(value: T): T {
  return structuredClone(value);
}

describe('MailTemplates', () => {
  const templates = new MailTemplates();

  it('finds templates/email from the source tree and from a built dist/src tree', () => {
    expect(templates.templatesDir).toBe(join(projectRoot, 'templates', 'email'));
    expect(findEmailTemplatesDir(join(projectRoot, 'dist', 'src', 'notifications'))).toBe(
      join(projectRoot, 'templates', 'email'),
    );
  });

  it('has a template for every name', () => {
    expect([...MAIL_TEMPLATE_NAMES].sort()).toEqual(Object.keys(fixtures).sort());
  });

  describe.each(MAIL_TEMPLATE_NAMES.flatMap((name) => MAIL_LOCALES.map((locale) => [name, locale] as const)))(
    '%s in %s',
    (name, locale) => {
      const rendered = templates.render(name, locale, fixtures[name] as never);
      const { subject, phrases } = expected[name][locale];

      it('has the expected subject and key phrases', () => {
        expect(rendered.subject).toBe(subject);
        for (const phrase of phrases) expect(rendered.text).toContain(phrase);
      });

      it("has the agency's name and contact in the footer of both parts", () => {
        const { name: agencyName, email, phone, address } = common.agency;
        const textFooter = rendered.text.slice(rendered.text.lastIndexOf('\n--\n'));
        for (const value of [agencyName, email, phone, address]) expect(textFooter).toContain(value);
        const htmlFooter = rendered.html.slice(rendered.html.lastIndexOf('border-top:1px solid'));
        for (const value of [agencyName, email, phone, address]) expect(htmlFooter).toContain(value);
        expect(htmlFooter).toContain(`href="mailto:${email}"`);
      });

      it('is a complete HTML document in the right language with no unfilled values', () => {
        expect(rendered.html).toMatch(/^<!DOCTYPE html>/);
        expect(rendered.html).toContain(`<html lang="${locale}">`);
        expect(rendered.html).toContain(common.recipient.name);
        for (const part of [rendered.subject, rendered.text, rendered.html]) {
          expect(part).not.toMatch(/undefined|\[object Object\]|NaN|\{\{/);
        }
        expect(rendered.subject).not.toContain('\n');
      });

      it('greets the recipient formally', () => {
        expect(rendered.text.startsWith(locale === 'id' ? 'Yth. Bapak/Ibu Rina Kusuma,' : 'Dear Rina Kusuma,')).toBe(true);
      });
    },
  );

  it('escapes HTML in the html part and leaves the text part as written', () => {
    const data = clone(fixtures.application_rejected);
    data.reason = 'Dokumen palsu <script>alert("x")</script>\nbaris kedua';
    data.agency.name = 'Diskominfo Jatim & Humas';
    const rendered = templates.render('application_rejected', 'id', data);
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(rendered.html).toContain('Diskominfo Jatim &amp; Humas');
    expect(rendered.text).toContain('Dokumen palsu <script>alert("x")</script>\nbaris kedua');
    expect(rendered.text).toContain('Diskominfo Jatim & Humas');
  });

  it('puts a one-line subject together even when data has line breaks', () => {
    const data = clone(fixtures.application_submitted);
    data.outlet.brandName = 'Lensa\r\nBcc: someone@example.com';
    expect(templates.render('application_submitted', 'id', data).subject).toBe(
      'Permohonan kerja sama media Lensa Bcc: someone@example.com telah diterima (MM/2026/00042)',
    );
  });

  it('throws on a missing field instead of sending a blank', () => {
    const data = clone(fixtures.application_submitted) as Partial<MailTemplateData['application_submitted']>;
    delete (data.outlet as Partial<typeof outlet>).legalName;
    expect(() => templates.render('application_submitted', 'id', data as never)).toThrow(
      /application_submitted\/id\.html: "legalName" not defined/,
    );
  });

  it.each([
    ['a missing recipient', (d: Record<string, unknown>) => delete d.recipient, /"name" not defined in undefined/],
    ['a missing agency phone', (d: Record<string, unknown>) => delete (d.agency as Record<string, unknown>).phone, /"phone" not defined/],
    ['a missing reason', (d: Record<string, unknown>) => delete d.reason, /"reason" not defined/],
    ['a missing link', (d: Record<string, unknown>) => delete d.appUrl, /\{\{url\}\} expects a non-empty value/],
  ])('throws on %s', (_label, mutate, message) => {
    const data = clone(fixtures.revision_requested) as unknown as Record<string, unknown>;
    mutate(data);
    expect(() => templates.render('revision_requested', 'en', data as never)).toThrow(message);
  });

  it('throws on a missing or malformed date', () => {
    const data = clone(fixtures.application_submitted);
    delete (data as Partial<typeof data>).dueAt;
    expect(() => templates.render('application_submitted', 'id', data)).toThrow(/\{\{date\}\} expects an ISO 8601 date, got undefined/);
    // Without an offset the instant would depend on the server's time zone.
    data.dueAt = '2026-12-01';
    data.application.submittedAt = '2026-11-22T07:30:00';
    expect(() => templates.render('application_submitted', 'id', data)).toThrow(/\{\{datetime\}\} expects/);
  });

  it('throws on a missing digest list, an incomplete item or an unknown stage', () => {
    const noItems = clone(fixtures.overdue_digest) as Partial<MailTemplateData['overdue_digest']>;
    delete noItems.items;
    expect(() => templates.render('overdue_digest', 'id', noItems as never)).toThrow(/#each\}\} over a missing list/);

    const incomplete = clone(fixtures.overdue_digest);
    delete (incomplete.items[1] as Partial<(typeof incomplete.items)[number]>).outletName;
    expect(() => templates.render('overdue_digest', 'id', incomplete)).toThrow(/"outletName" not defined/);

    const unknownStage = clone(fixtures.overdue_digest);
    (unknownStage.items[0] as { stage: string }).stage = 'archived';
    expect(() => templates.render('overdue_digest', 'en', unknownStage)).toThrow(/no label for stage "archived"/);
  });

  it('writes a singular day in English', () => {
    const data = { ...clone(fixtures.certificate_expiring), daysLeft: 1 };
    const rendered = templates.render('certificate_expiring', 'en', data);
    expect(rendered.subject).toBe('Media partner certificate 007/MM/DISKOMINFO-JATIM/2026 expires in 1 day');
    expect(rendered.text).toContain('(1 day from now)');
  });

  it('dates an instant in Jakarta time whatever the server time zone', () => {
    const data = clone(fixtures.application_submitted);
    data.application.submittedAt = '2026-11-21T17:05:00Z';
    expect(templates.render('application_submitted', 'id', data).text).toContain(
      'pada 22 November 2026 pukul 00.05 WIB',
    );
    data.application.submittedAt = '2026-11-22T00:05:00+07:00';
    expect(templates.render('application_submitted', 'en', data).text).toContain('on 22 November 2026 at 00:05 WIB');
  });

  it('refuses to start when a template file is missing, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-templates-'));
    try {
      cpSync(templates.templatesDir, dir, { recursive: true });
      unlinkSync(join(dir, 'certificate_revoked', 'en.text.hbs'));
      expect(() => new MailTemplates(dir)).toThrow(/certificate_revoked\/en\.text\.hbs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a template syntax error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-templates-'));
    try {
      cpSync(templates.templatesDir, dir, { recursive: true });
      writeFileSync(join(dir, 'overdue_digest', 'id.subject.hbs'), '{{#each items}}unclosed');
      expect(() => new MailTemplates(dir)).toThrow(/overdue_digest\/id\.subject\.hbs/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps a language preference to a mail locale, Indonesian by default', () => {
    expect(resolveMailLocale('en')).toBe('en');
    expect(resolveMailLocale('en-US')).toBe('en');
    expect(resolveMailLocale('id')).toBe('id');
    expect(resolveMailLocale(undefined)).toBe('id');
    expect(resolveMailLocale('fr')).toBe('id');
  });
});
