import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The certificate renderer is loaded by path, not imported: the bench must still build and seed
 * while src/certificates is being written (it then stores a small placeholder PDF instead).
 */
interface Renderer {
  render(data: unknown): Promise<Buffer>;
}

let renderer: Renderer | null | undefined;

export function loadRenderer(): { renderer: Renderer | null; error: string | null } {
  if (renderer !== undefined) return { renderer, error: null };
  try {
    const mod = require(join(__dirname, '..', 'src', 'certificates', 'certificate-pdf.renderer')) as {
      CertificatePdfRenderer?: new () => Renderer;
    };
    if (!mod.CertificatePdfRenderer) throw new Error('certificate-pdf.renderer exports no CertificatePdfRenderer');
    renderer = new mod.CertificatePdfRenderer();
    return { renderer, error: null };
  } catch (err) {
    renderer = null;
    return { renderer: null, error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

export interface CertificateFacts {
  agencyName: string;
  region: string;
  city: string;
  number: string;
  code: string;
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  legalName: string;
  brandName: string;
  website: string | null;
  office: string | null;
  pressCouncilStatus: 'none' | 'administrative' | 'factual';
  pressCouncilNumber: string | null;
  chiefEditor: { name: string; level: 'muda' | 'madya' | 'utama' | null } | null;
}

/** The renderer's input (CertificatePdfData), the same shape the seeded certificates.data rows have. */
export function certificateDataFor(f: CertificateFacts): Record<string, unknown> {
  return {
    agency: { name: f.agencyName, region: f.region, address: `Jl. Kominfo No. 1, ${f.city}`, city: f.city, timeZone: 'Asia/Jakarta', logoPng: null },
    title: 'SERTIFIKAT KEMITRAAN MEDIA',
    subtitle: 'Media Partnership Certificate',
    certificate: { number: f.number, verificationCode: f.code, validFrom: f.validFrom, validUntil: f.validUntil, issuedAt: f.issuedAt },
    outlet: { legalName: f.legalName, brandName: f.brandName, mediaType: 'online', website: f.website, office: f.office },
    pressCouncil: { status: f.pressCouncilStatus, certificateNumber: f.pressCouncilNumber },
    chiefEditor: f.chiefEditor,
    signatory: { name: 'Penandatangan Demo, S.Kom. (fiktif)', title: 'Kepala Dinas (contoh untuk demo)', nip: '000000000000000001' },
    verifyUrl: `http://localhost:3000/verify/${f.code}`,
    grade: null,
  };
}

export async function renderCertificate(data: Record<string, unknown>): Promise<{ pdf: Buffer; source: 'renderer' | 'fallback'; error: string | null }> {
  const { renderer: r, error } = loadRenderer();
  if (r) return { pdf: await r.render(data), source: 'renderer', error: null };
  return { pdf: await smallPdf('Sertifikat kemitraan media (placeholder: renderer not available)'), source: 'fallback', error };
}

/** A one-page PDF with one line of text: the stand-in for uploaded documents. */
export function smallPdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 72, info: { CreationDate: new Date(0), ModDate: new Date(0) } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(14).text(text);
  doc.end();
  return done;
}
