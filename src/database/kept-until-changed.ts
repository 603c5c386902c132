import type { ChangeEvents } from './change-events';

/** For a value that also goes out of date by the clock: when (epoch ms), and the clock to compare with. */
export interface KeptExpiry<V> {
  expiresAtMs: (value: V) => number;
  nowMs: () => number;
}

/**
 * Rows read from the database once per key and kept in memory until a change notice drops them,
 * for reads outside a transaction of what changes rarely or only through announced writes
 * (agencies, requirement policies, the queue's counts).
 *
 * - Kept only while the change listener is connected: a change made while it is down would go
 *   unheard, so then every call reads the database (the `resync` on reconnection clears the rest).
 * - The loading promise is kept, so concurrent first readers share one query; a failed load is
 *   dropped, so the next reader tries again.
 * - `drop` during a load forgets the load in hand, so what it returns is never kept after the change.
 * - With `expiry`, a value is read again from the moment it says it goes out of date.
 * - The value is shared by every reader: never change it.
 */
export class KeptUntilChanged<K, V> {
  private readonly kept = new Map<K, { loading: Promise<V>; expiresAtMs: number }>();

  constructor(
    private readonly changes: ChangeEvents,
    private readonly read: (key: K) => Promise<V>,
    private readonly expiry?: KeptExpiry<V>,
  ) {}

  get(key: K): Promise<V> {
    if (!this.changes.listening()) return this.read(key);
    const kept = this.kept.get(key);
    if (kept && (!this.expiry || this.expiry.nowMs() < kept.expiresAtMs)) return kept.loading;
    const loading = this.read(key);
    const entry = { loading, expiresAtMs: Number.POSITIVE_INFINITY };
    this.kept.set(key, entry);
    loading.then(
      (value) => {
        if (this.expiry) entry.expiresAtMs = this.expiry.expiresAtMs(value);
      },
      () => {
        if (this.kept.get(key) === entry) this.kept.delete(key);
      },
    );
    return loading;
  }

  drop(key: K): void {
    this.kept.delete(key);
  }

  /** Drops every key `match` accepts. */
  dropWhere(match: (key: K) => boolean): void {
    for (const key of this.kept.keys()) if (match(key)) this.kept.delete(key);
  }

  clear(): void {
    this.kept.clear();
  }
}
