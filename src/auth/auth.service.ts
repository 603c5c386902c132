import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { inTransaction, isPgError, PG_UNIQUE_VIOLATION } from '../database/transaction';
import { UsersService, type UserView } from '../users/users.service';
import type { LoginDto, RegisterDto } from './dto/auth.dto';
import { EmailConfirmationService } from './email-confirmation.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

const badCredentials = () => new AppError('unauthenticated', 'AUTH.INVALID_CREDENTIALS', 'Email or password is wrong');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly confirmations: EmailConfirmationService,
  ) {}

  async register(dto: RegisterDto): Promise<UserView> {
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const user = await this.users.insert(m, {
          email: dto.email,
          passwordHash,
          name: dto.name,
          role: 'applicant',
          agencyId: null,
          locale: dto.locale ?? 'id',
          emailConfirmed: false,
        });
        await this.audit.append(m, {
          agencyId: null,
          actor: { id: user.id, role: 'applicant' },
          action: 'user.registered',
          entityType: 'user',
          entityId: user.id,
          summary: `Applicant account registered`,
        });
        await this.confirmations.sendLink(m, user);
        return user;
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'users_email_key')) {
        throw new AppError('conflict', 'USER.EMAIL_TAKEN', 'An account with this email already exists');
      }
      throw err;
    }
  }

  async login(dto: LoginDto, ip: string): Promise<ReturnType<TokenService['issue']>> {
    const { userId, tokenVersion } = await this.checkCredentials(dto, ip);
    return this.tokens.issue(userId, tokenVersion);
  }

  /**
   * The user behind an email and password, for a token or a browser session. Unknown email and
   * wrong password look the same, in answer, in time and in throttling.
   */
  async checkCredentials(dto: LoginDto, ip: string): Promise<{ userId: string; tokenVersion: number }> {
    const account = dto.email.trim().toLowerCase();
    const attempt = await this.throttle.begin(account, ip);
    if (attempt.retryAfter > 0) {
      throw new AppError('too_many_requests', 'AUTH.TOO_MANY_ATTEMPTS', 'Too many failed logins; try again later', undefined, {
        'Retry-After': String(attempt.retryAfter),
      });
    }
    const [row] = (await this.dataSource.query(
      `SELECT id, password_hash, token_version FROM users WHERE lower(email) = $1 AND active`,
      [account],
    )) as { id: string; password_hash: string; token_version: number }[];
    const ok = await this.hasher.verify(row?.password_hash ?? null, dto.password);
    if (!row || !ok) {
      await this.throttle.failed(account, ip, attempt.at);
      throw badCredentials();
    }
    await this.throttle.succeeded(account, ip, attempt.at);
    return { userId: row.id, tokenVersion: row.token_version };
  }
}
