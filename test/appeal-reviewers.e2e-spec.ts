import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appealedApplication } from './support/appeals';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Who may decide an appeal: officers and approvers who took no part in the decision appealed
 * against. An agency whose officers all worked on the rejected application still has someone.
 */
describe('appeal reviewers', () => {
  let t: TestApp;
  let agency: TestAgency;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: '2027-01-26T10:00:00+07:00' });
    agency = await createAgency(t);
  });
  afterAll(() => t.close());

  const decide = (actor: Actor, appealId: string, body: Record<string, unknown>) => t.http().post(`/api/appeals/${appealId}/decision`).set(bearer(actor)).send(body);

  it('every officer took part in the rejection: the one who rejected is refused, an approver who took no part upholds it and may still approve', async () => {
    const owner = await createApplicant(t);
    const appeal = await appealedApplication(t, agency, owner, { passAdministrativeBy: agency.officer, rejecter: agency.officer2 });
    const refused = await decide(agency.officer2, appeal.appealId, { outcome: 'upheld', reason: 'Akta perubahan sudah sah.' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'APPLICATION.SEPARATION_OF_DUTIES', errors: { duty: 'DECIDED_APPLICATION' } });

    const upheld = await decide(agency.approver, appeal.appealId, { outcome: 'upheld', reason: 'Akta perubahan sudah disahkan sebelum pendaftaran.' }).expect(200);
    expect(upheld.body).toMatchObject({ status: 'upheld', decisionReason: 'Akta perubahan sudah disahkan sebelum pendaftaran.' });
    const app = await t.http().get(`/api/applications/${appeal.applicationId}`).set(bearer(agency.auditor)).expect(200);
    expect(app.body.status).toBe('awaiting_approval');
    expect(app.body.timeline.at(-1)).toMatchObject({ action: 'uphold_appeal', actorId: agency.approver.id, actorRole: 'approver' });
    const audit = await t.http().get('/api/audit').query({ action: 'appeal.upheld' }).set(bearer(agency.auditor)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ entityId: appeal.applicationId, actorId: agency.approver.id });

    // The agency's one approver upheld it; it is still theirs to approve (officers reviewed it).
    const approved = await t.http().post(`/api/applications/${appeal.applicationId}/actions`).set(bearer(agency.approver)).send({ action: 'approve', version: app.body.version }).expect(200);
    expect(approved.body.certificate).toMatchObject({ status: 'active' });
  });

  it('auditors and admins never decide appeals, another agency does not see them, and an approver may dismiss', async () => {
    // A round a day cannot overlap another of the same agency: a second agency for this one.
    const agency = await createAgency(t);
    const owner = await createApplicant(t);
    const appeal = await appealedApplication(t, agency, owner, { rejecter: agency.officer, brandName: 'Banding' });
    expect((await decide(agency.auditor, appeal.appealId, { outcome: 'dismissed', reason: 'Tidak berdasar sama sekali.' })).status).toBe(403);
    expect((await decide(agency.admin, appeal.appealId, { outcome: 'dismissed', reason: 'Tidak berdasar sama sekali.' })).status).toBe(403);
    const other = await createAgency(t);
    expect((await decide(other.approver, appeal.appealId, { outcome: 'dismissed', reason: 'Tidak berdasar sama sekali.' })).status).toBe(404);
    const dismissed = await decide(agency.approver, appeal.appealId, { outcome: 'dismissed', reason: 'Akta perubahan belum disahkan saat pendaftaran.' }).expect(200);
    expect(dismissed.body.status).toBe('dismissed');
  });
});
