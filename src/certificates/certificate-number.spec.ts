import { certificateVerifyUrl, formatCertificateNumber, formatVerificationCode, normalizeVerificationCode, validUntil } from './certificate-number';

describe('certificate numbering and codes', () => {
  it.each([
    ['{seq}/MM/DISKOMINFO-JATIM/{year}', '007/MM/DISKOMINFO-JATIM/2026'],
    ['{seq:5}/{code}/{month}/{year}', '00007/DEMO/XI/2026'],
  ])('formats %s', (pattern, expected) => {
    expect(formatCertificateNumber(pattern, { seq: 7, year: 2026, month: 11, code: 'DEMO' })).toBe(expected);
  });

  it('makes 80-bit codes that read back whatever the case and dashes', () => {
    const code = formatVerificationCode(Buffer.from('0123456789abcdef0123', 'hex'));
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(normalizeVerificationCode(code.toLowerCase().replace(/-/g, ''))).toBe(code);
    expect(normalizeVerificationCode('not a code')).toBeNull();
    expect(normalizeVerificationCode('OOOO-IIII-LLLL-0000')).toBe('0000-1111-1111-0000');
  });

  it.each([
    ['2026-11-22', 12, '2027-11-21'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-03-01', 12, '2027-02-28'],
  ])('valid from %s for %i months ends %s', (from, months, until) => {
    expect(validUntil(from, months)).toBe(until);
  });

  it('points QR codes at the agency’s own address when it has one', () => {
    expect(certificateVerifyUrl('https://humas.kaltimprov.go.id/', 'https://mitra.example', 'AAAA-BBBB')).toBe('https://humas.kaltimprov.go.id/verify/AAAA-BBBB');
    expect(certificateVerifyUrl(null, 'https://mitra.example', 'AAAA-BBBB')).toBe('https://mitra.example/verify/AAAA-BBBB');
    expect(certificateVerifyUrl('', 'https://mitra.example', 'AAAA-BBBB')).toBe('https://mitra.example/verify/AAAA-BBBB');
  });
});
