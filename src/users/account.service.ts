import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { inTransaction } from '../database/transaction';
import type { ChangePasswordDto, UpdateAccountDto } from './dto/account.dto';
import { User } from './user.entity';
import { UsersService, type UserView } from './users.service';

/** What any logged-in user changes about their own account: name, language, password. */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  async update(auth: AuthUser, dto: UpdateAccountDto): Promise<UserView> {
    await inTransaction(this.dataSource, async (m) => {
      const changes: Partial<Pick<User, 'name' | 'locale'>> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.locale !== undefined) changes.locale = dto.locale;
      if (Object.keys(changes).length === 0) return;
      await m.getRepository(User).update({ id: auth.id }, changes);
      await this.audit.append(m, {
        agencyId: auth.agencyId,
        actor: auth,
        action: 'user.account_updated',
        entityType: 'user',
        entityId: auth.id,
        summary: `Own account changed: ${Object.keys(changes).join(', ')}`,
        data: { fields: Object.keys(changes) },
      });
    });
    return this.users.me(auth);
  }

  async changePassword(auth: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: auth.id })
      .getOneOrFail();
    if (!(await this.hasher.verify(user.passwordHash, dto.currentPassword))) {
      throw new AppError('validation', 'ACCOUNT.WRONG_PASSWORD', 'The current password is wrong', { currentPassword: 'wrong' });
    }
    const passwordHash = await this.hasher.hash(dto.newPassword);
    await inTransaction(this.dataSource, async (m) => {
      await m.getRepository(User).update({ id: auth.id }, { passwordHash });
      await this.audit.append(m, {
        agencyId: auth.agencyId,
        actor: auth,
        action: 'user.password_changed',
        entityType: 'user',
        entityId: auth.id,
        summary: 'Own password changed',
      });
    });
  }
}
