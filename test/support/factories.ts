import { randomBytes } from 'node:crypto';
import { AgenciesService } from '../../src/agencies/agencies.service';
import { PasswordHasher } from '../../src/auth/password-hasher';
import { TokenService } from '../../src/auth/token.service';
import type { Role } from '../../src/auth/permissions';
import { inTransaction } from '../../src/database/transaction';
import { UsersService } from '../../src/users/users.service';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'test-password-123';
let passwordHash: Promise<string> | undefined;

const uid = () => randomBytes(4).toString('hex');

export interface Actor {
  id: string;
  email: string;
  token: string;
  role: Role;
}

export interface TestAgency {
  id: string;
  code: string;
  admin: Actor;
  officer: Actor;
  officer2: Actor;
  approver: Actor;
  auditor: Actor;
}

export async function login(t: TestApp, email: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}


/**
 * A token for a factory user: through POST /api/auth/login, or, for large set-ups where each
 * argon2 check costs a quarter second, issued by the app's own TokenService.
 */
async function tokenOf(t: TestApp, u: { id: string; email: string }, issue = false): Promise<string> {
  if (!issue) return login(t, u.email);
  const [{ token_version }] = (await t.dataSource.query(`SELECT token_version FROM users WHERE id = $1`, [u.id])) as { token_version: number }[];
  return t.app.get(TokenService).issue(u.id, token_version).accessToken;
}

/** A fresh agency with one user per staff role, each logged in. */
export async function createAgency(t: TestApp, input: { province?: string; code?: string; issueTokens?: boolean } = {}): Promise<TestAgency> {
  passwordHash ??= t.app.get(PasswordHasher).hash(TEST_PASSWORD);
  const hash = await passwordHash;
  const code = input.code ?? `T-${uid().toUpperCase()}`;
  const made = await inTransaction(t.dataSource, async (m) => {
    const agency = await t.app.get(AgenciesService).create(m, {
      code,
      name: `Diskominfo Uji ${code}`,
      province: input.province ?? 'Jawa Timur',
      city: 'Surabaya',
      email: `humas-${code.toLowerCase()}@factory.test`,
      phone: '031-000000',
      address: 'Jl. Uji No. 1',
    });
    const users: Record<string, { id: string; email: string; role: Role }> = {};
    for (const [key, role] of [
      ['admin', 'admin'],
      ['officer', 'officer'],
      ['officer2', 'officer'],
      ['approver', 'approver'],
      ['auditor', 'auditor'],
    ] as const) {
      const u = await t.app.get(UsersService).insert(m, {
        email: `${key}-${code.toLowerCase()}-${uid()}@factory.test`,
        name: `${key} ${code}`,
        role,
        agencyId: agency.id,
        passwordHash: hash,
        locale: 'id',
        emailConfirmed: true,
      });
      users[key] = u;
    }
    return { agency, users };
  });
  const actors: Record<string, Actor> = {};
  for (const [key, u] of Object.entries(made.users)) {
    actors[key] = { id: u.id, email: u.email, role: u.role, token: await tokenOf(t, u, input.issueTokens) };
  }
  return { id: made.agency.id, code, ...(actors as Omit<TestAgency, 'id' | 'code'>) };
}

/**
 * The token of the newest link of this kind mailed to this address, read from the outbox row the
 * mail is rendered from (the same link the worker sends).
 */
export async function mailedToken(t: TestApp, email: string, template: 'email_confirmation' | 'password_reset' | 'staff_invitation'): Promise<string> {
  const [row] = (await t.dataSource.query(
    `SELECT data->>'link' AS link FROM outbox WHERE recipient_email = $1 AND template = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
    [email.toLowerCase(), template],
  )) as { link: string }[];
  if (!row) throw new Error(`no ${template} mail to ${email}`);
  const token = new URL(row.link).searchParams.get('token');
  if (!token) throw new Error(`${template} link without a token: ${row.link}`);
  return token;
}

/**
 * A staff member invited through the API by the agency's admin, who then chooses TEST_PASSWORD from
 * the mailed link; the account as the admin API answers it.
 */
export async function inviteStaff(
  t: TestApp,
  admin: Actor,
  agencyId: string,
  input: { email: string; name: string; role: 'officer' | 'approver' | 'auditor' | 'admin' },
): Promise<{ id: string; email: string; role: string; agencyId: string }> {
  const res = await t.http().post(`/api/agencies/${agencyId}/users`).set(bearer(admin)).send(input).expect(201);
  const token = await mailedToken(t, input.email, 'staff_invitation');
  await t.http().post('/api/auth/staff-invitation/accept').send({ token, password: TEST_PASSWORD }).expect(204);
  return res.body as { id: string; email: string; role: string; agencyId: string };
}

/**
 * A self-registered applicant, through the API as a real one would: registers, opens the mailed
 * confirmation link (unless `confirmEmail: false`) and logs in (or, with `issueToken`, gets its token
 * from TokenService).
 */
export async function createApplicant(
  t: TestApp,
  locale: 'id' | 'en' = 'id',
  options: { confirmEmail?: boolean; issueToken?: boolean } = {},
): Promise<Actor> {
  const email = `applicant-${uid()}@factory.test`;
  const res = await t.http().post('/api/auth/register').send({ email, password: TEST_PASSWORD, name: `Pemohon ${uid()}`, locale });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  if (options.confirmEmail ?? true) {
    const confirmed = await t.http().post('/api/auth/email/confirm').send({ token: await mailedToken(t, email, 'email_confirmation') });
    if (confirmed.status !== 200) throw new Error(`confirm email: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  }
  return { id: res.body.id, email, role: 'applicant', token: await tokenOf(t, { id: res.body.id as string, email }, options.issueToken) };
}

export const bearer = (a: Actor | string) => ({ Authorization: `Bearer ${typeof a === 'string' ? a : a.token}` });
