import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import type { AuthUser, Role } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { inTransaction, isPgError, PG_UNIQUE_VIOLATION } from '../database/transaction';
import type { CreateStaffUserDto, UpdateStaffUserDto } from './dto/create-user.dto';
import { User } from './user.entity';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  agencyId: string | null;
  locale: 'id' | 'en';
  active: boolean;
  emailConfirmed: boolean;
  createdAt: string;
}

export interface NewUser {
  email: string;
  passwordHash: string;
  name: string;
  role: Role;
  agencyId: string | null;
  locale: 'id' | 'en';
  /** Staff made by an admin or the CLI and seeded accounts are; self-registered ones confirm by mail. */
  emailConfirmed: boolean;
}

const emailTaken = () => new AppError('conflict', 'USER.EMAIL_TAKEN', 'An account with this email already exists');

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  async insert(m: EntityManager, { emailConfirmed, ...user }: NewUser): Promise<UserView> {
    const saved = await m.getRepository(User).save(
      m.getRepository(User).create({
        ...user,
        email: user.email.trim().toLowerCase(),
        active: true,
        emailConfirmedAt: emailConfirmed ? new Date() : null,
      }),
    );
    return this.view(saved);
  }

  async me(auth: AuthUser): Promise<UserView & { agency: { id: string; code: string; name: string } | null }> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: auth.id });
    const [agency] = auth.agencyId
      ? ((await this.dataSource.query(`SELECT id, code, name FROM agencies WHERE id = $1`, [auth.agencyId])) as {
          id: string;
          code: string;
          name: string;
        }[])
      : [];
    return { ...this.view(user), agency: agency ?? null };
  }

  async listStaff(auth: AuthUser, agencyId: string): Promise<UserView[]> {
    this.assertOwnAgency(auth, agencyId);
    const users = await this.dataSource.getRepository(User).find({ where: { agencyId }, order: { createdAt: 'ASC' } });
    return users.map((u) => this.view(u));
  }

  async createStaff(auth: AuthUser, agencyId: string, dto: CreateStaffUserDto): Promise<UserView> {
    this.assertOwnAgency(auth, agencyId);
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      return await inTransaction(this.dataSource, async (m) => {
        const user = await this.insert(m, {
          email: dto.email,
          passwordHash,
          name: dto.name,
          role: dto.role,
          agencyId,
          locale: dto.locale ?? 'id',
          emailConfirmed: true,
        });
        await this.audit.append(m, {
          agencyId,
          actor: auth,
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          summary: `Staff account ${user.email} created with role ${user.role}`,
          data: { role: user.role },
        });
        return user;
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION, 'users_email_key')) throw emailTaken();
      throw err;
    }
  }

  async updateStaff(auth: AuthUser, agencyId: string, userId: string, dto: UpdateStaffUserDto): Promise<UserView> {
    this.assertOwnAgency(auth, agencyId);
    return inTransaction(this.dataSource, async (m) => {
      const repo = m.getRepository(User);
      const user = await repo.findOne({ where: { id: userId, agencyId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new AppError('not_found', 'USER.NOT_FOUND', 'User not found');
      if (user.id === auth.id) {
        throw new AppError('forbidden', 'USER.SELF_CHANGE', 'Administrators cannot change their own role or status');
      }
      const before = { role: user.role, active: user.active };
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.active !== undefined) user.active = dto.active;
      const saved = await repo.save(user);
      await this.audit.append(m, {
        agencyId,
        actor: auth,
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        summary: `Staff account ${user.email}: role ${before.role} -> ${saved.role}, active ${before.active} -> ${saved.active}`,
        data: { before, after: { role: saved.role, active: saved.active } },
      });
      return this.view(saved);
    });
  }

  /** Another agency's records answer 404, exactly like records that do not exist. */
  private assertOwnAgency(auth: AuthUser, agencyId: string): void {
    if (auth.agencyId !== agencyId) throw new AppError('not_found', 'AGENCY.NOT_FOUND', 'Agency not found');
  }

  private view(u: User): UserView {
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      agencyId: u.agencyId,
      locale: u.locale,
      active: u.active,
      emailConfirmed: u.emailConfirmedAt !== null,
      createdAt: u.createdAt.toISOString(),
    };
  }
}
