import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { agencyNotFound } from '../agencies/agencies.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { announceChange, ChangeEvents } from '../database/change-events';
import { KeptUntilChanged } from '../database/kept-until-changed';
import { inTransaction } from '../database/transaction';
import { SHIPPED_PACKS, type ShippedPackKey } from './packs/shipped-packs';
import { readStoredPack, validatePolicyPack, type PolicyPack } from './policy-pack';
import { preparedQuery } from '../database/prepared';

export interface PolicyVersion {
  id: string;
  agencyId: string;
  version: number;
  effectiveFrom: string;
  note: string | null;
  createdAt: string;
  pack: PolicyPack;
}

/** A version as the agency's admin sees it: who published it, too (not on the public view). */
export interface PolicyHistoryEntry extends PolicyVersion {
  publishedBy: string | null;
}

export interface PolicyView {
  agencyId: string;
  current: PolicyVersion;
  /** Every version, newest first; earlier ones stay readable for applications judged by them. */
  history: PolicyVersion[];
}

interface Row {
  id: string;
  agency_id: string;
  version: number;
  pack: PolicyPack;
  note: string | null;
  effective_from: Date;
  created_at: Date;
}

/** The newest of `versions` (newest first) whose effective date has come by `at`. */
const inForceAmong = (versions: PolicyVersion[], at: Date): PolicyVersion | undefined =>
  versions.find((v) => Date.parse(v.effectiveFrom) <= at.getTime());

const toVersion = (r: Row): PolicyVersion => ({
  id: r.id,
  agencyId: r.agency_id,
  version: r.version,
  effectiveFrom: r.effective_from.toISOString(),
  note: r.note,
  createdAt: r.created_at.toISOString(),
  pack: readStoredPack(r.pack),
});

@Injectable()
export class PoliciesService implements OnModuleInit, OnModuleDestroy {
  /**
   * Each agency's versions, newest first, for reads outside a transaction (the pre-check): kept
   * until a publication or a change notice drops them. A version published to take effect later
   * is among them and takes over by the clock, as in `inForce`.
   */
  private readonly versions: KeptUntilChanged<string, PolicyVersion[]>;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly changes: ChangeEvents,
  ) {
    this.versions = new KeptUntilChanged(changes, (agencyId) => this.readVersions(agencyId));
  }

  onModuleInit(): void {
    this.unsubscribe = this.changes.subscribe((e) => {
      if (e.type === 'resync') this.versions.clear();
      else if (e.type === 'policy.published' || e.type === 'agency.settings') this.versions.drop(e.agencyId);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  shippedPacks(): { key: ShippedPackKey; pack: PolicyPack }[] {
    return (Object.keys(SHIPPED_PACKS) as ShippedPackKey[]).map((key) => ({ key, pack: SHIPPED_PACKS[key] }));
  }

  /** The version in force at `at` (the newest whose effective date has come). */
  async inForce(m: EntityManager, agencyId: string, at: Date): Promise<PolicyVersion> {
    // Prepared once per connection: planning it cost PostgreSQL more than running it (pre-check page).
    const [row] = await preparedQuery<Row>(
      m,
      'policy-in-force',
      `SELECT * FROM requirement_policies WHERE agency_id = $1 AND effective_from <= $2 ORDER BY version DESC LIMIT 1`,
      [agencyId, at],
    );
    if (!row) throw new AppError('not_found', 'POLICY.NOT_FOUND', 'The agency has no requirement policy yet');
    return toVersion(row);
  }

  /** `inForce` for reading outside a transaction, from the kept versions. Shared: never change it. */
  async inForceKept(agencyId: string, at: Date): Promise<PolicyVersion> {
    const version = inForceAmong(await this.versions.get(agencyId), at);
    if (!version) throw new AppError('not_found', 'POLICY.NOT_FOUND', 'The agency has no requirement policy yet');
    return version;
  }

  private async readVersions(agencyId: string): Promise<PolicyVersion[]> {
    const rows = await preparedQuery<Row>(this.dataSource.manager, 'policy-versions', `SELECT * FROM requirement_policies WHERE agency_id = $1 ORDER BY version DESC`, [agencyId]);
    return rows.map(toVersion);
  }

  async byId(m: EntityManager, id: string): Promise<PolicyVersion> {
    const [row] = (await m.query(`SELECT * FROM requirement_policies WHERE id = $1`, [id])) as Row[];
    return toVersion(row);
  }

  /** The version in force and every version, newest first, from the kept versions. Shared: never change it. */
  async view(agencyId: string): Promise<PolicyView> {
    const history = await this.versions.get(agencyId);
    if (history.length === 0) {
      const [agency] = (await this.dataSource.query(`SELECT 1 FROM agencies WHERE id = $1`, [agencyId])) as unknown[];
      throw agency ? new AppError('not_found', 'POLICY.NOT_FOUND', 'The agency has no requirement policy yet') : agencyNotFound();
    }
    // Before the first version takes effect, it is shown as the current one.
    const current = inForceAmong(history, this.clock.now()) ?? history[history.length - 1];
    return { agencyId, current, history };
  }

  /** Every version of the caller's agency, newest first, with who published it; for its admin. */
  async history(auth: AuthUser, agencyId: string): Promise<PolicyHistoryEntry[]> {
    if (auth.agencyId !== agencyId) throw agencyNotFound();
    const rows = (await this.dataSource.query(
      `SELECT p.*, u.name AS published_by FROM requirement_policies p LEFT JOIN users u ON u.id = p.created_by
       WHERE p.agency_id = $1 ORDER BY p.version DESC`,
      [agencyId],
    )) as (Row & { published_by: string | null })[];
    return rows.map((r) => ({ ...toVersion(r), publishedBy: r.published_by }));
  }

  /** Called beside agency creation: version 1 is a shipped pack. */
  async initialize(m: EntityManager, agencyId: string, key: ShippedPackKey): Promise<void> {
    await m.query(
      `INSERT INTO requirement_policies (agency_id, version, pack, note, effective_from, created_at) VALUES ($1, 1, $2, $3, $4, $4)`,
      [agencyId, JSON.stringify(SHIPPED_PACKS[key]), `Shipped pack: ${key}`, this.clock.now()],
    );
  }

  /**
   * Stores a new version. The previous ones stay, and applications already submitted keep the
   * version (and the result) they were judged by.
   */
  async publish(
    auth: AuthUser,
    agencyId: string,
    input: { pack?: unknown; shippedPack?: string; note?: string; effectiveFrom?: string },
  ): Promise<PolicyView> {
    if (auth.agencyId !== agencyId) throw agencyNotFound();
    let candidate: unknown;
    if (input.shippedPack !== undefined) {
      if (input.pack !== undefined) {
        throw new AppError('validation', 'POLICY.AMBIGUOUS', 'Give either pack or shippedPack, not both', { pack: 'conflicts with shippedPack' });
      }
      if (!(input.shippedPack in SHIPPED_PACKS)) {
        throw new AppError('validation', 'POLICY.UNKNOWN_SHIPPED_PACK', `No shipped pack ${input.shippedPack}`, {
          shippedPack: `must be one of ${Object.keys(SHIPPED_PACKS).join(', ')}`,
        });
      }
      candidate = SHIPPED_PACKS[input.shippedPack as ShippedPackKey];
    } else {
      candidate = input.pack;
    }
    if (candidate === undefined) {
      throw new AppError('validation', 'POLICY.MISSING', 'Give a pack or a shippedPack', { pack: 'required' });
    }
    const checked = validatePolicyPack(candidate);
    if (!checked.ok) {
      const errors = Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [k.startsWith('pack') ? k : `pack.${k}`, v]));
      throw new AppError('unprocessable', 'POLICY.INVALID', 'The requirement pack is not valid', errors);
    }
    const now = this.clock.now();
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
    if (effectiveFrom.getTime() < now.getTime() - 60_000) {
      throw new AppError('validation', 'POLICY.EFFECTIVE_IN_PAST', 'A new version cannot take effect in the past', {
        effectiveFrom: 'must be now or later',
      });
    }
    await inTransaction(this.dataSource, async (m) => {
      // Serialises publishers of one agency, so versions are consecutive.
      await m.query(`SELECT id FROM agencies WHERE id = $1 FOR UPDATE`, [agencyId]);
      const [{ next }] = (await m.query(
        `SELECT coalesce(max(version), 0) + 1 AS next FROM requirement_policies WHERE agency_id = $1`,
        [agencyId],
      )) as { next: number }[];
      await m.query(
        `INSERT INTO requirement_policies (agency_id, version, pack, note, effective_from, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [agencyId, next, JSON.stringify(checked.pack), input.note ?? null, effectiveFrom, auth.id, now],
      );
      await this.audit.append(m, {
        agencyId,
        actor: auth,
        action: 'policy.published',
        entityType: 'policy',
        entityId: agencyId,
        summary: `Requirement policy version ${next} published (${checked.pack.name}), effective ${effectiveFrom.toISOString()}`,
        data: { version: next, packName: checked.pack.name, rules: checked.pack.rules.map((r) => r.id), note: input.note ?? null },
      });
      await announceChange(m, { type: 'policy.published', agencyId });
    });
    return this.view(agencyId);
  }
}
