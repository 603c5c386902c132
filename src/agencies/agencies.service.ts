import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Upload } from '../common/multipart';
import { detectFileType } from '../storage/file-type';
import { FILE_STORAGE, StoredFileUnavailable, type FileStorage } from '../storage/file-storage';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { announceChange, ChangeEvents } from '../database/change-events';
import { KeptUntilChanged } from '../database/kept-until-changed';
import { isPgError, inTransaction, PG_UNIQUE_VIOLATION } from '../database/transaction';
import { Agency, DEFAULT_AGENCY_SETTINGS, type AgencySettings } from './agency.entity';
import { settingsProblems } from './agency-settings';
import type { UpdateAgencyDto } from './dto/agency.dto';
import { logoProblem } from './logo-image';
import { PoliciesService } from '../requirements/policies.service';
import { preparedQuery } from '../database/prepared';
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
  /** Set by the demo seed only. */
  isDemo?: boolean;
}

/** Large logos slow every render and bloat the PDF past 60 KB. */
const MAX_LOGO_BYTES = 256 * 1024;

export const agencyNotFound = () => new AppError('not_found', 'AGENCY.NOT_FOUND', 'Agency not found');

/** Stored settings may predate a newer default; missing keys take today's defaults. */
export function effectiveSettings(stored: Partial<AgencySettings> | null | undefined): AgencySettings {
  return {
    certificate: { ...DEFAULT_AGENCY_SETTINGS.certificate, ...(stored?.certificate ?? {}) },
    sla: { ...DEFAULT_AGENCY_SETTINGS.sla, ...(stored?.sla ?? {}) },
    holidays: stored?.holidays ?? DEFAULT_AGENCY_SETTINGS.holidays,
    ...(stored?.holidayNames && Object.keys(stored.holidayNames).length > 0 ? { holidayNames: stored.holidayNames } : {}),
  };
}

/** Names given replace the map; otherwise the names of dates still listed are kept. */
function mergedHolidayNames(holidays: string[], given: Record<string, string> | undefined, before: Record<string, string> | undefined) {
  if (given !== undefined) return Object.keys(given).length > 0 ? { holidayNames: given } : {};
  const kept = Object.fromEntries(Object.entries(before ?? {}).filter(([day]) => holidays.includes(day)));
  return Object.keys(kept).length > 0 ? { holidayNames: kept } : {};
}

function assertSettingsValid(settings: AgencySettings, agencyCode: string): void {
  const problems = settingsProblems(settings, agencyCode);
  if (Object.keys(problems).length > 0) {
    throw new AppError('unprocessable', 'AGENCY.SETTINGS_INVALID', `These settings would stop certificates being issued: ${Object.keys(problems).join(', ')}`, problems);
  }
}

@Injectable()
export class AgenciesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Agencies');
  /**
   * Every agency as last committed, sorted by name: read once, kept until a change notice (from
   * this process or another) drops it. Pages read agencies on nearly every request; there are few
   * of them and they rarely change. Writes and transactions read the row itself (`find`).
   */
  private readonly directory: KeptUntilChanged<'all', Agency[]>;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly policies: PoliciesService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly changes: ChangeEvents,
  ) {
    this.directory = new KeptUntilChanged(changes, () => this.readAll());
  }

  onModuleInit(): void {
    this.unsubscribe = this.changes.subscribe((e) => {
      if (e.type === 'agency.settings' || e.type === 'resync') this.directory.clear();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async list(): Promise<AgencyView[]> {
    return (await this.agencies()).map((a) => this.view(a));
  }

  /** How the agency takes applications: all year or in rounds. */
  async intake(id: string): Promise<Agency['intake']> {
    return (await this.current(id)).intake;
  }

  async get(id: string): Promise<AgencyView> {
    return this.view(await this.current(id));
  }

  /**
   * The agency as last committed, for reading outside a transaction (pages, the pre-check); shared,
   * so never change it. Inside a transaction use `find`, which reads the row itself.
   */
  async current(id: string): Promise<Agency> {
    const agency = (await this.agencies()).find((a) => a.id === id);
    if (!agency) throw agencyNotFound();
    return agency;
  }

  private agencies(): Promise<Agency[]> {
    return this.directory.get('all');
  }

  private async readAll(): Promise<Agency[]> {
    const rows = await this.dataSource.getRepository(Agency).find({ order: { name: 'ASC' } });
    for (const a of rows) a.settings = effectiveSettings(a.settings);
    return rows;
  }

  /** The row itself, in the caller's transaction (every action reads it): prepared, not rebuilt by the ORM each time. */
  async find(m: EntityManager, id: string): Promise<Agency> {
    const [agency] = await preparedQuery<Agency>(
      m,
      'agency-by-id',
      `SELECT id, code, name, province, city, address, email, phone, settings, is_demo AS "isDemo", intake,
         created_at AS "createdAt", updated_at AS "updatedAt"
       FROM agencies WHERE id = $1`,
      [id],
    );
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
    const settings = effectiveSettings(input.settings);
    assertSettingsValid(settings, input.code);
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
          settings,
          isDemo: input.isDemo ?? false,
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
      await announceChange(m, { type: 'agency.settings', agencyId: agency.id });
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
      const { certificate, sla, holidays, holidayNames, ...profile } = dto;
      Object.assign(agency, profile);
      const days = holidays ?? before.holidays;
      agency.settings = {
        certificate: { ...before.certificate, ...(certificate ?? {}) },
        sla: { ...before.sla, ...(sla ?? {}) },
        holidays: days,
        ...mergedHolidayNames(days, holidayNames, before.holidayNames),
      };
      // The merged result is checked whole: a setting stored before a rule existed is named too.
      assertSettingsValid(agency.settings, agency.code);
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
      await announceChange(m, { type: 'agency.settings', agencyId: id });
      return { ...this.view(saved), settings: saved.settings };
    });
  }

  /** The logo printed on certificates issued from now on; issued PDFs never change. */
  async setLogo(auth: AuthUser, id: string, upload: Upload): Promise<AgencyDetailView> {
    if (auth.agencyId !== id) throw agencyNotFound();
    const file = upload.file;
    if (!file || file.content.length === 0) throw new AppError('validation', 'AGENCY.LOGO_MISSING', 'Attach the logo as a PNG file', { file: 'required' });
    const detected = detectFileType(file.content.subarray(0, 16));
    if (detected !== 'image/png') {
      throw new AppError('unprocessable', 'AGENCY.LOGO_NOT_PNG', `The logo must be a PNG; this file is ${detected}`, { file: `detected ${detected}` });
    }
    if (file.content.length > MAX_LOGO_BYTES) {
      throw new AppError('payload_too_large', 'AGENCY.LOGO_TOO_LARGE', `Keep the logo under ${MAX_LOGO_BYTES / 1024} KB (about 256 px wide is plenty for print)`);
    }
    const problem = await logoProblem(file.content);
    if (problem) {
      throw new AppError('unprocessable', 'AGENCY.LOGO_UNREADABLE', `The logo cannot be printed: it ${problem}`, { file: problem });
    }
    const { key, sha256 } = await this.storage.put('logos', file.content);
    return inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(Agency);
      const agency = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!agency) throw agencyNotFound();
      const settings = effectiveSettings(agency.settings);
      agency.settings = { ...settings, certificate: { ...settings.certificate, logoKey: key } };
      const saved = await repo.save(agency);
      await this.audit.append(m, {
        agencyId: id,
        actor: auth,
        action: 'agency.logo_changed',
        entityType: 'agency',
        entityId: id,
        summary: `Certificate logo changed (${file.content.length} bytes)`,
        data: { sha256 },
      });
      await announceChange(m, { type: 'agency.settings', agencyId: id });
      return { ...this.view(saved), settings: saved.settings };
    });
  }

  async logo(agency: Agency): Promise<Buffer | null> {
    const key = agency.settings.certificate.logoKey;
    if (!key) return null;
    return this.storage.readBuffer(key).catch((err: unknown) => {
      if (err instanceof StoredFileUnavailable) this.logger.error(`agency ${agency.id}: stored logo ${err.key} unavailable (${err.reason})`);
      throw err;
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
