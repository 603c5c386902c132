import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { PageClient } from './support/page-client';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { until } from './support/polling';

/**
 * Agencies and their requirement policies are kept in each process's memory for the pages and the
 * pre-check (issue 15), and must never show what was changed: a change shows at once on the
 * process that made it and on another once its change notice arrives. Two app instances share one
 * database, as two processes would.
 */
describe('agencies and policies kept in memory: never stale', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let outletId: string;

  const eligibility = async (t: TestApp) =>
    (await t.http().get(`/api/outlets/${outletId}/eligibility`).query({ agencyId: agency.id }).set(bearer(owner)).expect(200)).body as {
      policyVersion: number;
      results: { ruleId: string }[];
    };
  const publish = (body: Record<string, unknown>) => a.http().put(`/api/agencies/${agency.id}/policy`).set(bearer(agency.admin)).send(body).expect(200);
  const nameIn = async (t: TestApp) => ((await t.http().get('/api/agencies').expect(200)).body as { id: string; name: string }[]).find((x) => x.id === agency.id)?.name;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startTestApp({}, { db });
    b = await startTestApp({}, { db, clock: a.clock.now() });
    agency = await createAgency(a);
    owner = await createApplicant(a);
    outletId = (await createCompleteOutlet(a, owner)).id;
  }, 180_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  it('lists an agency created after the list was read, on both processes', async () => {
    await nameIn(a);
    await nameIn(b);
    const later = await createAgency(a);
    expect(((await a.http().get('/api/agencies').expect(200)).body as { id: string }[]).map((x) => x.id)).toContain(later.id);
    await until('B lists the new agency', async () => ((await b.http().get('/api/agencies')).body as { id: string }[]).some((x) => x.id === later.id));
  });

  it('pre-checks against a newly published version at once, and on the second process once the notice arrives', async () => {
    expect((await eligibility(a)).policyVersion).toBe(1);
    expect((await eligibility(b)).policyVersion).toBe(1);
    await publish({ shippedPack: 'kaltim', note: 'Persyaratan daerah' });
    expect((await eligibility(a)).policyVersion).toBe(2);
    await until('B pre-checks against version 2', async () => (await eligibility(b)).policyVersion === 2);
  });

  it('keeps the version in force until a later one takes effect by the clock', async () => {
    const from = new Date(a.clock.now().getTime() + 3 * 86_400_000);
    await publish({ shippedPack: 'default', note: 'Kembali ke paket nasional', effectiveFrom: from.toISOString() });
    // Published, read twice (the second from memory), and still not in force.
    expect((await eligibility(a)).policyVersion).toBe(2);
    expect((await eligibility(a)).policyVersion).toBe(2);
    a.clock.set(new Date(from.getTime() + 1000));
    expect((await eligibility(a)).policyVersion).toBe(3);
  });

  it('shows a renamed agency on both processes, and an intake switched to rounds on the pre-check page', async () => {
    expect(await nameIn(b)).toBe(await nameIn(a));
    await a.http().patch(`/api/agencies/${agency.id}/settings`).set(bearer(agency.admin)).send({ name: 'Diskominfo Kota Samarinda' }).expect(200);
    expect(await nameIn(a)).toBe('Diskominfo Kota Samarinda');
    await until('B shows the new name', async () => (await nameIn(b)) === 'Diskominfo Kota Samarinda');

    const pages = await PageClient.as(b, owner);
    const check = async () => (await pages.get(`/media/${outletId}/cek?instansi=${encodeURIComponent(agency.code)}`).then((r) => r.text)).replace(/\s+/g, ' ');
    expect(await check()).not.toContain('hanya pada periode pendaftaran');
    await a.http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'rounds' }).expect(200);
    await until('B says the agency takes applications in rounds', async () => (await check()).includes('Diskominfo Kota Samarinda menerima permohonan hanya pada periode pendaftaran'));
  });
});
