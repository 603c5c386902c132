import { addDays, wibDate } from '../../src/common/wib-calendar';
import { act, createDraft } from './applications';
import { bearer, type Actor, type TestAgency } from './factories';
import { createCompleteOutlet } from './outlets';
import type { TestApp } from './test-app';

function expectStatus(what: string, res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * A round running today with its appeal window open, an application of it rejected by `rejecter`
 * (after `before` reviewing steps by others) and appealed by its owner. The agency goes back to
 * all-year intake afterwards. Every step through the API.
 */
export async function appealedApplication(
  t: TestApp,
  agency: TestAgency,
  owner: Actor,
  opts: { rejecter: Actor; passAdministrativeBy?: Actor; brandName?: string },
): Promise<{ applicationId: string; reference: string; appealId: string; roundId: string }> {
  const http = () => t.http();
  const today = wibDate(t.clock.now());
  expectStatus('intake', await http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'rounds' }), 200);
  const round = await http()
    .post(`/api/agencies/${agency.id}/rounds`)
    .set(bearer(agency.admin))
    .send({
      budgetYear: Number(today.slice(0, 4)),
      name: `Periode Sanggah ${today}`,
      registrationOpensOn: today,
      registrationClosesOn: today,
      verificationUntil: today,
      provisionalAnnouncementOn: today,
      appealOpensOn: today,
      appealClosesOn: addDays(today, 1),
      finalAnnouncementOn: addDays(today, 2),
    });
  expectStatus('round', round, 201);
  const brandName = opts.brandName ?? 'Sanggah';
  const outlet = await createCompleteOutlet(t, owner, { reporters: 0, overrides: { legalName: `PT ${brandName} Media`, brandName } });
  const draft = await createDraft(t, owner, outlet.id, agency.id);
  const submitted = await act(t, owner, draft.id, { action: 'submit', version: draft.version });
  expectStatus('submit', submitted, 200);
  let version = submitted.body.version as number;
  if (opts.passAdministrativeBy) {
    const passed = await act(t, opts.passAdministrativeBy, draft.id, { action: 'pass_administrative', version });
    expectStatus('pass_administrative', passed, 200);
    version = passed.body.version;
  }
  expectStatus('reject', await act(t, opts.rejecter, draft.id, { action: 'reject', version, reason: 'Akta pendirian tidak sesuai dengan data AHU' }), 200);
  expectStatus('provisional', await http().post(`/api/agencies/${agency.id}/rounds/${round.body.id}/announcements/provisional`).set(bearer(agency.approver)), 201);
  const appeal = await http().post(`/api/applications/${draft.id}/appeal`).set(bearer(owner)).send({ reason: 'Akta perubahan terbaru sudah disahkan AHU; mohon diperiksa kembali.' });
  expectStatus('appeal', appeal, 201);
  expectStatus('intake back', await http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'all_year' }), 200);
  return { applicationId: draft.id, reference: draft.reference, appealId: appeal.body.id as string, roundId: round.body.id as string };
}
