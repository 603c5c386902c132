import { preparedQuery } from '../database/prepared';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import type { Upload } from '../common/multipart';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import type { Evaluation } from '../requirements/rule-engine';
import { FILE_STORAGE, type FileStorage } from '../storage/file-storage';
import { ApplicationAttestation } from './application-attestation.entity';
import { isStaffStage, type ApplicationStatus } from './application-workflow';
import { storeEvidenceImage } from './evidence-image';

export interface AttestationView {
  id: string;
  applicationId: string;
  ruleId: string;
  lookupUrl: string;
  lookedUpAt: string;
  observed: string;
  screenshot: { fileName: string; mimeType: string; size: number; sha256: string };
  recordedBy: { id: string; name: string };
  recordedAt: string;
}

const invalid = (message: string, errors: Record<string, string>) => new AppError('validation', 'ATTESTATION.INVALID', message, errors);
export const attestationNotFound = () => new AppError('not_found', 'ATTESTATION.NOT_FOUND', 'Attestation not found');

export const attestationView = (a: ApplicationAttestation, recorderName: string): AttestationView => ({
  id: a.id,
  applicationId: a.applicationId,
  ruleId: a.ruleId,
  lookupUrl: a.lookupUrl,
  lookedUpAt: a.lookedUpAt.toISOString(),
  observed: a.observed,
  screenshot: { fileName: a.screenshotFileName, mimeType: a.screenshotMimeType, size: a.screenshotSize, sha256: a.screenshotSha256 },
  recordedBy: { id: a.recordedBy, name: recorderName },
  recordedAt: a.recordedAt.toISOString(),
});

interface Fields {
  ruleId: string;
  lookupUrl: string;
  lookedUpAt: Date;
  observed: string;
}

/** The text fields of the form, every problem named at once. */
function readFields(raw: Record<string, string>, now: Date): Fields {
  const errors: Record<string, string> = {};
  const ruleId = (raw.ruleId ?? '').trim();
  if (!ruleId) errors.ruleId = 'required';
  else if (ruleId.length > 100) errors.ruleId = 'at most 100 characters';
  const lookupUrl = (raw.lookupUrl ?? '').trim();
  let url: URL | null = null;
  try {
    url = new URL(lookupUrl);
  } catch {
    errors.lookupUrl = lookupUrl ? 'must be a URL' : 'required';
  }
  if (url && (url.protocol !== 'https:' || !url.hostname)) errors.lookupUrl = 'must be an https URL';
  else if (lookupUrl.length > 2000) errors.lookupUrl = 'at most 2000 characters';
  const lookedUpRaw = (raw.lookedUpAt ?? '').trim();
  // An instant with its zone: "when" must not depend on the server's time zone.
  const lookedUpAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(lookedUpRaw) ? new Date(lookedUpRaw) : null;
  if (!lookedUpRaw) errors.lookedUpAt = 'required';
  else if (!lookedUpAt || Number.isNaN(lookedUpAt.getTime())) errors.lookedUpAt = 'must be an ISO 8601 instant with a time zone, e.g. 2026-12-01T09:30:00+07:00';
  else if (lookedUpAt.getTime() > now.getTime()) errors.lookedUpAt = 'must not be in the future';
  const observed = (raw.observed ?? '').trim();
  if (!observed) errors.observed = 'required';
  else if (observed.length > 4000) errors.observed = 'at most 4000 characters';
  if (Object.keys(errors).length > 0) throw invalid('The attestation is incomplete or invalid', errors);
  return { ruleId, lookupUrl, lookedUpAt: lookedUpAt!, observed };
}

/**
 * Evidence for a check that has no API (the Dewan Pers data portal, the AHU register): an officer
 * records the lookup, when it was made, what was seen and a screenshot, so an auditor can replay
 * the decision. The screenshot passes the same content checks as an outlet's documents.
 */
@Injectable()
export class AttestationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async record(auth: AuthUser, applicationId: string, upload: Upload): Promise<AttestationView> {
    if (!isStaff(auth)) throw attestationNotFound();
    const now = this.clock.now();
    // The application first, so a stranger learns nothing about the form rules from the answer.
    await this.lockUnderReview(this.dataSource.manager, auth, applicationId, false);
    const fields = readFields(upload.fields, now);
    const image = await storeEvidenceImage(
      this.storage,
      upload.file,
      this.config.UPLOAD_MAX_BYTES,
      { codePrefix: 'ATTESTATION', codeNoun: 'SCREENSHOT', noun: 'screenshot' },
      { namespace: 'attestations', fallbackName: 'screenshot' },
    );
    return inTransaction(this.dataSource, async (m) => {
      const app = await this.lockUnderReview(m, auth, applicationId, true);
      const ruleIds = (app.evaluation?.results ?? []).map((r) => r.ruleId);
      if (!ruleIds.includes(fields.ruleId)) {
        throw new AppError('unprocessable', 'ATTESTATION.UNKNOWN_RULE', `Rule ${fields.ruleId} was not part of this application's evaluation`, {
          ruleId: `one of ${ruleIds.join(', ')}`,
        });
      }
      const repo = m.getRepository(ApplicationAttestation);
      const saved = await repo.save(
        repo.create({
          applicationId,
          agencyId: app.agency_id,
          ruleId: fields.ruleId,
          lookupUrl: fields.lookupUrl,
          lookedUpAt: fields.lookedUpAt,
          observed: fields.observed,
          screenshotFileName: image.fileName,
          screenshotMimeType: image.mimeType,
          screenshotSize: image.size,
          screenshotSha256: image.sha256,
          screenshotStorageKey: image.storageKey,
          recordedBy: auth.id,
          recordedAt: now,
        }),
      );
      await this.audit.append(m, {
        agencyId: app.agency_id,
        actor: auth,
        action: 'application.attestation_recorded',
        entityType: 'application',
        entityId: applicationId,
        summary: `Attestation for rule ${fields.ruleId}: ${fields.lookupUrl} looked up at ${fields.lookedUpAt.toISOString()}`,
        data: { attestationId: saved.id, ruleId: fields.ruleId, lookupUrl: fields.lookupUrl, lookedUpAt: fields.lookedUpAt.toISOString(), sha256: image.sha256 },
      });
      return attestationView(saved, auth.name);
    });
  }

  /** Attestations of an application, oldest first, for its detail view. */
  async forApplication(m: EntityManager, applicationId: string): Promise<AttestationView[]> {
    // Prepared, on every application page: the query builder's statement was parsed and planned each time.
    const rows = await preparedQuery<ApplicationAttestation & { recorderName: string }>(
      m,
      'application-attestations',
      `SELECT a.id, a.application_id AS "applicationId", a.agency_id AS "agencyId", a.rule_id AS "ruleId", a.lookup_url AS "lookupUrl",
         a.looked_up_at AS "lookedUpAt", a.observed, a.screenshot_file_name AS "screenshotFileName", a.screenshot_mime_type AS "screenshotMimeType",
         a.screenshot_size AS "screenshotSize", a.screenshot_sha256 AS "screenshotSha256", a.screenshot_storage_key AS "screenshotStorageKey",
         a.recorded_by AS "recordedBy", a.recorded_at AS "recordedAt", u.name AS "recorderName"
       FROM application_attestations a LEFT JOIN users u ON u.id = a.recorded_by
       WHERE a.application_id = $1 ORDER BY a.recorded_at, a.id`,
      [applicationId],
    );
    return rows.map((a) => attestationView(a, a.recorderName));
  }

  /** The screenshot as stored; staff of the agency only, each read audited. */
  async screenshot(
    auth: AuthUser,
    applicationId: string,
    attestationId: string,
  ): Promise<{ fileName: string; mimeType: string; sha256: string; content: Buffer }> {
    if (!isStaff(auth)) throw attestationNotFound();
    const attestation = await this.dataSource.getRepository(ApplicationAttestation).findOneBy({ id: attestationId, applicationId });
    if (!attestation || attestation.agencyId !== auth.agencyId) throw attestationNotFound();
    const content = await this.storage.readBuffer(attestation.screenshotStorageKey);
    await inTransaction(this.dataSource, (m) =>
      this.audit.append(m, {
        agencyId: attestation.agencyId,
        actor: auth,
        action: 'application.attestation_downloaded',
        entityType: 'application',
        entityId: applicationId,
        summary: `Attestation screenshot for rule ${attestation.ruleId} read by ${auth.role}`,
        data: { attestationId, sha256: attestation.screenshotSha256 },
      }),
    );
    return { fileName: attestation.screenshotFileName, mimeType: attestation.screenshotMimeType, sha256: attestation.screenshotSha256, content };
  }

  private async lockUnderReview(
    m: EntityManager,
    auth: AuthUser & { agencyId: string },
    applicationId: string,
    lock: boolean,
  ): Promise<{ agency_id: string; status: ApplicationStatus; evaluation: Evaluation | null }> {
    const [app] = (await m.query(`SELECT agency_id, status, evaluation FROM applications WHERE id = $1 ${lock ? 'FOR SHARE' : ''}`, [applicationId])) as {
      agency_id: string;
      status: ApplicationStatus;
      evaluation: Evaluation | null;
    }[];
    if (!app || app.agency_id !== auth.agencyId || app.status === 'draft') {
      throw new AppError('not_found', 'APPLICATION.NOT_FOUND', 'Application not found');
    }
    if (!isStaffStage(app.status)) {
      throw new AppError('conflict', 'ATTESTATION.NOT_UNDER_REVIEW', `Evidence is recorded while the application is under review; it is ${app.status}`, { status: app.status });
    }
    return app;
  }
}
