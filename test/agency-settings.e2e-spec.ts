import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AgenciesService } from '../src/agencies/agencies.service';
import { DEFAULT_AGENCY_SETTINGS } from '../src/agencies/agency.entity';
import { inTransaction } from '../src/database/transaction';
import { FILE_STORAGE, type FileStorage } from '../src/storage/file-storage';
import { act, createDraft, FIELD_VISIT } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { pngBytes } from './support/files';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

/** A PNG signature, then bytes that are no PNG at all: passes a first-bytes check, breaks a renderer. */
const pngSignatureThenGarbage = () => Buffer.concat([pngBytes(4, 4).subarray(0, 8), Buffer.from('this is not an image, just words after a signature')]);

describe('agency settings and logo: nothing stored that breaks a later approval', () => {
  let t: TestApp;
  let agency: TestAgency;
  let owner: Actor;

  const settings = async () => (await t.http().get(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).expect(200)).body;
  const patch = (body: unknown) => t.http().patch(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).send(body as object);
  const uploadLogo = (file: Buffer) =>
    t.http().put(`/api/agencies/${agency.id}/logo`).set(bearer(agency.admin)).attach('file', file, { filename: 'logo.png', contentType: 'image/png' });
  const auditActions = async (agencyId: string) =>
    ((await t.dataSource.query(`SELECT action FROM audit_events WHERE agency_id = $1 ORDER BY id`, [agencyId])) as { action: string }[]).map((r) => r.action);

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    owner = await createApplicant(t);
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
    ['a holiday name that is too short', { holidays: ['2026-12-25'], holidayNames: { '2026-12-25': 'N' } }, 400, 'holidayNames'],
    ['a holiday name keyed by no date', { holidays: ['2026-12-25'], holidayNames: { natal: 'Hari Raya Natal' } }, 400, 'holidayNames'],
    ['a name for a day that is not a holiday', { holidays: ['2026-12-25'], holidayNames: { '2026-12-26': 'Cuti bersama' } }, 422, 'holidayNames.2026-12-26'],
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

  it('keeps holiday names with their dates, and drops the name of a date taken off the list', async () => {
    const named = await patch({ holidays: ['2026-12-25', '2027-01-01'], holidayNames: { '2026-12-25': 'Hari Raya Natal', '2027-01-01': 'Tahun Baru' } }).expect(200);
    expect(named.body.settings.holidayNames).toEqual({ '2026-12-25': 'Hari Raya Natal', '2027-01-01': 'Tahun Baru' });
    const fewer = await patch({ holidays: ['2027-01-01'] }).expect(200);
    expect(fewer.body.settings.holidayNames).toEqual({ '2027-01-01': 'Tahun Baru' });
    const none = await patch({ holidayNames: {} }).expect(200);
    expect(none.body.settings).not.toHaveProperty('holidayNames');
    await patch({ holidays: ['2026-12-25', '2027-01-01'] }).expect(200);
  });

  it('refuses to create an agency with settings that could not number its certificates', async () => {
    const code = `T-BAD-${Date.now().toString(36).toUpperCase()}`;
    const create = inTransaction(t.dataSource, (m) =>
      t.app.get(AgenciesService).create(m, { code, name: 'Diskominfo Uji', province: 'Jawa Timur', settings: { certificate: { ...DEFAULT_AGENCY_SETTINGS.certificate, numberPattern: '{seq}/MM' } } }),
    );
    await expect(create).rejects.toMatchObject({ code: 'AGENCY.SETTINGS_INVALID', errors: { 'certificate.numberPattern': expect.stringContaining('{year}') } });
    expect(await t.dataSource.query(`SELECT id FROM agencies WHERE code = $1`, [code])).toEqual([]);
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

  describe('an approval whose certificate cannot be rendered', () => {
    let other: TestAgency;
    const people = () => ({ officer: other.officer, officer2: other.officer2, approver: other.approver });

    /** An application of `other` waiting for the approver's decision. */
    async function awaitingApproval(): Promise<{ id: string; version: number }> {
      const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
      const draft = await createDraft(t, owner, outlet.id, other.id);
      let v = (await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200)).body.version as number;
      v = (await act(t, people().officer, draft.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
      v = (await act(t, people().officer2, draft.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
      return { id: draft.id, version: v };
    }

    /** Everything an approval writes: the application, the counter, certificates, audit and mail. */
    async function state(appId: string) {
      const [app] = await t.dataSource.query(`SELECT status, version FROM applications WHERE id = $1`, [appId]);
      const counters = await t.dataSource.query(`SELECT year, last FROM certificate_counters WHERE agency_id = $1 ORDER BY year`, [other.id]);
      const [{ count: certificates }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM certificates WHERE agency_id = $1`, [other.id]);
      const [{ count: outbox }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM outbox WHERE agency_id = $1`, [other.id]);
      return { app, counters, certificates, outbox, audit: await auditActions(other.id) };
    }

    async function setStored(path: string[], value: unknown) {
      await t.dataSource.query(`UPDATE agencies SET settings = jsonb_set(settings, $2, $3::jsonb) WHERE id = $1`, [other.id, `{${path.join(',')}}`, JSON.stringify(value)]);
    }

    /** Approve is refused with the render error and changes nothing but its refusal event. */
    async function expectRefused(appId: string, version: number, field: string) {
      const before = await state(appId);
      const res = await act(t, other.approver, appId, { action: 'approve', version }).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'CERTIFICATE.RENDER_FAILED', message: expect.stringContaining('agency settings') });
      expect(Object.keys(res.body.errors)).toContain(field);
      const after = await state(appId);
      expect(after).toEqual({ ...before, audit: [...before.audit, 'application.action_refused'] });
      const [refusal] = await t.dataSource.query(`SELECT data FROM audit_events WHERE agency_id = $1 ORDER BY id DESC LIMIT 1`, [other.id]);
      expect(refusal.data).toMatchObject({ action: 'approve', code: 'CERTIFICATE.RENDER_FAILED' });
    }

    const seqOf = (number: string) => Number(number.split('/')[0]);

    beforeAll(async () => {
      other = await createAgency(t);
    });

    it('refuses with a clear error while an old stored setting is bad, then issues the next gapless number once fixed', async () => {
      const first = await awaitingApproval();
      const issued = await act(t, other.approver, first.id, { action: 'approve', version: first.version }).expect(200);
      expect(seqOf(issued.body.certificate.number)).toBe(1);

      const pending = await awaitingApproval();
      // Settings written before validation existed, straight into the database.
      await setStored(['certificate', 'numberPattern'], null);
      await expectRefused(pending.id, pending.version, 'certificate.numberPattern');
      await setStored(['certificate', 'numberPattern'], 'MM/{code}');
      await expectRefused(pending.id, pending.version, 'certificate.numberPattern');
      await setStored(['certificate', 'validityMonths'], null);
      await expectRefused(pending.id, pending.version, 'certificate.validityMonths');

      const fixed = await t.http().patch(`/api/agencies/${other.id}/settings`).set(bearer(other.admin)).send({ certificate: { numberPattern: '{seq}/MM/{code}/{year}', validityMonths: 12 } }).expect(200);
      expect(fixed.body.settings.certificate).toMatchObject({ numberPattern: '{seq}/MM/{code}/{year}', validityMonths: 12 });
      const approved = await act(t, other.approver, pending.id, { action: 'approve', version: pending.version }).expect(200);
      expect(approved.body.status).toBe('approved');
      expect(seqOf(approved.body.certificate.number)).toBe(2);
      const [row] = await t.dataSource.query(`SELECT valid_from, valid_until FROM certificates WHERE id = $1`, [approved.body.certificate.id]);
      expect(row.valid_until > row.valid_from).toBe(true);
    });

    it('refuses with a clear error while the stored logo is broken or missing, then succeeds once a good logo is uploaded', async () => {
      const pending = await awaitingApproval();
      const [{ last: lastSeq }] = await t.dataSource.query(`SELECT max(last) AS last FROM certificate_counters WHERE agency_id = $1`, [other.id]);
      // A logo stored before uploads were decoded: the PNG signature followed by garbage.
      const broken = await t.app.get<FileStorage>(FILE_STORAGE).put('logos', pngSignatureThenGarbage());
      await setStored(['certificate', 'logoKey'], broken.key);
      await expectRefused(pending.id, pending.version, 'certificate.logo');
      await setStored(['certificate', 'logoKey'], `logos/00/${'0'.repeat(64)}`);
      await expectRefused(pending.id, pending.version, 'certificate.logo');

      await t.http().put(`/api/agencies/${other.id}/logo`).set(bearer(other.admin)).attach('file', pngBytes(48, 48), { filename: 'logo.png', contentType: 'image/png' }).expect(200);
      const approved = await act(t, other.approver, pending.id, { action: 'approve', version: pending.version }).expect(200);
      expect(seqOf(approved.body.certificate.number)).toBe(Number(lastSeq) + 1);
    });
  });
});
