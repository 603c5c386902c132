import PDFDocument from 'pdfkit';
import { pngProblem } from '../storage/file-content';

/** A letterhead logo is printed 68 pt wide; 2,000 px a side is far beyond what print shows. */
export const LOGO_LIMITS = { maxSide: 2_000, maxMegapixels: 4 } as const;

/** Places the image the way the certificate renderer does, on a throwaway page. */
function placeInPdf(png: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0 });
    doc.on('data', () => undefined);
    doc.on('end', () => resolve());
    doc.on('error', reject);
    try {
      doc.image(png, 0, 0, { fit: [68, 68] });
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/**
 * Why a PNG cannot be printed as the agency's logo, or null. It must decode completely within the
 * size limits, and the PDF library that prints certificates must accept it, or every approval
 * afterwards would fail.
 */
export async function logoProblem(png: Buffer): Promise<string | null> {
  const problem = pngProblem(png, LOGO_LIMITS);
  if (problem) return problem;
  try {
    await placeInPdf(png);
    return null;
  } catch (err) {
    return `cannot be placed in a PDF (${(err as Error).message})`;
  }
}
