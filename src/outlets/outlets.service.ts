import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import { OPEN_STATUSES } from '../applications/application-workflow';
import { AuditService } from '../audit/audit.service';
import { isStaff, type AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { wibDate } from '../common/wib-calendar';
import { preparedQuery } from '../database/prepared';
import { inTransaction, isPgError, PG_UNIQUE_VIOLATION } from '../database/transaction';
import type {
  CompetencyLevel,
  DocumentType,
  LegalForm,
  MediaType,
  OfficeSnapshot,
  OutletSnapshot,
  Position,
  PressCouncilStatus,
  TaxStatus,
} from '../requirements/outlet-snapshot';
import { PoliciesService } from '../requirements/policies.service';
import { evaluatePolicy, type Evaluation } from '../requirements/rule-engine';
import type { CreateJournalistDto, CreateOutletDto, UpdateJournalistDto, UpdateOutletDto } from './dto/outlet.dto';
import { NikCipher } from './nik-cipher';
import { staffMayReadOutletSql } from './outlet-access';
import { rosterJsonSql } from './snapshot-roster-sql';

/** Repeated links say nothing more; order is the applicant's. */
const uniqueLinks = (links: readonly string[]): string[] => [...new Set(links)];

export const outletNotFound = () => new AppError('not_found', 'OUTLET.NOT_FOUND', 'Outlet not found');
const journalistNotFound = () => new AppError('not_found', 'JOURNALIST.NOT_FOUND', 'Journalist not found');

interface OutletRow {
  id: string;
  legal_name: string;
  brand_name: string;
  legal_form: LegalForm;
  deed_number: string | null;
  ministry_decree_number: string | null;
  tax_id: string | null;
  tax_status: TaxStatus;
  business_id: string | null;
  established_on: string | null;
  media_type: MediaType;
  website: string | null;
  office: OfficeSnapshot | null;
  press_council_status: PressCouncilStatus;
  press_council_certificate_number: string | null;
  press_council_verified_on: string | null;
  memberships: string[];
  kbli_codes: string[];
  e_katalog_url: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

interface JournalistRow {
  id: string;
  outlet_id: string;
  name: string;
  nik_encrypted: string;
  nik_hash: string;
  nik_last4: string;
  position: Position;
  competency_level: CompetencyLevel | null;
  competency_certificate_number: string | null;
  competency_issuer: string | null;
  competency_issued_on: string | null;
  competency_revoked: boolean;
  published_work_since: string | null;
  published_work_links: string[];
}

/** A document as the snapshot reads it (JSON: the time as PostgreSQL writes it). */
interface SnapshotDocumentRow {
  id: string;
  type: DocumentType;
  file_name: string;
  mime_type: string;
  size: number;
  sha256: string;
  uploaded_at: string;
}

/** A roster row as the snapshot reads it, with its counts of the same NIK elsewhere. */
type SnapshotJournalistRow = Omit<JournalistRow, 'outlet_id' | 'nik_encrypted' | 'nik_hash'> & {
  other_outlet_count: number;
  other_outlets_headed: number;
  other_company_outlet_count: number;
};

export interface OutletView {
  id: string;
  legalName: string;
  brandName: string;
  legalForm: LegalForm;
  deedNumber: string | null;
  ministryDecreeNumber: string | null;
  taxId: string | null;
  taxStatus: TaxStatus;
  businessId: string | null;
  establishedOn: string | null;
  mediaType: MediaType;
  website: string | null;
  office: OfficeSnapshot | null;
  pressCouncil: { status: PressCouncilStatus; certificateNumber: string | null; verifiedOn: string | null };
  memberships: string[];
  kbliCodes: string[];
  eKatalogUrl: string | null;
  owners: { id: string; email: string; name: string }[];
  /** Whether the caller owns the outlet (owners see clear NIKs and may edit). */
  owned: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface JournalistView {
  id: string;
  name: string;
  /** Clear for the owning applicant, masked (`************1234`) for everyone else. */
  nik: string;
  nikMasked: string;
  position: Position;
  competency: {
    level: CompetencyLevel;
    certificateNumber: string;
    issuer: string;
    issuedOn: string;
    revoked: boolean;
  } | null;
  /** A record of published work, where a pack accepts it in place of a UKW certificate. */
  publishedWorkSince: string | null;
  publishedWorkLinks: string[];
}

/** Outlet columns written from the API, mapped once. */
function outletColumns(dto: UpdateOutletDto): Record<string, unknown> {
  const cols: Record<string, unknown> = {};
  const set = (col: string, v: unknown) => {
    if (v !== undefined) cols[col] = v;
  };
  set('legal_name', dto.legalName);
  set('brand_name', dto.brandName);
  set('legal_form', dto.legalForm);
  set('deed_number', dto.deedNumber);
  set('ministry_decree_number', dto.ministryDecreeNumber);
  set('tax_id', dto.taxId);
  set('tax_status', dto.taxStatus);
  set('business_id', dto.businessId);
  set('established_on', dto.establishedOn);
  set('media_type', dto.mediaType);
  set('website', dto.website);
  if (dto.office !== undefined) {
    cols.office = dto.office === null ? null : JSON.stringify({ latitude: null, longitude: null, ...dto.office });
  }
  if (dto.pressCouncil !== undefined) {
    cols.press_council_status = dto.pressCouncil.status;
    cols.press_council_certificate_number = dto.pressCouncil.certificateNumber ?? null;
    cols.press_council_verified_on = dto.pressCouncil.verifiedOn ?? null;
  }
  if (dto.memberships !== undefined) cols.memberships = JSON.stringify([...new Set(dto.memberships)]);
  if (dto.kbliCodes !== undefined) cols.kbli_codes = JSON.stringify([...new Set(dto.kbliCodes)]);
  if (dto.eKatalogUrl !== undefined) cols.e_katalog_url = dto.eKatalogUrl;
  return cols;
}

@Injectable()
export class OutletsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly nik: NikCipher,
    @Inject(PoliciesService) private readonly policies: PoliciesService,
    private readonly clock: Clock,
    @Inject(AgenciesService) private readonly agencies: AgenciesService,
  ) {}

  // ---- access -------------------------------------------------------------------------------

  async isOwner(m: EntityManager, userId: string, outletId: string): Promise<boolean> {
    const rows = await preparedQuery(m, 'outlet-is-owner', `SELECT 1 FROM outlet_owners WHERE outlet_id = $1 AND user_id = $2`, [outletId, userId]);
    return rows.length > 0;
  }

  /** Owners, and staff while their agency has the outlet in hand (outlet-access.ts); anyone else gets 404. */
  async assertReadable(m: EntityManager, auth: AuthUser, outletId: string): Promise<{ owned: boolean }> {
    if (isStaff(auth)) {
      const params: unknown[] = [outletId];
      const rows = (await m.query(`SELECT 1 WHERE ${staffMayReadOutletSql('$1::uuid', auth.agencyId, params, this.clock.now())}`, params)) as unknown[];
      if (rows.length === 0) throw outletNotFound();
      return { owned: false };
    }
    if (!(await this.isOwner(m, auth.id, outletId))) throw outletNotFound();
    return { owned: true };
  }

  /** Only owning applicants change an outlet; the row is locked for the rest of the transaction. */
  async lockOwned(m: EntityManager, auth: AuthUser, outletId: string): Promise<OutletRow> {
    if (isStaff(auth) || !(await this.isOwner(m, auth.id, outletId))) throw outletNotFound();
    const [row] = (await m.query(`SELECT * FROM outlets WHERE id = $1 FOR UPDATE`, [outletId])) as OutletRow[];
    if (!row) throw outletNotFound();
    return row;
  }

  /** The outlet's active owners, as mail recipients in their own language. */
  async ownerRecipients(m: EntityManager, outletId: string): Promise<{ email: string; name: string; locale: 'id' | 'en' }[]> {
    return (await m.query(
      `SELECT u.email, u.name, u.locale FROM outlet_owners w JOIN users u ON u.id = w.user_id WHERE w.outlet_id = $1 AND u.active ORDER BY u.email`,
      [outletId],
    )) as { email: string; name: string; locale: 'id' | 'en' }[];
  }

  /** Ownership check without a lock, for work done before the transaction (reading an upload). */
  async assertOwnedReadOnly(auth: AuthUser, outletId: string): Promise<void> {
    if (isStaff(auth) || !(await this.isOwner(this.dataSource.manager, auth.id, outletId))) throw outletNotFound();
  }

  // ---- outlets ------------------------------------------------------------------------------

  async create(auth: AuthUser, dto: CreateOutletDto): Promise<OutletView> {
    return inTransaction(this.dataSource, async (m) => {
      const cols = { ...outletColumns(dto), created_by: auth.id };
      const names = Object.keys(cols);
      const [{ id }] = (await m.query(
        `INSERT INTO outlets (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        Object.values(cols),
      )) as { id: string }[];
      await m.query(`INSERT INTO outlet_owners (outlet_id, user_id) VALUES ($1, $2)`, [id, auth.id]);
      await this.audit.append(m, {
        agencyId: null,
        actor: auth,
        action: 'outlet.created',
        entityType: 'outlet',
        entityId: id,
        summary: `Outlet ${dto.brandName} (${dto.legalName}) created`,
      });
      return this.load(m, id, true);
    });
  }

  async list(auth: AuthUser): Promise<OutletView[]> {
    const m = this.dataSource.manager;
    const staffParams: unknown[] = [];
    const ids = isStaff(auth)
      ? ((await m.query(
          `SELECT o.id FROM outlets o WHERE ${staffMayReadOutletSql('o.id', auth.agencyId, staffParams, this.clock.now())}
           ORDER BY lower(o.brand_name), o.id LIMIT 500`,
          staffParams,
        )) as { id: string }[])
      : ((await m.query(
          `SELECT o.id FROM outlets o JOIN outlet_owners w ON w.outlet_id = o.id AND w.user_id = $1 ORDER BY lower(o.brand_name), o.id`,
          [auth.id],
        )) as { id: string }[]);
    const out: OutletView[] = [];
    for (const { id } of ids) out.push(await this.load(m, id, !isStaff(auth)));
    return out;
  }

  async get(auth: AuthUser, id: string): Promise<OutletView> {
    const m = this.dataSource.manager;
    const { owned } = await this.assertReadable(m, auth, id);
    return this.load(m, id, owned);
  }

  async update(auth: AuthUser, id: string, dto: UpdateOutletDto): Promise<OutletView> {
    return inTransaction(this.dataSource, async (m) => {
      await this.lockOwned(m, auth, id);
      const cols = outletColumns(dto);
      const names = Object.keys(cols);
      if (names.length > 0) {
        await m.query(
          `UPDATE outlets SET ${names.map((n, i) => `${n} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
          [id, ...Object.values(cols)],
        );
        await this.audit.append(m, {
          agencyId: null,
          actor: auth,
          action: 'outlet.updated',
          entityType: 'outlet',
          entityId: id,
          summary: `Outlet profile changed: ${Object.keys(dto).join(', ')}`,
          data: { fields: Object.keys(dto) },
        });
      }
      return this.load(m, id, true);
    });
  }

  /** The outlet as the API shows it; callers have checked access. */
  async load(m: EntityManager, id: string, owned: boolean): Promise<OutletView> {
    const [row] = (await m.query(`SELECT * FROM outlets WHERE id = $1`, [id])) as OutletRow[];
    if (!row) throw outletNotFound();
    const owners = (await m.query(
      `SELECT u.id, u.email, u.name FROM outlet_owners w JOIN users u ON u.id = w.user_id WHERE w.outlet_id = $1 ORDER BY w.added_at, u.id`,
      [id],
    )) as { id: string; email: string; name: string }[];
    return {
      id: row.id,
      legalName: row.legal_name,
      brandName: row.brand_name,
      legalForm: row.legal_form,
      deedNumber: row.deed_number,
      ministryDecreeNumber: row.ministry_decree_number,
      taxId: row.tax_id,
      taxStatus: row.tax_status,
      businessId: row.business_id,
      establishedOn: row.established_on,
      mediaType: row.media_type,
      website: row.website,
      office: row.office,
      pressCouncil: {
        status: row.press_council_status,
        certificateNumber: row.press_council_certificate_number,
        verifiedOn: row.press_council_verified_on,
      },
      memberships: row.memberships,
      kbliCodes: row.kbli_codes,
      eKatalogUrl: row.e_katalog_url,
      owners,
      owned,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  // ---- journalists --------------------------------------------------------------------------

  async listJournalists(auth: AuthUser, outletId: string): Promise<JournalistView[]> {
    const m = this.dataSource.manager;
    const { owned } = await this.assertReadable(m, auth, outletId);
    const rows = (await m.query(`SELECT * FROM journalists WHERE outlet_id = $1 ORDER BY created_at, id`, [outletId])) as JournalistRow[];
    return rows.map((r) => this.journalistView(r, owned));
  }

  async addJournalist(auth: AuthUser, outletId: string, dto: CreateJournalistDto): Promise<JournalistView> {
    return this.writeRoster(auth, outletId, async (m) => {
      const [row] = (await m.query(
        `INSERT INTO journalists (outlet_id, name, nik_encrypted, nik_hash, nik_last4, position, competency_level,
           competency_certificate_number, competency_issuer, competency_issued_on, competency_revoked,
           published_work_since, published_work_links)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
        [
          outletId,
          dto.name,
          this.nik.encrypt(dto.nik),
          this.nik.hash(dto.nik),
          dto.nik.slice(-4),
          dto.position,
          dto.competency?.level ?? null,
          dto.competency?.certificateNumber ?? null,
          dto.competency?.issuer ?? null,
          dto.competency?.issuedOn ?? null,
          dto.competency?.revoked ?? false,
          dto.publishedWorkSince ?? null,
          JSON.stringify(uniqueLinks(dto.publishedWorkLinks ?? [])),
        ],
      )) as JournalistRow[];
      await this.audit.append(m, {
        agencyId: null,
        actor: auth,
        action: 'journalist.added',
        entityType: 'outlet',
        entityId: outletId,
        summary: `Journalist ${dto.name} (${dto.position}) added to the roster`,
        data: { journalistId: row.id, position: dto.position, level: dto.competency?.level ?? null },
      });
      return this.journalistView(row, true);
    });
  }

  async updateJournalist(auth: AuthUser, outletId: string, journalistId: string, dto: UpdateJournalistDto): Promise<JournalistView> {
    return this.writeRoster(auth, outletId, async (m) => {
      const [current] = (await m.query(`SELECT * FROM journalists WHERE id = $1 AND outlet_id = $2 FOR UPDATE`, [
        journalistId,
        outletId,
      ])) as JournalistRow[];
      if (!current) throw journalistNotFound();
      const cols: Record<string, unknown> = {};
      if (dto.name !== undefined) cols.name = dto.name;
      if (dto.position !== undefined) cols.position = dto.position;
      if (dto.nik !== undefined) {
        cols.nik_encrypted = this.nik.encrypt(dto.nik);
        cols.nik_hash = this.nik.hash(dto.nik);
        cols.nik_last4 = dto.nik.slice(-4);
      }
      if (dto.competency !== undefined) {
        const c = dto.competency;
        cols.competency_level = c?.level ?? null;
        cols.competency_certificate_number = c?.certificateNumber ?? null;
        cols.competency_issuer = c?.issuer ?? null;
        cols.competency_issued_on = c?.issuedOn ?? null;
        cols.competency_revoked = c?.revoked ?? false;
      }
      if (dto.publishedWorkSince !== undefined) cols.published_work_since = dto.publishedWorkSince;
      if (dto.publishedWorkLinks !== undefined) cols.published_work_links = JSON.stringify(uniqueLinks(dto.publishedWorkLinks));
      const names = Object.keys(cols);
      if (names.length === 0) return this.journalistView(current, true);
      // TypeORM answers UPDATE/DELETE with [rows, affected].
      const [[row]] = (await m.query(
        `UPDATE journalists SET ${names.map((n, i) => `${n} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1 RETURNING *`,
        [journalistId, ...Object.values(cols)],
      )) as [JournalistRow[], number];
      await this.audit.append(m, {
        agencyId: null,
        actor: auth,
        action: 'journalist.updated',
        entityType: 'outlet',
        entityId: outletId,
        summary: `Journalist ${row.name} changed: ${Object.keys(dto).join(', ')}`,
        data: { journalistId, fields: Object.keys(dto) },
      });
      return this.journalistView(row, true);
    });
  }

  async removeJournalist(auth: AuthUser, outletId: string, journalistId: string): Promise<void> {
    await this.writeRoster(auth, outletId, async (m) => {
      const [rows] = (await m.query(`DELETE FROM journalists WHERE id = $1 AND outlet_id = $2 RETURNING name`, [
        journalistId,
        outletId,
      ])) as [{ name: string }[], number];
      if (rows.length === 0) throw journalistNotFound();
      await this.audit.append(m, {
        agencyId: null,
        actor: auth,
        action: 'journalist.removed',
        entityType: 'outlet',
        entityId: outletId,
        summary: `Journalist ${rows[0].name} removed from the roster`,
        data: { journalistId },
      });
    });
  }

  private async writeRoster<T>(auth: AuthUser, outletId: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.dataSource, async (m) => {
        await this.lockOwned(m, auth, outletId);
        return work(m);
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'journalists_outlet_nik_key')) {
        throw new AppError('conflict', 'JOURNALIST.DUPLICATE_NIK', 'A journalist with this NIK is already on the roster', {
          nik: 'already on this roster',
        });
      }
      throw err;
    }
  }

  private journalistView(r: JournalistRow, owned: boolean): JournalistView {
    const masked = NikCipher.mask(r.nik_last4);
    return {
      id: r.id,
      name: r.name,
      nik: owned ? this.nik.decrypt(r.nik_encrypted) : masked,
      nikMasked: masked,
      position: r.position,
      competency: r.competency_level
        ? {
            level: r.competency_level,
            certificateNumber: r.competency_certificate_number!,
            issuer: r.competency_issuer!,
            issuedOn: r.competency_issued_on!,
            revoked: r.competency_revoked,
          }
        : null,
      publishedWorkSince: r.published_work_since,
      publishedWorkLinks: r.published_work_links,
    };
  }

  // ---- snapshot and eligibility -------------------------------------------------------------

  /**
   * The facts rules judge for an outlet applying to an agency, cross-outlet counts included (by
   * the keyed NIK hash, so no NIK is decrypted). Never contains a clear NIK.
   */
  async snapshot(m: EntityManager, outletId: string, agencyId: string): Promise<OutletSnapshot> {
    // One statement, one round trip (each costs the service a system call each way, slow on a
    // virtual machine): the outlet, with
    // - the number of its company's other outlets the agency has in hand (the same condition that
    //   lets its staff read them): two index lookups (NIB, NPWP) joined by UNION rather than one
    //   OR, which scanned every outlet (15 ms over 20,000 outlets);
    // - its roster as JSON (rosterJsonSql);
    // - its documents as JSON.
    const companyParams: unknown[] = [outletId];
    const [o] = await preparedQuery<OutletRow & { other_outlets_of_company: number; journalists: SnapshotJournalistRow[]; documents: SnapshotDocumentRow[] }>(
      m,
      'outlet-snapshot',
      `SELECT o.*, (SELECT count(*)::int FROM (
           SELECT x.id FROM outlets x WHERE x.business_id = o.business_id AND x.id <> o.id
           UNION
           SELECT x.id FROM outlets x WHERE x.tax_id = o.tax_id AND x.id <> o.id
         ) x WHERE ${staffMayReadOutletSql('x.id', agencyId, companyParams, this.clock.now())}) AS other_outlets_of_company,
         ${rosterJsonSql('o')} AS journalists,
         (SELECT coalesce(json_agg(json_build_object(
                   'id', d.id, 'type', d.type, 'file_name', d.file_name, 'mime_type', d.mime_type, 'size', d.size,
                   'sha256', d.sha256, 'uploaded_at', d.uploaded_at)
                 ORDER BY d.uploaded_at, d.id), '[]')
          FROM documents d WHERE d.outlet_id = o.id) AS documents
       FROM outlets o WHERE o.id = $1`,
      companyParams,
    );
    if (!o) throw outletNotFound();
    const { journalists, documents } = o;
    return {
      outlet: {
        id: o.id,
        legalName: o.legal_name,
        brandName: o.brand_name,
        legalForm: o.legal_form,
        deedNumber: o.deed_number,
        ministryDecreeNumber: o.ministry_decree_number,
        taxId: o.tax_id,
        taxStatus: o.tax_status,
        businessId: o.business_id,
        establishedOn: o.established_on,
        mediaType: o.media_type,
        website: o.website,
        office: o.office,
        pressCouncil: {
          status: o.press_council_status,
          certificateNumber: o.press_council_certificate_number,
          verifiedOn: o.press_council_verified_on,
        },
        memberships: o.memberships,
        kbliCodes: o.kbli_codes,
        eKatalogUrl: o.e_katalog_url,
        otherOutletsOfCompany: o.other_outlets_of_company,
      },
      journalists: journalists.map((j) => ({
        id: j.id,
        name: j.name,
        nikMasked: NikCipher.mask(j.nik_last4),
        position: j.position,
        competency: j.competency_level
          ? {
              level: j.competency_level,
              certificateNumber: j.competency_certificate_number!,
              issuer: j.competency_issuer!,
              issuedOn: j.competency_issued_on!,
              revoked: j.competency_revoked,
            }
          : null,
        otherOutletCount: j.other_outlet_count,
        otherOutletsHeaded: j.other_outlets_headed,
        otherCompanyOutletCount: j.other_company_outlet_count,
        publishedWorkSince: j.published_work_since,
        publishedWorkLinks: j.published_work_links,
      })),
      documents: documents.map((d) => ({
        id: d.id,
        type: d.type,
        fileName: d.file_name,
        mimeType: d.mime_type,
        size: d.size,
        sha256: d.sha256,
        // JSON gives PostgreSQL's text of the time (microseconds, an offset); as every other time, to the millisecond in UTC.
        uploadedAt: new Date(d.uploaded_at).toISOString(),
      })),
    };
  }

  async evaluationContext(m: EntityManager, agencyId: string, on: string) {
    const [a] = await preparedQuery<{ code: string; name: string; province: string; city: string | null }>(
      m,
      'evaluation-context-agency',
      `SELECT code, name, province, city FROM agencies WHERE id = $1`,
      [agencyId],
    );
    if (!a) throw new AppError('not_found', 'AGENCY.NOT_FOUND', 'Agency not found');
    return { on, agency: a };
  }

  /** Pre-check against the agency's pack in force: read-only, nothing stored, nothing audited. */
  async eligibility(
    auth: AuthUser,
    outletId: string,
    agencyId: string,
  ): Promise<Evaluation & { agencyId: string; policyVersion: number; evaluatedOn: string }> {
    return (await this.precheck(auth, outletId, agencyId)).evaluation;
  }

  /**
   * The pre-check with the outlet's brand name and its open application to the agency, if any:
   * what the pre-check page shows, from the snapshot it evaluates anyway (no second load of the
   * outlet, its owners or the applicant's applications).
   */
  async precheck(
    auth: AuthUser,
    outletId: string,
    agencyId: string,
  ): Promise<{
    evaluation: Evaluation & { agencyId: string; policyVersion: number; evaluatedOn: string };
    brandName: string;
    openApplication: { id: string; reference: string } | null;
  }> {
    const m = this.dataSource.manager;
    if (isStaff(auth) && auth.agencyId !== agencyId) throw outletNotFound();
    const now = this.clock.now();
    // Whether the caller may read the outlet (assertReadable's rule, owner or staff) and its open
    // application at the agency, in one statement.
    const params: unknown[] = [outletId, agencyId, [...OPEN_STATUSES]];
    const readable = isStaff(auth)
      ? staffMayReadOutletSql('$1::uuid', auth.agencyId, params, now)
      : `EXISTS (SELECT 1 FROM outlet_owners WHERE outlet_id = $1 AND user_id = $${params.push(auth.id)})`;
    const [row] = await preparedQuery<{ readable: boolean; id: string | null; reference: string | null }>(
      m,
      isStaff(auth) ? 'outlet-staff-readable-open-application' : 'outlet-owned-open-application',
      `SELECT ${readable} AS readable, a.id, a.reference
       FROM (SELECT 1) AS one LEFT JOIN LATERAL (
         SELECT id, reference FROM applications WHERE outlet_id = $1 AND agency_id = $2 AND status = ANY($3::text[]) LIMIT 1
       ) a ON true`,
      params,
    );
    if (!row.readable) throw outletNotFound();
    const open = row.id ? { id: row.id, reference: row.reference! } : null;
    // Read-only: the agency and its policy from memory (both dropped on any change), the outlet live.
    const { code, name, province, city } = await this.agencies.current(agencyId);
    const context = { on: wibDate(now), agency: { code, name, province, city } };
    const policy = await this.policies.inForceKept(agencyId, now);
    const snapshot = await this.snapshot(m, outletId, agencyId);
    return {
      evaluation: { agencyId, policyVersion: policy.version, evaluatedOn: context.on, ...evaluatePolicy(policy.pack, snapshot, context) },
      brandName: snapshot.outlet.brandName,
      openApplication: open,
    };
  }

  /** The outlet's brand name, for a page's heading; 404 unless the caller may read the outlet. */
  async brandName(auth: AuthUser, outletId: string): Promise<string> {
    const m = this.dataSource.manager;
    await this.assertReadable(m, auth, outletId);
    const [o] = (await m.query(`SELECT brand_name FROM outlets WHERE id = $1`, [outletId])) as { brand_name: string }[];
    if (!o) throw outletNotFound();
    return o.brand_name;
  }
}
