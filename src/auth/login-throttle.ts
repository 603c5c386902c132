import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';

/**
 * Where failed-login times are kept: PostgreSQL in the app (PgFailureStore, shared by every
 * process), process memory in unit specs.
 */
export interface FailureStore {
  /** Times (ms) of the failures recorded under `key` at or after `since`, oldest first. */
  since(key: string, since: number): Promise<number[]>;
  /** Records one failure at `at` under each key. */
  add(keys: readonly string[], at: number): Promise<void>;
  /** Takes back one failure recorded at `at` under each key. */
  forget(keys: readonly string[], at: number): Promise<void>;
  clear(key: string): Promise<void>;
}

export const FAILURE_STORE = Symbol('FAILURE_STORE');

export class MemoryFailureStore implements FailureStore {
  private readonly times = new Map<string, number[]>();

  constructor(
    /** Nothing older is ever asked for, so it is dropped. */
    private readonly retainMs: number,
    /** No limit counts further back than this many failures. */
    private readonly maxPerKey: number,
  ) {}

  async since(key: string, since: number): Promise<number[]> {
    return (this.times.get(key) ?? []).filter((t) => t >= since);
  }

  async add(keys: readonly string[], at: number): Promise<void> {
    if (this.times.size > 100_000) this.sweep(at);
    for (const key of keys) {
      const kept = (this.times.get(key) ?? []).filter((t) => t > at - this.retainMs);
      kept.push(at);
      this.times.set(key, kept.slice(-this.maxPerKey));
    }
  }

  async forget(keys: readonly string[], at: number): Promise<void> {
    for (const key of keys) {
      const times = this.times.get(key);
      const i = times?.lastIndexOf(at) ?? -1;
      if (i >= 0) times!.splice(i, 1);
    }
  }

  async clear(key: string): Promise<void> {
    this.times.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.times) if (times[times.length - 1] <= now - this.retainMs) this.times.delete(key);
  }
}

export interface ThrottlePolicy {
  /** Failures of one account from one address before the back-off starts. */
  freeFailures: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long the failures of one account from one address are remembered. */
  pairMemoryMs: number;
  /** Failures per account from all addresses in a sliding minute. */
  accountPerMinute: number;
  /** Failures per address over all accounts in a sliding hour. */
  addressPerHour: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function policyFrom(config: AppConfig): ThrottlePolicy {
  const backoffMaxMs = config.LOGIN_BACKOFF_MAX_SECONDS * 1000;
  return {
    freeFailures: config.LOGIN_FREE_FAILURES,
    backoffBaseMs: 1000,
    backoffMaxMs,
    // Long enough that a guesser held at the cap stays at the cap.
    pairMemoryMs: Math.max(15 * MINUTE, 10 * backoffMaxMs),
    accountPerMinute: config.LOGIN_ACCOUNT_FAILURES_PER_MINUTE,
    addressPerHour: config.LOGIN_ADDRESS_FAILURES_PER_HOUR,
  };
}

/** Wait after `failures` failures of one account from one address: 0 while free, then 1 s, 2 s, 4 s, ... up to the cap. */
export function backoffDelayMs(failures: number, p: Pick<ThrottlePolicy, 'freeFailures' | 'backoffBaseMs' | 'backoffMaxMs'>): number {
  if (failures < p.freeFailures) return 0;
  return Math.min(p.backoffMaxMs, p.backoffBaseMs * 2 ** Math.min(failures - p.freeFailures, 40));
}

/** Wait until a sliding window holding `times` (oldest first, all inside the window) admits one more. */
export function windowWaitMs(times: readonly number[], limit: number, windowMs: number, now: number): number {
  if (times.length < limit) return 0;
  return Math.max(0, times[times.length - limit] + windowMs - now);
}

const pairKey = (account: string, address: string) => `pair:${account}\n${address}`;
const accountKey = (account: string) => `account:${account}`;
const addressKey = (address: string) => `address:${address}`;

/**
 * Failed logins are throttled three ways, so that nobody can lock the owner out for long:
 * - per account and address, a growing back-off: a guesser at one address slows to one try per
 *   LOGIN_BACKOFF_MAX_SECONDS, and the owner at another address is not touched by it;
 * - per account over all addresses, a few per sliding minute: a guesser spread over many
 *   addresses gets no more, and since the window slides, the owner waits at most a minute;
 * - per address over all accounts, against spraying one password over many accounts.
 * Only failures count; a refused (429) try is not a guess and is not counted.
 */
@Injectable()
export class LoginThrottle {
  private readonly policy: ThrottlePolicy;
  private readonly store: FailureStore;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
    @Optional() @Inject(FAILURE_STORE) store?: FailureStore,
  ) {
    this.policy = policyFrom(config);
    this.store = store ?? new MemoryFailureStore(...failureStoreLimits(this.policy));
  }

  /**
   * Whole seconds to wait before this account may be tried from this address; or, when 0, the try
   * is recorded as a failure at once (so parallel tries count) until `failed` or `succeeded` settles it.
   */
  async begin(account: string, address: string): Promise<{ retryAfter: number; at: number }> {
    const now = this.clock.now().getTime();
    const p = this.policy;
    const pair = await this.store.since(pairKey(account, address), now - p.pairMemoryMs);
    const pairWait = pair.length === 0 ? 0 : Math.max(0, pair[pair.length - 1] + backoffDelayMs(pair.length, p) - now);
    const accountWait = windowWaitMs(await this.store.since(accountKey(account), now - MINUTE), p.accountPerMinute, MINUTE, now);
    const addressWait = windowWaitMs(await this.store.since(addressKey(address), now - HOUR), p.addressPerHour, HOUR, now);
    const retryAfter = Math.ceil(Math.max(pairWait, accountWait, addressWait) / 1000);
    if (retryAfter === 0) await this.store.add(keys(account, address), now);
    return { retryAfter, at: now };
  }

  /** The password was wrong: the failure counts from when it was answered, so the wait starts then. */
  async failed(account: string, address: string, at: number): Promise<void> {
    const now = this.clock.now().getTime();
    if (now === at) return;
    await this.store.forget(keys(account, address), at);
    await this.store.add(keys(account, address), now);
  }

  /** The password was right: the try was no failure, and this address starts afresh for this account. */
  async succeeded(account: string, address: string, at: number): Promise<void> {
    await this.store.forget(keys(account, address), at);
    await this.store.clear(pairKey(account, address));
  }
}

/** How long failures are kept and how many per key are ever looked at, for a store of either kind. */
export function failureStoreLimits(p: ThrottlePolicy): [retainMs: number, maxPerKey: number] {
  return [Math.max(HOUR, p.pairMemoryMs), Math.max(p.addressPerHour, p.accountPerMinute, 64)];
}

const keys = (account: string, address: string) => [pairKey(account, address), accountKey(account), addressKey(address)];
