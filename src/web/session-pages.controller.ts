import { Body, Controller, Get, Ip, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Auth, Public } from '../auth/access.decorator';
import { AuthService } from '../auth/auth.service';
import { LoginDto, RegisterDto } from '../auth/dto/auth.dto';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { AccountService } from '../users/account.service';
import { ChangePasswordDto, UpdateAccountDto } from '../users/dto/account.dto';
import { UsersService } from '../users/users.service';
import { describeErrors, fieldErrorsOf, str, validateForm, type FieldErrors } from './forms';
import { PageResponder, safeNext } from './page-responder';
import { SESSION_COOKIE, WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';
import { SESSION_TTL_SECONDS, WebSessionsService } from './web-sessions.service';

/** Log in, register, log out, and the account page: the session's own pages. */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class SessionPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly auth: AuthService,
    private readonly sessions: WebSessionsService,
    private readonly account: AccountService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Get('masuk')
  loginPage(@Query('next') next: string | undefined, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    if (req.web?.session) return this.pages.redirect(reply, safeNext(next));
    return this.showLogin(req, reply, { email: '', next: safeNext(next, '') }, null, 200, flash);
  }

  @Public()
  @Post('masuk')
  async login(@Body() body: Record<string, string>, @Ip() ip: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const values = { email: str(body.email), next: safeNext(body.next, '') };
    const { dto, errors } = await validateForm(LoginDto, { email: values.email, password: str(body.password) });
    if (errors) return this.showLogin(req, reply, values, errors, 400);
    let user: { userId: string; tokenVersion: number };
    try {
      user = await this.auth.checkCredentials(dto, ip);
    } catch (err) {
      if (err instanceof AppError && (err.kind === 'unauthenticated' || err.kind === 'too_many_requests')) {
        return this.showLogin(req, reply, values, { _form: err.code }, err.status);
      }
      throw err;
    }
    await this.sessions.destroy(req.cookies[SESSION_COOKIE]);
    const session = await this.sessions.create(user);
    this.pages.setSession(reply, session.token, SESSION_TTL_SECONDS);
    return this.pages.redirect(reply, safeNext(body.next));
  }

  private showLogin(req: WebRequest, reply: FastifyReply, values: { email: string; next: string }, errors: FieldErrors | null, status = 200, flash?: string) {
    const t = (k: string) => this.pages.t(req, k);
    return this.pages.send(req, reply, 'login', { title: 'login.title', flash: flashText(flash, t), form: values, errors: describeErrors(errors, t) }, status);
  }

  @Public()
  @Get('daftar')
  registerPage(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.pages.send(req, reply, 'register', { title: 'register.title', form: { name: '', email: '' }, errors: describeErrors(null, (k) => k) });
  }

  @Public()
  @Post('daftar')
  async register(@Body() body: Record<string, string>, @Ip() ip: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const values = { name: str(body.name), email: str(body.email) };
    const input = { ...values, password: str(body.password), locale: this.pages.locale(req) };
    let { dto, errors } = await validateForm(RegisterDto, input);
    if (!errors && input.password !== str(body.passwordConfirm)) errors = { passwordConfirm: 'mismatch' };
    if (!errors) {
      try {
        await this.auth.register(dto);
      } catch (err) {
        errors = fieldErrorsOf(err);
        if (errors?._form === 'USER.EMAIL_TAKEN') errors = { email: 'USER.EMAIL_TAKEN' };
        if (!errors) throw err;
      }
    }
    if (errors) {
      return this.pages.send(req, reply, 'register', { title: 'register.title', form: values, errors: describeErrors(errors, (k) => this.pages.t(req, k)) }, 400);
    }
    const session = await this.sessions.create(await this.auth.checkCredentials({ email: dto.email, password: dto.password }, ip));
    this.pages.setSession(reply, session.token, SESSION_TTL_SECONDS);
    return this.pages.redirect(reply, '/dasbor?flash=registered');
  }

  @Public()
  @Post('keluar')
  async logout(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    await this.sessions.destroy(req.cookies[SESSION_COOKIE]);
    this.pages.clearSession(reply);
    return this.pages.redirect(reply, '/?flash=loggedOut');
  }

  @Allow('account:read')
  @Get('akun')
  async accountPage(@Auth() auth: AuthUser, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const me = await this.users.me(auth);
    return this.showAccount(req, reply, { name: me.name, locale: me.locale }, null, null, 200, flash);
  }

  @Allow('account:read')
  @Post('akun')
  async updateAccount(@Auth() auth: AuthUser, @Body() body: Record<string, string>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const values = { name: str(body.name), locale: str(body.locale) };
    const { dto, errors } = await validateForm(UpdateAccountDto, values);
    if (errors) return this.showAccount(req, reply, values, errors, null, 400);
    await this.account.update(auth, dto);
    return this.pages.redirect(reply, '/akun?flash=accountSaved');
  }

  @Allow('account:read')
  @Post('akun/sandi')
  async changePassword(@Auth() auth: AuthUser, @Body() body: Record<string, string>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const input = { currentPassword: str(body.currentPassword), newPassword: str(body.newPassword) };
    let { dto, errors } = await validateForm(ChangePasswordDto, input);
    if (!errors && input.newPassword !== str(body.newPasswordConfirm)) errors = { newPasswordConfirm: 'mismatch' };
    if (!errors) {
      try {
        await this.account.changePassword(auth, dto);
      } catch (err) {
        errors = fieldErrorsOf(err);
        if (!errors) throw err;
        if (errors.currentPassword) errors = { currentPassword: 'ACCOUNT.WRONG_PASSWORD' };
      }
    }
    if (errors) return this.showAccount(req, reply, { name: auth.name, locale: auth.locale }, null, errors, 400);
    await this.sessions.destroyOthers(auth.id, req.web!.session!.tokenHash);
    return this.pages.redirect(reply, '/akun?flash=passwordChanged');
  }

  private showAccount(
    req: WebRequest,
    reply: FastifyReply,
    values: { name: string; locale: string },
    accountErrors: FieldErrors | null,
    passwordErrors: FieldErrors | null,
    status = 200,
    flash?: string,
  ) {
    const t = (k: string) => this.pages.t(req, k);
    const all = { ...(accountErrors ?? {}), ...(passwordErrors ?? {}) };
    return this.pages.send(
      req,
      reply,
      'account',
      {
        title: 'account.title',
        flash: flashText(flash, t),
        form: values,
        localeOptions: (['id', 'en'] as const).map((l) => ({ value: l, label: t(`locale.${l}`), selected: values.locale === l })),
        errors: describeErrors(Object.keys(all).length ? all : null, t),
      },
      status,
    );
  }
}

/** Messages after an action come back as `?flash=<name>`; only known names are shown. */
export const FLASHES = ['registered', 'loggedOut', 'accountSaved', 'passwordChanged', 'outletCreated', 'outletSaved', 'journalistAdded', 'journalistSaved', 'journalistRemoved', 'documentUploaded', 'applicationCreated', 'withdrawn', 'invited', 'invitationRevoked', 'invitationAccepted', 'invitationDeclined', 'passwordReset', 'confirmationSent', 'confirmationTooSoon', 'appealFiled', 'fieldVisitPassed', 'attestationRecorded', 'appealUpheld', 'appealDismissed'] as const;

export function flashText(flash: string | undefined, t: (key: string) => string): string | null {
  return flash && (FLASHES as readonly string[]).includes(flash) ? t(`flash.${flash}`) : null;
}
