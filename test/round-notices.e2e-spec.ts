import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
// The app first: agencies and policies import each other, and only the app's order resolves that.
import { startTestApp, type TestApp } from './support/test-app';
import { RoundOpeningJob } from '../src/rounds/round-opening.job';
import { act, createDraft, FIELD_VISIT } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';

const ROUND = {
  budgetYear: 2027,
  name: 'Periode Desember 2027',
  registrationOpensOn: '2027-12-01',
  registrationClosesOn: '2027-12-05',
  verificationUntil: '2027-12-10',
  provisionalAnnouncementOn: '2027-12-15',
  finalAnnouncementOn: '2027-12-20',
};

/**
 * Outlets that asked to be told get one mail when a round is announced and one when its
 * registration opens, however often and by however many processes the opening job runs; and a
 * round certificate cannot be approved after the round's validity has ended.
 */
describe('round notices and round certificate validity', () => {
  let t: TestApp;
  let agency: TestAgency;
  let roundId: string;
  let idSub: Actor;
  let enSub: Actor;
  let quitter: Actor;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: '2027-11-20T10:00:00+07:00' });
    agency = await createAgency(t);
    idSub = await createApplicant(t);
    enSub = await createApplicant(t, 'en');
    quitter = await createApplicant(t);
    await t.http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'rounds' }).expect(200);
  }, 60_000);
  afterAll(() => t.close());

  const at = (wib: string) => t.clock.set(`${wib}+07:00`);
  const sub = () => `/api/agencies/${agency.id}/round-subscription`;
  const mails = async (template: string) =>
    (await t.dataSource.query(`SELECT recipient_email, locale, data FROM outbox WHERE template = $1 AND agency_id = $2 ORDER BY recipient_email`, [template, agency.id])) as {
      recipient_email: string;
      locale: string;
      data: { round: { name: string; registrationClosesOn: string }; unsubscribeUrl: string; changed?: boolean };
    }[];

  it('an outlet asks to be told and can stop; staff cannot subscribe', async () => {
    expect((await t.http().get(sub()).set(bearer(idSub)).expect(200)).body).toEqual({ subscribed: false, since: null });
    const first = await t.http().put(sub()).set(bearer(idSub)).expect(200);
    expect(first.body).toMatchObject({ subscribed: true, since: expect.stringMatching(/^2027-11-20T03:/) });
    for (const a of [enSub, quitter]) await t.http().put(sub()).set(bearer(a)).expect(200);
    // Asking again keeps the first date.
    expect((await t.http().put(sub()).set(bearer(idSub)).expect(200)).body.since).toBe(first.body.since);
    expect((await t.http().delete(sub()).set(bearer(quitter)).expect(200)).body.subscribed).toBe(false);
    await t.http().delete(sub()).set(bearer(quitter)).expect(200);
    await t.http().put(sub()).set(bearer(agency.officer)).expect(403);
    await t.http().put(`/api/agencies/00000000-0000-4000-8000-000000000000/round-subscription`).set(bearer(idSub)).expect(404);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM round_subscriptions WHERE agency_id = $1`, [agency.id]);
    expect(n).toBe(2);
  });

  it('a round set ahead of its opening is announced to the subscribers, each in their language', async () => {
    const created = await t.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.admin)).send(ROUND).expect(201);
    roundId = created.body.id;
    const announced = await mails('round_announced');
    expect(announced.map((m) => [m.recipient_email, m.locale]).sort()).toEqual([[enSub.email, 'en'], [idSub.email, 'id']].sort());
    expect(announced[0].data.round).toMatchObject({ name: ROUND.name, registrationClosesOn: '2027-12-05' });
    expect(announced[0].data.unsubscribeUrl).toBe(`http://mitra.test/instansi/${agency.code}#pemberitahuan`);
  });

  it('changed dates before the opening are told again, once; a change of name alone is not', async () => {
    const put = (body: Record<string, unknown>) => t.http().put(`/api/agencies/${agency.id}/rounds/${roundId}`).set(bearer(agency.admin)).send(body).expect(200);
    await put({ ...ROUND, registrationClosesOn: '2027-12-06', version: 1 });
    const again = (await mails('round_announced')).filter((m) => m.data.changed);
    expect(again.map((m) => m.recipient_email).sort()).toEqual([enSub.email, idSub.email].sort());
    expect(again[0].data.round.registrationClosesOn).toBe('2027-12-06');
    await put({ ...ROUND, registrationClosesOn: '2027-12-06', name: 'Periode Desember 2027 (TA 2027)', version: 2 });
    await put({ ...ROUND, version: 3 });
    expect(await mails('round_announced')).toHaveLength(6);
  });

  it('tells the opening once: not before 00:00 WIB on the day, then one mail each however many runs', async () => {
    const job = t.app.get(RoundOpeningJob);
    at('2027-11-30T23:59:00');
    expect(await job.run()).toEqual({ opened: 0, mails: 0 });
    at('2027-12-01T00:05:00');
    // Two processes at once, then a later tick: the round is claimed once, each subscriber mailed once.
    const [first, second] = await Promise.all([job.run(), job.run()]);
    expect(first.opened + second.opened).toBe(1);
    expect(await job.run()).toEqual({ opened: 0, mails: 0 });
    const opened = await mails('round_opened');
    expect(opened.map((m) => m.recipient_email).sort()).toEqual([enSub.email, idSub.email].sort());
    const audit = await t.http().get('/api/audit').query({ entityType: 'round', entityId: roundId }).set(bearer(agency.auditor)).expect(200);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'round.registration_opened')).toHaveLength(1);
  });

  it('refuses to approve a round certificate after 31 December of the budget year, naming the dates', async () => {
    const early = await createCompleteOutlet(t, idSub, { reporters: 0 });
    const late = await createCompleteOutlet(t, enSub, { reporters: 0 });
    const ids: Record<string, { id: string; v: number }> = {};
    at('2027-12-02T09:00:00');
    for (const [key, owner, outlet] of [['early', idSub, early], ['late', enSub, late]] as const) {
      const draft = await createDraft(t, owner, outlet.id, agency.id);
      let v = (await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200)).body.version;
      v = (await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
      v = (await act(t, agency.officer2, draft.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
      ids[key] = { id: draft.id, v };
    }
    at('2027-12-31T23:30:00');
    const ok = await act(t, agency.approver, ids.early.id, { action: 'approve', version: ids.early.v }).expect(200);
    const [cert] = await t.dataSource.query(`SELECT valid_from, valid_until FROM certificates WHERE id = $1`, [ok.body.certificate.id]);
    expect(cert).toEqual({ valid_from: '2027-12-31', valid_until: '2027-12-31' });

    at('2028-01-01T00:00:00');
    const refused = await act(t, agency.approver, ids.late.id, { action: 'approve', version: ids.late.v }).expect(422);
    expect(refused.body).toMatchObject({ code: 'ROUND.VALIDITY_ENDED', errors: { validUntil: '2027-12-31', approvedOn: '2028-01-01' } });
    expect(refused.body.message).toContain('sampai 31 Desember 2027; persetujuan pada 1 Januari 2028');
    expect(refused.body.message).toContain('until 31 December 2027; approving on 1 January 2028');
    const app = (await t.http().get(`/api/applications/${ids.late.id}`).set(bearer(enSub)).expect(200)).body;
    expect(app).toMatchObject({ status: 'awaiting_approval', version: ids.late.v, certificate: null });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM certificates WHERE application_id = $1`, [ids.late.id]);
    expect(n).toBe(0);
    // The approver can still reject it.
    await act(t, agency.approver, ids.late.id, { action: 'reject', version: ids.late.v, reason: 'Masa berlaku sertifikat periode 2027 sudah berakhir.' }).expect(200);
  });
});
