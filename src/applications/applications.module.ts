import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutletsModule } from '../outlets/outlets.module';
import { RequirementsModule } from '../requirements/requirements.module';
import { RoundsModule } from '../rounds/rounds.module';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';

@Module({
  imports: [OutletsModule, RequirementsModule, CertificatesModule, NotificationsModule, RoundsModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService, ApplicationNotifier],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
