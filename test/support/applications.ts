import { announceChange } from '../../src/database/change-events';
import { bearer, type Actor, type TestAgency } from './factories';
import { createCompleteOutlet } from './outlets';
import type { TestApp } from './test-app';

export async function createDraft(t: TestApp, owner: Actor, outletId: string, agencyId: string) {
  const res = await t.http().post('/api/applications').set(bearer(owner)).send({ outletId, agencyId });
  if (res.status !== 201) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number; status: string; reference: string };
}

export function act(t: TestApp, actor: Actor, id: string, body: Record<string, unknown>) {
  return t.http().post(`/api/applications/${id}/actions`).set(bearer(actor)).send(body);
}

export const FIELD_VISIT = { visitedOn: '2026-01-15', officeConfirmed: true, notes: 'Kantor redaksi ada dan aktif, 6 orang bekerja.' };

/** submit → pass_administrative (officer) → pass_field (officer2) → approve (approver). */
export async function approveThrough(
  t: TestApp,
  people: { owner: Actor; officer: Actor; officer2: Actor; approver: Actor },
  appId: string,
): Promise<{ version: number; certificate: { id: string; number: string } }> {
  let v = (await act(t, people.owner, appId, { action: 'submit', version: 1 }).expect(200)).body.version as number;
  v = (await act(t, people.officer, appId, { action: 'pass_administrative', version: v }).expect(200)).body.version;
  v = (await act(t, people.officer2, appId, { action: 'pass_field', version: v, fieldVisit: FIELD_VISIT }).expect(200)).body.version;
  const approved = await act(t, people.approver, appId, { action: 'approve', version: v }).expect(200);
  return { version: approved.body.version, certificate: approved.body.certificate };
}

/** A new complete outlet of `owner`, applied to `agency` and approved: its certificate's id and verification code. */
export async function issueCertificate(t: TestApp, agency: TestAgency, owner: Actor): Promise<{ id: string; code: string }> {
  const outlet = await createCompleteOutlet(t, owner);
  const draft = await createDraft(t, owner, outlet.id, agency.id);
  const { certificate } = await approveThrough(t, { owner, ...agency }, draft.id);
  const [row] = (await t.dataSource.query(`SELECT verification_code FROM certificates WHERE id = $1`, [certificate.id])) as { verification_code: string }[];
  return { id: certificate.id, code: row.verification_code };
}

/**
 * After a test changed applications' due dates or rounds behind the service's back: announces it as
 * the service's own writes do, since each process keeps the queue's counts until such a notice.
 */
export async function announceApplicationsChanged(t: TestApp, ...applicationIds: string[]): Promise<void> {
  const rows = (await t.dataSource.query(`SELECT DISTINCT agency_id FROM applications WHERE id = ANY($1::uuid[])`, [applicationIds])) as { agency_id: string }[];
  for (const r of rows) await announceChange(t.dataSource.manager, { type: 'application.changed', agencyId: r.agency_id });
}
