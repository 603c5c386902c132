import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { act, createDraft, FIELD_VISIT } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { runCli, startServiceProcess, type ServiceProcess } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('two service processes on one database; audit chain verification', () => {
  let db: TestDatabase;
  let t: TestApp;
  let second: ServiceProcess;
  let agency: TestAgency;
  let owner: Actor;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestApp({}, { db });
    second = await startServiceProcess(db.url, { TEST_CLOCK_START: t.clock.now().toISOString() });
    agency = await createAgency(t);
    owner = await createApplicant(t);
  }, 120_000);
  afterAll(async () => {
    await second?.stop();
    await t.close();
    await db.drop();
  });

  const actOnSecond = (actor: Actor, id: string, body: Record<string, unknown>) =>
    request(second.url).post(`/api/applications/${id}/actions`).set(bearer(actor)).send(body);

  it('applies 50 simultaneous actions split across two processes exactly once', async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);
    const statuses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? act(t, agency.officer, draft.id, { action: 'pass_administrative', version: 2 }) : actOnSecond(agency.officer2, draft.id, { action: 'pass_administrative', version: 2 })).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM application_decisions WHERE application_id = $1 AND action = 'pass_administrative'`, [draft.id]);
    expect(n).toBe(1);
  });

  it('numbers concurrent approvals from two processes gaplessly', async () => {
    const numbering = await createAgency(t);
    const ready: { id: string; version: number }[] = [];
    for (let i = 0; i < 10; i++) {
      const outlet = await createCompleteOutlet(t, owner, { reporters: 0 });
      const d = await createDraft(t, owner, outlet.id, numbering.id);
      let v = (await act(t, owner, d.id, { action: 'submit', version: 1 }).expect(200)).body.version;
      v = (await act(t, numbering.officer, d.id, { action: 'pass_administrative', version: v }).expect(200)).body.version;
      v = (await act(t, numbering.officer2, d.id, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
      ready.push({ id: d.id, version: v });
    }
    const results = await Promise.all(
      ready.map((a, i) => (i % 2 ? act(t, numbering.approver, a.id, { action: 'approve', version: a.version }) : actOnSecond(numbering.approver, a.id, { action: 'approve', version: a.version }))),
    );
    expect(results.map((r) => r.status)).toEqual(ready.map(() => 200));
    const seqs = await t.dataSource.query(`SELECT seq FROM certificates WHERE agency_id = $1 ORDER BY seq`, [numbering.id]);
    expect(seqs.map((s: { seq: number }) => s.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  }, 120_000);

  it('finds a changed audit row, through the API and the CLI, and names the first broken event', async () => {
    const outlet = await createCompleteOutlet(t, owner);
    const draft = await createDraft(t, owner, outlet.id, agency.id);
    await act(t, owner, draft.id, { action: 'submit', version: 1 }).expect(200);
    await act(t, agency.officer, draft.id, { action: 'pass_administrative', version: 2 }).expect(200);
    const ok = await t.http().get('/api/audit/verify').set(bearer(agency.auditor)).expect(200);
    expect(ok.body).toMatchObject({ ok: true, firstBroken: null });
    expect(ok.body.events).toBeGreaterThanOrEqual(4);
    const cleanCli = await runCli(db.url, ['audit:verify']);
    expect(cleanCli.code).toBe(0);

    const [victim] = await t.dataSource.query(
      `SELECT id FROM audit_events WHERE agency_id = $1 AND action = 'application.pass_administrative' ORDER BY id LIMIT 1`,
      [agency.id],
    );
    // Only a superuser who disables the append-only trigger can do this; the chain still tells.
    await t.dataSource.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
    await t.dataSource.query(`UPDATE audit_events SET summary = 'nothing happened here' WHERE id = $1`, [victim.id]);
    await t.dataSource.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);

    const broken = await t.http().get('/api/audit/verify').set(bearer(agency.auditor)).expect(200);
    expect(broken.body).toMatchObject({ ok: false, firstBroken: { id: String(victim.id), problem: 'hash_mismatch' } });
    const cli = await runCli(db.url, ['audit:verify']);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain(`BROKEN  agency:${agency.id}  first broken event: id ${victim.id}`);
  }, 60_000);

  it('finds a deleted audit row as a break in the sequence', async () => {
    const other = await createAgency(t);
    await t.http().patch(`/api/agencies/${other.id}/settings`).set(bearer(other.admin)).send({ phone: '0341-111' }).expect(200);
    await t.http().patch(`/api/agencies/${other.id}/settings`).set(bearer(other.admin)).send({ phone: '0341-222' }).expect(200);
    const rows = await t.dataSource.query(`SELECT id, seq FROM audit_events WHERE agency_id = $1 ORDER BY seq`, [other.id]);
    await t.dataSource.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
    await t.dataSource.query(`DELETE FROM audit_events WHERE id = $1`, [rows[1].id]);
    await t.dataSource.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
    const res = await t.http().get('/api/audit/verify').set(bearer(other.auditor)).expect(200);
    expect(res.body).toMatchObject({ ok: false, firstBroken: { seq: rows[2].seq, problem: 'gap_or_reorder' } });
  });

  it('creates an agency with its first admin from the operator CLI', async () => {
    const code = `CLI-${Date.now().toString(36).toUpperCase()}`;
    const email = `admin-${code.toLowerCase()}@cli.test`;
    const res = await runCli(db.url, ['agency:create', '--code', code, '--name', 'Diskominfo Kota Malang', '--province', 'Jawa Timur', '--admin-email', email, '--admin-name', 'Admin Malang', '--admin-password', 'a-long-password']);
    expect(res.code).toBe(0);
    expect(res.output).toContain(`Agency ${code} created`);
    const login = await t.http().post('/api/auth/login').send({ email, password: 'a-long-password' }).expect(200);
    const me = await t.http().get('/api/me').set(bearer(login.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ role: 'admin', agency: { code } });
    const policy = await t.http().get(`/api/agencies/${me.body.agencyId}/policy`).expect(200);
    expect(policy.body.current.version).toBe(1);
    const dup = await runCli(db.url, ['agency:create', '--code', code, '--name', 'x', '--province', 'y', '--admin-email', `x${email}`, '--admin-name', 'x', '--admin-password', 'a-long-password']);
    expect(dup.code).toBe(1);
    expect(dup.output).toContain('AGENCY.CODE_TAKEN');
    const missing = await runCli(db.url, ['agency:create', '--code', 'X']);
    expect(missing.code).toBe(2);
    expect(missing.output).toContain('--name');
  }, 60_000);

  it('stops cleanly on SIGTERM', async () => {
    const code = await second.stop('SIGTERM');
    expect(code).toBe(0);
  });
});
