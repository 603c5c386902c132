import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Agency } from '../agencies/agency.entity';
import type { IssuedCertificate } from '../certificates/certificates.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { OutletsService } from '../outlets/outlets.service';
import type { ApplicationRow } from './applications.service';
import type { ApplicationAction, ApplicationStatus } from './application-workflow';

/**
 * Which mail each workflow step causes, to whom. Written through the acting transaction, so a
 * rolled-back action sends nothing and a committed one cannot lose its mail.
 */
@Injectable()
export class ApplicationNotifier {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly outlets: OutletsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async afterAction(
    m: EntityManager,
    e: { app: ApplicationRow; action: ApplicationAction; from: ApplicationStatus; reason: string | null; certificate: IssuedCertificate | null; agency: Agency },
  ): Promise<void> {
    const { app } = e;
    const [outlet] = (await m.query(`SELECT brand_name, legal_name FROM outlets WHERE id = $1`, [app.outlet_id])) as {
      brand_name: string;
      legal_name: string;
    }[];
    const base = {
      outlet: { brandName: outlet.brand_name, legalName: outlet.legal_name },
      application: { id: app.id, reference: app.reference, submittedAt: (app.submitted_at ?? app.created_at).toISOString() },
    };
    const reviewUrl = `${this.config.PUBLIC_BASE_URL}/permohonan/${app.id}`;
    const toOwners = async (template: Parameters<NotificationsService['enqueue']>[1]['template'], data: Record<string, unknown>, attachCertificateId?: string) => {
      for (const o of await this.outlets.ownerRecipients(m, app.outlet_id)) {
        await this.notifications.enqueue(m, {
          agencyId: app.agency_id,
          template,
          to: { email: o.email, name: o.name, locale: o.locale },
          data: data as never,
          attachCertificateId,
        });
      }
    };

    switch (e.action) {
      case 'submit': {
        const dueAt = app.due_at!.toISOString();
        if (e.from === 'revision_requested') {
          await this.notifications.enqueueForAgencyOfficers(m, app.agency_id, 'application_resubmitted', { ...base, reviewUrl } as never);
        } else {
          await toOwners('application_submitted', { ...base, dueAt });
          await this.notifications.enqueueForAgencyOfficers(m, app.agency_id, 'application_submitted_staff', { ...base, dueAt, reviewUrl } as never);
        }
        return;
      }
      case 'request_revision':
        await toOwners('revision_requested', { ...base, reason: e.reason });
        return;
      case 'reject':
        await toOwners('application_rejected', { ...base, reason: e.reason });
        return;
      case 'approve': {
        const c = e.certificate!;
        await toOwners(
          'application_approved',
          {
            ...base,
            certificate: {
              number: c.number,
              validFrom: c.validFrom,
              validUntil: c.validUntil,
              // The certificate page: asks for login in a browser, then offers the PDF.
              certificateUrl: `${this.config.PUBLIC_BASE_URL}/sertifikat/${c.id}`,
              verifyUrl: c.verifyUrl,
            },
          },
          c.id,
        );
        return;
      }
      case 'pass_administrative':
      case 'pass_field':
      case 'withdraw':
      case 'uphold_appeal':
        return;
    }
  }
}
