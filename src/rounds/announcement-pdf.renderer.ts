import PDFDocument from 'pdfkit';
import { certificateFonts } from '../certificates/certificate-pdf.renderer';
import type { AnnouncedResult, AnnouncementEntry, AnnouncementKind } from './registration-round.entity';
import { dayInWords } from './round-rules';

export interface AnnouncementPdfData {
  agencyName: string;
  roundName: string;
  budgetYear: number;
  kind: AnnouncementKind;
  /** ISO instant; also the PDF's dates, so the bytes depend on the data alone. */
  publishedAt: string;
  /** The WIB day of publication, printed. */
  publishedOn: string;
  entries: AnnouncementEntry[];
}

const TITLE: Record<AnnouncementKind, string> = {
  provisional: 'PENGUMUMAN HASIL SEMENTARA / Provisional result',
  final: 'PENGUMUMAN HASIL AKHIR / Final result',
};
const RESULT: Record<AnnouncedResult, string> = {
  approved: 'Diterima / Approved',
  rejected: 'Ditolak / Rejected',
  pending: 'Dalam proses / Pending',
};

/** A round's result list as a PDF: pure (data -> bytes), deterministic, outlets only (no person). */
export async function renderAnnouncementPdf(data: AnnouncementPdfData): Promise<Buffer> {
  const fonts = certificateFonts();
  const at = new Date(data.publishedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    font: fonts.initial as string,
    lang: 'id-ID',
    info: {
      Title: `${TITLE[data.kind]} - ${data.roundName}`,
      Author: data.agencyName,
      Creator: 'Mitra Media',
      Producer: 'Mitra Media',
      // pdfkit derives the trailer /ID from this dictionary, so fixed dates give fixed bytes.
      CreationDate: at,
      ModDate: at,
    },
  });
  fonts.register(doc);
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font(fonts.names.bold).fontSize(13).text(data.agencyName, { align: 'center' });
  doc.moveDown(0.5).fontSize(12).text(TITLE[data.kind], { align: 'center' });
  doc.font(fonts.names.regular).fontSize(10.5).text(`${data.roundName} (Tahun Anggaran / Budget year ${data.budgetYear})`, { align: 'center' });
  doc.text(`Diumumkan / Published: ${dayInWords(data.publishedOn, 'id')}`, { align: 'center' });
  doc.moveDown(1);
  data.entries.forEach((e, i) => {
    doc.font(fonts.names.regular).fontSize(10).text(`${i + 1}. ${e.outletName} (${e.reference}): ${RESULT[e.result]}`);
  });
  if (data.entries.length === 0) doc.text('Tidak ada permohonan. / No applications.');
  const counts = (r: AnnouncedResult) => data.entries.filter((e) => e.result === r).length;
  doc.moveDown(1).font(fonts.names.italic).fontSize(9.5).text(
    `Diterima ${counts('approved')}, ditolak ${counts('rejected')}, dalam proses ${counts('pending')}. / Approved ${counts('approved')}, rejected ${counts('rejected')}, pending ${counts('pending')}.`,
  );
  doc.end();
  return finished;
}
