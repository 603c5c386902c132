import { describe, expect, it } from '@jest/globals';
import { auditActionWords, auditEventWords } from './audit-words';
import { text, type Locale } from './i18n';
import { ruleMessageWords } from './requirement-words';

const tr = (locale: Locale) => (key: string, params?: Record<string, unknown>) => text(locale, key, params);

describe('audit events in words', () => {
  it('says a certificate suspension with its statuses and the reason as entered', () => {
    const e = { action: 'certificate.suspend', entityType: 'certificate', data: { from: 'active', to: 'suspended', reason: 'Alamat kantor fiktif; "dicek" 2x' } };
    expect(auditEventWords(e, tr('id'))).toEqual(['Status: Aktif menjadi Dibekukan.', 'Alasan: “Alamat kantor fiktif; "dicek" 2x”']);
    expect(auditEventWords(e, tr('en'))[0]).toBe('Status: Active to Suspended.');
  });

  it('says a refused action and its cause, and never shows an unknown code', () => {
    const refused = { action: 'application.action_refused', entityType: 'application', data: { action: 'approve', code: 'NO_SUCH_CODE' } };
    expect(auditEventWords(refused, tr('id'))).toEqual(['Tindakan “Permohonan disetujui” tidak dijalankan: tidak diizinkan saat itu.']);
    const odd = { action: 'application.approve', entityType: 'application', data: { from: 'limbo', to: 'approved' } };
    expect(auditEventWords(odd, tr('id'))).toEqual(['Statusnya berubah.']);
    expect(auditActionWords('outlet.teleported', 'outlet', tr('id'))).toBe('Peristiwa lain pada rekaman Media');
    expect(auditActionWords('x.y', 'thing', tr('en'))).toBe('Another event on a record of kind other');
    expect(auditEventWords({ action: 'agency.updated', entityType: 'agency', data: {} }, tr('id'))).toEqual([]);
  });
});

describe('rule messages in words', () => {
  it('reads the ISO dates of a rule result as WIB dates and leaves other numbers alone', () => {
    const msg = 'Terverifikasi faktual oleh Dewan Pers sejak 2024-10-27, berlaku sampai 2029-10-27. No. 123/DP/2023-01-01x';
    expect(ruleMessageWords(msg, 'id')).toBe('Terverifikasi faktual oleh Dewan Pers sejak 27 Oktober 2024, berlaku sampai 27 Oktober 2029. No. 123/DP/2023-01-01x');
    expect(ruleMessageWords('valid until 2029-10-27.', 'en')).toBe('valid until 27 October 2029.');
    expect(ruleMessageWords('code 2025-13-45', 'en')).toBe('code 2025-13-45');
  });
});
