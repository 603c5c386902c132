import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OutboxWorker } from '../src/notifications/outbox.worker';
import { startSmtpTestServer, type ParsedMessage, type SmtpTestServer } from '../src/notifications/testing/smtp-test-server';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { completeOutletPayload } from './support/outlets';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Co-ownership by invitation (issue 10, fault 5): an owner invites an address, the answer is the
 * same for every address, and only the account logged in with that address can accept.
 */
describe('co-owner invitations', () => {
  let smtp: SmtpTestServer;
  let t: TestApp;
  let owner: Actor;
  let agency: TestAgency;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url });
    owner = await createApplicant(t);
    agency = await createAgency(t);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const newOutlet = async (): Promise<string> =>
    (await t.http().post('/api/outlets').set(bearer(owner)).send(completeOutletPayload({ brandName: 'Lensa Undangan' })).expect(201)).body
      .id as string;
  const invite = (outletId: string, email: string, by: Actor = owner) =>
    t.http().post(`/api/outlets/${outletId}/invitations`).set(bearer(by)).send({ email });
  const mine = async (who: Actor) => (await t.http().get('/api/me/invitations').set(bearer(who)).expect(200)).body as { id: string; outlet: { id: string } }[];
  const accept = (who: Actor, id: string) => t.http().post(`/api/me/invitations/${id}/accept`).set(bearer(who));
  const decline = (who: Actor, id: string) => t.http().post(`/api/me/invitations/${id}/decline`).set(bearer(who));
  const auditActions = async (outletId: string) =>
    ((await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq`, [outletId])) as { action: string }[]).map(
      (r) => r.action,
    );

  /** The mail the app's own worker delivered to this address through the SMTP server (not the registration's confirmation link). */
  async function mailTo(address: string): Promise<ParsedMessage[]> {
    await t.app.get(OutboxWorker).drain();
    return smtp.messages.filter((m) => m.envelope.to.includes(address) && !m.text.includes('/confirm-email?token='));
  }

  it('answers an existing and an unknown address the same, mails both, and grants nothing yet', async () => {
    const outletId = await newOutlet();
    const invitee = await createApplicant(t);
    const unknown = `nobody-${randomBytes(4).toString('hex')}@factory.test`;

    const known = await invite(outletId, `  ${invitee.email.toUpperCase()} `);
    const stranger = await invite(outletId, unknown);
    expect(known.status).toBe(201);
    expect(stranger.status).toBe(201);
    // Same shape, and the same values apart from the row's own id, address and instants.
    const comparable = (b: Record<string, unknown>) => ({ ...b, id: typeof b.id, email: typeof b.email, createdAt: typeof b.createdAt, expiresAt: typeof b.expiresAt });
    expect(comparable(known.body)).toEqual(comparable(stranger.body));
    expect(known.body).toMatchObject({ outletId, email: invitee.email.toLowerCase(), status: 'pending', invitedBy: { id: owner.id } });
    expect(Date.parse(known.body.expiresAt) - Date.parse(known.body.createdAt)).toBe(14 * 86_400_000);

    const [toInvitee] = await mailTo(invitee.email);
    const [toUnknown] = await mailTo(unknown);
    expect(toInvitee.subject).toBe('Undangan menjadi pemilik bersama Lensa Undangan di Mitra Media');
    expect(toUnknown.subject).toBe(toInvitee.subject);
    expect(toUnknown.text).toContain(`masuk ke Mitra Media dengan alamat email ${unknown}, atau daftar sebagai perwakilan media`);

    // Not a co-owner until accepted.
    await t.http().get(`/api/outlets/${outletId}`).set(bearer(invitee)).expect(404);
    const outlet = await t.http().get(`/api/outlets/${outletId}`).set(bearer(owner)).expect(200);
    expect(outlet.body.owners.map((o: { id: string }) => o.id)).toEqual([owner.id]);
    const pending = await t.http().get(`/api/outlets/${outletId}/invitations`).set(bearer(owner)).expect(200);
    expect(pending.body.map((i: { email: string }) => i.email).sort()).toEqual([invitee.email.toLowerCase(), unknown].sort());
    expect(await auditActions(outletId)).toEqual(['outlet.created', 'outlet.owner_invited', 'outlet.owner_invited']);
  });

  it('lets the invitee accept after logging in: co-owner from then on, audited', async () => {
    const outletId = await newOutlet();
    const invitee = await createApplicant(t);
    const { body: sent } = await invite(outletId, invitee.email).expect(201);

    const listed = await mine(invitee);
    expect(listed).toEqual([
      { id: sent.id, outlet: { id: outletId, brandName: 'Lensa Undangan', legalName: 'PT Lensa Jatim Media' }, invitedBy: { name: expect.any(String) }, createdAt: sent.createdAt, expiresAt: sent.expiresAt },
    ]);
    const accepted = await accept(invitee, sent.id).expect(200);
    expect(accepted.body).toMatchObject({ id: outletId, owned: true });
    expect(accepted.body.owners.map((o: { id: string }) => o.id).sort()).toEqual([owner.id, invitee.id].sort());

    await t.http().get(`/api/outlets/${outletId}`).set(bearer(invitee)).expect(200);
    await t.http().patch(`/api/outlets/${outletId}`).set(bearer(invitee)).send({ brandName: 'Lensa Bersama' }).expect(200);
    expect(await mine(invitee)).toEqual([]);
    expect((await t.http().get(`/api/outlets/${outletId}/invitations`).set(bearer(owner)).expect(200)).body).toEqual([]);
    expect(await auditActions(outletId)).toEqual(['outlet.created', 'outlet.owner_invited', 'outlet.invitation_accepted', 'outlet.updated']);
    // Accepting twice is refused, and changes nothing.
    expect((await accept(invitee, sent.id).expect(409)).body.code).toBe('INVITATION.NOT_PENDING');
  });

  it('cannot be accepted, declined or seen by another account', async () => {
    const outletId = await newOutlet();
    const invitee = await createApplicant(t);
    const other = await createApplicant(t);
    const { body: sent } = await invite(outletId, invitee.email).expect(201);

    expect(await mine(other)).toEqual([]);
    expect((await accept(other, sent.id).expect(404)).body.code).toBe('INVITATION.NOT_FOUND');
    await decline(other, sent.id).expect(404);
    // Nor by the owner who sent it.
    await accept(owner, sent.id).expect(404);
    await t.http().get(`/api/outlets/${outletId}`).set(bearer(other)).expect(404);
    expect((await mine(invitee)).map((i) => i.id)).toEqual([sent.id]);
  });

  it('declined: no access, and it cannot be accepted afterwards', async () => {
    const outletId = await newOutlet();
    const invitee = await createApplicant(t);
    const { body: sent } = await invite(outletId, invitee.email).expect(201);

    await decline(invitee, sent.id).expect(204);
    expect(await mine(invitee)).toEqual([]);
    expect((await accept(invitee, sent.id).expect(409)).body).toMatchObject({ code: 'INVITATION.NOT_PENDING', errors: { status: 'declined' } });
    await t.http().get(`/api/outlets/${outletId}`).set(bearer(invitee)).expect(404);
    expect(await auditActions(outletId)).toEqual(['outlet.created', 'outlet.owner_invited', 'outlet.invitation_declined']);
    // The owner may invite the address again.
    await invite(outletId, invitee.email).expect(201);
  });

  it('revoked by an owner: gone from the invitee, cannot be accepted; strangers cannot revoke', async () => {
    const outletId = await newOutlet();
    const invitee = await createApplicant(t);
    const stranger = await createApplicant(t);
    const { body: sent } = await invite(outletId, invitee.email).expect(201);

    await t.http().delete(`/api/outlets/${outletId}/invitations/${sent.id}`).set(bearer(stranger)).expect(404);
    await t.http().delete(`/api/outlets/${outletId}/invitations/${sent.id}`).set(bearer(agency.officer)).expect(403);
    await t.http().delete(`/api/outlets/${outletId}/invitations/${sent.id}`).set(bearer(owner)).expect(204);
    expect(await mine(invitee)).toEqual([]);
    expect((await accept(invitee, sent.id).expect(409)).body.errors).toEqual({ status: 'revoked' });
    await t.http().get(`/api/outlets/${outletId}`).set(bearer(invitee)).expect(404);
    await t.http().delete(`/api/outlets/${outletId}/invitations/${sent.id}`).set(bearer(owner)).expect(409);
    expect(await auditActions(outletId)).toEqual(['outlet.created', 'outlet.owner_invited', 'outlet.invitation_revoked']);
  });

  it('expired: not listed, cannot be accepted, and does not block a new invitation', async () => {
    const outletId = await newOutlet();
    const invitee = await createApplicant(t);
    const { body: sent } = await invite(outletId, invitee.email).expect(201);
    // Sent fifteen days ago, so its fourteen days are over.
    await t.dataSource.query(
      `UPDATE outlet_invitations SET created_at = created_at - interval '15 days', expires_at = expires_at - interval '15 days' WHERE id = $1`,
      [sent.id],
    );

    expect(await mine(invitee)).toEqual([]);
    expect((await accept(invitee, sent.id).expect(409)).body.code).toBe('INVITATION.EXPIRED');
    await t.http().get(`/api/outlets/${outletId}`).set(bearer(invitee)).expect(404);
    expect((await t.http().get(`/api/outlets/${outletId}/invitations`).set(bearer(owner)).expect(200)).body).toEqual([]);

    const again = await invite(outletId, invitee.email).expect(201);
    const [old] = (await t.dataSource.query(`SELECT status FROM outlet_invitations WHERE id = $1`, [sent.id])) as { status: string }[];
    expect(old.status).toBe('expired');
    await accept(invitee, again.body.id).expect(200);
  });

  it("a staff member's address: the same answer to the owner; staff accounts may not take it up", async () => {
    const outletId = await newOutlet();
    const res = await invite(outletId, agency.officer.email).expect(201);
    expect(res.body.status).toBe('pending');
    expect((await t.http().get('/api/me/invitations').set(bearer(agency.officer)).expect(403)).body.code).toBe('ACCESS.FORBIDDEN');
    expect((await accept(agency.officer, res.body.id).expect(403)).body.code).toBe('ACCESS.FORBIDDEN');
    const outlet = await t.http().get(`/api/outlets/${outletId}`).set(bearer(owner)).expect(200);
    expect(outlet.body.owners.map((o: { id: string }) => o.id)).toEqual([owner.id]);
  });

  it('refuses a malformed address, a non-owner, a repeat and a current owner, writing nothing', async () => {
    const outletId = await newOutlet();
    const stranger = await createApplicant(t);
    const invitee = await createApplicant(t);
    expect((await invite(outletId, 'not-an-address').expect(400)).body.errors.email).toBeTruthy();
    expect((await invite(outletId, invitee.email, stranger).expect(404)).body.code).toBe('OUTLET.NOT_FOUND');
    await invite(outletId, invitee.email, agency.officer).expect(403);
    await invite(outletId, invitee.email).expect(201);
    expect((await invite(outletId, invitee.email.toUpperCase()).expect(409)).body.code).toBe('INVITATION.ALREADY_PENDING');
    expect((await invite(outletId, owner.email).expect(409)).body.code).toBe('INVITATION.ALREADY_OWNER');
    await t.http().get(`/api/outlets/${outletId}/invitations`).set(bearer(stranger)).expect(404);
    const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM outlet_invitations WHERE outlet_id = $1`, [outletId])) as { n: number }[];
    expect(n).toBe(1);
    expect(await auditActions(outletId)).toEqual(['outlet.created', 'outlet.owner_invited']);
  });
});
