import { encode as encodeJpeg } from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import PDFKit from 'pdfkit';
import { PNG } from 'pngjs';
import { demoPdf, demoPng } from '../seed/demo-files';
import { contentProblem, jpegProblem, pdfProblem, pngDeclaredSize, pngProblem } from './file-content';

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(200);
  return PNG.sync.write(image);
}

function jpeg(width: number, height: number): Buffer {
  return encodeJpeg({ data: Buffer.alloc(width * height * 4, 120), width, height }, 80).data;
}

/** A PNG whose header claims a size without the pixels to match: what a decompression bomb declares. */
function pngDeclaring(width: number, height: number): Buffer {
  const real = png(4, 4);
  const forged = Buffer.from(real);
  forged.writeUInt32BE(width, 16);
  forged.writeUInt32BE(height, 20);
  return forged;
}

async function pdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]);
  return Buffer.from(await doc.save({ addDefaultPage: false }));
}

/** Encrypted with an owner password only: opens without a password, printing or copying restricted. */
function permissionProtectedPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFKit({ ownerPassword: 'dinas', permissions: { printing: 'lowResolution', copying: false, modifying: false } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Nomor Induk Berusaha');
    doc.end();
  });
}

describe('contentProblem', () => {
  it('accepts real files of each accepted type', async () => {
    expect(await contentProblem(await pdf(1), 'application/pdf')).toBeNull();
    expect(await contentProblem(png(32, 16), 'image/png')).toBeNull();
    expect(await contentProblem(jpeg(32, 16), 'image/jpeg')).toBeNull();
  });

  it('passes the files the demo data is seeded with', async () => {
    expect(await contentProblem(await demoPdf('Akta Pendirian', ['Nomor 12']), 'application/pdf')).toBeNull();
    expect(await contentProblem(demoPng(), 'image/png')).toBeNull();
  });

  it('accepts an encrypted PDF that opens without a password', async () => {
    const pdf = await permissionProtectedPdf();
    expect(pdf.toString('latin1')).toContain('/Encrypt');
    expect(await pdfProblem(pdf)).toBeNull();
  });

  it('refuses a PDF that is only its signature, has a broken body, or has no pages', async () => {
    expect(await pdfProblem(Buffer.from('%PDF-'))).toMatch(/does not open as a PDF/);
    expect(await pdfProblem(Buffer.from('%PDF-1.7\nthis is not a PDF body\n%%EOF\n'))).toMatch(/does not open as a PDF/);
    expect(await pdfProblem(await pdf(0))).toBe('has no pages');
  });

  it('refuses a PNG signature followed by garbage, and a PNG cut short', () => {
    const garbage = Buffer.concat([png(4, 4).subarray(0, 8), Buffer.from('not really an image at all, sorry')]);
    expect(pngProblem(garbage)).toBe('has no PNG header');
    const whole = png(64, 64);
    expect(pngProblem(whole.subarray(0, whole.length - 30))).toMatch(/does not decode as a PNG/);
  });

  it('refuses a PNG declaring a huge picture before decoding it', () => {
    expect(pngDeclaredSize(pngDeclaring(50_000, 50_000))).toEqual({ width: 50_000, height: 50_000 });
    expect(pngProblem(pngDeclaring(50_000, 50_000))).toMatch(/50000 x 50000 pixels/);
    expect(pngProblem(pngDeclaring(9_000, 9_000))).toMatch(/megapixels/);
    expect(pngProblem(pngDeclaring(0, 10))).toMatch(/empty picture/);
  });

  it('refuses a truncated JPEG and one over the size limit', () => {
    const whole = jpeg(64, 48);
    expect(jpegProblem(whole.subarray(0, Math.floor(whole.length / 2)))).toMatch(/does not decode as a JPEG/);
    expect(jpegProblem(whole, { maxSide: 10_000, maxMegapixels: 0.001 })).toMatch(/does not decode as a JPEG \(maxResolutionInMP/);
    expect(jpegProblem(whole, { maxSide: 50, maxMegapixels: 24 })).toMatch(/64 x 48 pixels/);
  });
});
