import { Module } from '@nestjs/common';
import { RequirementsModule } from '../requirements/requirements.module';
import { StorageModule } from '../storage/storage.module';
import { DocumentsService } from './documents.service';
import { NikCipher } from './nik-cipher';
import { OutletsController } from './outlets.controller';
import { OutletsService } from './outlets.service';

@Module({
  imports: [RequirementsModule, StorageModule],
  controllers: [OutletsController],
  providers: [OutletsService, DocumentsService, NikCipher],
  exports: [OutletsService, NikCipher],
})
export class OutletsModule {}
