const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/**
 * Renders the agency's pattern, e.g. `{seq}/MM/{code}/{year}` -> `007/MM/DISKOMINFO-JATIM/2026`.
 * Tokens: {seq} (3 digits), {seq:N} (N digits), {year}, {month} (Roman, as Indonesian letters
 * are numbered), {code} (the agency code).
 */
export function formatCertificateNumber(pattern: string, v: { seq: number; year: number; month: number; code: string }): string {
  return pattern.replace(/\{(seq(?::(\d))?|year|month|code)\}/g, (_, token: string, width?: string) => {
    if (token.startsWith('seq')) return String(v.seq).padStart(width ? Number(width) : 3, '0');
    if (token === 'year') return String(v.year);
    if (token === 'month') return ROMAN[v.month - 1];
    return v.code;
  });
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 Crockford base32 characters (80 random bits) grouped for reading aloud: 7KQ4-MX2P-9TAB-HC3D. */
export function formatVerificationCode(random: Buffer): string {
  if (random.length < 10) throw new Error('need 80 bits');
  let bits = 0n;
  for (const b of random.subarray(0, 10)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** Accepts what people type or scan: any case, with or without dashes, O for 0, I/L for 1. */
export function normalizeVerificationCode(input: string): string | null {
  const clean = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(clean)) return null;
  return clean.match(/.{4}/g)!.join('-');
}

/** Adds whole months to a calendar date; the certificate is valid through the day before. */
export function validUntil(validFrom: string, months: number): string {
  const [y, m, d] = validFrom.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  // An anniversary that does not exist (29 Feb, 31st) falls on the next day, so the last valid day is the month's last.
  const end = d > lastDay ? new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), lastDay)) : new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

/** Where a certificate's QR code points: the agency's own public address, else the service's. */
export function certificateVerifyUrl(agencyBaseUrl: string | null | undefined, serviceBaseUrl: string, code: string): string {
  return `${(agencyBaseUrl || serviceBaseUrl).replace(/\/+$/, '')}/verify/${code}`;
}
