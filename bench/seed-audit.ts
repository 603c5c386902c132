import type { Client } from 'pg';
import { chainKeyFor, GENESIS_HASH, hashEvent, type ChainedFields } from '../src/audit/audit-chain';
import { agencyCode, staffEmail, type Scale } from './config';
import { prng, staffId } from './util';

const enum Kind {
  AgencyCreated,
  PolicyPublished,
  StaffCreated,
  AppCreated,
  Submitted,
  PassAdministrative,
  PassField,
  Approved,
  Rejected,
  RevisionRequested,
  Withdrawn,
  CertificateIssued,
  CertificateDownloaded,
  OutletCreated,
  UserRegistered,
}

const STAFF_SLOTS = ['admin', 'officer1', 'officer2', 'officer3', 'approver', 'auditor'] as const;

interface App {
  id: string;
  agency: number;
  status: string;
  owner: string;
  reference: string;
  created: number;
  submitted: number | null;
  stage: number | null;
  decided: number | null;
}

/**
 * The trail the service would have written: agency set-up, every application transition,
 * certificate issue and downloads on each agency's chain; outlet creation and registrations on
 * the global chain. Events are generated compactly, sorted by time across all chains (so ids
 * interleave agencies as in production), then hashed chain by chain with the app's hashEvent and
 * inserted in batches while the next batch is hashed.
 */
export async function seedAuditEvents(c: Client, s: Scale, nowDate: Date): Promise<void> {
  const now = nowDate.getTime();
  const rand = prng(99);
  const agencies = (await c.query<{ id: string; code: string; created_at: Date }>(`SELECT id, code, created_at FROM agencies ORDER BY code`)).rows;
  const agencyIndex = new Map(agencies.map((a, i) => [a.id, i]));
  const GLOBAL = agencies.length;
  const apps: App[] = (
    await c.query<{
      id: string; agency_id: string; status: string; created_by: string; reference: string;
      created_at: Date; submitted_at: Date | null; stage_started_at: Date | null; decided_at: Date | null;
    }>(`SELECT id, agency_id, status, created_by, reference, created_at, submitted_at, stage_started_at, decided_at FROM applications ORDER BY reference`)
  ).rows.map((r) => ({
    id: r.id,
    agency: agencyIndex.get(r.agency_id)!,
    status: r.status,
    owner: r.created_by,
    reference: r.reference,
    created: r.created_at.getTime(),
    submitted: r.submitted_at?.getTime() ?? null,
    stage: r.stage_started_at?.getTime() ?? null,
    decided: r.decided_at?.getTime() ?? null,
  }));
  const certs = (
    await c.query<{ id: string; agency_id: string; issued_at: Date; number: string; owner: string }>(
      `SELECT c.id, c.agency_id, c.issued_at, c.number, a.created_by AS owner FROM certificates c JOIN applications a ON a.id = c.application_id ORDER BY c.number, c.id`,
    )
  ).rows;
  const outlets = (await c.query<{ id: string; created_at: Date; created_by: string; brand_name: string }>(`SELECT id, created_at, created_by, brand_name FROM outlets ORDER BY id`)).rows;
  const applicants = (await c.query<{ id: string; created_at: Date }>(`SELECT id, created_at FROM users WHERE role = 'applicant' ORDER BY id`)).rows;

  const time: number[] = [];
  const chain: number[] = [];
  const kind: number[] = [];
  const ref: number[] = [];
  const add = (t: number, ch: number, k: Kind, r: number) => {
    time.push(t);
    chain.push(ch);
    kind.push(k);
    ref.push(r);
  };

  agencies.forEach((a, i) => {
    const t = a.created_at.getTime();
    add(t, i, Kind.AgencyCreated, i);
    add(t + 1, i, Kind.PolicyPublished, i);
    STAFF_SLOTS.forEach((_, slot) => add(t + 60_000 * (slot + 1), i, Kind.StaffCreated, i * STAFF_SLOTS.length + slot));
  });
  apps.forEach((a, i) => {
    add(a.created, a.agency, Kind.AppCreated, i);
    if (a.status === 'draft') return;
    const s0 = a.submitted!;
    add(s0, a.agency, Kind.Submitted, i);
    const end = a.decided ?? a.stage ?? s0;
    const at = (f: number) => s0 + (end - s0) * f;
    switch (a.status) {
      case 'field_verification':
        add(end, a.agency, Kind.PassAdministrative, i);
        break;
      case 'awaiting_approval':
        add(at(0.5), a.agency, Kind.PassAdministrative, i);
        add(end, a.agency, Kind.PassField, i);
        break;
      case 'revision_requested':
        add(end, a.agency, Kind.RevisionRequested, i);
        break;
      case 'approved':
        add(at(1 / 3), a.agency, Kind.PassAdministrative, i);
        add(at(2 / 3), a.agency, Kind.PassField, i);
        add(end, a.agency, Kind.Approved, i);
        break;
      case 'rejected':
        add(at(0.5), a.agency, Kind.PassAdministrative, i);
        add(end, a.agency, Kind.Rejected, i);
        break;
      case 'withdrawn':
        add(end, a.agency, Kind.Withdrawn, i);
        break;
    }
  });
  certs.forEach((cert, i) => add(cert.issued_at.getTime() + 1, agencyIndex.get(cert.agency_id)!, Kind.CertificateIssued, i));
  outlets.forEach((o, i) => add(o.created_at.getTime(), GLOBAL, Kind.OutletCreated, i));
  applicants.forEach((u, i) => add(u.created_at.getTime(), GLOBAL, Kind.UserRegistered, i));
  // The rest of the volume: certificate downloads by auditors and owners, any time after issue.
  const downloads = Math.max(0, s.auditEvents - time.length);
  for (let d = 0; d < downloads; d++) {
    const i = Math.floor(rand() * certs.length);
    const issued = certs[i].issued_at.getTime();
    add(issued + 60_000 + rand() * Math.max(0, now - issued - 120_000), agencyIndex.get(certs[i].agency_id)!, Kind.CertificateDownloaded, i);
  }

  const order = new Uint32Array(time.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((x, y) => time[x] - time[y] || x - y);

  const heads = new Map<number, { seq: number; hash: string }>();
  const officer = (i: number, k: number, agency: number) => staffId(agency + 1, `officer${1 + ((i + k) % 3)}`);
  const fieldsOf = (e: number): Omit<ChainedFields, 'chainKey' | 'seq' | 'agencyId' | 'createdAt'> => {
    const r = ref[e];
    const k = kind[e] as Kind;
    const ag = chain[e];
    const app = () => apps[r];
    const appEvent = (actorId: string, actorRole: string, action: string, summary: string, data: Record<string, unknown>) => ({
      actorId, actorRole, action, entityType: 'application', entityId: app().id, summary: `Application ${app().reference} ${summary}`, data,
    });
    switch (k) {
      case Kind.AgencyCreated:
        return { actorId: null, actorRole: 'system', action: 'agency.created', entityType: 'agency', entityId: agencies[r].id,
          summary: `Agency ${agencies[r].code} created on the default requirement pack`, data: {} };
      case Kind.PolicyPublished:
        return { actorId: null, actorRole: 'system', action: 'policy.published', entityType: 'agency', entityId: agencies[r].id,
          summary: 'Requirement policy version 1 (Shipped pack: default) in force', data: { version: 1 } };
      case Kind.StaffCreated: {
        const a = Math.floor(r / STAFF_SLOTS.length);
        const slot = STAFF_SLOTS[r % STAFF_SLOTS.length];
        const role = slot.replace(/\d+$/, '');
        return { actorId: slot === 'admin' ? null : staffId(a + 1, 'admin'), actorRole: slot === 'admin' ? 'system' : 'admin', action: 'user.created',
          entityType: 'user', entityId: staffId(a + 1, slot), summary: `User ${staffEmail(slot, a + 1)} added as ${role}`, data: { role } };
      }
      case Kind.AppCreated:
        return appEvent(app().owner, 'applicant', 'application.created', 'opened as a draft', { agencyCode: agencyCode(ag + 1) });
      case Kind.Submitted:
        return appEvent(app().owner, 'applicant', 'application.submitted', 'submitted', { from: 'draft', to: 'submitted', policyVersion: 1 });
      case Kind.PassAdministrative:
        return appEvent(officer(r, 0, ag), 'officer', 'application.pass_administrative', 'passed administrative review', { from: 'submitted', to: 'field_verification' });
      case Kind.PassField:
        return appEvent(officer(r, 1, ag), 'officer', 'application.pass_field', 'passed field verification', { from: 'field_verification', to: 'awaiting_approval', officeConfirmed: true });
      case Kind.Approved:
        return appEvent(staffId(ag + 1, 'approver'), 'approver', 'application.approve', 'approved', { from: 'awaiting_approval', to: 'approved' });
      case Kind.Rejected:
        return appEvent(officer(r, 2, ag), 'officer', 'application.reject', 'rejected', { from: 'field_verification', to: 'rejected' });
      case Kind.RevisionRequested:
        return appEvent(officer(r, 0, ag), 'officer', 'application.request_revision', 'sent back for revision', { from: 'submitted', to: 'revision_requested' });
      case Kind.Withdrawn:
        return appEvent(app().owner, 'applicant', 'application.withdraw', 'withdrawn', { from: 'submitted', to: 'withdrawn' });
      case Kind.CertificateIssued:
        return { actorId: staffId(ag + 1, 'approver'), actorRole: 'approver', action: 'certificate.issued', entityType: 'certificate', entityId: certs[r].id,
          summary: `Certificate ${certs[r].number} issued`, data: { number: certs[r].number } };
      case Kind.CertificateDownloaded: {
        const byAuditor = e % 2 === 0;
        return { actorId: byAuditor ? staffId(ag + 1, 'auditor') : certs[r].owner, actorRole: byAuditor ? 'auditor' : 'applicant',
          action: 'certificate.downloaded', entityType: 'certificate', entityId: certs[r].id, summary: `Certificate ${certs[r].number} downloaded`, data: {} };
      }
      case Kind.OutletCreated:
        return { actorId: outlets[r].created_by, actorRole: 'applicant', action: 'outlet.created', entityType: 'outlet', entityId: outlets[r].id,
          summary: `Outlet ${outlets[r].brand_name} created`, data: {} };
      case Kind.UserRegistered:
        return { actorId: applicants[r].id, actorRole: 'applicant', action: 'user.registered', entityType: 'user', entityId: applicants[r].id,
          summary: 'Applicant account registered', data: {} };
    }
  };

  const BATCH = 10_000;
  const newBatch = () => ({
    chainKey: [] as string[], seq: [] as number[], agencyId: [] as (string | null)[], actorId: [] as (string | null)[], actorRole: [] as (string | null)[],
    action: [] as string[], entityType: [] as string[], entityId: [] as (string | null)[], summary: [] as string[], data: [] as string[],
    createdAt: [] as string[], prevHash: [] as string[], hash: [] as string[],
  });
  type Batch = ReturnType<typeof newBatch>;
  const insert = async (b: Batch) => {
    if (b.seq.length === 0) return;
    await c.query(
      `INSERT INTO audit_events (chain_key, seq, agency_id, actor_id, actor_role, action, entity_type, entity_id, summary, data, created_at, prev_hash, hash)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[],
                            $11::timestamptz[], $12::text[], $13::text[])`,
      [b.chainKey, b.seq, b.agencyId, b.actorId, b.actorRole, b.action, b.entityType, b.entityId, b.summary, b.data, b.createdAt, b.prevHash, b.hash],
    );
  };
  let batch = newBatch();
  let pending: Promise<void> = Promise.resolve();
  for (let i = 0; i < order.length; i++) {
    const e = order[i];
    const ch = chain[e];
    const agencyId = ch === GLOBAL ? null : agencies[ch].id;
    const head = heads.get(ch) ?? { seq: 0, hash: GENESIS_HASH };
    const fields: ChainedFields = {
      chainKey: chainKeyFor(agencyId),
      seq: head.seq + 1,
      agencyId,
      ...fieldsOf(e),
      createdAt: new Date(Math.floor(time[e])),
    };
    const hash = hashEvent(head.hash, fields);
    heads.set(ch, { seq: fields.seq, hash });
    batch.chainKey.push(fields.chainKey);
    batch.seq.push(fields.seq);
    batch.agencyId.push(agencyId);
    batch.actorId.push(fields.actorId);
    batch.actorRole.push(fields.actorRole);
    batch.action.push(fields.action);
    batch.entityType.push(fields.entityType);
    batch.entityId.push(fields.entityId);
    batch.summary.push(fields.summary);
    batch.data.push(JSON.stringify(fields.data));
    batch.createdAt.push(fields.createdAt.toISOString());
    batch.prevHash.push(head.hash);
    batch.hash.push(hash);
    if (batch.seq.length >= BATCH) {
      await pending;
      pending = insert(batch);
      batch = newBatch();
    }
  }
  await pending;
  await insert(batch);
  const chains = [...heads.entries()];
  await c.query(
    `INSERT INTO audit_chain_heads (chain_key, seq, hash) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])`,
    [chains.map(([ch]) => chainKeyFor(ch === GLOBAL ? null : agencies[ch].id)), chains.map(([, h]) => h.seq), chains.map(([, h]) => h.hash)],
  );
}

/**
 * Re-hashes three chains from the database (the global one, agency 02 and the last agency) the
 * way AuditService.append hashed them: ChainedFields only, prev_hash linkage, head record.
 */
export async function verifySeededChains(c: Client): Promise<string> {
  const { rows: keys } = await c.query<{ chain_key: string }>(
    `SELECT chain_key FROM audit_chain_heads WHERE chain_key = 'global'
     UNION ALL (SELECT 'agency:' || id FROM agencies ORDER BY code OFFSET 1 LIMIT 1)
     UNION ALL (SELECT 'agency:' || id FROM agencies ORDER BY code DESC LIMIT 1)`,
  );
  const out: string[] = [];
  for (const { chain_key } of keys) {
    let prev = GENESIS_HASH;
    let expected = 1;
    let problem: string | null = null;
    for (;;) {
      const { rows } = await c.query(`SELECT * FROM audit_events WHERE chain_key = $1 AND seq >= $2 ORDER BY seq LIMIT 5000`, [chain_key, expected]);
      for (const r of rows) {
        const fields: ChainedFields = {
          chainKey: r.chain_key, seq: Number(r.seq), agencyId: r.agency_id, actorId: r.actor_id, actorRole: r.actor_role, action: r.action,
          entityType: r.entity_type, entityId: r.entity_id, summary: r.summary, data: r.data, createdAt: r.created_at,
        };
        if (fields.seq !== expected || r.prev_hash !== prev || hashEvent(prev, fields) !== r.hash) {
          problem = `broken at seq ${fields.seq}`;
          break;
        }
        prev = r.hash;
        expected++;
      }
      if (problem || rows.length < 5000) break;
    }
    const { rows: head } = await c.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM audit_chain_heads WHERE chain_key = $1`, [chain_key]);
    if (!problem && (Number(head[0]?.seq) !== expected - 1 || head[0]?.hash !== prev)) problem = 'head does not match the last event';
    out.push(`${chain_key === 'global' ? 'global' : 'agency'}: ${problem ?? `ok (${expected - 1} events)`}`);
  }
  const text = out.join('; ');
  if (/broken|head does not/.test(text)) throw new Error(`seeded audit chains do not verify: ${text}`);
  return text;
}
