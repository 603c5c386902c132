/**
 * Test helpers that read a PDF back the way a person would: its text, its page count, and the QR
 * code as it appears once the page is rasterised. Pure npm: pdf-parse (pdf.js, drawing with
 * @napi-rs/canvas) for reading and rendering, jsqr for the QR code; no poppler or other system tools.
 *
 * pdf.js loads its worker with a dynamic import(), which Jest's module sandbox refuses without
 * --experimental-vm-modules. So pdf.js runs in a plain child Node process, one per call.
 */
import { spawn } from 'node:child_process';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

type Operation = 'text' | 'pages' | 'png';

const CHILD = `
const [parseModule, operation, page, scale] = process.argv.slice(1);
const { PDFParse } = require(parseModule);
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 });
  try {
    let result;
    if (operation === 'text') {
      result = (await parser.getText({ pageJoiner: '' })).text;
    } else if (operation === 'pages') {
      result = (await parser.getInfo()).total;
    } else {
      const shot = await parser.getScreenshot({ partial: [Number(page)], scale: Number(scale), imageDataUrl: false, imageBuffer: true });
      result = shot.pages.length ? Buffer.from(shot.pages[0].data).toString('base64') : null;
    }
    process.stdout.write(JSON.stringify({ result }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String(error && error.stack || error) }));
  } finally {
    await parser.destroy();
  }
});
`;

function inChild<T>(pdf: Uint8Array, operation: Operation, ...args: Array<string | number>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD, require.resolve('pdf-parse'), operation, ...args.map(String)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      let reply: { result?: T; error?: string };
      try {
        reply = JSON.parse(stdout) as { result?: T; error?: string };
      } catch {
        reject(new Error(`pdf-inspect child exited ${code}: ${Buffer.concat(err).toString('utf8') || stdout}`));
        return;
      }
      if (reply.error !== undefined) reject(new Error(`pdf-inspect: ${reply.error}`));
      else resolve(reply.result as T);
    });
    child.stdin.end(Buffer.from(pdf));
  });
}

/** All text of all pages, one line of the page per line, without page markers. */
export function extractPdfText(pdf: Uint8Array): Promise<string> {
  return inChild<string>(pdf, 'text');
}

export function countPdfPages(pdf: Uint8Array): Promise<number> {
  return inChild<number>(pdf, 'pages');
}

/** The page as a PNG at `scale` × 72 dpi. */
export async function renderPdfPageToPng(pdf: Uint8Array, page = 1, scale = 2): Promise<Buffer> {
  const base64 = await inChild<string | null>(pdf, 'png', page, scale);
  if (base64 === null) throw new Error(`the PDF has no page ${page}`);
  return Buffer.from(base64, 'base64');
}

export interface QrReading {
  data: string;
  /** Width of the symbol on the page, in millimetres. */
  widthMm: number;
}

const MM_PER_POINT = 25.4 / 72;

/** Rasterises the page and reads the QR code on it, with its printed size; null when none can be read. */
export async function readQrFromPdf(pdf: Uint8Array, page = 1): Promise<QrReading | null> {
  const scale = 2;
  const image = PNG.sync.read(await renderPdfPageToPng(pdf, page, scale));
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const found = jsQR(pixels, image.width, image.height, { inversionAttempts: 'dontInvert' });
  if (!found) return null;
  const { topLeftCorner, topRightCorner } = found.location;
  const widthPx = Math.hypot(topRightCorner.x - topLeftCorner.x, topRightCorner.y - topLeftCorner.y);
  return { data: found.data, widthMm: (widthPx / scale) * MM_PER_POINT };
}

/** Rasterises the page and decodes the QR code on it; null when none can be read. */
export async function decodeQrFromPdf(pdf: Uint8Array, page = 1): Promise<string | null> {
  return (await readQrFromPdf(pdf, page))?.data ?? null;
}
