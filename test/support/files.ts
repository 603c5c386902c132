import { encode as encodeJpeg } from 'jpeg-js';

/**
 * Small but real files, so content sniffing sees what a scanner or camera would produce and a PDF
 * reader opens them: a one-page PDF with its text, an exact cross-reference table and trailer.
 */
export function pdfBytes(text = 'Dokumen uji'): Buffer {
  const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 12 Tf 20 100 Td (${escaped}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = Buffer.byteLength(body, 'latin1');
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) body += `${String(at).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A real baseline JPEG, as a phone camera would send (small: a flat two-tone picture). */
export function jpegBytes(width = 64, height = 48): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(i < (width * height) / 3 ? [135, 190, 235, 255] : [190, 160, 120, 255], i * 4);
  return encodeJpeg({ data, width, height }, 85).data;
}

/** A real PNG (the same writer the demo data uses). */
export { demoPng as pngBytes } from '../../src/seed/demo-files';

export const windowsExecutable = (): Buffer => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(256, 0)]);
