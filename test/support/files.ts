/** Small but real files, so content sniffing sees what a scanner or camera would produce. */
export function pdfBytes(text = 'Dokumen uji'): Buffer {
  const body = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
% ${text}
trailer << /Root 1 0 R >>
%%EOF
`;
  return Buffer.from(body);
}

/** A real PNG (the same writer the demo data uses). */
export { demoPng as pngBytes } from '../../src/seed/demo-files';

export const windowsExecutable = (): Buffer => Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(256, 0)]);
