/** What a file is, judged by its first bytes, never by its name or declared type. */
export type AcceptedMime = 'application/pdf' | 'image/jpeg' | 'image/png';

const SIGNATURES: { mime: string; bytes: number[]; offset?: number }[] = [
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'application/x-msdownload', bytes: [0x4d, 0x5a] },
  { mime: 'application/x-executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { mime: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { mime: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
  { mime: 'application/x-ole-storage', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { mime: 'application/x-rar-compressed', bytes: [0x52, 0x61, 0x72, 0x21] },
  { mime: 'application/gzip', bytes: [0x1f, 0x8b] },
];

const ACCEPTED = new Set<string>(['application/pdf', 'image/jpeg', 'image/png']);

export function detectFileType(head: Buffer): string {
  for (const sig of SIGNATURES) {
    const at = sig.offset ?? 0;
    if (head.length >= at + sig.bytes.length && sig.bytes.every((b, i) => head[at + i] === b)) return sig.mime;
  }
  const sample = head.subarray(0, 512);
  const printable = sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
  if (sample.length > 0 && printable) return /^\s*</.test(sample.toString('utf8')) ? 'text/html' : 'text/plain';
  return 'application/octet-stream';
}

export const isAccepted = (mime: string): mime is AcceptedMime => ACCEPTED.has(mime);

export const EXTENSION: Record<AcceptedMime, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/**
 * Whether the type the client declared contradicts the content. A client that declares nothing
 * useful (application/octet-stream) is judged by content alone; image/jpg is a common alias.
 */
export function declaredTypeContradicts(declared: string, detected: string): boolean {
  const d = declared.toLowerCase();
  return d !== 'application/octet-stream' && d !== detected && !(d === 'image/jpg' && detected === 'image/jpeg');
}
