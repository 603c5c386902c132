import { rosterJsonSql } from '../src/outlets/snapshot-roster-sql';

/**
 * The hot read queries, EXPLAINed (ANALYZE, BUFFERS) on the seeded data by every bench run. Keep
 * this list in step with what the service runs: copy a query here when it is added or changed.
 * `params` picks realistic values from the dataset (agency 01 is the biggest tenant).
 */
export interface QueryParams {
  bigAgencyId: string;
  verificationCode: string;
  /** A regular outlet (about ten journalists) and a roster outlet (200). */
  outletId: string;
  rosterOutletId: string;
  nikHash: string;
  applicationId: string;
  /** A (due_at, id) from the middle of agency 01's submitted queue. */
  cursorDueAt: string;
  cursorId: string;
  exportYear: number;
  email: string;
  userId: string;
  chainKey: string;
  /** An applicant who owns outlets with applications (the page scenario's first session). */
  applicantId: string;
}

export interface HotQuery {
  name: string;
  /** Which user-facing path runs it. */
  usedBy: string;
  sql: string;
  params: (p: QueryParams) => unknown[];
}

const QUEUE_COLUMNS = `id, reference, outlet_id, outlet_name, status, version, submitted_at, stage_started_at, due_at, updated_at`;

export const HOT_QUERIES: HotQuery[] = [
  {
    name: 'certificate by verification code',
    usedBy: 'GET /api/public/certificates/:code',
    sql: `SELECT c.id, c.number, c.status, c.valid_from, c.valid_until, c.pdf_sha256, o.legal_name, o.brand_name, a.name AS agency_name
          FROM certificates c JOIN outlets o ON o.id = c.outlet_id JOIN agencies a ON a.id = c.agency_id
          WHERE c.verification_code = $1`,
    params: (p) => [p.verificationCode],
  },
  {
    name: 'staff queue, one status',
    usedBy: 'GET /api/applications?status=submitted',
    sql: `SELECT ${QUEUE_COLUMNS} FROM applications WHERE agency_id = $1 AND status = $2 ORDER BY due_at, id LIMIT 21`,
    params: (p) => [p.bigAgencyId, 'submitted'],
  },
  {
    name: 'staff queue, one status, overdue',
    usedBy: 'GET /api/applications?status=submitted&overdue=true',
    sql: `SELECT ${QUEUE_COLUMNS} FROM applications WHERE agency_id = $1 AND status = $2 AND due_at < now() ORDER BY due_at, id LIMIT 21`,
    params: (p) => [p.bigAgencyId, 'submitted'],
  },
  {
    name: 'staff queue, one status, next page',
    usedBy: 'GET /api/applications?status=submitted&cursor=',
    sql: `SELECT ${QUEUE_COLUMNS} FROM applications WHERE agency_id = $1 AND status = $2 AND (due_at, id) > ($3, $4) ORDER BY due_at, id LIMIT 21`,
    params: (p) => [p.bigAgencyId, 'submitted', p.cursorDueAt, p.cursorId],
  },
  {
    name: 'staff queue as the service runs it (SELECT a.*, one status)',
    usedBy: 'GET /api/applications?status=submitted (applications.service.ts list)',
    sql: `SELECT a.* FROM applications a WHERE a.agency_id = $1 AND a.status = $2 ORDER BY a.due_at ASC NULLS LAST, a.id LIMIT 21`,
    params: (p) => [p.bigAgencyId, 'submitted'],
  },
  {
    name: 'staff queue as the service runs it, overdue',
    usedBy: 'GET /api/applications?status=submitted&overdue=true (applications.service.ts list)',
    sql: `SELECT a.* FROM applications a WHERE a.agency_id = $1 AND a.status = $2
          AND a.status IN ('submitted', 'field_verification', 'awaiting_approval') AND a.due_at < now()
          ORDER BY a.due_at ASC NULLS LAST, a.id LIMIT 21`,
    params: (p) => [p.bigAgencyId, 'submitted'],
  },
  {
    name: 'staff queue as the service runs it, next page (row-compare cursor)',
    usedBy: 'GET /api/applications?status=submitted&cursor= (applications.service.ts list)',
    sql: `SELECT a.* FROM applications a WHERE a.agency_id = $1 AND a.submitted_at IS NOT NULL AND a.status = $2
          AND (a.due_at, a.id) > ($3::timestamptz, $4::uuid)
          ORDER BY a.due_at ASC NULLS LAST, a.id LIMIT 21`,
    params: (p) => [p.bigAgencyId, 'submitted', p.cursorDueAt, p.cursorId],
  },
  {
    name: 'staff queue page, every stage, next page (row-compare cursor)',
    usedBy: 'GET /antrean?setelah= (applications.service.ts list, no status)',
    sql: `SELECT a.* FROM applications a WHERE a.agency_id = $1 AND a.submitted_at IS NOT NULL
          AND (a.due_at, a.id) > ($2::timestamptz, $3::uuid)
          ORDER BY a.due_at ASC NULLS LAST, a.id LIMIT 26`,
    params: (p) => [p.bigAgencyId, p.cursorDueAt, p.cursorId],
  },
  {
    name: 'staff queue counts per open stage',
    usedBy: 'GET /antrean, GET /dasbor for staff (applications.service.ts queueOverview)',
    sql: `SELECT status, count(*)::int AS n, (count(*) FILTER (WHERE due_at < now()))::int AS overdue
          FROM applications WHERE agency_id = $1 AND status = ANY($2::text[]) GROUP BY status`,
    params: (p) => [p.bigAgencyId, ['submitted', 'field_verification', 'awaiting_approval', 'revision_requested']],
  },
  {
    name: 'staff queue, every open status',
    usedBy: 'GET /api/applications',
    sql: `SELECT ${QUEUE_COLUMNS} FROM applications
          WHERE agency_id = $1 AND status IN ('submitted', 'field_verification', 'awaiting_approval', 'revision_requested')
          ORDER BY due_at, id LIMIT 21`,
    params: (p) => [p.bigAgencyId],
  },
  {
    name: 'staff queue, everything overdue',
    usedBy: 'GET /api/applications?overdue=true; overdue digest',
    sql: `SELECT ${QUEUE_COLUMNS} FROM applications WHERE agency_id = $1 AND due_at < now()
          AND status IN ('submitted', 'field_verification', 'awaiting_approval') ORDER BY due_at, id LIMIT 21`,
    params: (p) => [p.bigAgencyId],
  },
  {
    name: 'one open application per outlet and agency',
    usedBy: 'POST /api/applications',
    sql: `SELECT id FROM applications WHERE outlet_id = $1 AND agency_id = $2
          AND status IN ('draft', 'submitted', 'field_verification', 'awaiting_approval', 'revision_requested')`,
    params: (p) => [p.outletId, p.bigAgencyId],
  },
  {
    name: 'certificates of an agency and year, by seq',
    usedBy: 'GET /api/certificates/export?year=; GET /api/certificates?year=',
    sql: `SELECT id, number, seq, status, outlet_name, pdf_storage_key, pdf_sha256 FROM certificates WHERE agency_id = $1 AND year = $2 ORDER BY seq`,
    params: (p) => [p.bigAgencyId, p.exportYear],
  },
  {
    name: 'active certificates of an agency (public registry)',
    usedBy: 'GET /api/public/registry?agencyId=',
    sql: `SELECT c.number, c.outlet_name, c.valid_until FROM certificates c
          WHERE c.agency_id = $1 AND c.status = 'active' AND c.valid_until >= current_date ORDER BY c.outlet_name, c.id LIMIT 201`,
    params: (p) => [p.bigAgencyId],
  },
  {
    name: 'audit events of an agency, newest first',
    usedBy: 'GET /api/audit',
    sql: `SELECT * FROM audit_events WHERE agency_id = $1 ORDER BY id DESC LIMIT 51`,
    params: (p) => [p.bigAgencyId],
  },
  {
    name: 'audit events of an agency filtered by action',
    usedBy: 'GET /api/audit?action=',
    sql: `SELECT * FROM audit_events WHERE agency_id = $1 AND action = $2 ORDER BY id DESC LIMIT 51`,
    params: (p) => [p.bigAgencyId, 'application.approve'],
  },
  {
    name: 'audit events of one entity',
    usedBy: 'GET /api/audit?entityType=&entityId=; application timeline',
    sql: `SELECT * FROM audit_events WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
    params: (p) => ['application', p.applicationId],
  },
  {
    name: 'audit chain walk (verify), one batch',
    usedBy: 'GET /api/audit/verify',
    sql: `SELECT * FROM audit_events WHERE chain_key = $1 AND seq > $2 ORDER BY seq, id LIMIT 5000`,
    params: (p) => [p.chainKey, 1000],
  },
  {
    name: 'journalists of an outlet',
    usedBy: 'GET /api/outlets/:id/journalists',
    sql: `SELECT * FROM journalists WHERE outlet_id = $1 ORDER BY created_at, id`,
    params: (p) => [p.outletId],
  },
  {
    name: 'same NIK on other outlets',
    usedBy: 'roster checks (exclusive journalists, outlets headed)',
    sql: `SELECT outlet_id, position FROM journalists WHERE nik_hash = $1`,
    params: (p) => [p.nikHash],
  },
  {
    name: 'snapshot roster with cross-outlet counts (200 journalists)',
    usedBy: 'submit, eligibility pre-check',
    // The roster part of the snapshot's one statement (outlets.service.ts snapshot).
    sql: `SELECT ${rosterJsonSql('o')} AS journalists FROM outlets o WHERE o.id = $1`,
    params: (p) => [p.rosterOutletId],
  },
  {
    name: 'documents of an outlet',
    usedBy: 'GET /api/outlets/:id/documents (the snapshot reads them as JSON in its one statement)',
    sql: `SELECT id, type, file_name, mime_type, size, sha256, uploaded_at FROM documents WHERE outlet_id = $1 ORDER BY uploaded_at, id`,
    params: (p) => [p.outletId],
  },
  {
    name: 'outlets that applied to an agency',
    usedBy: 'GET /api/outlets (staff)',
    sql: `SELECT o.id FROM outlets o WHERE EXISTS (SELECT 1 FROM applications a WHERE a.outlet_id = o.id AND a.agency_id = $1)
          ORDER BY lower(o.brand_name), o.id LIMIT 500`,
    params: (p) => [p.bigAgencyId],
  },
  {
    name: 'outlet readable by staff (applied to the agency)',
    usedBy: 'GET /api/outlets/:id (staff)',
    sql: `SELECT 1 FROM applications WHERE outlet_id = $1 AND agency_id = $2 LIMIT 1`,
    params: (p) => [p.outletId, p.bigAgencyId],
  },
  {
    name: 'user by email (login)',
    usedBy: 'POST /api/auth/login',
    sql: `SELECT id, password_hash FROM users WHERE lower(email) = $1 AND active`,
    params: (p) => [p.email],
  },
  {
    name: 'user by id (every authenticated request)',
    usedBy: 'AccessGuard / TokenService.authenticate',
    sql: `SELECT id, email, name, role, agency_id, locale FROM users WHERE id = $1 AND active`,
    params: (p) => [p.userId],
  },
  {
    name: 'web session and its user (every page request)',
    usedBy: 'WebSessionsService.find, on every request with a session cookie',
    sql: `SELECT s.token_hash, s.csrf_token, u.id, u.email, u.name, u.role, u.agency_id, u.locale
          FROM web_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active AND s.token_version = u.token_version`,
    // No session exists when the plans are taken: the plan for a lookup by primary key is what matters.
    params: () => ['0'.repeat(64)],
  },
  {
    name: "an applicant's applications",
    usedBy: 'GET /api/applications (applicant)',
    sql: `SELECT a.id, a.reference, a.outlet_id, a.outlet_name, a.agency_id, a.status, a.version, a.submitted_at, a.due_at, a.updated_at FROM applications a
          WHERE a.outlet_id IN (SELECT outlet_id FROM outlet_owners WHERE user_id = $1)
          ORDER BY a.due_at ASC NULLS LAST, a.id LIMIT 101`,
    params: (p) => [p.applicantId],
  },
  {
    name: "the company's other outlets the agency's staff may read",
    usedBy: 'the pre-check and submit (OutletsService.snapshot)',
    sql: `SELECT count(*)::int AS n FROM (
            SELECT x.id FROM outlets x JOIN outlets o ON o.id = $1 WHERE x.business_id = o.business_id AND x.id <> o.id
            UNION
            SELECT x.id FROM outlets x JOIN outlets o ON o.id = $1 WHERE x.tax_id = o.tax_id AND x.id <> o.id
          ) x WHERE (EXISTS (SELECT 1 FROM applications sa WHERE sa.outlet_id = x.id AND sa.agency_id = $2 AND sa.status = ANY($3::text[]))
            OR EXISTS (SELECT 1 FROM certificates sc WHERE sc.outlet_id = x.id AND sc.agency_id = $2 AND sc.status = ANY($4::text[]) AND sc.valid_until >= $5::date))`,
    params: (p) => [p.outletId, p.bigAgencyId, ['submitted', 'field_verification', 'awaiting_approval', 'revision_requested'], ['active', 'suspended'], new Date().toISOString().slice(0, 10)],
  },
  {
    name: 'open application of an outlet to an agency',
    usedBy: 'the pre-check page (OutletsService.precheck)',
    sql: `SELECT id, reference FROM applications WHERE outlet_id = $1 AND agency_id = $2 AND status = ANY($3::text[]) LIMIT 1`,
    params: (p) => [p.outletId, p.bigAgencyId, ['draft', 'submitted', 'field_verification', 'awaiting_approval', 'revision_requested']],
  },
];
