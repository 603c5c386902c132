import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutletsModule } from '../outlets/outlets.module';
import { RequirementsModule } from '../requirements/requirements.module';
import { StorageModule } from '../storage/storage.module';
import { RoundsModule } from '../rounds/rounds.module';
import { ApplicationNotifier } from './application-notifier';
import { ApplicationsController } from './applications.controller';
import { ApplicationsService } from './applications.service';
import { AttestationsService } from './attestations.service';
import { FieldVisitPhotosService } from './field-visit-photos.service';

@Module({
  imports: [OutletsModule, RequirementsModule, CertificatesModule, NotificationsModule, StorageModule, RoundsModule],
  controllers: [ApplicationsController],
  providers: [ApplicationsService, ApplicationNotifier, AttestationsService, FieldVisitPhotosService],
  exports: [ApplicationsService, AttestationsService, FieldVisitPhotosService],
})
export class ApplicationsModule {}
