import type { ChangeEvents } from './change-events';

/**
 * Rows read from the database once per key and kept in memory until a change notice drops them,
 * for reads outside a transaction of what rarely changes (agencies, requirement policies).
 *
 * - Kept only while the change listener is connected: a change made while it is down would go
 *   unheard, so then every call reads the database (the `resync` on reconnection clears the rest).
 * - The loading promise is kept, so concurrent first readers share one query; a failed load is
 *   dropped, so the next reader tries again.
 * - `drop` during a load forgets the load in hand, so what it returns is never kept after the change.
 * - The value is shared by every reader: never change it.
 */
export class KeptUntilChanged<K, V> {
  private readonly kept = new Map<K, Promise<V>>();

  constructor(
    private readonly changes: ChangeEvents,
    private readonly read: (key: K) => Promise<V>,
  ) {}

  get(key: K): Promise<V> {
    if (!this.changes.listening()) return this.read(key);
    const kept = this.kept.get(key);
    if (kept) return kept;
    const loading = this.read(key);
    this.kept.set(key, loading);
    loading.catch(() => {
      if (this.kept.get(key) === loading) this.kept.delete(key);
    });
    return loading;
  }

  drop(key: K): void {
    this.kept.delete(key);
  }

  clear(): void {
    this.kept.clear();
  }
}
