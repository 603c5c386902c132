import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { STAFF_INVITATION_TTL_MS } from '../src/users/users.service';
import { bearer, createAgency, login, mailedToken, TEST_PASSWORD, type TestAgency } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/** Staff are invited by email and choose their own password from a single-use link (issue 12). */
describe('staff invitations', () => {
  let t: TestApp;
  let agency: TestAgency;
  let other: TestAgency;

  beforeAll(async () => {
    t = await startTestApp();
    agency = await createAgency(t);
    other = await createAgency(t);
  });
  afterAll(() => t.close());

  const unique = (what: string) => `${what}-${Math.random().toString(36).slice(2, 10)}@factory.test`;
  const invite = (body: Record<string, unknown>, as = agency) => t.http().post(`/api/agencies/${as.id}/users`).set(bearer(as.admin)).send(body);
  const accept = (token: string, password = TEST_PASSWORD) => t.http().post('/api/auth/staff-invitation/accept').send({ token, password });
  const outboxRows = (email: string) =>
    t.dataSource.query(`SELECT template, locale, data FROM outbox WHERE recipient_email = $1 ORDER BY created_at, id`, [email]) as Promise<
      { template: string; locale: string; data: { link: string; expiresAt: string; inviter: { name: string }; roleLabel: { id: string } } }[]
    >;

  it('refuses a password in the invitation: no admin chooses a staff password', async () => {
    const res = await invite({ email: unique('pw'), name: 'Petugas', role: 'officer', password: TEST_PASSWORD }).expect(400);
    expect(res.body.code).toBe('REQUEST.VALIDATION');
  });

  it('mails a single-use link; the invitee sets a password, logs in, and the link does not work twice', async () => {
    const email = unique('officer');
    const invitedAt = t.clock.now().getTime();
    const res = await invite({ email, name: 'Petugas Baru', role: 'officer', locale: 'en' }).expect(201);
    expect(res.body).toMatchObject({ email, role: 'officer', agencyId: agency.id, status: 'invited', active: true, emailConfirmed: false });
    expect(res.body).not.toHaveProperty('passwordHash');

    const [mail] = await outboxRows(email);
    expect(mail).toMatchObject({ template: 'staff_invitation', locale: 'en' });
    expect(mail.data.link).toMatch(new RegExp(`^${t.config.PUBLIC_BASE_URL}/atur-sandi\\?token=[\\w-]{40,}$`));
    const ttl = new Date(mail.data.expiresAt).getTime() - invitedAt;
    expect(ttl).toBeGreaterThanOrEqual(STAFF_INVITATION_TTL_MS);
    expect(ttl).toBeLessThan(STAFF_INVITATION_TTL_MS + 60_000);
    expect(mail.data.roleLabel.id).toBe('petugas verifikasi');
    // Only a hash of the token is stored.
    const token = await mailedToken(t, email, 'staff_invitation');
    const stored = await t.dataSource.query(`SELECT count(*)::int AS n FROM account_tokens WHERE token_hash = $1`, [token]);
    expect(stored[0].n).toBe(0);

    // Before choosing a password, the invitee cannot log in with any.
    const before = await t.http().post('/api/auth/login').send({ email, password: TEST_PASSWORD }).expect(401);
    expect(before.body.code).toBe('AUTH.INVALID_CREDENTIALS');

    const short = await accept(token, 'short').expect(400);
    expect(short.body.code).toBe('REQUEST.VALIDATION');
    await accept(token).expect(204);
    const access = await login(t, email);
    const me = await t.http().get('/api/me').set(bearer(access)).expect(200);
    expect(me.body).toMatchObject({ role: 'officer', emailConfirmed: true, agency: { id: agency.id } });

    const again = await accept(token, 'another-password-1').expect(400);
    expect(again.body.code).toBe('AUTH.INVITATION_LINK_INVALID');
    await login(t, email);

    const list = await t.http().get(`/api/agencies/${agency.id}/users`).set(bearer(agency.admin)).expect(200);
    expect(list.body.find((u: { email: string }) => u.email === email)).toMatchObject({ status: 'active' });
    const audit = (await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id`, [res.body.id])) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['user.invited', 'user.invitation_accepted']);
  });

  it('refuses an expired link', async () => {
    const email = unique('late');
    await invite({ email, name: 'Petugas Terlambat', role: 'auditor' }).expect(201);
    const token = await mailedToken(t, email, 'staff_invitation');
    const start = t.clock.now();
    try {
      t.clock.set(new Date(start.getTime() + STAFF_INVITATION_TTL_MS + 1000));
      const res = await accept(token).expect(400);
      expect(res.body.code).toBe('AUTH.INVITATION_LINK_INVALID');
    } finally {
      t.clock.set(start);
    }
  });

  it('re-inviting a pending address mails a new link, takes the new role, and voids the old link', async () => {
    const email = unique('again');
    const first = await invite({ email, name: 'Petugas Dua', role: 'officer' }).expect(201);
    const oldToken = await mailedToken(t, email, 'staff_invitation');
    const second = await invite({ email: email.toUpperCase(), name: 'Petugas Dua', role: 'approver' }).expect(201);
    expect(second.body).toMatchObject({ id: first.body.id, role: 'approver', status: 'invited' });
    const newToken = await mailedToken(t, email, 'staff_invitation');
    expect(newToken).not.toBe(oldToken);
    expect(await outboxRows(email)).toHaveLength(2);

    expect((await accept(oldToken).expect(400)).body.code).toBe('AUTH.INVITATION_LINK_INVALID');
    await accept(newToken).expect(204);
    const me = await t.http().get('/api/me').set(bearer(await login(t, email))).expect(200);
    expect(me.body.role).toBe('approver');

    // Once the password is set, the address is an account: inviting it again is a conflict.
    const taken = await invite({ email, name: 'Petugas Dua', role: 'officer' }).expect(409);
    expect(taken.body.code).toBe('USER.EMAIL_TAKEN');
    const audit = (await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id`, [first.body.id])) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['user.invited', 'user.reinvited', 'user.invitation_accepted']);
  });

  it('refuses an address that has an account, or that another agency invited', async () => {
    expect((await invite({ email: agency.officer.email, name: 'Dup', role: 'officer' }).expect(409)).body.code).toBe('USER.EMAIL_TAKEN');
    const email = unique('elsewhere');
    await invite({ email, name: 'Petugas Lain', role: 'officer' }, other).expect(201);
    expect((await invite({ email, name: 'Petugas Lain', role: 'officer' }).expect(409)).body.code).toBe('USER.EMAIL_TAKEN');
    expect(await outboxRows(email)).toHaveLength(1);
  });

  it('voids the link of an invitee who is deactivated', async () => {
    const email = unique('gone');
    const res = await invite({ email, name: 'Petugas Batal', role: 'officer' }).expect(201);
    const token = await mailedToken(t, email, 'staff_invitation');
    const off = await t.http().patch(`/api/agencies/${agency.id}/users/${res.body.id}`).set(bearer(agency.admin)).send({ active: false }).expect(200);
    expect(off.body.status).toBe('deactivated');
    await t.http().patch(`/api/agencies/${agency.id}/users/${res.body.id}`).set(bearer(agency.admin)).send({ active: true }).expect(200);
    expect((await accept(token).expect(400)).body.code).toBe('AUTH.INVITATION_LINK_INVALID');
  });

  it('refuses the invitation link once a password was set another way (a reset link)', async () => {
    const email = unique('reset');
    await invite({ email, name: 'Petugas Lupa', role: 'officer' }).expect(201);
    const invitation = await mailedToken(t, email, 'staff_invitation');
    await t.http().post('/api/auth/password-reset/request').send({ email }).expect(202);
    await t.http().post('/api/auth/password-reset/confirm').send({ token: await mailedToken(t, email, 'password_reset'), password: TEST_PASSWORD }).expect(204);
    expect((await accept(invitation, 'another-password-1').expect(400)).body.code).toBe('AUTH.INVITATION_LINK_INVALID');
    await login(t, email);
  });

  it('refuses an admin demoting or deactivating themselves, with a code', async () => {
    for (const body of [{ role: 'officer' }, { active: false }]) {
      const res = await t.http().patch(`/api/agencies/${agency.id}/users/${agency.admin.id}`).set(bearer(agency.admin)).send(body).expect(403);
      expect(res.body.code).toBe('USER.SELF_CHANGE');
    }
    const [row] = await t.dataSource.query(`SELECT role, active FROM users WHERE id = $1`, [agency.admin.id]);
    expect(row).toEqual({ role: 'admin', active: true });
  });
});
