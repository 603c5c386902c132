import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccountToken, type AccountTokenPurpose } from './account-token.entity';
import { Clock } from '../common/clock';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Mailed single-use links: a random secret goes into the mail, its hash into account_tokens. */
@Injectable()
export class AccountTokens {
  constructor(private readonly clock: Clock) {}

  async issue(m: EntityManager, userId: string, purpose: AccountTokenPurpose, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await m.getRepository(AccountToken).insert({ userId, purpose, tokenHash: hashOf(token), expiresAt, usedAt: null, createdAt: now });
    return { token, expiresAt };
  }

  /** The token's row while it is unused and unexpired, else null; with `lock`, locked until commit. */
  async findUsable(m: EntityManager, token: string, purpose: AccountTokenPurpose, lock = false): Promise<AccountToken | null> {
    const row = await m.getRepository(AccountToken).findOne({
      where: { tokenHash: hashOf(token), purpose },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row || row.usedAt || row.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return row;
  }

  /** Uses up this user's open tokens of the purpose (the one just opened, and any older ones). */
  async useAll(m: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await m
      .createQueryBuilder()
      .update(AccountToken)
      .set({ usedAt: this.clock.now() })
      .where('user_id = :userId AND purpose = :purpose AND used_at IS NULL', { userId, purpose })
      .execute();
  }

  /** When this user's tokens of the purpose were issued within the last `windowMs`, oldest first. */
  async issuedSince(m: EntityManager, userId: string, purpose: AccountTokenPurpose, windowMs: number): Promise<Date[]> {
    const since = new Date(this.clock.now().getTime() - windowMs);
    const rows = await m
      .getRepository(AccountToken)
      .createQueryBuilder('t')
      .select('t.createdAt', 'createdAt')
      .where('t.user_id = :userId AND t.purpose = :purpose AND t.created_at > :since', { userId, purpose, since })
      .orderBy('t.created_at', 'ASC')
      .getRawMany<{ createdAt: Date }>();
    return rows.map((r) => r.createdAt);
  }

  now(): Date {
    return this.clock.now();
  }
}
