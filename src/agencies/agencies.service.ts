import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { isPgError, inTransaction, PG_UNIQUE_VIOLATION } from '../database/transaction';
import { Agency, DEFAULT_AGENCY_SETTINGS, type AgencySettings } from './agency.entity';
import type { UpdateAgencyDto } from './dto/agency.dto';
import { PoliciesService } from '../requirements/policies.service';
import type { ShippedPackKey } from '../requirements/packs/shipped-packs';

export interface AgencyView {
  id: string;
  code: string;
  name: string;
  province: string;
  city: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
}

export interface AgencyDetailView extends AgencyView {
  settings: AgencySettings;
}

export interface NewAgency {
  code: string;
  name: string;
  province: string;
  city?: string | null;
  address?: string | null;
  email?: string | null;
  phone?: string | null;
  settings?: Partial<AgencySettings>;
  /** The shipped requirement pack version 1 is made from. */
  pack?: ShippedPackKey;
}

export const agencyNotFound = () => new AppError('not_found', 'AGENCY.NOT_FOUND', 'Agency not found');

/** Stored settings may predate a newer default; missing keys take today's defaults. */
export function effectiveSettings(stored: Partial<AgencySettings> | null | undefined): AgencySettings {
  return {
    certificate: { ...DEFAULT_AGENCY_SETTINGS.certificate, ...(stored?.certificate ?? {}) },
    sla: { ...DEFAULT_AGENCY_SETTINGS.sla, ...(stored?.sla ?? {}) },
    holidays: stored?.holidays ?? DEFAULT_AGENCY_SETTINGS.holidays,
  };
}

@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly policies: PoliciesService,
  ) {}

  async list(): Promise<AgencyView[]> {
    const agencies = await this.dataSource.getRepository(Agency).find({ order: { name: 'ASC' } });
    return agencies.map((a) => this.view(a));
  }

  async get(id: string): Promise<AgencyView> {
    return this.view(await this.find(this.dataSource.manager, id));
  }

  async find(m: EntityManager, id: string): Promise<Agency> {
    const agency = await m.getRepository(Agency).findOneBy({ id });
    if (!agency) throw agencyNotFound();
    agency.settings = effectiveSettings(agency.settings);
    return agency;
  }

  async detail(auth: AuthUser, id: string): Promise<AgencyDetailView> {
    if (auth.agencyId !== id) throw agencyNotFound();
    const agency = await this.find(this.dataSource.manager, id);
    return { ...this.view(agency), settings: agency.settings };
  }

  /** Operator command: creates the tenant. Its first admin is created beside it by the CLI. */
  async create(m: EntityManager, input: NewAgency): Promise<Agency> {
    try {
      const repo = m.getRepository(Agency);
      const agency = await repo.save(
        repo.create({
          code: input.code,
          name: input.name,
          province: input.province,
          city: input.city ?? null,
          address: input.address ?? null,
          email: input.email ?? null,
          phone: input.phone ?? null,
          settings: effectiveSettings(input.settings),
        }),
      );
      await this.audit.append(m, {
        agencyId: agency.id,
        actor: null,
        action: 'agency.created',
        entityType: 'agency',
        entityId: agency.id,
        summary: `Agency ${agency.code} (${agency.name}) created on the ${input.pack ?? 'default'} requirement pack`,
      });
      await this.policies.initialize(m, agency.id, input.pack ?? 'default');
      return agency;
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'agencies_code_key')) {
        throw new AppError('conflict', 'AGENCY.CODE_TAKEN', `Agency code ${input.code} is taken`);
      }
      if (isPgError(err, '23514')) {
        throw new AppError('validation', 'AGENCY.BAD_CODE', 'Agency code is 2-40 capitals, digits or dashes');
      }
      throw err;
    }
  }

  async update(auth: AuthUser, id: string, dto: UpdateAgencyDto): Promise<AgencyDetailView> {
    if (auth.agencyId !== id) throw agencyNotFound();
    return inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(Agency);
      const agency = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!agency) throw agencyNotFound();
      const before = effectiveSettings(agency.settings);
      const { certificate, sla, holidays, ...profile } = dto;
      Object.assign(agency, profile);
      agency.settings = {
        certificate: { ...before.certificate, ...(certificate ?? {}) },
        sla: { ...before.sla, ...(sla ?? {}) },
        holidays: holidays ?? before.holidays,
      };
      const saved = await repo.save(agency);
      await this.audit.append(m, {
        agencyId: id,
        actor: auth,
        action: 'agency.updated',
        entityType: 'agency',
        entityId: id,
        summary: `Agency profile or settings changed (${Object.keys(dto).join(', ') || 'nothing'})`,
        data: { changed: dto as Record<string, unknown> },
      });
      return { ...this.view(saved), settings: saved.settings };
    });
  }

  private view(a: Agency): AgencyView {
    return {
      id: a.id,
      code: a.code,
      name: a.name,
      province: a.province,
      city: a.city,
      address: a.address,
      email: a.email,
      phone: a.phone,
    };
  }
}
