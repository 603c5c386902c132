import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, wibDate } from '../src/common/wib-calendar';
import { act, approveThrough, createDraft, FIELD_VISIT } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

/** Approvals racing and failing, and what the public sees of certificates as they age and change. */
describe('certificate lifecycle', () => {
  let t: TestApp;
  let owner: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createApplicant(t);
  });
  afterAll(() => t.close());

  const people = (agency: TestAgency) => ({ owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver });

  /** An application of a new outlet at `agency`, waiting for the approver; returns its id and version. */
  async function awaitingApproval(agency: TestAgency): Promise<{ id: string; outletId: string; version: number }> {
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    let v = (await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200)).body.version as number;
    v = (await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
    v = (await act(t, agency.officer2, draft.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
    return { id: draft.id, outletId: outlet.id, version: v };
  }

  const approve = (agency: TestAgency, app: { id: string; version: number }) => act(t, agency.approver, app.id, { action: 'approve', version: app.version });
  const seqOf = (number: string) => Number(number.split('/')[0]);
  const verify = (code: string) => t.http().get(`/api/public/certificates/${code}`).expect(200);
  const registry = async (agency: TestAgency) =>
    (await t.http().get('/api/public/registry').query({ agencyId: agency.id }).expect(200)).body.partners as { certificateNumber: string }[];

  it('issues exactly one certificate when the same application is approved ten times at once', async () => {
    const agency = await createAgency(t);
    const app = await awaitingApproval(agency);
    const results = await Promise.all(Array.from({ length: 10 }, () => approve(agency, app)));

    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused.map((r) => r.status)).toEqual(Array(9).fill(409));
    for (const r of refused) expect(r.body.code).toBe('APPLICATION.STALE_VERSION');

    const certificates = (await t.dataSource.query(`SELECT number, seq FROM certificates WHERE application_id = $1`, [app.id])) as { number: string; seq: number }[];
    expect(certificates).toHaveLength(1);
    expect(certificates[0].seq).toBe(1);
    const issued = await t.http().get('/api/audit').query({ action: 'certificate.issued', limit: 100 }).set(bearer(agency.auditor)).expect(200);
    expect(issued.body.items).toHaveLength(1);
    const [{ n: mails }] = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox WHERE template = 'application_approved' AND data->'application'->>'id' = $1`,
      [app.id],
    )) as { n: number }[];
    expect(mails).toBe(1);
    // The losers burned no number: the agency's next certificate is number 2.
    const next = await approve(agency, await awaitingApproval(agency)).expect(200);
    expect(seqOf(next.body.certificate.number)).toBe(2);
  });

  it('gives the number of an approval that fails after numbering back to the next approval', async () => {
    const agency = await createAgency(t);
    const first = await approve(agency, await awaitingApproval(agency)).expect(200);
    expect(seqOf(first.body.certificate.number)).toBe(1);

    // A fault after the number is taken, inside the approving transaction: storing the certificate fails.
    const failing = await awaitingApproval(agency);
    await t.dataSource.query(`
      CREATE FUNCTION test_refuse_certificate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.application_id = '${failing.id}'::uuid THEN RAISE EXCEPTION 'simulated storage fault'; END IF;
        RETURN NEW;
      END $$`);
    await t.dataSource.query(`CREATE TRIGGER test_refuse_certificate BEFORE INSERT ON certificates FOR EACH ROW EXECUTE FUNCTION test_refuse_certificate()`);
    try {
      const failed = await approve(agency, failing).expect(500);
      expect(failed.body).toEqual({ statusCode: 500, code: 'SERVER.ERROR', message: expect.any(String) });
    } finally {
      await t.dataSource.query(`DROP TRIGGER test_refuse_certificate ON certificates`);
      await t.dataSource.query(`DROP FUNCTION test_refuse_certificate()`);
    }

    // Nothing of the failed approval stayed: not the state change, the certificate, the audit event or the mail.
    const detail = await t.http().get(`/api/applications/${failing.id}`).set(bearer(agency.approver)).expect(200);
    expect(detail.body).toMatchObject({ status: 'awaiting_approval', version: failing.version });
    expect(await t.dataSource.query(`SELECT 1 FROM certificates WHERE application_id = $1`, [failing.id])).toEqual([]);
    const issued = await t.http().get('/api/audit').query({ action: 'certificate.issued', limit: 100 }).set(bearer(agency.auditor)).expect(200);
    expect(issued.body.items).toHaveLength(1);
    expect(await t.dataSource.query(`SELECT 1 FROM outbox WHERE template = 'application_approved' AND data->'application'->>'id' = $1`, [failing.id])).toEqual([]);

    // Approved again once the fault is gone, it gets the number the failed attempt had taken: gapless.
    const retried = await approve(agency, failing).expect(200);
    expect(seqOf(retried.body.certificate.number)).toBe(2);
    const third = await approve(agency, await awaitingApproval(agency)).expect(200);
    expect(seqOf(third.body.certificate.number)).toBe(3);
  });

  it('verifies a certificate as valid through its last day in WIB and as expired from the next day', async () => {
    const agency = await createAgency(t);
    const { certificate } = await approveThrough(t, people(agency), (await createDraft(t, owner, (await createCompleteOutlet(t, owner, { reporters: 0 })).id, agency.id)).id);
    const meta = await t.http().get(`/api/certificates/${certificate.id}`).set(bearer(owner)).expect(200);
    const { verificationCode, validUntil } = meta.body as { verificationCode: string; validUntil: string };
    const started = t.clock.now();
    try {
      t.clock.set(`${validUntil}T23:00:00+07:00`);
      expect((await verify(verificationCode)).body).toMatchObject({ status: 'active', valid: true });
      expect((await registry(agency)).map((p) => p.certificateNumber)).toEqual([certificate.number]);

      t.clock.set(`${addDays(validUntil, 1)}T00:00:00+07:00`);
      const expired = await verify(verificationCode);
      expect(expired.body).toMatchObject({ number: certificate.number, status: 'expired', valid: false, validUntil });
      expect(expired.body.statusText.id).toMatch(/KEDALUWARSA/);
      const page = await t.http().get(`/verify/${verificationCode}`).expect(200);
      expect(page.text).toContain('KEDALUWARSA');
      expect(await registry(agency)).toEqual([]);
      const staffView = await t.http().get(`/api/certificates/${certificate.id}`).set(bearer(agency.approver)).expect(200);
      expect(staffView.body.status).toBe('expired');
    } finally {
      t.clock.set(started);
    }
  });

  it('verifies a renewed certificate as superseded, and its renewal as valid', async () => {
    const agency = await createAgency(t);
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    const original = (await approveThrough(t, people(agency), (await createDraft(t, owner, outlet.id, agency.id)).id)).certificate;
    const renewalDraft = await t.http().post('/api/applications').set(bearer(owner)).send({ outletId: outlet.id, agencyId: agency.id, renewalOf: original.id }).expect(201);
    const renewal = (await approveThrough(t, people(agency), renewalDraft.body.id)).certificate;

    const codeOf = async (id: string) => (await t.http().get(`/api/certificates/${id}`).set(bearer(owner)).expect(200)).body.verificationCode as string;
    const old = await verify(await codeOf(original.id));
    expect(old.body).toMatchObject({ number: original.number, status: 'superseded', valid: false });
    expect(old.body.statusText.id).toMatch(/DIGANTIKAN/);
    expect(old.body.statusReason).toContain(renewal.number);
    const current = await verify(await codeOf(renewal.id));
    expect(current.body).toMatchObject({ number: renewal.number, status: 'active', valid: true });
    expect((await registry(agency)).map((p) => p.certificateNumber)).toEqual([renewal.number]);
  });

  it('drops a revoked certificate from the public registry and verifies it as revoked', async () => {
    const agency = await createAgency(t);
    const kept = (await approveThrough(t, people(agency), (await createDraft(t, owner, (await createCompleteOutlet(t, owner, { reporters: 0 })).id, agency.id)).id)).certificate;
    const revoked = (await approveThrough(t, people(agency), (await createDraft(t, owner, (await createCompleteOutlet(t, owner, { reporters: 0 })).id, agency.id)).id)).certificate;
    expect((await registry(agency)).map((p) => p.certificateNumber).sort()).toEqual([kept.number, revoked.number].sort());

    await t.http().post(`/api/certificates/${revoked.id}/revoke`).set(bearer(agency.approver)).send({ reason: 'Izin usaha dicabut oleh instansi berwenang.' }).expect(200);

    expect((await registry(agency)).map((p) => p.certificateNumber)).toEqual([kept.number]);
    const code = (await t.http().get(`/api/certificates/${revoked.id}`).set(bearer(owner)).expect(200)).body.verificationCode as string;
    const check = await verify(code);
    expect(check.body).toMatchObject({ number: revoked.number, status: 'revoked', valid: false, statusReason: 'Izin usaha dicabut oleh instansi berwenang.' });
  });

  it('dates New Year\'s morning in Jakarta in the new year, while it is still 31 December in UTC', async () => {
    const agency = await createAgency(t);
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
    // Forward to the coming 31 December, 17:30 UTC: 00:30 WIB on 1 January.
    const year = Number(wibDate(t.clock.now()).slice(0, 4));
    const started = t.clock.now();
    t.clock.set(`${year}-12-31T17:30:00Z`);
    try {
      const next = year + 1;
      const draft = await createDraft(t, owner, outlet.id, agency.id);
      expect(draft.reference).toMatch(new RegExp(`^${agency.code}-${next}-\\d{5}$`));
      let v = (await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200)).body.version as number;
      v = (await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
      // Today in WIB is 1 January: a visit dated 2 January is in the future, one dated 1 January is not.
      const tomorrow = await act(t, agency.officer2, draft.id, { action: 'pass_field', version: v, fieldVisit: { ...FIELD_VISIT, visitedOn: `${next}-01-02` } }).expect(400);
      expect(tomorrow.body.errors).toHaveProperty(['fieldVisit.visitedOn']);
      v = (await act(t, agency.officer2, draft.id, { action: 'pass_field', version: v, fieldVisit: { ...FIELD_VISIT, visitedOn: `${next}-01-01` } }).expect(200)).body.version;
      const approved = await approve(agency, { id: draft.id, version: v }).expect(200);
      expect(approved.body.certificate.number).toBe(`001/MM/${agency.code}/${next}`);
      const certificate = await t.http().get(`/api/certificates/${approved.body.certificate.id}`).set(bearer(owner)).expect(200);
      expect(certificate.body).toMatchObject({ validFrom: `${next}-01-01`, validUntil: `${next}-12-31`, status: 'active' });
    } finally {
      t.clock.set(started);
    }
  });
});
