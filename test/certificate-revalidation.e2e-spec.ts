import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
// The app first: agencies and policies import each other, and only the app's order resolves that.
import { startTestApp, type TestApp } from './support/test-app';
import { CertificateRevalidationJob } from '../src/certificates/certificate-revalidation.job';
import { addDays, wibDate } from '../src/common/wib-calendar';
import { addYears } from '../src/requirements/iso-date';
import { approveThrough, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';

const DAY_MS = 86_400_000;

/**
 * The daily re-validation: facts that lapse after approval flag a certificate "review needed"
 * (it stays valid, the public sees no change), once, whichever and however many processes run
 * the job; an officer keeps it or asks the approver to suspend it.
 */
describe('certificate re-validation', () => {
  let t: TestApp;
  let owner: Actor;

  beforeAll(async () => {
    // 10:00 WIB, well inside a day, so moving by whole days never crosses midnight by accident.
    t = await startTestApp({}, { clock: '2026-06-15T03:00:00Z' });
    owner = await createApplicant(t);
  });
  afterAll(() => t.close());

  const job = (app: TestApp = t) => app.app.get(CertificateRevalidationJob);
  const today = () => wibDate(t.clock.now());

  async function certified(agency: TestAgency, overrides: Record<string, unknown> = {}) {
    const outlet = await createCompleteOutlet(t, owner, { reporters: 0, overrides });
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const { certificate } = await approveThrough(t, { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver }, draft.id);
    const [{ verification_code: code }] = (await t.dataSource.query(`SELECT verification_code FROM certificates WHERE id = $1`, [certificate.id])) as {
      verification_code: string;
    }[];
    return { outletId: outlet.id, certificateId: certificate.id, number: certificate.number, code };
  }

  const certificateAs = (actor: Actor, id: string) => t.http().get(`/api/certificates/${id}`).set(bearer(actor)).expect(200);
  const reviewNeeded = async (actor: Actor, query: Record<string, string> = { reviewNeeded: 'true' }) =>
    ((await t.http().get('/api/certificates').query(query).set(bearer(actor)).expect(200)).body.items as { id: string; reviewNeeded: unknown }[]).map((c) => c.id);
  const reviews = (certificateId: string) =>
    t.dataSource.query(`SELECT status, flagged_by_run, reasons FROM certificate_reviews WHERE certificate_id = $1 ORDER BY flagged_at`, [certificateId]) as Promise<
      { status: string; flagged_by_run: string; reasons: { code: string; ruleId?: string }[] }[]
    >;
  const mails = (template: string, number: string) =>
    t.dataSource.query(`SELECT recipient_email FROM outbox WHERE template = $1 AND data->'certificate'->>'number' = $2 ORDER BY recipient_email`, [
      template,
      number,
    ]) as Promise<{ recipient_email: string }[]>;
  const audits = (action: string, certificateId: string) =>
    t.dataSource.query(`SELECT actor_id FROM audit_events WHERE action = $1 AND entity_id = $2`, [action, certificateId]) as Promise<unknown[]>;
  const publicAnswer = async (code: string) => {
    const res = await t.http().get(`/api/public/certificates/${code}`).expect(200);
    const { scanCount: _scans, ...answer } = res.body as Record<string, unknown>;
    return answer;
  };

  it('flags a certificate the day after its factual verification passes its fifth anniversary, not before', async () => {
    const agency = await createAgency(t);
    // Verified so that the fifth anniversary falls 10 days from now.
    const verifiedOn = addDays(addYears(today(), -5), 10);
    const cert = await certified(agency, { pressCouncil: { status: 'factual', certificateNumber: '77/DP-Verifikasi-K/2021', verifiedOn } });

    await job().run();
    t.clock.advance(10 * DAY_MS);
    expect(today()).toBe(addYears(verifiedOn, 5));
    await job().run();
    expect(await reviews(cert.certificateId)).toEqual([]);

    t.clock.advance(DAY_MS);
    await job().run();
    const [review] = await reviews(cert.certificateId);
    expect(review).toMatchObject({ status: 'open', flagged_by_run: `revalidation:${today()}` });
    expect(review.reasons).toEqual([expect.objectContaining({ code: 'rule_failed', ruleId: 'press-council-verification' })]);

    const view = await certificateAs(agency.officer, cert.certificateId);
    expect(view.body.status).toBe('active');
    expect(view.body.reviewNeeded.reasons[0].message.en).toContain('has lapsed');
    expect(await reviewNeeded(agency.officer)).toEqual([cert.certificateId]);
    expect((await mails('certificate_review_needed', cert.number)).map((m) => m.recipient_email)).toEqual([owner.email]);
    expect((await mails('certificate_review_needed_staff', cert.number)).map((m) => m.recipient_email).sort()).toEqual(
      [agency.officer.email, agency.officer2.email].sort(),
    );
    // The officers' link opens the certificate's page in the portal.
    const [{ url }] = (await t.dataSource.query(
      `SELECT data->>'reviewUrl' AS url FROM outbox WHERE template = 'certificate_review_needed_staff' AND data->'certificate'->>'number' = $1 LIMIT 1`,
      [cert.number],
    )) as { url: string }[];
    expect(url).toBe(`http://mitra.test/sertifikat/${cert.certificateId}`);
  });

  it("flags once and notifies once when the chief editor's competency is revoked, however often and from however many processes the job runs", async () => {
    const agency = await createAgency(t);
    const cert = await certified(agency);
    const before = await publicAnswer(cert.code);
    const [chief] = (await t.http().get(`/api/outlets/${cert.outletId}/journalists`).set(bearer(owner)).expect(200)).body as { id: string; competency: object }[];
    await t
      .http()
      .patch(`/api/outlets/${cert.outletId}/journalists/${chief.id}`)
      .set(bearer(owner))
      .send({ competency: { ...chief.competency, revoked: true } })
      .expect(200);

    const second = await startTestApp({}, { db: t.db, clock: t.clock.now() });
    try {
      await Promise.all([job().run(), job(second).run(), job().run(), job(second).run()]);
      t.clock.advance(DAY_MS);
      second.clock.set(t.clock.now());
      await Promise.all([job().run(), job(second).run()]);
    } finally {
      await second.close();
    }

    const found = await reviews(cert.certificateId);
    expect(found).toHaveLength(1);
    expect(found[0].reasons.map((r) => r.ruleId ?? r.code).sort()).toEqual(['chief-editor-competency', 'outlet_changed']);
    expect(await audits('certificate.review_needed', cert.certificateId)).toHaveLength(1);
    expect(await mails('certificate_review_needed', cert.number)).toHaveLength(1);
    expect(await mails('certificate_review_needed_staff', cert.number)).toHaveLength(2);
    // The public sees the same valid certificate while an officer reviews it.
    expect(await publicAnswer(cert.code)).toEqual(before);
    expect(before.status).toBe('active');
  });

  it('lets an officer keep a flagged certificate with a reason: the flag clears, is audited, and the same findings are not raised again', async () => {
    const agency = await createAgency(t);
    const cert = await certified(agency);
    await t.http().patch(`/api/outlets/${cert.outletId}`).set(bearer(owner)).send({ website: 'https://lensajatim-baru.example' }).expect(200);
    await job().run();
    expect(await reviewNeeded(agency.officer)).toEqual([cert.certificateId]);

    const review = (body: Record<string, unknown>, actor: Actor = agency.officer) =>
      t.http().post(`/api/certificates/${cert.certificateId}/review`).set(bearer(actor)).send(body);
    expect((await review({ decision: 'keep' })).body).toMatchObject({ statusCode: 400, code: 'REQUEST.VALIDATION' });
    expect((await review({ decision: 'ignore', reason: 'Tidak relevan' })).status).toBe(400);
    expect((await review({ decision: 'keep', reason: 'Alamat situs baru sudah diperiksa.' }, agency.approver)).status).toBe(403);
    expect((await review({ decision: 'keep', reason: 'Alamat situs baru sudah diperiksa.' }, owner)).status).toBe(403);

    const kept = await review({ decision: 'keep', reason: 'Alamat situs baru sudah diperiksa dan sah.' }).expect(200);
    expect(kept.body).toMatchObject({ status: 'kept', decisionReason: 'Alamat situs baru sudah diperiksa dan sah.', decidedBy: agency.officer.id });
    expect((await certificateAs(agency.officer, cert.certificateId)).body.reviewNeeded).toBeNull();
    expect(await reviewNeeded(agency.officer)).toEqual([]);
    expect(await audits('certificate.review_kept', cert.certificateId)).toEqual([{ actor_id: agency.officer.id }]);
    const again = await review({ decision: 'keep', reason: 'Sekali lagi, untuk memastikan.' }).expect(409);
    expect(again.body.code).toBe('CERTIFICATE.REVIEW_NOT_OPEN');

    t.clock.advance(DAY_MS);
    await job().run();
    expect((await reviews(cert.certificateId)).map((r) => r.status)).toEqual(['kept']);

    // A new edit is a new finding.
    await t.http().patch(`/api/outlets/${cert.outletId}`).set(bearer(owner)).send({ website: 'https://lensajatim-lagi.example' }).expect(200);
    await job().run();
    expect((await reviews(cert.certificateId)).map((r) => r.status)).toEqual(['kept', 'open']);
  });

  it('lets an officer ask the approver to suspend; the certificate stays valid until the approver suspends it', async () => {
    const agency = await createAgency(t);
    const cert = await certified(agency);
    const [chief] = (await t.http().get(`/api/outlets/${cert.outletId}/journalists`).set(bearer(owner)).expect(200)).body as { id: string; competency: object }[];
    await t.http().patch(`/api/outlets/${cert.outletId}/journalists/${chief.id}`).set(bearer(owner)).send({ competency: { ...chief.competency, revoked: true } }).expect(200);
    await job().run();
    const before = await publicAnswer(cert.code);

    const requested = await t
      .http()
      .post(`/api/certificates/${cert.certificateId}/review`)
      .set(bearer(agency.officer))
      .send({ decision: 'request_suspension', reason: 'Sertifikat UKW pemimpin redaksi dicabut Dewan Pers.' })
      .expect(200);
    expect(requested.body.status).toBe('suspension_requested');
    expect(await audits('certificate.suspension_requested', cert.certificateId)).toEqual([{ actor_id: agency.officer.id }]);
    expect((await mails('certificate_suspension_requested', cert.number)).map((m) => m.recipient_email)).toEqual([agency.approver.email]);
    expect(await reviewNeeded(agency.approver, { suspensionRequested: 'true' })).toEqual([cert.certificateId]);
    const seen = await certificateAs(agency.approver, cert.certificateId);
    expect(seen.body).toMatchObject({
      status: 'active',
      reviewNeeded: { status: 'suspension_requested', suspensionRequestedBy: agency.officer.id, suspensionRequestReason: 'Sertifikat UKW pemimpin redaksi dicabut Dewan Pers.' },
    });
    expect(await publicAnswer(cert.code)).toEqual(before);

    await t
      .http()
      .post(`/api/certificates/${cert.certificateId}/suspend`)
      .set(bearer(agency.approver))
      .send({ reason: 'Sertifikat UKW pemimpin redaksi dicabut Dewan Pers.' })
      .expect(200);
    expect((await reviews(cert.certificateId)).map((r) => r.status)).toEqual(['closed']);
    expect(await reviewNeeded(agency.approver)).toEqual([]);
    expect((await publicAnswer(cert.code)).status).toBe('suspended');
    // A suspended certificate is not re-validated (and not flagged again).
    t.clock.advance(DAY_MS);
    await job().run();
    expect(await reviews(cert.certificateId)).toHaveLength(1);
  });
});
