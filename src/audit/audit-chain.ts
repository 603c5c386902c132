import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

/** The first `prev_hash` of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  chainKey: string;
  seq: number;
  agencyId: string | null;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export const chainKeyFor = (agencyId: string | null): string => (agencyId ? `agency:${agencyId}` : 'global');

/** SHA-256 over the previous hash and the canonical form of the event. */
export function hashEvent(prevHash: string, e: ChainedFields): string {
  // Exactly the chained fields: a stored row also carries its id and hashes, which are not hashed.
  const canonical = canonicalJson({
    chainKey: e.chainKey,
    seq: e.seq,
    agencyId: e.agencyId,
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    summary: e.summary,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface StoredEvent extends ChainedFields {
  id: string;
  prevHash: string;
  hash: string;
}

export type ChainProblem = 'gap_or_reorder' | 'prev_hash_mismatch' | 'hash_mismatch' | 'tail_missing';

export interface ChainVerdict {
  chainKey: string;
  ok: boolean;
  events: number;
  /** The first event that does not fit, as stored (its action and time may be what was tampered with). */
  firstBroken: { id: string | null; seq: number; problem: ChainProblem; action?: string; createdAt?: string } | null;
}

/**
 * Walks one chain in `seq` order, one event at a time (a chain may hold millions). A changed row
 * breaks its own hash, a deleted or inserted row breaks the sequence or the next prev_hash, and a
 * deleted tail is found against the head record.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prev = GENESIS_HASH;
  private count = 0;
  private broken: ChainVerdict['firstBroken'] = null;

  constructor(private readonly chainKey: string) {}

  /** Returns false once the chain is found broken; later events are not looked at. */
  push(e: StoredEvent): boolean {
    if (this.broken) return false;
    this.count++;
    const problem: ChainProblem | null =
      e.seq !== this.expectedSeq
        ? 'gap_or_reorder'
        : e.prevHash !== this.prev
          ? 'prev_hash_mismatch'
          : hashEvent(e.prevHash, e) !== e.hash
            ? 'hash_mismatch'
            : null;
    if (problem) {
      this.broken = { id: e.id, seq: e.seq, problem, action: e.action, createdAt: e.createdAt.toISOString() };
      return false;
    }
    this.prev = e.hash;
    this.expectedSeq++;
    return true;
  }

  finish(head: { seq: number; hash: string } | null): ChainVerdict {
    const lastSeq = this.expectedSeq - 1;
    if (!this.broken && head && (head.seq !== lastSeq || head.hash !== this.prev)) {
      this.broken = { id: null, seq: lastSeq + 1, problem: 'tail_missing' };
    }
    return { chainKey: this.chainKey, ok: !this.broken, events: this.count, firstBroken: this.broken };
  }
}

export function verifyChain(
  chainKey: string,
  events: Iterable<StoredEvent>,
  head: { seq: number; hash: string } | null,
): ChainVerdict {
  const verifier = new ChainVerifier(chainKey);
  for (const e of events) if (!verifier.push(e)) break;
  return verifier.finish(head);
}
