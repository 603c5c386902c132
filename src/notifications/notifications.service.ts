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
import { preparedQuery } from '../database/prepared';

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
    if (staff.length === 0) return 0;
    for (const user of staff) this.assertRenders({ agencyId, template, to: { email: user.email, name: user.name, locale: user.locale }, data });
    // One statement for all of them (a submission mails every officer of the agency).
    await preparedQuery(
      m,
      'outbox-staff-fan-out',
      `INSERT INTO outbox (agency_id, template, locale, recipient_email, recipient_name, data, attach_certificate_id,
         message_id, dedupe_key, next_attempt_at)
       SELECT $1, $2, r.locale, r.email, r.name, $3::jsonb, NULL, r.message_id, r.dedupe_key, $4
       FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS r(locale, email, name, message_id, dedupe_key, n)
       ORDER BY r.n
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        agencyId,
        template,
        JSON.stringify(data),
        this.clock.now(),
        staff.map((u) => u.locale),
        staff.map((u) => u.email),
        staff.map((u) => u.name),
        staff.map(() => newMessageId()),
        staff.map((u) => options.dedupeKey?.(u.id) ?? null),
      ],
    );
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
