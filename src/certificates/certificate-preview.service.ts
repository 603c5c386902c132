import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { agencyNotFound, AgenciesService, effectiveSettings } from '../agencies/agencies.service';
import { logoProblem } from '../agencies/logo-image';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { wibDate } from '../common/wib-calendar';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { certificateVerifyUrl, formatCertificateNumber, validUntil } from './certificate-number';
import { CertificatePdfRenderer } from './certificate-pdf.renderer';

/** The sample's verification code: not a real one (real codes are random), and the face says "not valid". */
const SAMPLE_CODE = 'CONT-OHXX-XXXX-XXXX';

/**
 * A sample certificate of the agency as the next one would be printed: the stored logo and
 * settings, through the one certificate renderer, for an admin to check the logo before a real
 * certificate carries it. Marked as demo, so the sample itself says it is not valid.
 */
@Injectable()
export class CertificatePreviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agencies: AgenciesService,
    private readonly renderer: CertificatePdfRenderer,
    private readonly clock: Clock,
  ) {}

  async samplePdf(auth: AuthUser, agencyId: string): Promise<Buffer> {
    if (auth.agencyId !== agencyId) throw agencyNotFound();
    const agency = await this.agencies.find(this.dataSource.manager, agencyId);
    const settings = effectiveSettings(agency.settings);
    const logo = await this.agencies.logo({ ...agency, settings }).catch(() => null);
    const logoPng = logo && !(await logoProblem(logo)) ? logo : null;
    const now = this.clock.now();
    const from = wibDate(now);
    try {
      return await this.renderer.render({
        agency: { name: agency.name.replace(/\s*\(demo\)$/, ''), region: `Provinsi ${agency.province}`, address: agency.address, city: agency.city, logoPng },
        title: 'SERTIFIKAT KEMITRAAN MEDIA',
        subtitle: 'Media Partnership Certificate',
        certificate: {
          number: formatCertificateNumber(settings.certificate.numberPattern, { seq: 1, year: Number(from.slice(0, 4)), month: Number(from.slice(5, 7)), code: agency.code }),
          verificationCode: SAMPLE_CODE,
          validFrom: from,
          validUntil: validUntil(from, settings.certificate.validityMonths),
          issuedAt: now.toISOString(),
        },
        outlet: {
          legalName: 'PT Contoh Media Nusantara',
          brandName: 'Contoh Media',
          mediaType: 'online',
          website: 'https://contoh.example',
          office: `Jl. Contoh No. 1, ${agency.city ?? 'Kota Contoh'}, ${agency.province}`,
        },
        pressCouncil: { status: 'factual', certificateNumber: '000/DP-Contoh/2026' },
        chiefEditor: { name: 'Nama Pemimpin Redaksi', level: 'utama' },
        signatory: { name: settings.certificate.signatoryName, title: settings.certificate.signatoryTitle, nip: settings.certificate.signatoryNip },
        verifyUrl: certificateVerifyUrl(settings.certificate.publicBaseUrl, this.config.PUBLIC_BASE_URL, SAMPLE_CODE),
        demo: true,
      });
    } catch (err) {
      throw new AppError('unprocessable', 'CERTIFICATE.PREVIEW_FAILED', `The sample certificate cannot be produced: ${(err as Error).message}`);
    }
  }
}
