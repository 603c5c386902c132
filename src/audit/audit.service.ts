import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { csvRow } from '../common/csv';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination';
import { chainKeyFor, ChainVerifier, GENESIS_HASH, hashEvent, type ChainVerdict, type StoredEvent } from './audit-chain';

export interface AuditEntry {
  agencyId: string | null;
  /** null for the system (scheduler, CLI). */
  actor: Pick<AuthUser, 'id' | 'role'> | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** One human sentence; never personal data. */
  summary: string;
  data?: Record<string, unknown>;
}

export interface AuditEventView {
  id: string;
  seq: number;
  agencyId: string | null;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  data: Record<string, unknown>;
  createdAt: string;
  hash: string;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

interface Row {
  id: string;
  chain_key: string;
  seq: string;
  agency_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  data: Record<string, unknown>;
  created_at: Date;
  prev_hash: string;
  hash: string;
}

const toStored = (r: Row): StoredEvent => ({
  id: String(r.id),
  chainKey: r.chain_key,
  seq: Number(r.seq),
  agencyId: r.agency_id,
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  summary: r.summary,
  data: r.data,
  createdAt: r.created_at,
  prevHash: r.prev_hash,
  hash: r.hash,
});

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends inside the caller's transaction. The chain head row is locked, so concurrent writers
   * of one agency queue here and every event gets the next seq and the previous hash.
   */
  async append(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const chainKey = chainKeyFor(entry.agencyId);
    // Two statements: the head, created at genesis if new, locked and read in one (the no-op
    // update takes the row lock as FOR UPDATE would, after any concurrent writer commits); then
    // the event and the new head.
    const [head] = (await manager.query(
      `INSERT INTO audit_chain_heads AS h (chain_key, seq, hash) VALUES ($1, 0, $2)
       ON CONFLICT (chain_key) DO UPDATE SET seq = h.seq RETURNING seq, hash`,
      [chainKey, GENESIS_HASH],
    )) as { seq: string; hash: string }[];
    const fields = {
      chainKey,
      seq: Number(head.seq) + 1,
      agencyId: entry.agencyId,
      actorId: entry.actor?.id ?? null,
      actorRole: entry.actor?.role ?? 'system',
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      summary: entry.summary,
      data: entry.data ?? {},
      createdAt: this.clock.now(),
    };
    const hash = hashEvent(head.hash, fields);
    await manager.query(
      `WITH event AS (
         INSERT INTO audit_events (chain_key, seq, agency_id, actor_id, actor_role, action, entity_type, entity_id,
           summary, data, created_at, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13))
       UPDATE audit_chain_heads SET seq = $2, hash = $13 WHERE chain_key = $1`,
      [
        chainKey,
        fields.seq,
        fields.agencyId,
        fields.actorId,
        fields.actorRole,
        fields.action,
        fields.entityType,
        fields.entityId,
        fields.summary,
        JSON.stringify(fields.data),
        fields.createdAt,
        head.hash,
        hash,
      ],
    );
  }

  /** An auditor's view of their agency's events, newest first, keyset-paginated by id. */
  async list(auth: AuthUser, query: AuditQuery): Promise<Page<AuditEventView>> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const cursor = decodeCursor(query.cursor, ['bigint']);
    const where = ['agency_id = $1'];
    const params: unknown[] = [auth.agencyId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.entityType) add('entity_type = ?', query.entityType);
    if (query.entityId) add('entity_id = ?', query.entityId);
    if (query.action) add('action = ?', query.action);
    if (query.actorId) add('actor_id = ?', query.actorId);
    if (query.from) add('created_at >= ?', query.from);
    if (query.to) add('created_at < ?', query.to);
    if (cursor) add('id < ?', String(cursor[0]));
    params.push(limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    )) as Row[];
    const page = rows.slice(0, limit).map((r) => this.view(r));
    return {
      items: page,
      nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1].id]) : null,
    };
  }

  /**
   * CSV of the filtered trail, oldest page last, streamed page by page. The first page is read
   * before the stream is handed back, so a filter the database refuses is an error answer, not a
   * 200 whose connection drops after the header line.
   */
  async exportCsv(auth: AuthUser, query: AuditQuery): Promise<Readable> {
    const columns = ['id', 'seq', 'createdAt', 'actorId', 'actorRole', 'action', 'entityType', 'entityId', 'summary', 'hash'] as const;
    const first = await this.list(auth, { ...query, limit: 500 });
    const self = this;
    async function* lines(): AsyncGenerator<string> {
      yield csvRow(columns);
      let page: Page<AuditEventView> | null = first;
      while (page) {
        for (const e of page.items) yield csvRow(columns.map((c) => e[c]));
        page = page.nextCursor ? await self.list(auth, { ...query, cursor: page.nextCursor, limit: 500 }) : null;
      }
    }
    return Readable.from(lines());
  }

  /** Every event of the agency's chain that concerns one entity, oldest first (timelines). */
  async forEntity(manager: EntityManager, entityType: string, entityId: string): Promise<AuditEventView[]> {
    const rows = (await manager.query(
      `SELECT * FROM audit_events WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    )) as Row[];
    return rows.map((r) => this.view(r));
  }

  async verifyAgency(agencyId: string): Promise<ChainVerdict> {
    return this.verify(chainKeyFor(agencyId));
  }

  /** Every chain in the database (operator CLI). */
  async verifyAll(): Promise<ChainVerdict[]> {
    const keys = (await this.dataSource.query(
      `SELECT chain_key FROM audit_chain_heads UNION SELECT DISTINCT chain_key FROM audit_events ORDER BY 1`,
    )) as { chain_key: string }[];
    const out: ChainVerdict[] = [];
    for (const { chain_key } of keys) out.push(await this.verify(chain_key));
    return out;
  }

  /** Reads the chain in batches so a million events never sit in memory at once. */
  private async verify(chainKey: string): Promise<ChainVerdict> {
    const [head] = (await this.dataSource.query(`SELECT seq, hash FROM audit_chain_heads WHERE chain_key = $1`, [
      chainKey,
    ])) as { seq: string; hash: string }[];
    const verifier = new ChainVerifier(chainKey);
    let after = 0;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT * FROM audit_events WHERE chain_key = $1 AND seq > $2 ORDER BY seq, id LIMIT 5000`,
        [chainKey, after],
      )) as Row[];
      if (!rows.every((r) => verifier.push(toStored(r))) || rows.length < 5000) break;
      after = Number(rows[rows.length - 1].seq);
    }
    return verifier.finish(head ? { seq: Number(head.seq), hash: head.hash } : null);
  }

  /**
   * The actions in the agency's trail, for a filter: a skip scan of audit_events_agency_action_idx
   * (one index probe per distinct action), not a pass over every event.
   */
  async actions(auth: AuthUser): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE a AS (
         (SELECT action FROM audit_events WHERE agency_id = $1 ORDER BY action LIMIT 1)
         UNION ALL
         SELECT (SELECT e.action FROM audit_events e WHERE e.agency_id = $1 AND e.action > a.action ORDER BY e.action LIMIT 1)
         FROM a WHERE a.action IS NOT NULL
       )
       SELECT action FROM a WHERE action IS NOT NULL`,
      [auth.agencyId],
    )) as { action: string }[];
    return rows.map((r) => r.action);
  }

  /**
   * Words for a page of events: the actors' names, and the application's reference, the
   * certificate's number or the round's name (of the caller's agency only), one statement per kind.
   */
  async labels(auth: AuthUser, events: readonly AuditEventView[]): Promise<{ actors: Map<string, string>; records: Map<string, string> }> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const idsOf = (type: string) => [...new Set(events.filter((e) => e.entityType === type && e.entityId && uuid.test(e.entityId)).map((e) => e.entityId!))];
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is string => !!id))];
    const [actors, applications, certificates, rounds] = await Promise.all([
      actorIds.length ? (this.dataSource.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [actorIds]) as Promise<{ id: string; name: string }[]>) : [],
      idsOf('application').length
        ? (this.dataSource.query(`SELECT id, reference AS label FROM applications WHERE id = ANY($1::uuid[]) AND agency_id = $2`, [idsOf('application'), auth.agencyId]) as Promise<{ id: string; label: string }[]>)
        : [],
      idsOf('certificate').length
        ? (this.dataSource.query(`SELECT id, number AS label FROM certificates WHERE id = ANY($1::uuid[]) AND agency_id = $2`, [idsOf('certificate'), auth.agencyId]) as Promise<{ id: string; label: string }[]>)
        : [],
      idsOf('round').length
        ? (this.dataSource.query(`SELECT id, name AS label FROM registration_rounds WHERE id = ANY($1::uuid[]) AND agency_id = $2`, [idsOf('round'), auth.agencyId]) as Promise<{ id: string; label: string }[]>)
        : [],
    ]);
    const keyed = (type: string, rows: { id: string; label: string }[]) => rows.map((r) => [`${type}:${r.id}`, r.label] as const);
    return {
      actors: new Map(actors.map((a) => [a.id, a.name])),
      records: new Map([...keyed('application', applications), ...keyed('certificate', certificates), ...keyed('round', rounds)]),
    };
  }

  private view(r: Row): AuditEventView {
    const { chainKey: _chain, prevHash: _prev, ...event } = toStored(r);
    return { ...event, createdAt: event.createdAt.toISOString() };
  }


  static notAnAuditor(): AppError {
    return new AppError('forbidden', 'AUDIT.FORBIDDEN', 'Only staff of an agency read its audit trail');
  }
}
