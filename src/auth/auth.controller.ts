import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Auth, Public } from './access.decorator';
import { AuthService } from './auth.service';
import { EmailConfirmDto, LoginDto, PasswordResetConfirmDto, PasswordResetRequestDto, RegisterDto, StaffInvitationAcceptDto } from './dto/auth.dto';
import { EmailConfirmationService } from './email-confirmation.service';
import { PasswordResetService } from './password-reset.service';
import type { AuthUser } from './permissions';
import { UsersService } from '../users/users.service';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly passwordReset: PasswordResetService,
    private readonly confirmations: EmailConfirmationService,
  ) {}

  @Public()
  @Post('auth/register')
  register(@Body() dto: RegisterDto) {
    return this.auth.register(dto);
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() ip: string) {
    return this.auth.login(dto, ip);
  }

  /** 202 whether or not the address has an account; a link is mailed if it has. */
  @Public()
  @Post('auth/password-reset/request')
  @HttpCode(202)
  requestPasswordReset(@Body() dto: PasswordResetRequestDto, @Ip() ip: string) {
    return this.passwordReset.request(dto.email, ip);
  }

  @Public()
  @Post('auth/password-reset/confirm')
  @HttpCode(204)
  async confirmPasswordReset(@Body() dto: PasswordResetConfirmDto): Promise<void> {
    await this.passwordReset.confirm(dto.token, dto.password);
  }

  /** An invited staff member chooses a password from the mailed link (single use); then logs in. */
  @Public()
  @Post('auth/staff-invitation/accept')
  @HttpCode(204)
  async acceptStaffInvitation(@Body() dto: StaffInvitationAcceptDto): Promise<void> {
    await this.users.acceptInvitation(dto.token, dto.password);
  }

  @Public()
  @Post('auth/email/confirm')
  @HttpCode(200)
  confirmEmail(@Body() dto: EmailConfirmDto) {
    return this.confirmations.confirm(dto.token);
  }

  @Allow('account:manage')
  @ApiBearerAuth()
  @Post('auth/email/resend')
  @HttpCode(202)
  resendConfirmation(@Auth() auth: AuthUser) {
    return this.confirmations.resend(auth);
  }

  @Allow('account:read')
  @ApiBearerAuth()
  @Get('me')
  me(@Auth() auth: AuthUser) {
    return this.users.me(auth);
  }
}
