import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** The one channel every process listens on. */
export const CHANGES_CHANNEL = 'mitra_changes';
/** How the listener shows in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'mitra-change-listener';

export type ChangeEvent =
  | { type: 'certificate.status'; certificateId: string; agencyId: string; verificationCode: string; status: string }
  /** The agency's profile, settings or intake changed, or the agency was created. */
  | { type: 'agency.settings'; agencyId: string }
  /** An application of the agency moved between stages, or its due date or round changed (the queue's counts). */
  | { type: 'application.changed'; agencyId: string }
  /** A registration round of the agency was created, or its name or dates changed. */
  | { type: 'round.changed'; agencyId: string }
  /** A requirement policy version was published (it may take effect later). */
  | { type: 'policy.published'; agencyId: string }
  /** The listener was disconnected and is back: events may have been missed, so drop every cached entry. */
  | { type: 'resync' };

export type ChangeHandler = (event: ChangeEvent) => void;

/** The ChangeEvents of each DataSource in this process, for the local delivery at commit. */
const localListeners = new WeakMap<DataSource, ChangeEvents>();
/** Where a transaction's announcements wait for its commit (QueryRunner.data). */
const PENDING_KEY = 'mitraPendingChanges';

/**
 * Announces a change to every process. Call it inside the writing transaction: PostgreSQL delivers
 * the notification only when that transaction commits, and never when it rolls back.
 * This process's own subscribers also get it synchronously right after the COMMIT (before the
 * writing request answers), so a reader on the same process never sees the old state once the
 * change is acknowledged; the NOTIFY then arrives here too (subscribers must be idempotent).
 */
export async function announceChange(m: EntityManager, event: Exclude<ChangeEvent, { type: 'resync' }>): Promise<void> {
  await m.query(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, JSON.stringify(event)]);
  const qr = m.queryRunner;
  if (qr?.isTransactionActive) {
    const data = qr.data as Record<string, ChangeEvent[] | undefined>;
    (data[PENDING_KEY] ??= []).push(event);
  } else {
    localListeners.get(m.connection)?.deliverLocally([event]);
  }
}

/** Hands a committed transaction's announcements to this process's subscribers; drops a rolled-back one's. */
class CommitDelivery implements EntitySubscriberInterface {
  constructor(private readonly events: ChangeEvents) {}

  afterTransactionCommit(e: { queryRunner: QueryRunner }): void {
    if (e.queryRunner.isTransactionActive) return; // a savepoint released; the transaction goes on
    const data = e.queryRunner.data as Record<string, ChangeEvent[] | undefined>;
    const pending = data[PENDING_KEY];
    if (!pending) return;
    delete data[PENDING_KEY];
    this.events.deliverLocally(pending);
  }

  afterTransactionRollback(e: { queryRunner: QueryRunner }): void {
    // A savepoint rolled back may drop announcements that PostgreSQL drops too; delivering them anyway
    // at commit would only drop a cache entry once more, so they are kept until the outer end.
    if (e.queryRunner.isTransactionActive) return;
    delete (e.queryRunner.data as Record<string, unknown>)[PENDING_KEY];
  }
}

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 10_000;

/**
 * Hears the changes of every process (LISTEN on a dedicated connection, not one from the pool, so
 * it is never handed to a query) and passes them to the subscribers of this process, for example a
 * cache that drops the entry. A lost connection is re-opened with growing back-off and
 * subscribes again by itself; subscribers then get a `resync`, since events may have been missed.
 */
@Injectable()
export class ChangeEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ChangeEvents');
  private readonly handlers = new Set<ChangeHandler>();
  private client: Client | undefined;
  private closing = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly url: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.url = (dataSource.options as PostgresConnectionOptions).url!;
    localListeners.set(dataSource, this);
    dataSource.subscribers.push(new CommitDelivery(this));
  }

  /** This process's own committed announcements, delivered without waiting for the NOTIFY. */
  deliverLocally(events: ChangeEvent[]): void {
    for (const event of events) this.emit(event);
  }

  /** Calls `handler` for each change from now on; returns the unsubscribe function. */
  subscribe(handler: ChangeHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /**
   * Whether this process hears every change now. A cache may answer from memory only while this
   * is true: while the listener is down, changes go unheard (a `resync` follows the reconnection).
   */
  listening(): boolean {
    return this.client !== undefined;
  }

  /** The listening connection's server process id, or null while disconnected. */
  backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | undefined)?.processID ?? null;
  }

  async onModuleInit(): Promise<void> {
    await this.connect(false);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    localListeners.delete(this.dataSource);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(reconnect: boolean): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: LISTENER_APPLICATION_NAME });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (!this.closing) {
        this.logger.warn(`change listener disconnected${err ? `: ${err.message}` : ''}; reconnecting`);
        this.scheduleReconnect();
      }
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      if (msg.channel !== CHANGES_CHANNEL || !msg.payload) return;
      try {
        this.emit(JSON.parse(msg.payload) as ChangeEvent);
      } catch (err) {
        this.logger.warn(`unreadable change notification: ${(err as Error).message}`);
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (this.closing || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    if (reconnect) {
      this.logger.log('change listener reconnected');
      this.emit({ type: 'resync' });
    }
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(this.failures, 20));
    this.failures++;
    this.retryTimer = setTimeout(() => void this.connect(true), delay);
    this.retryTimer.unref();
  }

  private emit(event: ChangeEvent): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (err) {
        this.logger.warn(`change subscriber failed on ${event.type}: ${(err as Error).message}`);
      }
    }
  }
}
