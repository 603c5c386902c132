import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NikCipher } from '../outlets/nik-cipher';
import type { DocumentType } from '../requirements/outlet-snapshot';
import { FILE_STORAGE, type FileStorage } from '../storage/file-storage';
import { demoPdf, demoPng } from './demo-files';

type DemoJournalist = { name: string; nik: string; position: string; level: string | null; cert: string | null; issuer: string | null; on: string | null };

/** A fictional outlet of the demo: company, office and newsroom. */
export interface DemoOutlet {
  legalName: string;
  brandName: string;
  deedNumber: string;
  ministryDecreeNumber: string;
  taxId: string;
  businessId: string;
  website: string;
  office: { street: string; city: string; province: string; latitude: number; longitude: number };
  roster: readonly DemoJournalist[];
}

export const LENSA_JATIM: DemoOutlet = {
  legalName: 'PT Lensa Jatim Media',
  brandName: 'Lensa Jatim',
  deedNumber: 'Akta No. 12 tanggal 1 Maret 2018',
  ministryDecreeNumber: 'AHU-0012345.AH.01.01.TAHUN 2018',
  taxId: '012345678901234',
  businessId: '9120301234567',
  website: 'https://lensajatim.example',
  office: { street: 'Jl. Raya Darmo No. 12', city: 'Kota Surabaya', province: 'Jawa Timur', latitude: -7.2874, longitude: 112.7388 },
  roster: [
    { name: 'Bambang Sutrisno', nik: '3578010101750001', position: 'chief_editor', level: 'utama', cert: '10231-PWI/WU/DP/XII/2016/05/08/75', issuer: 'PWI', on: '2016-05-08' },
    { name: 'Sri Wahyuni', nik: '3578014202800002', position: 'person_in_charge', level: 'utama', cert: '11022-AJI/WU/DP/III/2018/07/12/80', issuer: 'AJI', on: '2018-07-12' },
    { name: 'Dewi Lestari', nik: '3578015505880003', position: 'editor', level: 'madya', cert: '20455-PWI/WM/DP/VI/2020/03/02/88', issuer: 'PWI', on: '2020-03-02' },
    { name: 'Agus Prasetyo', nik: '3578011010920004', position: 'reporter', level: 'muda', cert: '30871-LPDS/WD/DP/IX/2021/09/14/92', issuer: 'LPDS', on: '2021-09-14' },
    { name: 'Rizky Maulana', nik: '3578012303950005', position: 'reporter', level: 'muda', cert: '31002-UPN/WD/DP/X/2022/10/01/95', issuer: 'UPN Veteran Jawa Timur', on: '2022-10-01' },
    { name: 'Nur Aini', nik: '3578016607970006', position: 'reporter', level: null, cert: null, issuer: null, on: null },
  ],
};

/** A second outlet, whose application waits in the demo agency's queue so the staff console has work. */
export const SUARA_BRAWIJAYA: DemoOutlet = {
  legalName: 'PT Suara Brawijaya Media',
  brandName: 'Suara Brawijaya',
  deedNumber: 'Akta No. 7 tanggal 14 Juli 2019',
  ministryDecreeNumber: 'AHU-0034567.AH.01.01.TAHUN 2019',
  taxId: '023456789012345',
  businessId: '9120305678901',
  website: 'https://suarabrawijaya.example',
  office: { street: 'Jl. Ijen No. 45', city: 'Kota Malang', province: 'Jawa Timur', latitude: -7.9727, longitude: 112.6216 },
  roster: [
    { name: 'Hartono Wijaya', nik: '3573010101700007', position: 'chief_editor', level: 'utama', cert: '10877-PWI/WU/DP/IV/2017/04/11/70', issuer: 'PWI', on: '2017-04-11' },
    { name: 'Lina Marlina', nik: '3573014202850008', position: 'editor', level: 'madya', cert: '20911-AJI/WM/DP/VIII/2021/08/19/85', issuer: 'AJI', on: '2021-08-19' },
    { name: 'Yusuf Hakim', nik: '3573011010930009', position: 'reporter', level: 'muda', cert: '31544-LPDS/WD/DP/II/2023/02/06/93', issuer: 'LPDS', on: '2023-02-06' },
  ],
};

const MASTHEAD_TITLE: Record<string, string> = { chief_editor: 'Pemimpin Redaksi', person_in_charge: 'Penanggung Jawab', editor: 'Redaktur', reporter: 'Wartawan' };

function documents(o: DemoOutlet): { type: DocumentType; title: string; lines: string[] }[] {
  const company = o.legalName.toUpperCase();
  return [
    { type: 'deed', title: `AKTA PENDIRIAN ${company}`, lines: [o.deedNumber, 'Notaris Contoh Demo, S.H., M.Kn. (fiktif)'] },
    { type: 'ministry_decree', title: 'KEPUTUSAN MENTERI HUKUM DAN HAM', lines: [`Nomor ${o.ministryDecreeNumber}`, `tentang Pengesahan Pendirian Badan Hukum ${o.legalName}`] },
    { type: 'tax_id', title: 'NOMOR POKOK WAJIB PAJAK', lines: [`NPWP ${o.taxId}`, company, 'Status: Pengusaha Kena Pajak'] },
    { type: 'business_id', title: 'NOMOR INDUK BERUSAHA', lines: [`NIB ${o.businessId}`, 'KBLI 63122 Portal Web dan/atau Platform Digital dengan Tujuan Komersial'] },
    { type: 'press_council_certificate', title: 'SERTIFIKAT VERIFIKASI DEWAN PERS', lines: ['Nomor 123/DP-Verifikasi-K/III/2023', 'Terverifikasi Administratif dan Faktual'] },
    { type: 'masthead', title: `BOX REDAKSI ${o.brandName.toUpperCase()}`, lines: o.roster.slice(0, 3).map((j) => `${MASTHEAD_TITLE[j.position] ?? 'Redaksi'}: ${j.name}`) },
    { type: 'domicile_letter', title: 'SURAT KETERANGAN DOMISILI USAHA', lines: [`${o.office.street}, ${o.office.city}`] },
  ];
}

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

  async seed(m: EntityManager, applicantId: string, o: DemoOutlet = LENSA_JATIM): Promise<string> {
    const [{ id }] = (await m.query(
      `INSERT INTO outlets (legal_name, brand_name, legal_form, deed_number, ministry_decree_number, tax_id, tax_status, business_id,
         established_on, media_type, website, office, press_council_status, press_council_certificate_number, press_council_verified_on,
         memberships, created_by)
       VALUES ($3, $4, 'PT', $5, $6, $7, 'pkp', $8, '2018-03-01', 'online', $9,
         $1, 'factual', '123/DP-Verifikasi-K/III/2023', '2023-03-15', '["AMSI","PWI"]', $2) RETURNING id`,
      [JSON.stringify(o.office), applicantId, o.legalName, o.brandName, o.deedNumber, o.ministryDecreeNumber, o.taxId, o.businessId, o.website],
    )) as { id: string }[];
    await m.query(`INSERT INTO outlet_owners (outlet_id, user_id) VALUES ($1, $2)`, [id, applicantId]);
    for (const j of o.roster) {
      await m.query(
        `INSERT INTO journalists (outlet_id, name, nik_encrypted, nik_hash, nik_last4, position, competency_level,
           competency_certificate_number, competency_issuer, competency_issued_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, j.name, this.nik.encrypt(j.nik), this.nik.hash(j.nik), j.nik.slice(-4), j.position, j.level, j.cert, j.issuer, j.on],
      );
    }
    const files: { type: DocumentType; name: string; mime: string; content: Buffer }[] = [
      ...(await Promise.all(documents(o).map(async (d) => ({ type: d.type, name: `${d.type}.pdf`, mime: 'application/pdf', content: await demoPdf(d.title, d.lines) })))),
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
