import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { inTransaction } from '../database/transaction';
import { NotificationsService } from '../notifications/notifications.service';
import { certificateVerifyUrl } from './certificate-number';
import { CertificateReview, type ReviewReason, type ReviewStatus } from './certificate-review.entity';
import { certificateNotFound } from './certificates.service';

export const REVIEW_DECISIONS = ['keep', 'request_suspension'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface CertificateReviewView {
  id: string;
  certificateId: string;
  status: ReviewStatus;
  reasons: ReviewReason[];
  flaggedAt: string;
  flaggedByRun: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
}

export const reviewView = (r: CertificateReview): CertificateReviewView => ({
  id: r.id,
  certificateId: r.certificateId,
  status: r.status,
  reasons: r.reasons,
  flaggedAt: new Date(r.flaggedAt).toISOString(),
  flaggedByRun: r.flaggedByRun,
  decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
  decidedBy: r.decidedBy,
  decisionReason: r.decisionReason,
});

/**
 * An officer's answer to a re-validation flag: keep the certificate (the flag clears, and the same
 * findings are not raised again) or ask the approver to suspend it. The suspension itself is the
 * approver's, through the certificate's suspend action, which closes the review.
 */
@Injectable()
export class CertificateReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async decide(auth: AuthUser, certificateId: string, decision: ReviewDecision, reason: string): Promise<CertificateReviewView> {
    return inTransaction(this.dataSource, async (m) => {
      const [cert] = (await m.query(
        `SELECT c.id, c.agency_id, c.number, c.verification_code, o.brand_name, o.legal_name,
           a.settings -> 'certificate' ->> 'publicBaseUrl' AS public_base_url
         FROM certificates c JOIN outlets o ON o.id = c.outlet_id JOIN agencies a ON a.id = c.agency_id WHERE c.id = $1`,
        [certificateId],
      )) as { id: string; agency_id: string; number: string; verification_code: string; brand_name: string; legal_name: string; public_base_url: string | null }[];
      if (!cert || cert.agency_id !== auth.agencyId) throw certificateNotFound();
      const now = this.clock.now();
      // Conditional on the review still being open: a second click, or a colleague's, finds nothing to decide.
      const to: ReviewStatus = decision === 'keep' ? 'kept' : 'suspension_requested';
      const [[updated]] = (await m.query(
        `UPDATE certificate_reviews SET status = $2, decided_at = $3, decided_by = $4, decision_reason = $5
         WHERE certificate_id = $1 AND status = 'open' RETURNING *`,
        [certificateId, to, now, auth.id, reason],
      )) as [Record<string, unknown>[], number];
      if (!updated) {
        const pending = await this.openReview(m, certificateId);
        throw new AppError(
          'conflict',
          'CERTIFICATE.REVIEW_NOT_OPEN',
          pending ? 'The suspension of this certificate has already been requested; the approver decides' : 'This certificate has no open review',
          { review: pending ? pending.status : 'none' },
        );
      }
      const review = await m.getRepository(CertificateReview).findOneByOrFail({ id: updated.id as string });
      await this.audit.append(m, {
        agencyId: cert.agency_id,
        actor: auth,
        action: decision === 'keep' ? 'certificate.review_kept' : 'certificate.suspension_requested',
        entityType: 'certificate',
        entityId: cert.id,
        summary:
          decision === 'keep'
            ? `Certificate ${cert.number} kept after review; reason: ${reason}`
            : `Suspension of certificate ${cert.number} requested from the approver; reason: ${reason}`,
        data: { reviewId: review.id, decision, reason },
      });
      if (decision === 'request_suspension') {
        await this.notifications.enqueueForAgencyRole(
          m,
          cert.agency_id,
          'approver',
          'certificate_suspension_requested',
          {
            outlet: { brandName: cert.brand_name, legalName: cert.legal_name },
            certificate: { number: cert.number, verifyUrl: certificateVerifyUrl(cert.public_base_url, this.config.PUBLIC_BASE_URL, cert.verification_code) },
            officer: { name: auth.name },
            reason,
            reviewUrl: `${this.config.PUBLIC_BASE_URL}/sertifikat/${cert.id}`,
          },
          { dedupeKey: (approverId) => `suspension-request:${review.id}:${approverId}` },
        );
      }
      return reviewView(review);
    });
  }

  openReview(m: EntityManager, certificateId: string): Promise<CertificateReview | null> {
    return m
      .getRepository(CertificateReview)
      .createQueryBuilder('r')
      .where('r.certificate_id = :certificateId', { certificateId })
      .andWhere(`r.status IN ('open', 'suspension_requested')`)
      .getOne();
  }
}
