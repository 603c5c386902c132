import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { act, approveThrough, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Staff read an outlet's profile, owners, roster, documents and document contents only while
 * their agency has it in hand (src/outlets/outlet-access.ts): one case per application and
 * certificate state, each checked on every one of those reads and on the staff outlet list.
 */
describe('staff access to an outlet follows its applications and certificates', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    other = await createAgency(t);
  });
  afterAll(() => t.close());

  async function outletWithDocument(owner: Actor): Promise<{ id: string; documentId: string }> {
    const { id } = await createCompleteOutlet(t, owner);
    const docs = await t.http().get(`/api/outlets/${id}/documents`).set(bearer(owner)).expect(200);
    return { id, documentId: docs.body[0].id as string };
  }

  /** The status of every staff read of the outlet, and whether the staff list shows it. */
  async function reads(staff: Actor, agencyId: string, outlet: { id: string; documentId: string }) {
    const list = await t.http().get('/api/outlets').set(bearer(staff)).expect(200);
    return {
      profile: (await t.http().get(`/api/outlets/${outlet.id}`).set(bearer(staff))).status,
      roster: (await t.http().get(`/api/outlets/${outlet.id}/journalists`).set(bearer(staff))).status,
      documents: (await t.http().get(`/api/outlets/${outlet.id}/documents`).set(bearer(staff))).status,
      content: (await t.http().get(`/api/documents/${outlet.documentId}/content`).set(bearer(staff))).status,
      eligibility: (await t.http().get(`/api/outlets/${outlet.id}/eligibility`).query({ agencyId }).set(bearer(staff))).status,
      listed: (list.body as { id: string }[]).some((o) => o.id === outlet.id),
    };
  }

  const allowed = { profile: 200, roster: 200, documents: 200, content: 200, eligibility: 200, listed: true };
  const refused = { profile: 404, roster: 404, documents: 404, content: 404, eligibility: 404, listed: false };
  /** The outlet is closed to the agency, but the files its decision rests on (named in the application's snapshot) are not. */
  const judgedFilesOnly = { ...refused, content: 200 };

  /** Every staff role of the agency answers the same. */
  async function expectStaffReads(a: TestAgency, outlet: { id: string; documentId: string }, expected: typeof allowed | typeof refused | typeof judgedFilesOnly) {
    for (const staff of [a.officer, a.approver, a.auditor, a.admin]) {
      expect({ role: staff.role, ...(await reads(staff, a.id, outlet)) }).toEqual({ role: staff.role, ...expected });
    }
  }

  it('a draft only: 404 for every read, and not listed', async () => {
    const owner = await createApplicant(t);
    const outlet = await outletWithDocument(owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    await expectStaffReads(agency, outlet, refused);
    // Nor the draft itself: not in the queue, not openable, not actionable.
    for (const staff of [agency.officer, agency.approver, agency.auditor, agency.admin]) {
      const queue = await t.http().get('/api/applications').set(bearer(staff)).expect(200);
      expect((queue.body.items as { id: string }[]).some((a) => a.id === draft.id)).toBe(false);
      await t.http().get(`/api/applications/${draft.id}`).set(bearer(staff)).expect(404);
    }
    await act(t, agency.officer, draft.id, { action: 'reject', version: draft.version, reason: 'Tidak lengkap.' }).expect(404);
    await t.http().get(`/api/applications/${draft.id}`).set(bearer(owner)).expect(200);
  });

  it('a submitted application: every read answers, owners included; another agency still gets 404', async () => {
    const owner = await createApplicant(t);
    const outlet = await outletWithDocument(owner);
    const app = await createDraft(t, owner, outlet.id, agency.id);
    await act(t, owner, app.id, { action: 'submit', version: app.version }).expect(200);
    await expectStaffReads(agency, outlet, allowed);
    const profile = await t.http().get(`/api/outlets/${outlet.id}`).set(bearer(agency.officer)).expect(200);
    expect(profile.body.owners.map((o: { email: string }) => o.email)).toEqual([owner.email]);
    await expectStaffReads(other, outlet, refused);
  });

  it('sent back for revision: still readable, the agency reviews the fix', async () => {
    const owner = await createApplicant(t);
    const outlet = await outletWithDocument(owner);
    const app = await createDraft(t, owner, outlet.id, agency.id);
    const v = (await act(t, owner, app.id, { action: 'submit', version: app.version }).expect(200)).body.version as number;
    await act(t, agency.officer, app.id, { action: 'request_revision', version: v, reason: 'Akta pendirian tidak terbaca.' }).expect(200);
    await expectStaffReads(agency, outlet, allowed);
  });

  it('withdrawn after submission: 404 again, although staff had read it', async () => {
    const owner = await createApplicant(t);
    const outlet = await outletWithDocument(owner);
    const app = await createDraft(t, owner, outlet.id, agency.id);
    const v = (await act(t, owner, app.id, { action: 'submit', version: app.version }).expect(200)).body.version as number;
    await t.http().get(`/api/documents/${outlet.documentId}/content`).set(bearer(agency.officer)).expect(200);
    await act(t, owner, app.id, { action: 'withdraw', version: v }).expect(200);
    await expectStaffReads(agency, outlet, refused);
  });

  it('a draft withdrawn before it was ever submitted: staff never see it, not even as withdrawn', async () => {
    const owner = await createApplicant(t);
    const outlet = await outletWithDocument(owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    await act(t, owner, draft.id, { action: 'withdraw', version: draft.version }).expect(200);
    for (const staff of [agency.officer, agency.auditor]) {
      for (const status of [undefined, 'withdrawn']) {
        const queue = await t.http().get('/api/applications').query(status ? { status } : {}).set(bearer(staff)).expect(200);
        expect((queue.body.items as { id: string }[]).some((a) => a.id === draft.id)).toBe(false);
      }
      await t.http().get(`/api/applications/${draft.id}`).set(bearer(staff)).expect(404);
    }
    await expectStaffReads(agency, outlet, refused);
  });

  it('rejected: 404, except the files of the snapshot; the decision stays readable through the application and its snapshot', async () => {
    const owner = await createApplicant(t);
    const outlet = await outletWithDocument(owner);
    const app = await createDraft(t, owner, outlet.id, agency.id);
    const v = (await act(t, owner, app.id, { action: 'submit', version: app.version }).expect(200)).body.version as number;
    await act(t, agency.officer, app.id, { action: 'reject', version: v, reason: 'Kantor tidak ditemukan saat verifikasi.' }).expect(200);
    await expectStaffReads(agency, outlet, judgedFilesOnly);
    await expectStaffReads(other, outlet, refused);
    const decided = await t.http().get(`/api/applications/${app.id}`).set(bearer(agency.auditor)).expect(200);
    expect(decided.body.status).toBe('rejected');
    expect(decided.body.snapshot.documents.map((d: { id: string }) => d.id)).toContain(outlet.documentId);
  });

  describe('after approval, through the certificate', () => {
    async function certified() {
      const owner = await createApplicant(t);
      const outlet = await outletWithDocument(owner);
      const app = await createDraft(t, owner, outlet.id, agency.id);
      const { certificate } = await approveThrough(t, { owner, ...agency }, app.id);
      return { outlet, certificate };
    }
    const reason = { reason: 'Pemberitaan melanggar Kode Etik Jurnalistik.' };

    it('an active certificate: readable by its agency, 404 for another', async () => {
      const { outlet } = await certified();
      await expectStaffReads(agency, outlet, allowed);
      await expectStaffReads(other, outlet, refused);
    });

    it('a suspended certificate: readable, the approver decides between reinstating and revoking', async () => {
      const { outlet, certificate } = await certified();
      await t.http().post(`/api/certificates/${certificate.id}/suspend`).set(bearer(agency.approver)).send(reason).expect(200);
      await expectStaffReads(agency, outlet, allowed);
    });

    it('a revoked certificate: 404, except the files the approval was judged on', async () => {
      const { outlet, certificate } = await certified();
      await t.http().post(`/api/certificates/${certificate.id}/revoke`).set(bearer(agency.approver)).send(reason).expect(200);
      await expectStaffReads(agency, outlet, judgedFilesOnly);
    });

    it('an expired certificate: 404 (except the judged files), whether or not the scheduler has marked it yet', async () => {
      const { outlet, certificate } = await certified();
      // Its validity ended yesterday; the status still says active until the daily job runs.
      await t.dataSource.query(`UPDATE certificates SET valid_from = valid_from - 4000, valid_until = current_date - 1 WHERE id = $1`, [
        certificate.id,
      ]);
      await expectStaffReads(agency, outlet, judgedFilesOnly);
      await t.dataSource.query(`UPDATE certificates SET status = 'expired' WHERE id = $1`, [certificate.id]);
      await expectStaffReads(agency, outlet, judgedFilesOnly);
    });
  });
});
