import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutletsModule } from '../outlets/outlets.module';
import { StorageModule } from '../storage/storage.module';
import { CertificateExportService } from './certificate-export.service';
import { CertificatePdfRenderer } from './certificate-pdf.renderer';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { PublicController } from './public.controller';
import { PublicRegistryService } from './public-registry.service';
import { PublicVerificationService } from './public-verification.service';

@Module({
  imports: [StorageModule, NotificationsModule, OutletsModule],
  controllers: [CertificatesController, PublicController],
  providers: [
    CertificatesService,
    CertificateExportService,
    PublicVerificationService,
    PublicRegistryService,
    // One renderer for the process: the font is parsed once.
    { provide: CertificatePdfRenderer, useFactory: () => new CertificatePdfRenderer() },
  ],
  exports: [CertificatesService, CertificatePdfRenderer, PublicVerificationService, PublicRegistryService],
})
export class CertificatesModule {}
