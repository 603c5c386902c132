import { Body, Controller, Get, Ip, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Auth, Public } from '../auth/access.decorator';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from '../auth/dto/auth.dto';
import { EmailConfirmationService } from '../auth/email-confirmation.service';
import { PasswordResetService } from '../auth/password-reset.service';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { describeErrors, str, validateForm, type FieldErrors } from './forms';
import { PageResponder, safeNext } from './page-responder';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

/**
 * The pages behind the mailed links: forgot password, set a new password, confirm the address,
 * and sending the confirmation link again. The rules live in the API's services.
 */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class AccountMailPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly resets: PasswordResetService,
    private readonly confirmations: EmailConfirmationService,
  ) {}

  @Public()
  @Get('lupa-sandi')
  forgotPage(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.showForgot(req, reply, '', null);
  }

  /** The same answer whether or not the address has an account. */
  @Public()
  @Post('lupa-sandi')
  async forgot(@Body() body: Record<string, string>, @Ip() ip: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const email = str(body.email);
    const { dto, errors } = await validateForm(PasswordResetRequestDto, { email });
    if (errors) return this.showForgot(req, reply, email, errors, 400);
    try {
      await this.resets.request(dto.email, ip);
    } catch (err) {
      if (err instanceof AppError && err.kind === 'too_many_requests') return this.showForgot(req, reply, email, { email: err.code }, 429);
      throw err;
    }
    return this.pages.send(req, reply, 'message', { title: 'forgot.sentTitle', heading: 'forgot.sentTitle', body: this.pages.t(req, 'forgot.sentBody', { email: dto.email }) });
  }

  private showForgot(req: WebRequest, reply: FastifyReply, email: string, errors: FieldErrors | null, status = 200) {
    return this.pages.send(req, reply, 'forgot-password', { title: 'forgot.title', email, errors: describeErrors(errors, (k) => this.pages.t(req, k)) }, status);
  }

  @Public()
  @Get('reset-password')
  async resetPage(@Query('token') token: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    if (!token || !(await this.resets.isUsable(token))) return this.invalidLink(req, reply, 'reset');
    return this.showReset(req, reply, token, null);
  }

  @Public()
  @Post('reset-password')
  async reset(@Body() body: Record<string, string>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const token = str(body.token);
    const input = { token, password: str(body.password) };
    let { dto, errors } = await validateForm(PasswordResetConfirmDto, input);
    if (!errors && input.password !== str(body.passwordConfirm)) errors = { passwordConfirm: 'mismatch' };
    if (errors?.token) return this.invalidLink(req, reply, 'reset');
    if (errors) return this.showReset(req, reply, token, errors, 400);
    try {
      await this.resets.confirm(dto.token, dto.password);
    } catch (err) {
      if (err instanceof AppError && err.kind === 'validation') return this.invalidLink(req, reply, 'reset');
      throw err;
    }
    return this.pages.redirect(reply, '/masuk?flash=passwordReset');
  }

  private showReset(req: WebRequest, reply: FastifyReply, token: string, errors: FieldErrors | null, status = 200) {
    return this.pages.send(req, reply, 'reset-password', { title: 'reset.title', token, errors: describeErrors(errors, (k) => this.pages.t(req, k)) }, status);
  }

  /** A button, not the link itself, confirms: mail scanners that open links must not use them up. */
  @Public()
  @Get('confirm-email')
  confirmPage(@Query('token') token: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    if (!token) return this.invalidLink(req, reply, 'confirm');
    return this.pages.send(req, reply, 'confirm-email', { title: 'confirmEmail.title', token });
  }

  @Public()
  @Post('confirm-email')
  async confirm(@Body() body: Record<string, string>, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    try {
      await this.confirmations.confirm(str(body.token).slice(0, 200));
    } catch (err) {
      if (err instanceof AppError && err.kind === 'validation') return this.invalidLink(req, reply, 'confirm');
      throw err;
    }
    return this.pages.send(req, reply, 'message', {
      title: 'confirmEmail.doneTitle',
      heading: 'confirmEmail.doneTitle',
      body: this.pages.t(req, 'confirmEmail.doneBody'),
      next: req.web?.session ? { href: '/dasbor', label: this.pages.t(req, 'home.toDashboard') } : { href: '/masuk', label: this.pages.t(req, 'nav.login') },
    });
  }

  @Allow('account:manage')
  @Post('akun/kirim-konfirmasi')
  async resend(@Auth() auth: AuthUser, @Body() body: Record<string, string>, @Res() reply: FastifyReply) {
    const back = safeNext(body.next, '/dasbor');
    const sep = back.includes('?') ? '&' : '?';
    try {
      await this.confirmations.resend(auth);
    } catch (err) {
      if (err instanceof AppError && err.code === 'AUTH.EMAIL_ALREADY_CONFIRMED') return this.pages.redirect(reply, back);
      if (err instanceof AppError && err.kind === 'too_many_requests') return this.pages.redirect(reply, `${back}${sep}flash=confirmationTooSoon`);
      throw err;
    }
    return this.pages.redirect(reply, `${back}${sep}flash=confirmationSent`);
  }

  private invalidLink(req: WebRequest, reply: FastifyReply, kind: 'reset' | 'confirm') {
    return this.pages.send(
      req,
      reply,
      'message',
      {
        title: `${kind === 'reset' ? 'reset' : 'confirmEmail'}.invalidTitle`,
        heading: `${kind === 'reset' ? 'reset' : 'confirmEmail'}.invalidTitle`,
        body: this.pages.t(req, `${kind === 'reset' ? 'reset' : 'confirmEmail'}.invalidBody`),
        next: kind === 'reset' ? { href: '/lupa-sandi', label: this.pages.t(req, 'forgot.title') } : { href: '/dasbor', label: this.pages.t(req, 'home.toDashboard') },
      },
      400,
    );
  }
}
