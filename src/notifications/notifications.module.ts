import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { StorageModule } from '../storage/storage.module';
import { MailTemplates } from './mail-templates';
import { createMailTransport, type MailTransport } from './mail.transport';
import { NotificationScheduler } from './notification-scheduler';
import { NotificationsService } from './notifications.service';
import { OutboxAdminService } from './outbox-admin.service';
import { OutboxController } from './outbox.controller';
import { MAIL_TRANSPORT, OutboxWorker } from './outbox.worker';

/** Mail: enqueue in the caller's transaction, deliver from the outbox, time-driven reminders. */
@Module({
  imports: [StorageModule],
  controllers: [OutboxController],
  providers: [
    { provide: MailTemplates, useFactory: () => new MailTemplates() },
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): MailTransport => createMailTransport(config.SMTP_URL, config.DATA_DIR),
    },
    NotificationsService,
    OutboxWorker,
    NotificationScheduler,
    OutboxAdminService,
  ],
  exports: [NotificationsService, OutboxWorker, NotificationScheduler, OutboxAdminService],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_TRANSPORT) private readonly transport: MailTransport) {}

  /** After the worker stopped (beforeApplicationShutdown), so no send is cut off. */
  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
