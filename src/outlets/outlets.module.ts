import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { RequirementsModule } from '../requirements/requirements.module';
import { StorageModule } from '../storage/storage.module';
import { DocumentsService } from './documents.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { NikCipher } from './nik-cipher';
import { OutletsController } from './outlets.controller';
import { OutletsService } from './outlets.service';

@Module({
  imports: [RequirementsModule, StorageModule, NotificationsModule],
  controllers: [OutletsController, InvitationsController],
  providers: [OutletsService, DocumentsService, InvitationsService, NikCipher],
  exports: [OutletsService, DocumentsService, InvitationsService, NikCipher],
})
export class OutletsModule {}
