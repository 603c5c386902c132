import { CertificateRevalidationJob } from '../../src/certificates/certificate-revalidation.job';
import { addDays, wibDate } from '../../src/common/wib-calendar';
import { act, createDraft, approveThrough } from './applications';
import { pngBytes } from './files';
import { bearer, createAgency, createApplicant, type Actor, type TestAgency } from './factories';
import { createCompleteOutlet } from './outlets';
import type { TestApp } from './test-app';

/** What one agency's side of the world holds: its staff and the rows an applicant's outlet made there. */
export interface Side {
  agency: TestAgency;
  /** An applicant owning `outletId`, which holds an active certificate from this agency. */
  owner: Actor;
  outletId: string;
  journalistIds: string[];
  documentIds: string[];
  /** The approved application and the certificate it issued (flagged review needed: its outlet changed since; the review is open). */
  applicationId: string;
  certificateId: string;
  certificateNumber: string;
  verificationCode: string;
  /** A certificate of the owner's second outlet, spare for actions that end a certificate (revoke). */
  spareCertificateId: string;
  /** A submitted application waiting in this agency's queue (a second outlet of the same owner). */
  queuedApplicationId: string;
  queuedOutletId: string;
  outboxIds: string[];
  /** A pending co-ownership invitation from the owner, for the certified outlet. */
  invitationId: string;
  /**
   * A registration round running today (its provisional result published, its appeal window open),
   * and in it an application the officer2 rejected, whose owner appealed: the appeal is undecided
   * and the officer (who took no part in the rejection) may decide it. The agency is back on
   * all-year intake afterwards, so the other rows behave as before.
   */
  roundId: string;
  rejectedApplicationId: string;
  appealId: string;
  /** A round of last year with nothing published, for the rows that edit or announce. */
  pastRoundId: string;
  /** Evidence the officer recorded (with a PNG screenshot) for the queued application. */
  attestationId: string;
}

/**
 * Two agencies, each with a full staff, an applicant whose outlet is certified there, a queued
 * application and mail in the outbox: enough rows that every route has an existing id of the
 * right kind on both sides of the tenant line.
 */
export interface World {
  a: Side;
  b: Side;
  /** A logged-in applicant who owns nothing. */
  stranger: Actor;
}

async function side(t: TestApp): Promise<Side> {
  // Tokens issued, not logged in for: logging in is not under test here, and each check costs argon2 time.
  const agency = await createAgency(t, { issueTokens: true });
  const owner = await createApplicant(t, 'id', { issueToken: true });
  const people = { owner, officer: agency.officer, officer2: agency.officer2, approver: agency.approver };
  const outlet = await createCompleteOutlet(t, owner);
  const issued = await approveThrough(t, people, (await createDraft(t, owner, outlet.id, agency.id)).id);
  const spareOutlet = await createCompleteOutlet(t, owner, { overrides: { legalName: 'PT Cadangan Media', brandName: 'Cadangan' } });
  const spare = await approveThrough(t, people, (await createDraft(t, owner, spareOutlet.id, agency.id)).id);
  const queuedOutlet = await createCompleteOutlet(t, owner, { overrides: { legalName: 'PT Antre Media', brandName: 'Antre' } });
  const queued = await createDraft(t, owner, queuedOutlet.id, agency.id);
  const submitted = await t
    .http()
    .post(`/api/applications/${queued.id}/actions`)
    .set(bearer(owner))
    .send({ action: 'submit', version: queued.version });
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);

  const invitation = await t
    .http()
    .post(`/api/outlets/${outlet.id}/invitations`)
    .set(bearer(owner))
    .send({ email: `undangan-${agency.code.toLowerCase()}@factory.test` });
  if (invitation.status !== 201) throw new Error(`invitation: ${invitation.status} ${JSON.stringify(invitation.body)}`);

  const round = await inRound(t, agency, owner);
  const attestation = await t
    .http()
    .post(`/api/applications/${queued.id}/attestations`)
    .set(bearer(agency.officer))
    .field('ruleId', 'press-council-verification')
    .field('lookupUrl', 'https://dewanpers.or.id/data/perusahaanpers?nama=Antre')
    .field('lookedUpAt', new Date(t.clock.now().getTime() - 60 * 60_000).toISOString())
    .field('observed', 'Terverifikasi administratif dan faktual; sertifikat Dewan Pers berlaku')
    .attach('file', pngBytes(), { filename: 'dewan-pers.png', contentType: 'image/png' });
  if (attestation.status !== 201) throw new Error(`attestation: ${attestation.status} ${JSON.stringify(attestation.body)}`);

  const ids = async (sql: string, params: unknown[]) => ((await t.dataSource.query(sql, params)) as { id: string }[]).map((r) => r.id);
  const [cert] = (await t.dataSource.query(`SELECT id, number, verification_code FROM certificates WHERE id = $1`, [issued.certificate.id])) as {
    id: string;
    number: string;
    verification_code: string;
  }[];
  return {
    agency,
    owner,
    outletId: outlet.id,
    journalistIds: await ids(`SELECT id FROM journalists WHERE outlet_id = $1 ORDER BY id`, [outlet.id]),
    documentIds: await ids(`SELECT id FROM documents WHERE outlet_id = $1 ORDER BY id`, [outlet.id]),
    applicationId: (await ids(`SELECT application_id AS id FROM certificates WHERE id = $1`, [issued.certificate.id]))[0],
    certificateId: cert.id,
    certificateNumber: cert.number,
    verificationCode: cert.verification_code,
    spareCertificateId: spare.certificate.id,
    queuedApplicationId: queued.id,
    queuedOutletId: queuedOutlet.id,
    invitationId: invitation.body.id as string,
    outboxIds: await ids(`SELECT id FROM outbox WHERE agency_id = $1 ORDER BY created_at`, [agency.id]),
    ...round,
    attestationId: attestation.body.id as string,
  };
}

/** Throws with the answer unless the response has the status expected. */
function expectStatus(what: string, res: { status: number; body: unknown }, status: number): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * A round whose registration, verification and provisional result are all today (WIB) and whose
 * appeal window is open, an application of it rejected at the administrative check and appealed;
 * and a round of last year. Every step through the API, as an agency would take it.
 */
async function inRound(t: TestApp, agency: TestAgency, owner: Actor): Promise<Pick<Side, 'roundId' | 'rejectedApplicationId' | 'appealId' | 'pastRoundId'>> {
  const http = () => t.http();
  const today = wibDate(t.clock.now());
  const lastYear = Number(today.slice(0, 4)) - 1;
  const past = await http()
    .post(`/api/agencies/${agency.id}/rounds`)
    .set(bearer(agency.admin))
    .send({
      budgetYear: lastYear,
      name: `Periode Pendaftaran ${lastYear}`,
      registrationOpensOn: `${lastYear}-01-07`,
      registrationClosesOn: `${lastYear}-01-11`,
      verificationUntil: `${lastYear}-01-21`,
      provisionalAnnouncementOn: `${lastYear}-01-25`,
      finalAnnouncementOn: `${lastYear}-02-01`,
    });
  expectStatus('past round', past, 201);
  expectStatus('intake', await http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'rounds' }), 200);
  const current = await http()
    .post(`/api/agencies/${agency.id}/rounds`)
    .set(bearer(agency.admin))
    .send({
      budgetYear: Number(today.slice(0, 4)),
      name: 'Periode Pendaftaran Berjalan',
      registrationOpensOn: today,
      registrationClosesOn: today,
      verificationUntil: today,
      provisionalAnnouncementOn: today,
      appealOpensOn: today,
      appealClosesOn: addDays(today, 1),
      finalAnnouncementOn: addDays(today, 2),
    });
  expectStatus('round', current, 201);
  const outlet = await createCompleteOutlet(t, owner, { reporters: 0, overrides: { legalName: 'PT Sanggah Media', brandName: 'Sanggah' } });
  const draft = await createDraft(t, owner, outlet.id, agency.id);
  const submitted = await act(t, owner, draft.id, { action: 'submit', version: draft.version });
  expectStatus('submit in round', submitted, 200);
  const rejected = await act(t, agency.officer2, draft.id, { action: 'reject', version: submitted.body.version, reason: 'Akta pendirian tidak sesuai dengan data AHU' });
  expectStatus('reject', rejected, 200);
  expectStatus('provisional', await http().post(`/api/agencies/${agency.id}/rounds/${current.body.id}/announcements/provisional`).set(bearer(agency.approver)), 201);
  const appeal = await http()
    .post(`/api/applications/${draft.id}/appeal`)
    .set(bearer(owner))
    .send({ reason: 'Akta perubahan terbaru sudah disahkan AHU; mohon diperiksa kembali.' });
  expectStatus('appeal', appeal, 201);
  expectStatus('intake back', await http().put(`/api/agencies/${agency.id}/intake`).set(bearer(agency.admin)).send({ intake: 'all_year' }), 200);
  return { roundId: current.body.id as string, rejectedApplicationId: draft.id, appealId: appeal.body.id as string, pastRoundId: past.body.id as string };
}

export async function buildWorld(t: TestApp): Promise<World> {
  // The two agencies share nothing, so they are built side by side.
  const [a, b, stranger] = await Promise.all([side(t), side(t), createApplicant(t, 'id', { issueToken: true })]);
  // Each certified outlet's website changes after approval: the day's re-validation flags its
  // certificate review needed, so the review routes have an open flag to answer on both sides.
  for (const x of [a, b]) {
    const res = await t.http().patch(`/api/outlets/${x.outletId}`).set(bearer(x.owner)).send({ website: 'https://lensajatim-baru.example' });
    expectStatus('outlet edit', res, 200);
  }
  await t.app.get(CertificateRevalidationJob).run();
  const open = (await t.dataSource.query(`SELECT certificate_id FROM certificate_reviews WHERE status = 'open'`)) as { certificate_id: string }[];
  const flagged = open.map((r) => r.certificate_id).sort();
  if (flagged.join() !== [a.certificateId, b.certificateId].sort().join()) throw new Error(`re-validation flagged ${flagged.join()}, not the certified outlets' certificates`);
  return { a, b, stranger };
}
