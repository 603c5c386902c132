import { createHash } from 'node:crypto';

/** One certificate's public answer, ready to send. */
export interface CachedAnswer {
  certificateId: string;
  agencyId: string;
  /**
   * The JSON body of GET /api/public/certificates/:code, UTF-8 encoded once: off the V8 heap (a full
   * cache adds little to what the garbage collector walks and sizes the heap by) and sent as is.
   */
  body: Buffer;
  /** Strong validator of `body`: changes whenever the answer does (status, reason, dates, names). */
  etag: string;
  /**
   * The /verify page for anonymous visitors by locale (its own part; the layout and the visitor's token
   * are put around it per request): filled by the web layer and kept WITH this answer, so whatever
   * drops the answer (a status change on any process, expiry by the clock, the size bound) drops the
   * page too.
   */
  pages: Map<string, KeptPage>;
}

/**
 * A page's own HTML, inside the layout, and the catalogue key of its title. The HTML is kept as a
 * Buffer, outside the V8 heap like the JSON answers, so a crawler scanning every code in both
 * languages fills native memory bounded by the cache size, never the service's capped heap.
 */
export interface KeptPage {
  title: string;
  body: Buffer;
}

interface Entry extends CachedAnswer {
  /** Epoch ms from which the answer may be wrong without any event: expiry at the end of valid_until (WIB), or the safety age. */
  staleAtMs: number;
}

/** Even if every invalidation were lost, no answer is kept longer than this. */
export const CACHE_MAX_AGE_MS = 10 * 60_000;

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * The public verification answers of this process, keyed by verification code: a bounded LRU
 * (Map insertion order) with no negative entries, so unknown codes never take room and a new
 * issuance is seen at once. Entries are dropped by `invalidate*` (every process hears the changes
 * through LISTEN/NOTIFY) and are never served at or after `staleAtMs` (the certificate's expiry by the
 * injectable clock). A lookup that read the database before an invalidation may not store its
 * (possibly older) answer afterwards: `generation` guards that race.
 */
export class PublicCertificateCache {
  private readonly entries = new Map<string, Entry>();
  private gen = 0;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Take before reading the database; pass to `set`. */
  generation(): number {
    return this.gen;
  }

  get(code: string, nowMs: number): CachedAnswer | undefined {
    const e = this.entries.get(code);
    if (!e) return undefined;
    if (nowMs >= e.staleAtMs) {
      this.entries.delete(code);
      return undefined;
    }
    // Most recently used last: delete and re-insert (cheap for a Map).
    this.entries.delete(code);
    this.entries.set(code, e);
    return e;
  }

  /** Stores the answer unless something was invalidated since `generation` was taken. */
  set(code: string, answer: CachedAnswer, staleAtMs: number, generation: number, nowMs: number): void {
    if (this.maxEntries <= 0 || generation !== this.gen || nowMs >= staleAtMs) return;
    this.entries.delete(code);
    this.entries.set(code, { ...answer, staleAtMs: Math.min(staleAtMs, nowMs + CACHE_MAX_AGE_MS) });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  invalidateCode(code: string): void {
    this.gen++;
    this.entries.delete(code);
  }

  invalidateAgency(agencyId: string): void {
    this.gen++;
    for (const [code, e] of this.entries) if (e.agencyId === agencyId) this.entries.delete(code);
  }

  clear(): void {
    this.gen++;
    this.entries.clear();
  }
}

/**
 * `text` as UTF-8 in memory of its own. `Buffer.from` cuts small buffers out of Node's shared 8 KB
 * pool, and one long-lived slice keeps its whole slab alive: tens of thousands of kept answers would
 * hold several times their size.
 */
export function keptBuffer(text: string): Buffer {
  const buffer = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  buffer.write(text, 'utf8');
  return buffer;
}
