import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_AGENCY_SETTINGS } from '../src/agencies/agency.entity';
import { addWorkingDays, wibDate } from '../src/common/wib-calendar';
import { act, approveThrough, createDraft, FIELD_VISIT, announceApplicationsChanged } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

describe('accreditation workflow', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;
  let owner: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    other = await createAgency(t);
    owner = await createApplicant(t);
  });
  afterAll(() => t.close());

  const people = () => ({ owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver });
  const auditOf = async (appId: string) =>
    (await t.http().get('/api/audit').query({ entityType: 'application', entityId: appId, limit: 100 }).set(bearer(agency.auditor)).expect(200)).body.items as {
      action: string;
      actorRole: string;
      summary: string;
    }[];

  it("answers each action with the application exactly as a read right after shows it (the actor's view)", async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const read = async (actor: Actor) => (await t.http().get(`/api/applications/${draft.id}`).set(bearer(actor)).expect(200)).body;
    const steps: [Actor, Record<string, unknown>][] = [
      [owner, { action: 'submit', version: 1 }],
      [agency.officer, { action: 'pass_administrative', version: 2 }],
      [agency.officer2, { action: 'pass_field', version: 3, fieldVisit: FIELD_VISIT }],
      [agency.approver, { action: 'approve', version: 4 }],
    ];
    for (const [actor, body] of steps) {
      const answered = (await act(t, actor, draft.id, body).expect(200)).body;
      expect(answered).toEqual(await read(actor));
    }
    expect((await read(owner)).certificate).toMatchObject({ status: 'active' });
  });

  it('runs the whole path: submit, administrative review, field visit, approval with a certificate', async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const year = wibDate(t.clock.now()).slice(0, 4);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    expect(draft).toMatchObject({ status: 'draft', version: 1, reference: expect.stringMatching(new RegExp(`^${agency.code}-${year}-\\d{5}$`)) });
    // Each stage is due at the end of its last working day (WIB), counted from when it started.
    const { sla } = DEFAULT_AGENCY_SETTINGS;
    const dueAfter = (body: { updatedAt: string }, days: number) => addWorkingDays(new Date(body.updatedAt), days).toISOString();

    const submitted = await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 2, policy: { version: 1 } });
    expect(submitted.body.evaluation.verdict).toBe('needs_review');
    expect(submitted.body.snapshot.journalists[0].nikMasked).toMatch(/^\*{12}\d{4}$/);
    expect(JSON.stringify(submitted.body.snapshot)).not.toContain(outlet.chiefEditorNik);
    expect(submitted.body.dueAt).toBe(dueAfter(submitted.body, sla.administrative));
    expect(submitted.body.submittedAt).toBe(submitted.body.updatedAt);

    // The officer's queue has it, due first; the other agency does not see it at all.
    const queue = await t.http().get('/api/applications').query({ status: 'submitted' }).set(bearer(agency.officer)).expect(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(draft.id);
    await t.http().get(`/api/applications/${draft.id}`).set(bearer(other.officer)).expect(404);
    await act(t, other.officer, draft.id, { action: 'pass_administrative', version: 2 }).expect(404);

    const staffView = await t.http().get(`/api/applications/${draft.id}`).set(bearer(agency.officer)).expect(200);
    expect(staffView.body.allowedActions).toEqual(expect.arrayContaining(['pass_administrative', 'request_revision', 'reject']));

    const reviewed = await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: 2 }).expect(200);
    expect(reviewed.body).toMatchObject({ status: 'field_verification', version: 3, dueAt: dueAfter(reviewed.body, sla.field) });
    const visited = await act(t, agency.officer2, draft.id, { action: 'pass_field', version: 3, fieldVisit: FIELD_VISIT }).expect(200);
    expect(visited.body).toMatchObject({ status: 'awaiting_approval', version: 4, fieldVisit: FIELD_VISIT, dueAt: dueAfter(visited.body, sla.approval) });
    const approved = await act(t, agency.approver, draft.id, { action: 'approve', version: 4 }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', version: 5, dueAt: null, decidedAt: approved.body.updatedAt });
    expect(approved.body.certificate.number).toMatch(new RegExp(`^\\d{3}/MM/${agency.code}/${year}$`));

    // The certificate is the outlet's, valid from the day of approval in WIB, and verifies publicly as valid.
    const certificate = await t.http().get(`/api/certificates/${approved.body.certificate.id}`).set(bearer(owner)).expect(200);
    expect(certificate.body).toMatchObject({ status: 'active', applicationId: draft.id, outletId: outlet.id, validFrom: wibDate(new Date(approved.body.decidedAt)) });
    const verified = await t.http().get(`/api/public/certificates/${certificate.body.verificationCode}`).expect(200);
    expect(verified.body).toMatchObject({ number: approved.body.certificate.number, status: 'active', valid: true });
    const queueAfter = await t.http().get('/api/applications').query({ status: 'submitted' }).set(bearer(agency.officer)).expect(200);
    expect(queueAfter.body.items.map((a: { id: string }) => a.id)).not.toContain(draft.id);
  });

  it('approves end to end and shows the timeline to the auditor', async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const { certificate } = await approveThrough(t, people(), draft.id);
    expect(certificate.number).toMatch(/^\d{3}\/MM\//);
    const detail = await t.http().get(`/api/applications/${draft.id}`).set(bearer(agency.auditor)).expect(200);
    expect(detail.body.status).toBe('approved');
    expect(detail.body.dueAt).toBeNull();
    expect(detail.body.fieldVisit).toEqual(FIELD_VISIT);
    expect(detail.body.timeline.map((e: { action: string; actorRole: string }) => `${e.action}:${e.actorRole}`)).toEqual([
      'submit:applicant',
      'pass_administrative:officer',
      'pass_field:officer',
      'approve:approver',
    ]);
    const audit = await auditOf(draft.id);
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['application.created', 'application.submit', 'application.pass_administrative', 'application.pass_field', 'application.approve']),
    );
    const mails = (await t.dataSource.query(`SELECT template, recipient_email FROM outbox WHERE data->'application'->>'id' = $1 ORDER BY created_at`, [draft.id])) as {
      template: string;
      recipient_email: string;
    }[];
    expect(mails.map((m) => m.template)).toEqual(expect.arrayContaining(['application_submitted', 'application_submitted_staff', 'application_approved']));
    expect(mails.filter((m) => m.template === 'application_approved').map((m) => m.recipient_email)).toEqual([owner.email]);
  });

  it('refuses a submission with blocking failures, listing every failing rule, and changes nothing', async () => {
    const outlet = await createCompleteOutlet(t, owner, { overrides: { legalForm: 'CV', pressCouncil: { status: 'administrative', verifiedOn: '2024-01-10' } } });
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const res = await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(422);
    expect(res.body.code).toBe('APPLICATION.REQUIREMENTS_NOT_MET');
    expect(Object.keys(res.body.errors).sort()).toEqual(['legal-entity', 'press-council-verification']);
    expect(res.body.errors['legal-entity']).toMatchObject({ message: { id: expect.any(String), en: expect.any(String) }, citation: expect.stringContaining('UU 40/1999') });
    const after = await t.http().get(`/api/applications/${draft.id}`).set(bearer(owner)).expect(200);
    expect(after.body).toMatchObject({ status: 'draft', version: 1, snapshot: null, timeline: [] });
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE data->'application'->>'id' = $1`, [draft.id]))[0].n).toBe(0);
    expect((await auditOf(draft.id)).map((e) => e.action)).toContain('application.action_refused');
  });

  it('refuses wrong roles, wrong states, stale versions and self-dealing, leaving only an audit event', async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);

    const wrongRole = await act(t, agency.approver, draft.id, { action: 'pass_administrative', version: 2 }).expect(403);
    expect(wrongRole.body.code).toBe('APPLICATION.ROLE_NOT_ALLOWED');
    const applicantReview = await act(t, owner, draft.id, { action: 'pass_administrative', version: 2 }).expect(403);
    expect(applicantReview.body.code).toBe('APPLICATION.ROLE_NOT_ALLOWED');
    await act(t, agency.auditor, draft.id, { action: 'reject', version: 2, reason: 'Auditors do not decide' }).expect(403);
    const wrongState = await act(t, agency.approver, draft.id, { action: 'approve', version: 2 }).expect(409);
    expect(wrongState.body).toMatchObject({ code: 'APPLICATION.ACTION_NOT_ALLOWED', message: expect.stringContaining('pass_administrative') });
    const stale = await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: 1 }).expect(409);
    expect(stale.body.code).toBe('APPLICATION.STALE_VERSION');
    const noReason = await act(t, agency.officer, draft.id, { action: 'reject', version: 2 }).expect(400);
    expect(noReason.body.code).toBe('APPLICATION.REASON_REQUIRED');

    // Staff who own the outlet may not review it.
    await t.dataSource.query(`INSERT INTO outlet_owners (outlet_id, user_id) VALUES ($1, $2)`, [outlet.id, agency.officer2.id]);
    const owns = await act(t, agency.officer2, draft.id, { action: 'pass_administrative', version: 2 }).expect(403);
    expect(owns.body).toMatchObject({ code: 'APPLICATION.SEPARATION_OF_DUTIES', errors: { duty: 'OWNS_OUTLET' } });
    await t.dataSource.query(`DELETE FROM outlet_owners WHERE outlet_id = $1 AND user_id = $2`, [outlet.id, agency.officer2.id]);

    const unchanged = await t.http().get(`/api/applications/${draft.id}`).set(bearer(agency.officer)).expect(200);
    expect(unchanged.body).toMatchObject({ status: 'submitted', version: 2 });
    expect(unchanged.body.timeline).toHaveLength(1);
    // Six refusals reached the application; the auditor was stopped at the route (no permission to act at all).
    const refusals = (await auditOf(draft.id)).filter((e) => e.action === 'application.action_refused');
    expect(refusals.map((e) => e.summary.replace(/^.*refused: /, '')).sort()).toEqual(
      [
        'APPLICATION.ACTION_NOT_ALLOWED',
        'APPLICATION.REASON_REQUIRED',
        'APPLICATION.ROLE_NOT_ALLOWED',
        'APPLICATION.ROLE_NOT_ALLOWED',
        'APPLICATION.SEPARATION_OF_DUTIES',
        'APPLICATION.STALE_VERSION',
      ],
    );
  });

  it('refuses an approver who reviewed the same application', async () => {
    // An approver who also did the field visit (promoted mid-way) may not approve.
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    let v = (await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200)).body.version;
    v = (await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
    const promoted = agency.officer2;
    v = (await act(t, promoted, draft.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
    await t.http().patch(`/api/agencies/${agency.id}/users/${promoted.id}`).set(bearer(agency.admin)).send({ role: 'approver' }).expect(200);
    const res = await act(t, promoted, draft.id, { action: 'approve', version: v }).expect(403);
    expect(res.body).toMatchObject({ code: 'APPLICATION.SEPARATION_OF_DUTIES', errors: { duty: 'REVIEWED_APPLICATION' } });
    await t.http().patch(`/api/agencies/${agency.id}/users/${promoted.id}`).set(bearer(agency.admin)).send({ role: 'officer' }).expect(200);
    await act(t, agency.approver, draft.id, { action: 'approve', version: v }).expect(200);
  });

  it('takes a revision round trip; the snapshot is refrozen on resubmission and never follows later edits', async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    let v = (await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200)).body.version;
    const revision = await act(t, agency.officer, draft.id, { action: 'request_revision', version: v, reason: 'Foto kantor buram; unggah ulang.' }).expect(200);
    expect(revision.body).toMatchObject({ status: 'revision_requested', dueAt: null });
    v = revision.body.version;

    await t.http().patch(`/api/outlets/${outlet.id}`).set(bearer(owner)).send({ brandName: 'Lensa Jatim Baru' }).expect(200);
    const resubmitted = await act(t, owner, draft.id, { action: 'submit', version: v }).expect(200);
    expect(resubmitted.body.snapshot.outlet.brandName).toBe('Lensa Jatim Baru');
    await t.http().patch(`/api/outlets/${outlet.id}`).set(bearer(owner)).send({ brandName: 'Nama Setelah Submit' }).expect(200);
    const later = await t.http().get(`/api/applications/${draft.id}`).set(bearer(agency.officer)).expect(200);
    expect(later.body.snapshot.outlet.brandName).toBe('Lensa Jatim Baru');
    const resubmitMails = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE template = 'application_resubmitted' AND data->'application'->>'id' = $1`, [draft.id]);
    expect(resubmitMails[0].n).toBe(2);
    const revisionMail = await t.dataSource.query(`SELECT data FROM outbox WHERE template = 'revision_requested' AND data->'application'->>'id' = $1`, [draft.id]);
    expect(revisionMail[0].data.reason).toBe('Foto kantor buram; unggah ulang.');
  });

  it('keeps one open application per outlet per agency, and lets the applicant withdraw', async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    const dup = await t.http().post('/api/applications').set(bearer(owner)).send({ outletId: outlet.id, agencyId: agency.id }).expect(409);
    expect(dup.body.code).toBe('APPLICATION.ALREADY_OPEN');
    await createDraft(t, owner, outlet.id, other.id);
    await act(t, owner, draft.id, { action: 'withdraw', version: 1 }).expect(200);
    await createDraft(t, owner, outlet.id, agency.id);
    const stranger = await createApplicant(t);
    await t.http().post('/api/applications').set(bearer(stranger)).send({ outletId: outlet.id, agencyId: agency.id }).expect(404);
  });

  describe('withdrawal from every open stage', () => {
    const REVISION = { reason: 'Foto kantor buram; unggah ulang.' };
    const PATHS: Record<string, [keyof ReturnType<typeof people>, string, Record<string, unknown>?][]> = {
      draft: [],
      submitted: [['owner', 'submit']],
      revision_requested: [['owner', 'submit'], ['officer', 'request_revision', REVISION]],
      field_verification: [['owner', 'submit'], ['officer', 'pass_administrative']],
      awaiting_approval: [['owner', 'submit'], ['officer', 'pass_administrative'], ['officer2', 'pass_field', { fieldVisit: FIELD_VISIT }]],
    };

    it.each(Object.keys(PATHS))('lets the applicant withdraw from %s, and nothing more happens to it', async (stage) => {
      const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
      const draft = await createDraft(t, owner, outlet.id, agency.id);
      let version = 1;
      for (const [who, action, extra] of PATHS[stage]) {
        version = (await act(t, people()[who], draft.id, { action, version, ...extra }).expect(200)).body.version;
      }
      const before = await t.http().get(`/api/applications/${draft.id}`).set(bearer(owner)).expect(200);
      expect(before.body.status).toBe(stage);
      expect(before.body.allowedActions).toContain('withdraw');
      // Only the applicant withdraws (a draft is not even visible to staff).
      await act(t, agency.officer, draft.id, { action: 'withdraw', version }).expect(stage === 'draft' ? 404 : 403);

      const withdrawn = await act(t, owner, draft.id, { action: 'withdraw', version }).expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: version + 1, dueAt: null, overdue: false, allowedActions: [], decidedAt: withdrawn.body.updatedAt });
      expect(withdrawn.body.certificate ?? null).toBeNull();
      const again = await act(t, owner, draft.id, { action: 'submit', version: version + 1 }).expect(409);
      expect(again.body.code).toBe('APPLICATION.ACTION_NOT_ALLOWED');
      if (stage !== 'draft') {
        const refused = await act(t, agency.officer, draft.id, { action: 'reject', version: version + 1, reason: 'Terlambat.' }).expect(409);
        expect(refused.body.code).toBe('APPLICATION.ACTION_NOT_ALLOWED');
        const queue = await t.http().get('/api/applications').query({ limit: 100 }).set(bearer(agency.officer)).expect(200);
        expect(queue.body.items.find((a: { id: string }) => a.id === draft.id)).toMatchObject({ status: 'withdrawn', dueAt: null });
      }
      // The outlet may apply to this agency again.
      await createDraft(t, owner, outlet.id, agency.id);
    });
  });

  it('keeps the result of the policy version in force at submission when the pack changes', async () => {
    const kaltim = await createAgency(t, { province: 'Kalimantan Timur' });
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, kaltim.id);
    const submitted = await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);
    await t.http().put(`/api/agencies/${kaltim.id}/policy`).set(bearer(kaltim.admin)).send({ shippedPack: 'kaltim' }).expect(200);
    const later = await t.http().get(`/api/applications/${draft.id}`).set(bearer(kaltim.officer)).expect(200);
    expect(later.body.policy.version).toBe(1);
    expect(later.body.evaluation).toEqual(submitted.body.evaluation);
    const now = await t.http().get(`/api/outlets/${outlet.id}/eligibility`).query({ agencyId: kaltim.id }).set(bearer(owner)).expect(200);
    expect(now.body.policyVersion).toBe(2);
    expect(now.body.verdict).toBe('ineligible');
  });

  describe('queue', () => {
    let queueAgency: TestAgency;
    const ids: string[] = [];
    beforeAll(async () => {
      queueAgency = await createAgency(t);
      for (let i = 0; i < 5; i++) {
        const outlet = await createCompleteOutlet(t, owner, { reporters: 1 });
        const d = await createDraft(t, owner, outlet.id, queueAgency.id);
        await act(t, owner, d.id, { action: 'submit', version: 1 }).expect(200);
        ids.push(d.id);
      }
      // Two are overdue: due dates in the past.
      await t.dataSource.query(`UPDATE applications SET due_at = $2 WHERE id = $1`, [ids[3], new Date(t.clock.now().getTime() - 2 * 86_400_000)]);
      await t.dataSource.query(`UPDATE applications SET due_at = $2 WHERE id = $1`, [ids[4], new Date(t.clock.now().getTime() - 86_400_000)]);
      // A tie on the due date (to the microsecond) must still page without repeats or gaps.
      await t.dataSource.query(`UPDATE applications SET due_at = (SELECT due_at FROM applications WHERE id = $1) + interval '1 microsecond' WHERE id = $2`, [ids[0], ids[1]]);
      await t.dataSource.query(`UPDATE applications SET due_at = (SELECT due_at FROM applications WHERE id = $1) WHERE id = $2`, [ids[1], ids[2]]);
      await announceApplicationsChanged(t, ...ids);
    });

    it('pages by due date with a stable cursor and flags overdue', async () => {
      const seen: { id: string; dueAt: string; overdue: boolean }[] = [];
      let cursor: string | undefined;
      do {
        const res = await t.http().get('/api/applications').query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(bearer(queueAgency.officer)).expect(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.map((a) => a.id).sort()).toEqual([...ids].sort());
      expect(seen.slice(0, 2).map((a) => a.id)).toEqual([ids[3], ids[4]]);
      const dues = seen.map((a) => Date.parse(a.dueAt));
      expect([...dues].sort((a, b) => a - b)).toEqual(dues);
      expect(seen.filter((a) => a.overdue).map((a) => a.id)).toEqual([ids[3], ids[4]]);
      const overdue = await t.http().get('/api/applications').query({ overdue: 'true' }).set(bearer(queueAgency.officer)).expect(200);
      expect(overdue.body.items.map((a: { id: string }) => a.id)).toEqual([ids[3], ids[4]]);
      const bad = await t.http().get('/api/applications').query({ cursor: 'garbage' }).set(bearer(queueAgency.officer)).expect(400);
      expect(bad.body.code).toBe('PAGINATION.BAD_CURSOR');
    });

    it('shows applicants only their own applications', async () => {
      const stranger = await createApplicant(t);
      const res = await t.http().get('/api/applications').set(bearer(stranger)).expect(200);
      expect(res.body.items).toEqual([]);
      const mine = await t.http().get('/api/applications').query({ limit: 100 }).set(bearer(owner)).expect(200);
      expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(ids));
    });
  });

  it('applies 50 simultaneous actions on one application exactly once', async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        act(t, i % 2 ? agency.officer : agency.officer2, draft.id, { action: 'pass_administrative', version: 2 }).then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(49);
    const detail = await t.http().get(`/api/applications/${draft.id}`).set(bearer(agency.officer)).expect(200);
    expect(detail.body).toMatchObject({ status: 'field_verification', version: 3 });
    expect(detail.body.timeline.filter((e: { action: string }) => e.action === 'pass_administrative')).toHaveLength(1);
  });
});
