import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite is a single backend session shared by every socket connection. pglite-socket 0.2.17
 * queues wire messages one by one and keeps a connection exclusive only inside a transaction,
 * so two clients' extended-protocol sequences (Parse, Bind, Describe, Execute ... Sync) can
 * interleave and clobber each other's unnamed statement and portal ("unnamed prepared statement
 * does not exist"). This keeps the session with one connection from its first message until
 * its sequence ends (Sync, simple Query, Terminate) or its transaction ends, whichever is later.
 *
 * It replaces the queue's scheduling on the instance: the class is not exported, and the
 * package version is pinned exactly for this reason.
 */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(err: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueueInternals {
  db: PGlite;
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Parse, Bind, Describe, Execute, Close, Flush: the session must stay with this client. */
const CONTINUES_SEQUENCE = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

export function serializeSessionSequences(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue: QueueInternals }).queryQueue;
  if (!q || !Array.isArray(q.queue) || typeof q.processQueue !== 'function' || !q.db) {
    throw new Error('pglite-socket internals changed; review src/database/pglite-session-queue.ts');
  }
  let sequenceOwner: number | null = null;

  q.processQueue = async function processQueue(): Promise<void> {
    if (q.processing) return;
    q.processing = true;
    try {
      while (q.queue.length > 0) {
        const holder = sequenceOwner ?? (q.db.isInTransaction() ? q.lastHandlerId : null);
        const index = holder === null ? 0 : q.queue.findIndex((m) => m.handlerId === holder);
        if (index === -1) break;
        const [item] = q.queue.splice(index, 1);
        let bytes = 0;
        try {
          await q.db.runExclusive(() =>
            q.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (err) {
          sequenceOwner = null;
          item.reject(err);
          continue;
        }
        sequenceOwner = CONTINUES_SEQUENCE.has(item.message[0]) ? item.handlerId : null;
        q.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      q.processing = false;
    }
  };

  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    if (sequenceOwner === handlerId) sequenceOwner = null;
    clear(handlerId);
  };
}
