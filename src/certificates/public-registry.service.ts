import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { Clock } from '../common/clock';
import { wibDate } from '../common/wib-calendar';
import { certificateVerifyUrl } from './certificate-number';

export interface RegistryEntry {
  brandName: string;
  legalName: string;
  mediaType: string;
  website: string | null;
  certificateNumber: string;
  validUntil: string;
  verifyUrl: string;
}

/** An agency's active media partners, public: names and certificates only, never people. */
@Injectable()
export class PublicRegistryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agencies: AgenciesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async activePartners(agencyId: string): Promise<{ agency: { id: string; code: string; name: string }; partners: RegistryEntry[] }> {
    const agency = await this.agencies.find(this.dataSource.manager, agencyId);
    const rows = (await this.dataSource.query(
      `SELECT c.number, c.valid_until, c.verification_code, c.data->'outlet' AS outlet
       FROM certificates c WHERE c.agency_id = $1 AND c.status = 'active' AND c.valid_until >= $2
       ORDER BY lower(c.outlet_name), c.number LIMIT 5000`,
      [agencyId, wibDate(this.clock.now())],
    )) as { number: string; valid_until: string; verification_code: string; outlet: { brandName: string; legalName: string; mediaType: string; website?: string | null } }[];
    return {
      agency: { id: agency.id, code: agency.code, name: agency.name },
      partners: rows.map((r) => ({
        brandName: r.outlet.brandName,
        legalName: r.outlet.legalName,
        mediaType: r.outlet.mediaType,
        website: r.outlet.website ?? null,
        certificateNumber: r.number,
        validUntil: r.valid_until,
        verifyUrl: certificateVerifyUrl(agency.settings.certificate.publicBaseUrl, this.config.PUBLIC_BASE_URL, r.verification_code),
      })),
    };
  }
}
