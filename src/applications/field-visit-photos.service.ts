import { preparedQuery } from '../database/prepared';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import type { Upload } from '../common/multipart';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { FILE_STORAGE, type FileStorage } from '../storage/file-storage';
import { transitionFor, type ApplicationStatus } from './application-workflow';
import { storeEvidenceImage } from './evidence-image';
import { FieldVisitPhoto } from './field-visit-photo.entity';

export interface FieldVisitPhotoView {
  id: string;
  applicationId: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  uploadedBy: { id: string; name: string };
  uploadedAt: string;
  /** False until a pass_field decision takes the photo as its evidence. */
  attached: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** At most this many photos back one field visit. */
export const MAX_FIELD_VISIT_PHOTOS = 10;

export const photoNotFound = () => new AppError('not_found', 'FIELD_VISIT.PHOTO_NOT_FOUND', 'Photo not found');
const applicationNotFound = () => new AppError('not_found', 'APPLICATION.NOT_FOUND', 'Application not found');

const view = (p: FieldVisitPhoto, uploaderName: string): FieldVisitPhotoView => ({
  id: p.id,
  applicationId: p.applicationId,
  fileName: p.fileName,
  mimeType: p.mimeType,
  size: p.size,
  sha256: p.sha256,
  uploadedBy: { id: p.uploadedBy, name: uploaderName },
  uploadedAt: p.uploadedAt.toISOString(),
  attached: p.decisionId !== null,
});

/**
 * Photos as evidence of a field visit. The officer uploads them while the application is in
 * field verification (each checked like an attestation's screenshot, SHA-256 kept); pass_field
 * then names them and they are attached to that decision, in its transaction and audit event.
 */
@Injectable()
export class FieldVisitPhotosService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async upload(auth: AuthUser, applicationId: string, upload: Upload): Promise<FieldVisitPhotoView> {
    // The application first, so a stranger learns nothing about the form rules from the answer.
    await this.lockInFieldStage(this.dataSource.manager, auth, applicationId, false);
    const image = await storeEvidenceImage(
      this.storage,
      upload.file,
      this.config.UPLOAD_MAX_BYTES,
      { codePrefix: 'FIELD_VISIT', codeNoun: 'PHOTO', noun: 'photo' },
      { namespace: 'field-visits', fallbackName: 'foto' },
    );
    return inTransaction(this.dataSource, async (m) => {
      const app = await this.lockInFieldStage(m, auth, applicationId, true);
      const repo = m.getRepository(FieldVisitPhoto);
      const saved = await repo.save(
        repo.create({
          applicationId,
          agencyId: app.agency_id,
          decisionId: null,
          ...image,
          uploadedBy: auth.id,
          uploadedAt: this.clock.now(),
        }),
      );
      await this.audit.append(m, {
        agencyId: app.agency_id,
        actor: auth,
        action: 'application.field_visit_photo_uploaded',
        entityType: 'application',
        entityId: applicationId,
        summary: `${app.reference}: field visit photo ${saved.fileName} uploaded (${saved.size} bytes)`,
        data: { photoId: saved.id, sha256: saved.sha256, size: saved.size, mimeType: saved.mimeType },
      });
      return view(saved, auth.name);
    });
  }

  /**
   * Inside pass_field's transaction: the named photos become the decision's evidence. Each must be
   * a pending photo of this application; anything else refuses the whole decision.
   */
  async attach(m: EntityManager, applicationId: string, decisionId: string, photoIds: readonly string[]): Promise<{ id: string; sha256: string }[]> {
    const ids = [...new Set(photoIds)];
    if (ids.length === 0) return [];
    if (ids.length > MAX_FIELD_VISIT_PHOTOS) {
      throw new AppError('validation', 'FIELD_VISIT.TOO_MANY_PHOTOS', `A field visit takes at most ${MAX_FIELD_VISIT_PHOTOS} photos`, { 'fieldVisit.photoIds': `at most ${MAX_FIELD_VISIT_PHOTOS}` });
    }
    const repo = m.getRepository(FieldVisitPhoto);
    const found = await repo.find({ where: { id: In(ids), applicationId, decisionId: IsNull() }, lock: { mode: 'pessimistic_write' } });
    const missing = ids.filter((id) => !found.some((p) => p.id === id));
    if (missing.length > 0) {
      throw new AppError('unprocessable', 'FIELD_VISIT.UNKNOWN_PHOTO', 'Attach only photos uploaded for this application and not yet used by a decision', {
        'fieldVisit.photoIds': `unknown or already attached: ${missing.join(', ')}`,
      });
    }
    await repo.update({ id: In(ids) }, { decisionId });
    return found.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id)).map((p) => ({ id: p.id, sha256: p.sha256 }));
  }

  /** The photos of an application (attached ones; for staff also the given pending ones), oldest first. */
  async forApplication(m: EntityManager, applicationId: string, pendingIds: readonly string[] = []): Promise<FieldVisitPhotoView[]> {
    // Prepared, on every application page: the query builder's statement was parsed and planned each time.
    const rows = await preparedQuery<FieldVisitPhoto & { uploaderName: string }>(
      m,
      'application-field-visit-photos',
      `SELECT p.id, p.application_id AS "applicationId", p.agency_id AS "agencyId", p.decision_id AS "decisionId", p.file_name AS "fileName",
         p.mime_type AS "mimeType", p.size, p.sha256, p.storage_key AS "storageKey", p.uploaded_by AS "uploadedBy", p.uploaded_at AS "uploadedAt",
         u.name AS "uploaderName"
       FROM field_visit_photos p LEFT JOIN users u ON u.id = p.uploaded_by
       WHERE p.application_id = $1 AND (p.decision_id IS NOT NULL OR p.id = ANY($2::uuid[]))
       ORDER BY p.uploaded_at, p.id`,
      [applicationId, [...pendingIds]],
    );
    return rows.map((p) => view(p, p.uploaderName));
  }

  /** Pending photos the caller uploaded for the visit form, to show again after a refused submit. */
  async pending(auth: AuthUser, applicationId: string, ids: readonly string[]): Promise<FieldVisitPhotoView[]> {
    const wanted = ids.filter((id) => UUID.test(id));
    if (!isStaff(auth) || wanted.length === 0) return [];
    const [app] = (await this.dataSource.query(`SELECT agency_id FROM applications WHERE id = $1`, [applicationId])) as { agency_id: string }[];
    if (app?.agency_id !== auth.agencyId) return [];
    const all = await this.forApplication(this.dataSource.manager, applicationId, wanted);
    return all.filter((p) => !p.attached && wanted.includes(p.id));
  }

  /** The photo as stored; staff of the agency only, each read audited like a screenshot's. */
  async content(auth: AuthUser, applicationId: string, photoId: string): Promise<{ fileName: string; mimeType: string; sha256: string; content: Buffer }> {
    if (!isStaff(auth)) throw photoNotFound();
    const photo = await this.dataSource.getRepository(FieldVisitPhoto).findOneBy({ id: photoId, applicationId });
    if (!photo || photo.agencyId !== auth.agencyId) throw photoNotFound();
    const content = await this.storage.readBuffer(photo.storageKey);
    await inTransaction(this.dataSource, (m) =>
      this.audit.append(m, {
        agencyId: photo.agencyId,
        actor: auth,
        action: 'application.field_visit_photo_downloaded',
        entityType: 'application',
        entityId: applicationId,
        summary: `Field visit photo ${photo.fileName} read by ${auth.role}`,
        data: { photoId, sha256: photo.sha256 },
      }),
    );
    return { fileName: photo.fileName, mimeType: photo.mimeType, sha256: photo.sha256, content };
  }

  private async lockInFieldStage(m: EntityManager, auth: AuthUser, applicationId: string, lock: boolean): Promise<{ agency_id: string; reference: string }> {
    if (!isStaff(auth)) throw applicationNotFound();
    const [app] = (await m.query(`SELECT agency_id, status, reference FROM applications WHERE id = $1 ${lock ? 'FOR SHARE' : ''}`, [applicationId])) as {
      agency_id: string;
      status: ApplicationStatus;
      reference: string;
    }[];
    if (!app || app.agency_id !== auth.agencyId || app.status === 'draft') throw applicationNotFound();
    const transition = transitionFor(app.status, 'pass_field');
    if (!transition) {
      throw new AppError('conflict', 'FIELD_VISIT.NOT_IN_FIELD_STAGE', `Field visit photos are taken while the application is in field verification; it is ${app.status}`, {
        status: app.status,
      });
    }
    if (transition.role !== auth.role) throw new AppError('forbidden', 'APPLICATION.ROLE_NOT_ALLOWED', `Only the ${transition.role} records the field visit`);
    return app;
  }
}
