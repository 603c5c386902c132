import { Body, Controller, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { AccountService } from './account.service';
import { ChangePasswordDto, UpdateAccountDto } from './dto/account.dto';

/** The same account changes the web page offers, for API clients. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Allow('account:read')
  @Patch()
  update(@Auth() auth: AuthUser, @Body() dto: UpdateAccountDto) {
    return this.account.update(auth, dto);
  }

  @Allow('account:read')
  @Post('password')
  @HttpCode(204)
  async changePassword(@Auth() auth: AuthUser, @Body() dto: ChangePasswordDto) {
    await this.account.changePassword(auth, dto);
  }
}
