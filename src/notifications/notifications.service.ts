import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import {
  MailTemplates,
  type MailAgency,
  type MailCommonData,
  type MailLocale,
  type MailTemplateData,
  type MailTemplateName,
} from './mail-templates';
import { newMessageId } from './mail.transport';

/** What the caller gives a template: everything but the agency, recipient and app URL, filled in at send time. */
export type NotificationData<N extends MailTemplateName> = Omit<MailTemplateData[N], keyof MailCommonData>;

export interface NotificationRecipient {
  email: string;
  name: string;
  locale: MailLocale;
}

export interface Notification<N extends MailTemplateName> {
  /** Whose mail it is: the sender shown, and whose admins see it in the outbox. */
  agencyId: string | null;
  template: N;
  to: NotificationRecipient;
  data: NotificationData<N>;
  /** Attach this certificate's PDF (read from storage when sent). */
  attachCertificateId?: string;
  /** A second enqueue with the same key is silently dropped: "each mail once" across processes. */
  dedupeKey?: string;
}

export interface StaffFanOut {
  /** Per-recipient dedupe key, e.g. a daily digest. */
  dedupeKey?: (userId: string) => string;
}

/** Signature shown when a mail has no agency, and used to check templates at enqueue. */
export const SYSTEM_AGENCY: MailAgency = { name: 'Mitra Media', email: '-', phone: '-', address: '-' };

/** The full data a template renders with: the stored part plus the fields fixed at send time. */
export function mailData<N extends MailTemplateName>(
  data: NotificationData<N>,
  common: MailCommonData,
): MailTemplateData[N] {
  return { ...data, ...common } as MailTemplateData[N];
}

/**
 * Records mail in the caller's transaction, so a notification exists exactly when the change that
 * causes it commits; the outbox worker delivers it afterwards.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly templates: MailTemplates,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async enqueue<N extends MailTemplateName>(m: EntityManager, n: Notification<N>): Promise<void> {
    this.assertRenders(n);
    await m.query(
      `INSERT INTO outbox (agency_id, template, locale, recipient_email, recipient_name, data, attach_certificate_id,
         message_id, dedupe_key, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
       ${n.dedupeKey === undefined ? '' : 'ON CONFLICT (dedupe_key) DO NOTHING'}`,
      [
        n.agencyId,
        n.template,
        n.to.locale,
        n.to.email,
        n.to.name,
        JSON.stringify(n.data),
        n.attachCertificateId ?? null,
        newMessageId(),
        n.dedupeKey ?? null,
        this.clock.now(),
      ],
    );
  }

  /** One mail to each active officer of the agency, in the officer's language; returns how many officers. */
  enqueueForAgencyOfficers<N extends MailTemplateName>(
    m: EntityManager,
    agencyId: string,
    template: N,
    data: NotificationData<N>,
    options: StaffFanOut = {},
  ): Promise<number> {
    return this.enqueueForAgencyRole(m, agencyId, 'officer', template, data, options);
  }

  /** One mail to each active staff member of the agency in that role, in their language; returns how many. */
  async enqueueForAgencyRole<N extends MailTemplateName>(
    m: EntityManager,
    agencyId: string,
    role: 'officer' | 'approver',
    template: N,
    data: NotificationData<N>,
    options: StaffFanOut = {},
  ): Promise<number> {
    const staff = (await m.query(
      `SELECT id, email, name, locale FROM users WHERE agency_id = $1 AND role = $2 AND active ORDER BY id`,
      [agencyId, role],
    )) as { id: string; email: string; name: string; locale: MailLocale }[];
    for (const user of staff) {
      await this.enqueue(m, {
        agencyId,
        template,
        to: { email: user.email, name: user.name, locale: user.locale },
        data,
        dedupeKey: options.dedupeKey?.(user.id),
      });
    }
    return staff.length;
  }

  /**
   * A payload the template cannot render would otherwise only surface when the worker parks the
   * mail; throwing here fails the causing transaction, where a test or a developer sees it.
   */
  private assertRenders<N extends MailTemplateName>(n: Notification<N>): void {
    const common: MailCommonData = { agency: SYSTEM_AGENCY, recipient: { name: n.to.name }, appUrl: this.config.PUBLIC_BASE_URL };
    try {
      this.templates.render(n.template, n.to.locale, mailData<N>(n.data, common));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`notification ${n.template} cannot be rendered with the given data: ${message}`, { cause: error });
    }
  }
}
