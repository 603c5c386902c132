import { decode as decodeJpeg } from 'jpeg-js';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import type { AcceptedMime } from './file-type';

/**
 * Decoded images are width x height x 4 bytes in memory, so a small file can declare a huge
 * picture (a decompression bomb). The declared size is checked before anything is decoded.
 * 24 megapixels covers a phone photo and a 400 dpi A4 scan; jpeg-js needs about 17 bytes a
 * pixel while decoding, so that stays within its 512 MB default ceiling.
 */
export const IMAGE_LIMITS = { maxSide: 10_000, maxMegapixels: 24 } as const;

export interface ImageLimits {
  maxSide: number;
  maxMegapixels: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height as the PNG header declares them, read without decoding; null when there is no header. */
export function pngDeclaredSize(content: Buffer): { width: number; height: number } | null {
  if (content.length < 24 || !content.subarray(0, 8).equals(PNG_SIGNATURE) || content.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: content.readUInt32BE(16), height: content.readUInt32BE(20) };
}

function sizeProblem(width: number, height: number, limits: ImageLimits): string | null {
  if (width < 1 || height < 1) return `declares an empty picture (${width} x ${height} pixels)`;
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxMegapixels * 1e6) {
    return `is ${width} x ${height} pixels; at most ${limits.maxSide} pixels a side and ${limits.maxMegapixels} megapixels`;
  }
  return null;
}

/** Why a PNG cannot be shown, or null when it decodes completely within the limits. */
export function pngProblem(content: Buffer, limits: ImageLimits = IMAGE_LIMITS): string | null {
  const size = pngDeclaredSize(content);
  if (!size) return 'has no PNG header';
  const tooBig = sizeProblem(size.width, size.height, limits);
  if (tooBig) return tooBig;
  try {
    // Checks every chunk's CRC and inflates the whole image, so a cut or corrupted file fails here.
    PNG.sync.read(content);
    return null;
  } catch (err) {
    return `does not decode as a PNG (${(err as Error).message})`;
  }
}

/** Why a JPEG cannot be shown, or null when it decodes within the limits. */
export function jpegProblem(content: Buffer, limits: ImageLimits = IMAGE_LIMITS): string | null {
  try {
    // jpeg-js refuses a declared size over maxResolutionInMP before allocating for it.
    const image = decodeJpeg(content, {
      maxResolutionInMP: limits.maxMegapixels,
      maxMemoryUsageInMB: 512,
      formatAsRGBA: false,
      useTArray: true,
    });
    return sizeProblem(image.width, image.height, limits);
  } catch (err) {
    return `does not decode as a JPEG (${(err as Error).message})`;
  }
}

/**
 * Why a PDF cannot be opened, or null when it parses and has a page. Encrypted PDFs are accepted
 * when their structure parses: the page tree is never encrypted, and permission-only protection
 * (no password to open) is common on documents issued by government systems.
 */
export async function pdfProblem(content: Buffer): Promise<string | null> {
  try {
    // An object that does not parse is refused rather than skipped: skipping is what lets a
    // broken file through, and pdf-lib would print a console warning for each one.
    const pdf = await PDFDocument.load(content, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
    return pdf.getPageCount() >= 1 ? null : 'has no pages';
  } catch (err) {
    return `does not open as a PDF (${(err as Error).message})`;
  }
}

/** Why a file of a sniffed type cannot be read by the person who will look at it, or null. */
export async function contentProblem(content: Buffer, mime: AcceptedMime): Promise<string | null> {
  if (mime === 'application/pdf') return pdfProblem(content);
  if (mime === 'image/png') return pngProblem(content);
  return jpegProblem(content);
}
