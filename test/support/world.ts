import { createDraft, approveThrough } from './applications';
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
  /** The approved application and the certificate it issued. */
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
  };
}

export async function buildWorld(t: TestApp): Promise<World> {
  // The two agencies share nothing, so they are built side by side.
  const [a, b, stranger] = await Promise.all([side(t), side(t), createApplicant(t, 'id', { issueToken: true })]);
  return { a, b, stranger };
}
