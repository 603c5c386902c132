import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { settingsProblems } from '../agencies/agency-settings';
import { logoProblem } from '../agencies/logo-image';
import type { Agency } from '../agencies/agency.entity';
import type { ApplicationRow } from '../applications/applications.service';
import { AuditService } from '../audit/audit.service';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { decodeCursor, encodeCursor, EXACT_TIME, type Page } from '../common/pagination';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { announceChange } from '../database/change-events';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { OutletsService } from '../outlets/outlets.service';
import { COMPETENCY_LEVELS, type JournalistSnapshot } from '../requirements/outlet-snapshot';
import { FILE_STORAGE, StoredFileUnavailable, type FileStorage } from '../storage/file-storage';
import { wibDate } from '../common/wib-calendar';
import { roundValidityEndedMessage, roundValidUntil, type RoundValidity } from '../rounds/round-rules';
import { certificateVerifyUrl, formatCertificateNumber, formatVerificationCode, validUntil } from './certificate-number';
import { CertificatePdfRenderer, type CertificatePdfData } from './certificate-pdf.renderer';
import type { ReviewReason } from './certificate-review.entity';

export const CERTIFICATE_STATUSES = ['active', 'expired', 'suspended', 'revoked', 'superseded'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export interface IssuedCertificate {
  id: string;
  number: string;
  verificationCode: string;
  validFrom: string;
  validUntil: string;
  verifyUrl: string;
}

export interface CertificateRow {
  id: string;
  agency_id: string;
  application_id: string;
  outlet_id: string;
  number: string;
  year: number;
  seq: number;
  verification_code: string;
  status: CertificateStatus;
  status_reason: string | null;
  status_changed_at: Date | null;
  valid_from: string;
  valid_until: string;
  issued_at: Date;
  outlet_name: string;
  data: CertificatePdfData;
  pdf_storage_key: string;
  pdf_sha256: string;
  pdf_size: number;
  renewal_of: string | null;
  superseded_by: string | null;
  /** From certificate_scans (SCAN_COUNT_SQL), in the queries whose rows are shown. */
  scan_count: number;
  /** The open re-validation review, when the query asked for it. */
  open_review?: OpenReviewJson | null;
}

/** certificate_reviews row as `to_jsonb` gives it. */
interface OpenReviewJson {
  id: string;
  status: 'open' | 'suspension_requested';
  reasons: ReviewReason[];
  flagged_at: string;
  flagged_by_run: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_reason: string | null;
}

/** Staff see why a certificate was flagged and whether its suspension was requested; the public never does. */
export interface CertificateReviewFlag {
  id: string;
  status: 'open' | 'suspension_requested';
  reasons: ReviewReason[];
  flaggedAt: string;
  flaggedByRun: string;
  suspensionRequestedBy: string | null;
  suspensionRequestReason: string | null;
}

/** Scans counted so far (certificate_scans has a row once a certificate is first scanned). */
const SCAN_COUNT_SQL = `COALESCE((SELECT s.scan_count FROM certificate_scans s WHERE s.certificate_id = c.id), 0) AS scan_count`;
/** The open review of `c`, for the certificate views. */
const OPEN_REVIEW_SQL = `(SELECT to_jsonb(r) FROM certificate_reviews r WHERE r.certificate_id = c.id AND r.status IN ('open', 'suspension_requested')) AS open_review`;

export interface CertificateView {
  id: string;
  agencyId: string;
  applicationId: string;
  outletId: string;
  outletName: string;
  number: string;
  verificationCode: string;
  status: CertificateStatus;
  statusReason: string | null;
  statusChangedAt: string | null;
  validFrom: string;
  validUntil: string;
  issuedAt: string;
  pdfSha256: string;
  pdfSize: number;
  renewalOf: string | null;
  supersededBy: string | null;
  verifyUrl: string;
  scanCount: number;
  /** Set while the certificate is flagged "review needed"; it stays valid meanwhile. */
  reviewNeeded: CertificateReviewFlag | null;
}

/** One line of a certificate's history; `actorName` null for the system (the daily jobs). */
export interface CertificateHistoryEntry {
  /** The audit action without its `certificate.` prefix: issued, review_needed, suspend, ... */
  action: string;
  at: string;
  actorName: string | null;
  actorRole: string | null;
  reason: string | null;
}

/** `text` anywhere in the column, its LIKE wildcards taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A past end date reads as expired at once, before the scheduled job writes it down. */
export function effectiveStatus(status: CertificateStatus, validUntilDate: string, today: string): CertificateStatus {
  return status === 'active' && validUntilDate < today ? 'expired' : status;
}

/** The approval is refused and nothing is written; the message says what the agency admin should fix. */
const renderFailed = (fix: string, errors: Record<string, string>) =>
  new AppError('unprocessable', 'CERTIFICATE.RENDER_FAILED', `The certificate cannot be produced, so the approval was not recorded: ${fix}`, errors);

export const certificateNotFound = () => new AppError('not_found', 'CERTIFICATE.NOT_FOUND', 'Certificate not found');

/** Each status change and the statuses it may start from (the pages offer an action by the same table). */
export const LIFECYCLE = {
  suspend: { from: ['active'], to: 'suspended', template: 'certificate_suspended' },
  reinstate: { from: ['suspended'], to: 'active', template: 'certificate_reinstated' },
  revoke: { from: ['active', 'suspended', 'expired'], to: 'revoked', template: 'certificate_revoked' },
} as const satisfies Record<string, { from: readonly CertificateStatus[]; to: CertificateStatus; template: string }>;
export type LifecycleAction = keyof typeof LIFECYCLE;

@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renderer: CertificatePdfRenderer,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly outlets: OutletsService,
    private readonly clock: Clock,
  ) {}

  private readonly logger = new Logger(CertificatesService.name);

  verifyUrl(agency: Pick<Agency, 'settings'>, code: string): string {
    return certificateVerifyUrl(agency.settings.certificate.publicBaseUrl, this.config.PUBLIC_BASE_URL, code);
  }

  /**
   * Issued inside the approving transaction. The counter row for the agency and year stays
   * locked until that transaction ends, so numbers are gapless and never reused, whichever
   * process approves; a rolled-back approval gives its number back.
   */
  /** `round`: the application's registration round, whose validity the certificate takes. */
  async issue(m: EntityManager, app: ApplicationRow, agency: Agency, actor: AuthUser, now: Date, round: (RoundValidity & { name: string }) | null = null): Promise<IssuedCertificate> {
    // Before a number is taken: settings stored before today's rules may not render (fixed by an admin).
    const problems = settingsProblems(agency.settings, agency.code);
    if (Object.keys(problems).length > 0) {
      throw renderFailed(`fix ${Object.keys(problems).join(', ')} in the agency settings`, problems);
    }
    const snapshot = app.snapshot!;
    const from = wibDate(now);
    const until = round ? roundValidUntil(round, from, validUntil) : validUntil(from, agency.settings.certificate.validityMonths);
    const ended = round && roundValidityEndedMessage(round.name, round, until, from);
    if (ended) throw new AppError('unprocessable', 'ROUND.VALIDITY_ENDED', ended, { validUntil: until, approvedOn: from });
    const year = Number(from.slice(0, 4));
    const [{ last: seq }] = (await m.query(
      `INSERT INTO certificate_counters (agency_id, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (agency_id, year) DO UPDATE SET last = certificate_counters.last + 1 RETURNING last`,
      [agency.id, year],
    )) as { last: number }[];
    const number = formatCertificateNumber(agency.settings.certificate.numberPattern, { seq, year, month: Number(from.slice(5, 7)), code: agency.code });
    const code = formatVerificationCode(randomBytes(10));
    const url = this.verifyUrl(agency, code);
    const o = snapshot.outlet;
    const chief = pickChiefEditor(snapshot.journalists);
    const data: CertificatePdfData = {
      agency: { name: agency.name.replace(/\s*\(demo\)$/, ''), region: `Provinsi ${agency.province}`, address: agency.address, city: agency.city },
      title: 'SERTIFIKAT KEMITRAAN MEDIA',
      subtitle: 'Media Partnership Certificate',
      certificate: { number, verificationCode: code, validFrom: from, validUntil: until, issuedAt: now.toISOString() },
      outlet: {
        legalName: o.legalName,
        brandName: o.brandName,
        mediaType: o.mediaType,
        website: o.website,
        office: o.office ? `${o.office.street}, ${o.office.city}, ${o.office.province}` : null,
      },
      pressCouncil: { status: o.pressCouncil.status, certificateNumber: o.pressCouncil.certificateNumber },
      chiefEditor: chief ? { name: chief.name, level: chief.competency?.revoked ? null : (chief.competency?.level ?? null) } : null,
      signatory: {
        name: agency.settings.certificate.signatoryName,
        title: agency.settings.certificate.signatoryTitle,
        nip: agency.settings.certificate.signatoryNip,
      },
      verifyUrl: url,
      grade: app.evaluation?.grade ?? null,
      demo: agency.isDemo,
    };
    const pdf = await this.render(agency, app, data);
    const stored = await this.storage.put('certificates', pdf);
    const [row] = (await m.query(
      `INSERT INTO certificates (agency_id, application_id, outlet_id, number, year, seq, verification_code, status, valid_from,
         valid_until, issued_at, outlet_name, data, pdf_storage_key, pdf_sha256, pdf_size, renewal_of, status_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9, $10, $11, $12, $13, $14, $15, $16, $10) RETURNING id`,
      [agency.id, app.id, app.outlet_id, number, year, seq, code, from, until, now, o.brandName, JSON.stringify({ ...data, logoKey: agency.settings.certificate.logoKey }), stored.key, stored.sha256, pdf.length, app.renewal_of],
    )) as { id: string }[];
    await this.audit.append(m, {
      agencyId: agency.id,
      actor,
      action: 'certificate.issued',
      entityType: 'certificate',
      entityId: row.id,
      summary: `Certificate ${number} issued to ${o.brandName}, valid ${from} to ${until}`,
      data: { applicationId: app.id, number, sha256: stored.sha256, validFrom: from, validUntil: until },
    });
    if (app.renewal_of) {
      const [[old]] = (await m.query(
        `UPDATE certificates SET status = 'superseded', superseded_by = $2, status_changed_at = $3, status_reason = $4
         WHERE id = $1 AND status IN ('active', 'expired', 'suspended') RETURNING number, verification_code`,
        [app.renewal_of, row.id, now, `Diperbarui dengan sertifikat ${number}`],
      )) as [{ number: string; verification_code: string }[], number];
      if (old) {
        await announceChange(m, { type: 'certificate.status', certificateId: app.renewal_of, agencyId: agency.id, verificationCode: old.verification_code, status: 'superseded' });
        await this.audit.append(m, {
          agencyId: agency.id,
          actor,
          action: 'certificate.superseded',
          entityType: 'certificate',
          entityId: app.renewal_of,
          summary: `Certificate ${old.number} superseded by renewal ${number}`,
          data: { supersededBy: row.id },
        });
      }
    }
    return { id: row.id, number, verificationCode: code, validFrom: from, validUntil: until, verifyUrl: url };
  }

  /**
   * Renders inside the approving transaction, before anything is written, so a failure refuses the
   * approval and rolls back its number. Whatever the cause, the error tells an admin what to fix.
   */
  private async render(agency: Agency, app: ApplicationRow, data: CertificatePdfData): Promise<Buffer> {
    let logo: Buffer | null;
    try {
      logo = await this.agencies.logo(agency);
    } catch (err) {
      this.logger.error(`Application ${app.id}: the logo of agency ${agency.id} could not be read: ${(err as Error).message}`);
      throw renderFailed('the stored logo could not be read; upload the logo again in the agency settings', { 'certificate.logo': 'could not be read' });
    }
    const logoIssue = logo ? await logoProblem(logo) : null;
    if (logoIssue) throw renderFailed('the stored logo cannot be printed; upload a new PNG logo in the agency settings', { 'certificate.logo': logoIssue });
    try {
      return await this.renderer.render({ ...data, agency: { ...data.agency, logoPng: logo } });
    } catch (err) {
      this.logger.error(`Application ${app.id}: certificate render failed: ${(err as Error).stack ?? String(err)}`);
      throw renderFailed('check the certificate settings (number pattern, signatory, logo) of the agency', { certificate: (err as Error).message });
    }
  }

  async list(
    auth: AuthUser,
    q: {
      status?: CertificateStatus;
      year?: number;
      reviewNeeded?: boolean;
      suspensionRequested?: boolean;
      outlet?: string;
      number?: string;
      cursor?: string;
      limit?: number;
    },
  ): Promise<Page<CertificateView>> {
    const limit = q.limit ?? 50;
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = [
      isStaff(auth) ? `c.agency_id = ${p(auth.agencyId)}` : `c.outlet_id IN (SELECT outlet_id FROM outlet_owners WHERE user_id = ${p(auth.id)})`,
    ];
    const today = wibDate(this.clock.now());
    if (q.status === 'expired') where.push(`(c.status = 'expired' OR (c.status = 'active' AND c.valid_until < ${p(today)}))`);
    else if (q.status === 'active') where.push(`c.status = 'active' AND c.valid_until >= ${p(today)}`);
    else if (q.status) where.push(`c.status = ${p(q.status)}`);
    if (q.year) where.push(`c.year = ${p(q.year)}`);
    if (q.outlet) where.push(`c.outlet_name ILIKE ${p(containsPattern(q.outlet))}`);
    if (q.number) where.push(`c.number ILIKE ${p(containsPattern(q.number))}`);
    if (q.reviewNeeded !== undefined || q.suspensionRequested) {
      const states = q.suspensionRequested ? `('suspension_requested')` : `('open', 'suspension_requested')`;
      where.push(`${q.reviewNeeded === false ? 'NOT ' : ''}EXISTS (SELECT 1 FROM certificate_reviews r WHERE r.certificate_id = c.id AND r.status IN ${states})`);
    }
    const cursor = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | null;
    if (cursor) {
      where.push(`(c.issued_at < ${p(cursor[0])}::timestamptz OR (c.issued_at = ${p(cursor[0])}::timestamptz AND c.id < ${p(cursor[1])}))`);
    }
    const rows = (await this.dataSource.query(
      `SELECT c.*, ${EXACT_TIME('c.issued_at')} AS issued_key, a.settings AS agency_settings, ${SCAN_COUNT_SQL}, ${OPEN_REVIEW_SQL} FROM certificates c JOIN agencies a ON a.id = c.agency_id
       WHERE ${where.join(' AND ')} ORDER BY c.issued_at DESC, c.id DESC LIMIT ${p(limit + 1)}`,
      params,
    )) as (CertificateRow & { issued_key: string; agency_settings: Agency['settings'] })[];
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => this.view(r, r.agency_settings)),
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].issued_key, page[page.length - 1].id]) : null,
    };
  }

  /** The years the caller's agency issued certificates in, newest first (the export's choices). */
  async issuedYears(auth: AuthUser): Promise<number[]> {
    if (!isStaff(auth)) return [];
    const rows = (await this.dataSource.query(`SELECT DISTINCT year FROM certificates WHERE agency_id = $1 ORDER BY year DESC`, [auth.agencyId])) as { year: number }[];
    return rows.map((r) => r.year);
  }

  /**
   * What happened to one certificate, oldest first, from the audit trail: issued, flagged, reviewed,
   * suspended, reinstated, revoked, superseded, expired. Downloads are left to the trail itself.
   */
  async history(auth: AuthUser, id: string): Promise<CertificateHistoryEntry[]> {
    const row = await this.findReadable(this.dataSource.manager, auth, id);
    const events = (await this.audit.forEntity(this.dataSource.manager, 'certificate', row.id)).filter((e) => e.action !== 'certificate.downloaded');
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((a): a is string => a !== null))];
    const names = new Map(
      ((await this.dataSource.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [actorIds])) as { id: string; name: string }[]).map((u) => [u.id, u.name]),
    );
    return events.map((e) => ({
      action: e.action.replace(/^certificate\./, ''),
      at: e.createdAt,
      actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
      actorRole: e.actorRole,
      reason: typeof e.data.reason === 'string' ? e.data.reason : null,
    }));
  }

  async get(auth: AuthUser, id: string): Promise<CertificateView> {
    const row = await this.findReadable(this.dataSource.manager, auth, id);
    const agency = await this.agencies.find(this.dataSource.manager, row.agency_id);
    return this.view(row, agency.settings);
  }

  /**
   * The stored bytes, identical on every download, streamed from the store (checked against their
   * SHA-256 on the way) and opened before the download is audited or any header sent; each
   * download is an audit event.
   */
  async pdf(auth: AuthUser, id: string): Promise<{ row: CertificateRow; stream: Readable; size: number }> {
    const row = await this.findReadable(this.dataSource.manager, auth, id);
    const file = await this.storage.open(row.pdf_storage_key).catch((err: unknown) => {
      if (err instanceof StoredFileUnavailable) this.logger.error(`certificate ${row.id}: stored PDF ${err.key} unavailable (${err.reason})`);
      throw err;
    });
    await inTransaction(this.dataSource, (m) =>
      this.audit.append(m, {
        agencyId: row.agency_id,
        actor: auth,
        action: 'certificate.downloaded',
        entityType: 'certificate',
        entityId: row.id,
        summary: `Certificate ${row.number} PDF downloaded by ${auth.role}`,
        data: { sha256: row.pdf_sha256 },
      }),
    ).catch((err: unknown) => {
      file.stream.destroy();
      throw err;
    });
    return { row, ...file };
  }

  async changeStatus(auth: AuthUser, id: string, action: LifecycleAction, reason: string): Promise<CertificateView> {
    const rule = LIFECYCLE[action];
    return inTransaction(this.dataSource, async (m) => {
      const [row] = (await m.query(`SELECT * FROM certificates WHERE id = $1 FOR UPDATE`, [id])) as CertificateRow[];
      if (!row || row.agency_id !== auth.agencyId) throw certificateNotFound();
      const now = this.clock.now();
      const current = effectiveStatus(row.status, row.valid_until, wibDate(now));
      if (!(rule.from as readonly string[]).includes(current)) {
        throw new AppError('conflict', 'CERTIFICATE.STATUS_CONFLICT', `A ${current} certificate cannot be ${action === 'suspend' ? 'suspended' : action === 'reinstate' ? 'reinstated' : 'revoked'}`, {
          status: current,
        });
      }
      if (action === 'reinstate' && row.valid_until < wibDate(now)) {
        throw new AppError('conflict', 'CERTIFICATE.EXPIRED', 'The certificate has expired meanwhile; it cannot be reinstated');
      }
      const [[updated]] = (await m.query(
        `UPDATE certificates c SET status = $2, status_reason = $3, status_changed_at = $4 WHERE id = $1 RETURNING c.*, ${SCAN_COUNT_SQL}`,
        [id, rule.to, reason, now],
      )) as [CertificateRow[], number];
      await this.audit.append(m, {
        agencyId: row.agency_id,
        actor: auth,
        action: `certificate.${action}`,
        entityType: 'certificate',
        entityId: id,
        summary: `Certificate ${row.number}: ${current} -> ${rule.to}; reason: ${reason}`,
        data: { from: current, to: rule.to, reason },
      });
      await announceChange(m, { type: 'certificate.status', certificateId: id, agencyId: row.agency_id, verificationCode: row.verification_code, status: rule.to });
      if (action !== 'reinstate') {
        // The approver's suspension or revocation settles an open re-validation review.
        await m.query(
          `UPDATE certificate_reviews SET status = 'closed', closed_at = $2, closed_reason = $3,
             decided_at = coalesce(decided_at, $2), decided_by = coalesce(decided_by, $4)
           WHERE certificate_id = $1 AND status IN ('open', 'suspension_requested')`,
          [id, now, `certificate ${rule.to}`, auth.id],
        );
      }
      const agency = await this.agencies.find(m, row.agency_id);
      const [outlet] = (await m.query(`SELECT brand_name, legal_name FROM outlets WHERE id = $1`, [row.outlet_id])) as { brand_name: string; legal_name: string }[];
      const owners = await this.outlets.ownerRecipients(m, row.outlet_id);
      const certificate = { number: row.number, validUntil: row.valid_until, verifyUrl: this.verifyUrl(agency, row.verification_code) };
      for (const o of owners) {
        await this.notifications.enqueue(m, {
          agencyId: row.agency_id,
          template: rule.template,
          to: { email: o.email, name: o.name, locale: o.locale },
          data: { outlet: { brandName: outlet.brand_name, legalName: outlet.legal_name }, certificate, ...(action === 'reinstate' ? {} : { reason }) } as never,
        });
      }
      return this.view(updated, agency.settings);
    });
  }

  private async findReadable(m: EntityManager, auth: AuthUser, id: string): Promise<CertificateRow> {
    const [row] = (await m.query(`SELECT c.*, ${SCAN_COUNT_SQL}, ${OPEN_REVIEW_SQL} FROM certificates c WHERE c.id = $1`, [id])) as CertificateRow[];
    if (!row) throw certificateNotFound();
    if (isStaff(auth)) {
      if (row.agency_id !== auth.agencyId) throw certificateNotFound();
    } else {
      const owns = (await m.query(`SELECT 1 FROM outlet_owners WHERE outlet_id = $1 AND user_id = $2`, [row.outlet_id, auth.id])) as unknown[];
      if (owns.length === 0) throw certificateNotFound();
    }
    return row;
  }

  view(r: CertificateRow, settings: Agency['settings']): CertificateView {
    return {
      id: r.id,
      agencyId: r.agency_id,
      applicationId: r.application_id,
      outletId: r.outlet_id,
      outletName: r.outlet_name,
      number: r.number,
      verificationCode: r.verification_code,
      status: effectiveStatus(r.status, r.valid_until, wibDate(this.clock.now())),
      statusReason: r.status_reason,
      statusChangedAt: r.status_changed_at?.toISOString() ?? null,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      issuedAt: r.issued_at.toISOString(),
      pdfSha256: r.pdf_sha256,
      pdfSize: r.pdf_size,
      renewalOf: r.renewal_of,
      supersededBy: r.superseded_by,
      verifyUrl: this.verifyUrl({ settings }, r.verification_code),
      scanCount: Number(r.scan_count),
      reviewNeeded: r.open_review
        ? {
            id: r.open_review.id,
            status: r.open_review.status,
            reasons: r.open_review.reasons,
            flaggedAt: new Date(r.open_review.flagged_at).toISOString(),
            flaggedByRun: r.open_review.flagged_by_run,
            suspensionRequestedBy: r.open_review.status === 'suspension_requested' ? r.open_review.decided_by : null,
            suspensionRequestReason: r.open_review.status === 'suspension_requested' ? r.open_review.decision_reason : null,
          }
        : null,
    };
  }
}

/** The chief editor (or else the person in charge) with the highest unrevoked level. */
function pickChiefEditor(journalists: readonly JournalistSnapshot[]): JournalistSnapshot | null {
  const rank = (j: JournalistSnapshot) => (j.competency && !j.competency.revoked ? COMPETENCY_LEVELS.indexOf(j.competency.level) : -1);
  for (const position of ['chief_editor', 'person_in_charge'] as const) {
    const heads = journalists.filter((j) => j.position === position).sort((a, b) => rank(b) - rank(a));
    if (heads.length > 0) return heads[0];
  }
  return null;
}
