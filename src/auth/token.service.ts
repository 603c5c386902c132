import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { preparedQuery } from '../database/prepared';
import type { AuthUser, Role } from './permissions';

interface Claims {
  sub: string;
  /** The user's token version when issued; a password reset raises it and so ends the session. */
  ver: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unauthenticated = () => new AppError('unauthenticated', 'AUTH.UNAUTHENTICATED', 'Log in to continue');

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(userId: string, tokenVersion: number): { accessToken: string; tokenType: 'Bearer'; expiresIn: number } {
    const accessToken = this.jwt.sign({ sub: userId, ver: tokenVersion } satisfies Claims, { expiresIn: this.config.JWT_TTL_SECONDS });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_TTL_SECONDS };
  }

  /**
   * The token names the user; role and agency come from the database on every request, so a
   * changed role or a deactivated account takes effect at once.
   */
  async authenticate(header: string | undefined): Promise<AuthUser> {
    const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header ?? '');
    if (!match) throw unauthenticated();
    let claims: Claims;
    try {
      claims = await this.jwt.verifyAsync<Claims>(match[1]);
    } catch {
      throw unauthenticated();
    }
    // Signed by us, but not a token we issue: the query below would fail on a non-UUID.
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) throw unauthenticated();
    const [row] = await preparedQuery<{ id: string; email: string; name: string; role: Role; agency_id: string | null; locale: 'id' | 'en'; token_version: number }>(
      this.dataSource.manager,
      'token-user',
      `SELECT id, email, name, role, agency_id, locale, token_version FROM users WHERE id = $1 AND active`,
      [claims.sub],
    );
    if (!row) throw unauthenticated();
    // Tokens from before versions existed carry none and count as version 0.
    if ((claims.ver ?? 0) !== row.token_version) {
      throw new AppError('unauthenticated', 'AUTH.UNAUTHENTICATED', 'Your session has ended (the password was reset); log in again');
    }
    return { id: row.id, email: row.email, name: row.name, role: row.role, agencyId: row.agency_id, locale: row.locale };
  }
}
