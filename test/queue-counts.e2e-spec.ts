import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChangeEvents } from '../src/database/change-events';
import { act, announceApplicationsChanged, createDraft } from './support/applications';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './support/factories';
import { createCompleteOutlet } from './support/outlets';
import { PageClient } from './support/page-client';
import { until } from './support/polling';
import type { TestApp } from './support/test-app';
import { twoAppsOnOneDatabase, type TwoApps } from './support/two-apps';
import { ROUND_2027 } from './support/rounds';

/** The number shown on the queue page for a stage, or for "overdue". */
function countOn(html: string, which: string): number {
  const href = which === 'overdue' ? 'terlambat&#x3D;1' : `tahap&#x3D;${which}`;
  const m = new RegExp(`href="/antrean\\?${href}"[^>]*><span class="count">(\\d+)</span>`).exec(html);
  if (!m) throw new Error(`no count for ${which} on the queue page`);
  return Number(m[1]);
}

/**
 * Each process keeps the queue's counts per agency (issue 15: counting was most of the queue page's
 * database time), so they must never lag behind an action made on any process, nor behind the
 * clock passing a due date.
 */
describe('queue counts kept in each process: never behind an action or the clock', () => {
  let apps: TwoApps;
  let a: TestApp;
  let b: TestApp;
  let agency: TestAgency;
  let owner: Actor;
  let pageA: PageClient;
  let pageB: PageClient;
  const drafts: { id: string; version: number }[] = [];

  const counts = async (page: PageClient) => {
    const html = (await page.get('/antrean')).text;
    return { submitted: countOn(html, 'submitted'), field: countOn(html, 'field_verification'), overdue: countOn(html, 'overdue') };
  };

  beforeAll(async () => {
    apps = await twoAppsOnOneDatabase({});
    ({ a, b } = apps);
    agency = await createAgency(a);
    owner = await createApplicant(a);
    for (let i = 0; i < 2; i++) {
      const outlet = await createCompleteOutlet(a, owner);
      drafts.push(await createDraft(a, owner, outlet.id, agency.id));
    }
    await act(a, owner, drafts[0].id, { action: 'submit', version: 1 }).expect(200);
    pageA = await PageClient.as(a, agency.officer.email);
    pageB = await PageClient.as(b, agency.officer.email);
  }, 120_000);

  afterAll(async () => {
    await apps?.close();
  });

  it('shows on both processes a submission and a stage change made on either, at once on the process that made it', async () => {
    expect(await counts(pageA)).toEqual({ submitted: 1, field: 0, overdue: 0 });
    expect(await counts(pageB)).toEqual({ submitted: 1, field: 0, overdue: 0 });

    await act(a, owner, drafts[1].id, { action: 'submit', version: 1 }).expect(200);
    expect(await counts(pageA)).toEqual({ submitted: 2, field: 0, overdue: 0 });
    await until('B counts the second submission', async () => (await counts(pageB)).submitted === 2);

    const passed = await act(b, agency.officer, drafts[0].id, { action: 'pass_administrative', version: 2 }).expect(200);
    expect(passed.body.status).toBe('field_verification');
    expect(await counts(pageB)).toEqual({ submitted: 1, field: 1, overdue: 0 });
    await until('A counts the stage change made on B', async () => {
      const c = await counts(pageA);
      return c.submitted === 1 && c.field === 1;
    });
  });

  it('counts an application overdue once the clock passes its due date, with no write in between', async () => {
    const soon = new Date(a.clock.now().getTime() + 60_000);
    await a.dataSource.query(`UPDATE applications SET due_at = $2 WHERE id = $1`, [drafts[1].id, soon]);
    const heardOnB = new Promise<void>((resolve) => {
      const off = b.app.get(ChangeEvents).subscribe((e) => {
        if (e.type !== 'application.changed' || e.agencyId !== agency.id) return;
        off();
        resolve();
      });
    });
    await announceApplicationsChanged(a, drafts[1].id);
    await heardOnB;
    expect((await counts(pageA)).overdue).toBe(0);
    expect((await counts(pageB)).overdue).toBe(0);

    for (const t of [a, b]) t.clock.advance(2 * 60_000);
    expect((await counts(pageA)).overdue).toBe(1);
    expect((await counts(pageB)).overdue).toBe(1);
  });

  it('offers on both processes, as a filter, a round created or renamed on either', async () => {
    const round = { ...ROUND_2027, name: 'Periode Antrean 2027' };
    const offered = async (page: PageClient, name: string) => (await page.get('/antrean')).text.includes(`>${name}</option>`);
    expect(await offered(pageB, round.name)).toBe(false);
    const created = await a.http().post(`/api/agencies/${agency.id}/rounds`).set(bearer(agency.admin)).send(round).expect(201);
    expect(await offered(pageA, round.name)).toBe(true);
    await until('B offers the round created on A', () => offered(pageB, round.name));

    const renamed = 'Periode Antrean 2027 (diubah)';
    await b.http().put(`/api/agencies/${agency.id}/rounds/${created.body.id}`).set(bearer(agency.admin)).send({ ...round, name: renamed, version: 1 }).expect(200);
    expect(await offered(pageB, renamed)).toBe(true);
    await until('A offers the round renamed on B', () => offered(pageA, renamed));
  });
});
