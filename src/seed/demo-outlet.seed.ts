import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NikCipher } from '../outlets/nik-cipher';
import type { DocumentType } from '../requirements/outlet-snapshot';
import { FILE_STORAGE, type FileStorage } from '../storage/file-storage';
import { demoPdf, demoPng } from './demo-files';

const ROSTER = [
  { name: 'Bambang Sutrisno', nik: '3578010101750001', position: 'chief_editor', level: 'utama', cert: '10231-PWI/WU/DP/XII/2016/05/08/75', issuer: 'PWI', on: '2016-05-08' },
  { name: 'Sri Wahyuni', nik: '3578014202800002', position: 'person_in_charge', level: 'utama', cert: '11022-AJI/WU/DP/III/2018/07/12/80', issuer: 'AJI', on: '2018-07-12' },
  { name: 'Dewi Lestari', nik: '3578015505880003', position: 'editor', level: 'madya', cert: '20455-PWI/WM/DP/VI/2020/03/02/88', issuer: 'PWI', on: '2020-03-02' },
  { name: 'Agus Prasetyo', nik: '3578011010920004', position: 'reporter', level: 'muda', cert: '30871-LPDS/WD/DP/IX/2021/09/14/92', issuer: 'LPDS', on: '2021-09-14' },
  { name: 'Rizky Maulana', nik: '3578012303950005', position: 'reporter', level: 'muda', cert: '31002-UPN/WD/DP/X/2022/10/01/95', issuer: 'UPN Veteran Jawa Timur', on: '2022-10-01' },
  { name: 'Nur Aini', nik: '3578016607970006', position: 'reporter', level: null, cert: null, issuer: null, on: null },
] as const;

const DOCUMENTS: { type: DocumentType; title: string; lines: string[] }[] = [
  { type: 'deed', title: 'AKTA PENDIRIAN PT LENSA JATIM MEDIA', lines: ['Nomor 12, tanggal 1 Maret 2018', 'Notaris Contoh Demo, S.H., M.Kn. (fiktif), Surabaya'] },
  { type: 'ministry_decree', title: 'KEPUTUSAN MENTERI HUKUM DAN HAM', lines: ['Nomor AHU-0012345.AH.01.01.TAHUN 2018', 'tentang Pengesahan Pendirian Badan Hukum PT Lensa Jatim Media'] },
  { type: 'tax_id', title: 'NOMOR POKOK WAJIB PAJAK', lines: ['NPWP 01.234.567.8-901.234', 'PT LENSA JATIM MEDIA', 'Status: Pengusaha Kena Pajak'] },
  { type: 'business_id', title: 'NOMOR INDUK BERUSAHA', lines: ['NIB 9120301234567', 'KBLI 63122 Portal Web dan/atau Platform Digital dengan Tujuan Komersial'] },
  { type: 'press_council_certificate', title: 'SERTIFIKAT VERIFIKASI DEWAN PERS', lines: ['Nomor 123/DP-Verifikasi-K/III/2023', 'Terverifikasi Administratif dan Faktual'] },
  { type: 'masthead', title: 'BOX REDAKSI LENSA JATIM', lines: ['Pemimpin Redaksi: Bambang Sutrisno', 'Penanggung Jawab: Sri Wahyuni', 'Redaktur: Dewi Lestari'] },
  { type: 'domicile_letter', title: 'SURAT KETERANGAN DOMISILI USAHA', lines: ['Kelurahan Darmo, Kecamatan Wonokromo, Kota Surabaya'] },
];

/**
 * The demo applicant's outlet: complete roster and documents, meeting the default pack (the
 * office is confirmed in the field visit, so an officer sees it as "needs review").
 */
@Injectable()
export class DemoOutletSeed {
  constructor(
    private readonly nik: NikCipher,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async seed(m: EntityManager, applicantId: string): Promise<string> {
    const [{ id }] = (await m.query(
      `INSERT INTO outlets (legal_name, brand_name, legal_form, deed_number, ministry_decree_number, tax_id, tax_status, business_id,
         established_on, media_type, website, office, press_council_status, press_council_certificate_number, press_council_verified_on,
         memberships, created_by)
       VALUES ('PT Lensa Jatim Media', 'Lensa Jatim', 'PT', 'Akta No. 12 tanggal 1 Maret 2018', 'AHU-0012345.AH.01.01.TAHUN 2018',
         '012345678901234', 'pkp', '9120301234567', '2018-03-01', 'online', 'https://lensajatim.example',
         $1, 'factual', '123/DP-Verifikasi-K/III/2023', '2023-03-15', '["AMSI","PWI"]', $2) RETURNING id`,
      [JSON.stringify({ street: 'Jl. Raya Darmo No. 12', city: 'Kota Surabaya', province: 'Jawa Timur', latitude: -7.2874, longitude: 112.7388 }), applicantId],
    )) as { id: string }[];
    await m.query(`INSERT INTO outlet_owners (outlet_id, user_id) VALUES ($1, $2)`, [id, applicantId]);
    for (const j of ROSTER) {
      await m.query(
        `INSERT INTO journalists (outlet_id, name, nik_encrypted, nik_hash, nik_last4, position, competency_level,
           competency_certificate_number, competency_issuer, competency_issued_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, j.name, this.nik.encrypt(j.nik), this.nik.hash(j.nik), j.nik.slice(-4), j.position, j.level, j.cert, j.issuer, j.on],
      );
    }
    const files: { type: DocumentType; name: string; mime: string; content: Buffer }[] = [
      ...(await Promise.all(DOCUMENTS.map(async (d) => ({ type: d.type, name: `${d.type}.pdf`, mime: 'application/pdf', content: await demoPdf(d.title, d.lines) })))),
      { type: 'office_photo', name: 'kantor-redaksi.png', mime: 'image/png', content: demoPng() },
    ];
    for (const f of files) {
      const stored = await this.storage.put('documents', f.content);
      await m.query(
        `INSERT INTO documents (outlet_id, type, file_name, mime_type, size, sha256, storage_key, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, f.type, f.name, f.mime, f.content.length, stored.sha256, stored.key, applicantId],
      );
    }
    return id;
  }
}
