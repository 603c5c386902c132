import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutletsModule } from '../outlets/outlets.module';
import { RequirementsModule } from '../requirements/requirements.module';
import { StorageModule } from '../storage/storage.module';
import { CertificateExportService } from './certificate-export.service';
import { CertificatePdfRenderer } from './certificate-pdf.renderer';
import { CertificateRevalidationJob } from './certificate-revalidation.job';
import { CertificateReviewsService } from './certificate-reviews.service';
import { CertificatesController } from './certificates.controller';
import { CertificatePreviewService } from './certificate-preview.service';
import { CertificatesService } from './certificates.service';
import { PublicController } from './public.controller';
import { PublicRegistryService } from './public-registry.service';
import { PublicVerificationService } from './public-verification.service';

@Module({
  imports: [StorageModule, NotificationsModule, OutletsModule, RequirementsModule],
  controllers: [CertificatesController, PublicController],
  providers: [
    CertificatesService,
    CertificatePreviewService,
    CertificateExportService,
    CertificateReviewsService,
    CertificateRevalidationJob,
    PublicVerificationService,
    PublicRegistryService,
    // One renderer for the process: the font is parsed once.
    { provide: CertificatePdfRenderer, useFactory: () => new CertificatePdfRenderer() },
  ],
  exports: [
    CertificatesService,
    CertificatePreviewService,
    CertificatePdfRenderer,
    PublicVerificationService,
    PublicRegistryService,
    CertificateRevalidationJob,
    CertificateReviewsService,
    CertificateExportService,
  ],
})
export class CertificatesModule {}
