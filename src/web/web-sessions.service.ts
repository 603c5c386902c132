import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import type { AuthUser, Role } from '../auth/permissions';
import { preparedQuery } from '../database/prepared';
import { WebSession } from './web-session.entity';

/** Twelve hours: a working day at an office desk, then log in again. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface ActiveSession {
  tokenHash: string;
  csrfToken: string;
  user: AuthUser;
  /** The staff member's agency, for the header; null for applicants. */
  agencyName: string | null;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
/** Tokens drawn 128 at a time: one call into the random source per 128 first visits, not one each. */
const TOKEN_BYTES = 32;
const TOKEN_BATCH = 128;
let tokenPool = Buffer.alloc(0);
let tokenOffset = 0;

/** 32 bytes from the CSPRNG, base64url: session tokens and the anonymous visitor's CSRF token. */
export function randomToken(): string {
  if (tokenOffset + TOKEN_BYTES > tokenPool.length) {
    tokenPool = randomBytes(TOKEN_BYTES * TOKEN_BATCH);
    tokenOffset = 0;
  }
  const token = tokenPool.toString('base64url', tokenOffset, tokenOffset + TOKEN_BYTES);
  // Each token's bytes are handed out once and wiped from the pool.
  tokenPool.fill(0, tokenOffset, tokenOffset + TOKEN_BYTES);
  tokenOffset += TOKEN_BYTES;
  return token;
}

@Injectable()
export class WebSessionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(user: { userId: string; tokenVersion: number }, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
    const repo = this.dataSource.getRepository(WebSession);
    await repo.insert({ tokenHash: sha256(token), userId: user.userId, tokenVersion: user.tokenVersion, csrfToken: randomToken(), expiresAt });
    // Expired rows of anyone go at the next login; no scheduler needed for a small table.
    await repo.delete({ expiresAt: LessThan(now) });
    return { token, expiresAt };
  }

  /**
   * The session and its user, read fresh on every request (as the token guard does), so a
   * deactivation, a role change or a password reset takes effect on the next page.
   */
  async find(token: string | undefined): Promise<ActiveSession | null> {
    if (!token || token.length > 100) return null;
    // Prepared: planning this join cost PostgreSQL more than running it, on every page.
    const [row] = await preparedQuery<{ token_hash: string; csrf_token: string; id: string; email: string; name: string; role: Role; agency_id: string | null; locale: 'id' | 'en'; agency_name: string | null }>(
      this.dataSource.manager,
      'web-session',
      `SELECT s.token_hash, s.csrf_token, u.id, u.email, u.name, u.role, u.agency_id, u.locale, a.name AS agency_name
       FROM web_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN agencies a ON a.id = u.agency_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active AND s.token_version = u.token_version`,
      [sha256(token)],
    );
    if (!row) return null;
    return {
      tokenHash: row.token_hash,
      csrfToken: row.csrf_token,
      user: { id: row.id, email: row.email, name: row.name, role: row.role, agencyId: row.agency_id, locale: row.locale },
      agencyName: row.agency_name,
    };
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.dataSource.getRepository(WebSession).delete({ tokenHash: sha256(token) });
  }

  /** After a password change: every other browser of this user is logged out. */
  async destroyOthers(userId: string, keepTokenHash: string): Promise<void> {
    await this.dataSource
      .getRepository(WebSession)
      .createQueryBuilder()
      .delete()
      .where('user_id = :userId AND token_hash <> :keep', { userId, keep: keepTokenHash })
      .execute();
  }
}
