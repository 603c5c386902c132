import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createAgency, type TestAgency } from './support/factories';
import { pngBytes } from './support/files';
import { startTestApp, type TestApp } from './support/test-app';

/** A PNG signature, then bytes that are no PNG at all: passes a first-bytes check, breaks a renderer. */
const pngSignatureThenGarbage = () => Buffer.concat([pngBytes(4, 4).subarray(0, 8), Buffer.from('this is not an image, just words after a signature')]);

describe('agency settings and logo: nothing stored that breaks a later approval', () => {
  let t: TestApp;
  let agency: TestAgency;

  const settings = async () => (await t.http().get(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).expect(200)).body;
  const patch = (body: unknown) => t.http().patch(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).send(body as object);
  const uploadLogo = (file: Buffer) =>
    t.http().put(`/api/agencies/${agency.id}/logo`).set(bearer(agency.admin)).attach('file', file, { filename: 'logo.png', contentType: 'image/png' });
  const auditActions = async (agencyId: string) =>
    ((await t.dataSource.query(`SELECT action FROM audit_events WHERE agency_id = $1 ORDER BY id`, [agencyId])) as { action: string }[]).map((r) => r.action);

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
  });
  afterAll(() => t.close());

  it.each([
    ['a null number pattern', { certificate: { numberPattern: null } }, 400, 'certificate.numberPattern'],
    ['a pattern without {seq}', { certificate: { numberPattern: 'MM/{code}/{year}' } }, 400, 'certificate.numberPattern'],
    ['a pattern without {year}', { certificate: { numberPattern: '{seq}/MM/{code}' } }, 400, 'certificate.numberPattern'],
    ['a pattern with an unknown placeholder', { certificate: { numberPattern: '{seq}/{yaer}/{year}' } }, 422, 'certificate.numberPattern'],
    ['a pattern whose numbers are too long to print', { certificate: { numberPattern: `${'{code}'.repeat(11)}{seq}{year}` } }, 422, 'certificate.numberPattern'],
    ['a null validity', { certificate: { validityMonths: null } }, 400, 'certificate.validityMonths'],
    ['a zero validity', { certificate: { validityMonths: 0 } }, 400, 'certificate.validityMonths'],
    ['a validity over five years', { certificate: { validityMonths: 61 } }, 400, 'certificate.validityMonths'],
    ['a fractional validity', { certificate: { validityMonths: 1.5 } }, 400, 'certificate.validityMonths'],
    ['a validity given as text', { certificate: { validityMonths: '12' } }, 400, 'certificate.validityMonths'],
    ['a null signatory name', { certificate: { signatoryName: null } }, 400, 'certificate.signatoryName'],
    ['a one-letter signatory name', { certificate: { signatoryName: 'X' } }, 400, 'certificate.signatoryName'],
    ['a signatory name of spaces', { certificate: { signatoryName: '     ' } }, 422, 'certificate.signatoryName'],
    ['an overlong signatory title', { certificate: { signatoryTitle: 'K'.repeat(161) } }, 400, 'certificate.signatoryTitle'],
    ['a NIP that is not 18 digits', { certificate: { signatoryNip: '12345' } }, 400, 'certificate.signatoryNip'],
    ['a javascript: base URL', { certificate: { publicBaseUrl: 'javascript:alert(1)' } }, 400, 'certificate.publicBaseUrl'],
    ['an ftp base URL', { certificate: { publicBaseUrl: 'ftp://files.example.go.id' } }, 400, 'certificate.publicBaseUrl'],
    ['a base URL with a query', { certificate: { publicBaseUrl: 'https://mitra.example.go.id/?x=1' } }, 422, 'certificate.publicBaseUrl'],
    ['a null certificate block', { certificate: null }, 400, 'certificate'],
    ['a certificate block that is a list', { certificate: [{ validityMonths: 12 }] }, 400, 'certificate'],
    ['a zero SLA', { sla: { field: 0 } }, 400, 'sla.field'],
    ['a null SLA', { sla: { approval: null } }, 400, 'sla.approval'],
    ['an SLA of a year', { sla: { administrative: 365 } }, 400, 'sla.administrative'],
    ['an impossible holiday', { holidays: ['2026-12-25', '2026-02-31'] }, 400, 'holidays'],
    ['a holiday written another way', { holidays: ['25-12-2026'] }, 400, 'holidays'],
    ['a holiday listed twice', { holidays: ['2026-12-25', '2026-12-25'] }, 400, 'holidays'],
    ['null holidays', { holidays: null }, 400, 'holidays'],
  ])('refuses %s, naming the field, and changes nothing', async (_, body, status, field) => {
    const before = await settings();
    const auditBefore = await auditActions(agency.id);
    const res = await patch(body).expect(status);
    expect(res.body).toMatchObject({ statusCode: status, code: status === 400 ? 'REQUEST.VALIDATION' : 'AGENCY.SETTINGS_INVALID' });
    expect(Object.keys(res.body.errors)).toContain(field);
    expect(await settings()).toEqual(before);
    expect(await auditActions(agency.id)).toEqual(auditBefore);
  });

  it('names the impossible date among the holidays', async () => {
    const res = await patch({ holidays: ['2026-12-25', '2026-02-31'] }).expect(400);
    expect(res.body.errors.holidays).toContain('2026-02-31');
    expect(res.body.errors.holidays).not.toContain('2026-12-25');
  });

  it('accepts good settings, and null where a setting may be empty', async () => {
    const res = await patch({
      certificate: { numberPattern: '{seq:4}/{code}/{month}/{year}', validityMonths: 24, publicBaseUrl: 'https://mitra.example.go.id/', signatoryNip: '198001012005011001' },
      sla: { field: 15 },
      holidays: ['2026-12-25', '2027-01-01'],
    }).expect(200);
    expect(res.body.settings).toMatchObject({
      certificate: { numberPattern: '{seq:4}/{code}/{month}/{year}', validityMonths: 24, publicBaseUrl: 'https://mitra.example.go.id/', signatoryNip: '198001012005011001' },
      sla: { administrative: 5, field: 15, approval: 5 },
      holidays: ['2026-12-25', '2027-01-01'],
    });
    const cleared = await patch({ certificate: { publicBaseUrl: null, signatoryNip: null } }).expect(200);
    expect(cleared.body.settings.certificate).toMatchObject({ publicBaseUrl: null, signatoryNip: null, validityMonths: 24 });
  });

  it('refuses a logo that does not decode, stores no file and keeps the old logo', async () => {
    const logosDir = join(t.dataDir, 'files', 'logos');
    const storedLogos = () => {
      try {
        return readdirSync(logosDir, { recursive: true }).length;
      } catch {
        return 0;
      }
    };
    const good = await uploadLogo(pngBytes(40, 40)).expect(200);
    const goodKey = good.body.settings.certificate.logoKey as string;
    expect(goodKey).toMatch(/^logos\//);
    const filesBefore = storedLogos();
    const auditBefore = await auditActions(agency.id);
    const whole = pngBytes(64, 64);
    const declaringHuge = Buffer.from(whole);
    declaringHuge.writeUInt32BE(40_000, 16);
    for (const [file, says] of [
      [pngSignatureThenGarbage(), /no PNG header/],
      [whole.subarray(0, whole.length - 40), /does not decode as a PNG/],
      [declaringHuge, /40000 x 64 pixels/],
    ] as const) {
      const res = await uploadLogo(file).expect(422);
      expect(res.body).toMatchObject({ code: 'AGENCY.LOGO_UNREADABLE', message: expect.stringMatching(says) });
    }
    expect((await settings()).settings.certificate.logoKey).toBe(goodKey);
    expect(storedLogos()).toBe(filesBefore);
    expect(await auditActions(agency.id)).toEqual(auditBefore);
  });
});
