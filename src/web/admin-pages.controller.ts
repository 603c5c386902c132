import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AgenciesService } from '../agencies/agencies.service';
import { SETTINGS_LIMITS } from '../agencies/agency-settings';
import { UpdateAgencyDto } from '../agencies/dto/agency.dto';
import { Allow, Auth, Public } from '../auth/access.decorator';
import { StaffInvitationAcceptDto } from '../auth/dto/auth.dto';
import { STAFF_ROLES, type AuthUser } from '../auth/permissions';
import { formatCertificateNumber } from '../certificates/certificate-number';
import { CertificatePreviewService } from '../certificates/certificate-preview.service';
import { AppError } from '../common/app-error';
import { readUpload } from '../common/multipart';
import { wibDate } from '../common/wib-calendar';
import { Clock } from '../common/clock';
import { OutboxAdminService } from '../notifications/outbox-admin.service';
import { InviteStaffUserDto, UpdateStaffUserDto } from '../users/dto/create-user.dto';
import { UsersService, type StaffView } from '../users/users.service';
import { formatDate, formatDateTime } from './format';
import { hasText } from './i18n';
import { describeErrors, fieldErrorsOf, str, validateForm, type FieldErrors } from './forms';
import { PageResponder } from './page-responder';
import { assertCsrf, UploadForm, WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

type Form = Record<string, string | undefined>;
type T = (key: string, params?: Record<string, unknown>) => string;

const ADMIN_FLASHES = ['invited', 'roleChanged', 'deactivated', 'reactivated', 'settingsSaved', 'holidayAdded', 'holidayRemoved', 'logoSaved', 'mailRetried'] as const;
const LOGO_MAX_BYTES = 256 * 1024;

/** A whole number typed into a form, as JSON would carry it; anything else goes to the API's rule as text and is refused there. */
const wholeNumber = (v: unknown): unknown => (typeof v === 'string' && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : str(v));

/**
 * The admin console: staff and invitations, agency settings with the logo and its preview, parked
 * mail; and the invitee's public page to choose a password. Every change goes through the service
 * the API uses, so the pages accept exactly what the API accepts.
 */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class AdminPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly users: UsersService,
    private readonly agencies: AgenciesService,
    private readonly previews: CertificatePreviewService,
    private readonly outbox: OutboxAdminService,
    private readonly clock: Clock,
  ) {}

  // ---- users ------------------------------------------------------------------------------------

  @Allow('users:manage')
  @Get('admin/pengguna')
  usersPage(@Auth() auth: AuthUser, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.showUsers(auth, req, reply, { name: '', email: '', role: 'officer', locale: 'id' }, null, 200, flash);
  }

  @Allow('users:manage')
  @Post('admin/pengguna')
  async invite(@Auth() auth: AuthUser, @Body() body: Form, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const values = { name: str(body.name), email: str(body.email).trim(), role: str(body.role), locale: str(body.locale) || 'id' };
    let { dto, errors } = await validateForm(InviteStaffUserDto, values);
    if (!errors) {
      try {
        await this.users.inviteStaff(auth, this.agencyOf(auth), dto);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'USER.EMAIL_TAKEN') throw err;
        errors = { email: err.code };
      }
    }
    if (errors) return this.showUsers(auth, req, reply, values, errors, 400);
    return this.pages.redirect(reply, '/admin/pengguna?flash=invited');
  }

  @Allow('users:manage')
  @Post('admin/pengguna/:userId/peran')
  async changeRole(@Auth() auth: AuthUser, @Param('userId', ParseUUIDPipe) userId: string, @Body() body: Form, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.updateUser(auth, userId, { role: str(body.role) }, 'roleChanged', req, reply);
  }

  /** The confirmation step before a deactivation or reactivation. */
  @Allow('users:manage')
  @Get('admin/pengguna/:userId/status')
  async statusPage(@Auth() auth: AuthUser, @Param('userId', ParseUUIDPipe) userId: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t: T = (k, p) => this.pages.t(req, k, p);
    const user = await this.staffMember(auth, userId);
    const activate = !user.active;
    const params = { name: user.name, email: user.email, role: t(`role.${user.role}`) };
    return this.pages.send(req, reply, 'admin-user-status', {
      title: activate ? 'admin.users.reactivate' : 'admin.users.deactivate',
      breadcrumbs: [{ href: '/admin/pengguna', label: t('admin.users.title') }],
      heading: t(activate ? 'admin.users.confirmReactivateTitle' : 'admin.users.confirmDeactivateTitle', params),
      body: t(activate ? 'admin.users.confirmReactivateBody' : 'admin.users.confirmDeactivateBody', params),
      userId: user.id,
      active: activate ? 'true' : 'false',
      button: t(activate ? 'admin.users.reactivate' : 'admin.users.deactivate'),
      warning: !activate,
    });
  }

  @Allow('users:manage')
  @Post('admin/pengguna/:userId/status')
  async setStatus(@Auth() auth: AuthUser, @Param('userId', ParseUUIDPipe) userId: string, @Body() body: Form, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const active = str(body.active) === 'true' ? true : str(body.active) === 'false' ? false : str(body.active);
    return this.updateUser(auth, userId, { active }, active === true ? 'reactivated' : 'deactivated', req, reply);
  }

  private async updateUser(auth: AuthUser, userId: string, input: Record<string, unknown>, flash: string, req: WebRequest, reply: FastifyReply) {
    // Another agency's user is the 404 page whatever the form says.
    await this.staffMember(auth, userId);
    let { dto, errors } = await validateForm(UpdateStaffUserDto, input);
    if (!errors) {
      try {
        await this.users.updateStaff(auth, this.agencyOf(auth), userId, dto);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'USER.SELF_CHANGE') throw err;
        errors = { _form: err.code };
      }
    }
    if (errors) return this.showUsers(auth, req, reply, { name: '', email: '', role: 'officer', locale: 'id' }, errors, errors._form ? 403 : 400);
    return this.pages.redirect(reply, `/admin/pengguna?flash=${flash}`);
  }

  private async showUsers(auth: AuthUser, req: WebRequest, reply: FastifyReply, values: Form, errors: FieldErrors | null, status = 200, flash?: string) {
    const t: T = (k, p) => this.pages.t(req, k, p);
    const staff = await this.users.listStaff(auth, this.agencyOf(auth));
    const described = describeErrors(errors, t);
    const roleOptions = (selected: string | undefined) => STAFF_ROLES.map((r) => ({ value: r, label: t(`role.${r}`), selected: r === selected }));
    return this.pages.send(
      req,
      reply,
      'admin-users',
      {
        title: 'admin.users.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
        flash: this.flash(flash, t),
        errors: described,
        users: staff.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          role: t(`role.${u.role}`),
          status: t(`admin.users.status.${u.status}`),
          statusClass: `status-${u.status}`,
          self: u.id === auth.id,
          active: u.active,
          pending: u.status === 'invited',
          roleValue: u.role,
          locale: u.locale,
          roleOptions: roleOptions(u.role),
          roleField: `role-${u.id}`,
        })),
        invite: {
          name: { name: 'name', value: values.name, error: described.byField.name },
          email: { name: 'email', value: values.email, error: described.byField.email },
          role: { name: 'role', options: roleOptions(values.role), error: described.byField.role },
          locale: { name: 'locale', options: ['id', 'en'].map((l) => ({ value: l, label: l === 'id' ? 'Bahasa Indonesia' : 'English', selected: l === values.locale })) },
        },
      },
      status,
    );
  }

  /** One of the agency's staff (another agency's id is not found, as in the API). */
  private async staffMember(auth: AuthUser, userId: string): Promise<StaffView> {
    const user = (await this.users.listStaff(auth, this.agencyOf(auth))).find((u) => u.id === userId);
    if (!user) throw new AppError('not_found', 'USER.NOT_FOUND', 'User not found');
    return user;
  }

  // ---- the invitee's page -----------------------------------------------------------------------

  @Public()
  @Get('atur-sandi')
  async setPasswordPage(@Query('token') token: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    if (!token || !(await this.users.isInvitationUsable(token))) return this.invalidInvitation(req, reply);
    return this.showSetPassword(req, reply, token, null);
  }

  @Public()
  @Post('atur-sandi')
  async setPassword(@Body() body: Form, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const token = str(body.token);
    const input = { token, password: str(body.password) };
    let { dto, errors } = await validateForm(StaffInvitationAcceptDto, input);
    if (!errors && input.password !== str(body.passwordConfirm)) errors = { passwordConfirm: 'mismatch' };
    if (errors?.token) return this.invalidInvitation(req, reply);
    if (errors) return this.showSetPassword(req, reply, token, errors, 400);
    try {
      await this.users.acceptInvitation(dto.token, dto.password);
    } catch (err) {
      if (err instanceof AppError && err.code === 'AUTH.INVITATION_LINK_INVALID') return this.invalidInvitation(req, reply);
      throw err;
    }
    return this.pages.redirect(reply, '/masuk?flash=passwordReset');
  }

  private async showSetPassword(req: WebRequest, reply: FastifyReply, token: string, errors: FieldErrors | null, status = 200) {
    const invitee = await this.users.invitee(token);
    if (!invitee) return this.invalidInvitation(req, reply);
    return this.pages.send(
      req,
      reply,
      'admin-set-password',
      {
        title: 'admin.setPassword.title',
        lead: this.pages.t(req, 'admin.setPassword.lead', { agency: invitee.agencyName, email: invitee.email }),
        email: invitee.email,
        token,
        errors: describeErrors(errors, (k) => this.pages.t(req, k)),
      },
      status,
    );
  }

  private invalidInvitation(req: WebRequest, reply: FastifyReply) {
    return this.pages.send(
      req,
      reply,
      'message',
      { title: 'admin.setPassword.invalidTitle', heading: 'admin.setPassword.invalidTitle', body: this.pages.t(req, 'admin.setPassword.invalidBody') },
      400,
    );
  }

  // ---- settings ---------------------------------------------------------------------------------

  @Allow('agency:manage')
  @Get('admin/pengaturan')
  settingsPage(@Auth() auth: AuthUser, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.showSettings(auth, req, reply, null, null, null, 200, flash);
  }

  @Allow('agency:manage')
  @Post('admin/pengaturan')
  async saveSettings(@Auth() auth: AuthUser, @Body() body: Form, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const input = {
      sla: { administrative: wholeNumber(body['sla.administrative']), field: wholeNumber(body['sla.field']), approval: wholeNumber(body['sla.approval']) },
      certificate: { numberPattern: str(body['certificate.numberPattern']), validityMonths: wholeNumber(body['certificate.validityMonths']) },
    };
    const errors = await this.updateSettings(auth, input);
    if (errors) {
      const typed = {
        'sla.administrative': str(body['sla.administrative']),
        'sla.field': str(body['sla.field']),
        'sla.approval': str(body['sla.approval']),
        'certificate.numberPattern': str(body['certificate.numberPattern']),
        'certificate.validityMonths': str(body['certificate.validityMonths']),
      };
      return this.showSettings(auth, req, reply, typed, null, errors, 400);
    }
    return this.pages.redirect(reply, '/admin/pengaturan?flash=settingsSaved');
  }

  @Allow('agency:manage')
  @Post('admin/pengaturan/libur')
  async addHoliday(@Auth() auth: AuthUser, @Body() body: Form, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const date = str(body.holidayDate).trim();
    const name = str(body.holidayName).trim();
    const settings = (await this.agencies.detail(auth, this.agencyOf(auth))).settings;
    const errors = await this.updateSettings(auth, {
      holidays: [...settings.holidays, date],
      holidayNames: { ...(settings.holidayNames ?? {}), [date]: name },
    });
    if (errors) {
      // The list and the name map are the API's fields; on this form they are the date and the name typed.
      const mapped: FieldErrors = {};
      for (const field of Object.keys(errors)) mapped[field.startsWith('holidays') ? 'holidayDate' : 'holidayName'] = 'invalid';
      if (mapped.holidayDate) delete mapped.holidayName;
      return this.showSettings(auth, req, reply, null, { date, name }, mapped, 400);
    }
    return this.pages.redirect(reply, '/admin/pengaturan?flash=holidayAdded#libur');
  }

  @Allow('agency:manage')
  @Post('admin/pengaturan/libur/hapus')
  async removeHoliday(@Auth() auth: AuthUser, @Body() body: Form, @Res() reply: FastifyReply) {
    const date = str(body.date);
    const settings = (await this.agencies.detail(auth, this.agencyOf(auth))).settings;
    if (settings.holidays.includes(date)) {
      const { dto } = await validateForm(UpdateAgencyDto, { holidays: settings.holidays.filter((d) => d !== date) });
      await this.agencies.update(auth, this.agencyOf(auth), dto);
    }
    return this.pages.redirect(reply, '/admin/pengaturan?flash=holidayRemoved#libur');
  }

  /**
   * The logo is saved by the same service as the API's upload (it refuses what cannot be printed),
   * then the page shows the sample certificate rendered from what is stored.
   */
  @Allow('agency:manage')
  @UploadForm()
  @Post('admin/pengaturan/logo')
  async uploadLogo(@Auth() auth: AuthUser, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    let errors: FieldErrors | null = null;
    try {
      const upload = await readUpload(req, LOGO_MAX_BYTES);
      assertCsrf(req, upload.fields._csrf);
      // A browser sends an empty file part when nothing was chosen.
      if (upload.file && upload.file.fileName === '' && upload.file.content.length === 0) upload.file = null;
      await this.agencies.setLogo(auth, this.agencyOf(auth), upload);
    } catch (err) {
      const found = fieldErrorsOf(err);
      if (!found || !(err instanceof AppError)) throw err;
      errors = { logo: err.code };
    }
    if (errors) return this.showSettings(auth, req, reply, null, null, errors, 400);
    return this.pages.redirect(reply, '/admin/pengaturan?flash=logoSaved#pratinjau');
  }

  @Allow('agency:manage')
  @Get('admin/pengaturan/pratinjau.pdf')
  async preview(@Auth() auth: AuthUser, @Res() reply: FastifyReply) {
    const pdf = await this.previews.samplePdf(auth, this.agencyOf(auth));
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', 'inline; filename="pratinjau-sertifikat.pdf"')
      .header('cache-control', 'no-store')
      // Shown in a frame of the settings page (this site only); everything else keeps frame-ancestors 'none'.
      .header('content-security-policy', "default-src 'none'; frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .send(pdf);
  }

  /** The API's own DTO and service; their field errors come back by the API's field paths. */
  private async updateSettings(auth: AuthUser, input: Record<string, unknown>): Promise<FieldErrors | null> {
    const { dto, errors } = await validateForm(UpdateAgencyDto, input);
    if (errors) return errors;
    try {
      await this.agencies.update(auth, this.agencyOf(auth), dto);
      return null;
    } catch (err) {
      const found = fieldErrorsOf(err);
      if (!found || !(err instanceof AppError)) throw err;
      // Each field's own wording says what is wrong better than the one code for all of them.
      return Object.fromEntries(Object.keys(found).map((k) => [k, 'invalid']));
    }
  }

  private async showSettings(
    auth: AuthUser,
    req: WebRequest,
    reply: FastifyReply,
    typed: Record<string, string> | null,
    holiday: { date: string; name: string } | null,
    errors: FieldErrors | null,
    status = 200,
    flash?: string,
  ) {
    const t: T = (k, p) => this.pages.t(req, k, p);
    const agency = await this.agencies.detail(auth, this.agencyOf(auth));
    const s = agency.settings;
    const described = describeErrors(errors, t);
    const field = (name: string, stored: string | number) => ({ name, value: typed ? typed[name] : String(stored), error: described.byField[name] });
    const today = wibDate(this.clock.now());
    const sample = formatCertificateNumber(s.certificate.numberPattern, { seq: 1, year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)), code: agency.code });
    return this.pages.send(
      req,
      reply,
      'admin-settings',
      {
        title: 'admin.settings.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
        flash: this.flash(flash, t),
        errors: described,
        sla: [field('sla.administrative', s.sla.administrative), field('sla.field', s.sla.field), field('sla.approval', s.sla.approval)].map((f) => ({
          ...f,
          label: `admin.settings.${f.name}`,
        })),
        slaHint: t('admin.settings.slaHint', SETTINGS_LIMITS.slaDays),
        numberPattern: field('certificate.numberPattern', s.certificate.numberPattern),
        numberPatternHint: t('admin.settings.numberPatternHint', { sample }),
        validityMonths: field('certificate.validityMonths', s.certificate.validityMonths),
        validityHint: t('admin.settings.validityHint', SETTINGS_LIMITS.validityMonths),
        holidays: [...s.holidays].sort().map((date) => ({ date, label: formatDate(date, this.pages.locale(req)), name: s.holidayNames?.[date] ?? null })),
        holiday: {
          date: { name: 'date', value: holiday?.date ?? '', error: described.byField.holidayDate },
          name: { name: 'name', value: holiday?.name ?? '', error: described.byField.holidayName },
        },
        logoError: described.byField.logo,
        hasLogo: !!s.certificate.logoKey,
        previewUrl: '/admin/pengaturan/pratinjau.pdf',
      },
      status,
    );
  }

  // ---- parked mail ------------------------------------------------------------------------------

  @Allow('outbox:manage')
  @Get('admin/surel')
  async mailPage(@Auth() auth: AuthUser, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.showMail(auth, req, reply, null, 200, flash);
  }

  @Allow('outbox:manage')
  @Post('admin/surel/:id/ulang')
  async retryMail(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    try {
      await this.outbox.retry(auth, id);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'OUTBOX.NOT_PARKED') throw err;
      return this.showMail(auth, req, reply, { _form: err.code }, 409);
    }
    return this.pages.redirect(reply, '/admin/surel?flash=mailRetried');
  }

  private async showMail(auth: AuthUser, req: WebRequest, reply: FastifyReply, errors: FieldErrors | null, status = 200, flash?: string) {
    const t: T = (k, p) => this.pages.t(req, k, p);
    const locale = this.pages.locale(req);
    const { items } = await this.outbox.list(auth, { status: 'parked', limit: 200 });
    return this.pages.send(
      req,
      reply,
      'admin-mail',
      {
        title: 'admin.mail.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }],
        flash: this.flash(flash, t),
        errors: describeErrors(errors, t),
        mails: items.map((m) => ({
          id: m.id,
          recipient: m.recipientEmail,
          template: m.template,
          // The kind in words; a kind the catalogue does not know yet shows its code.
          kind: hasText(`admin.mail.kind.${m.template}`) ? t(`admin.mail.kind.${m.template}`) : m.template,
          lastError: m.lastError ?? '',
          attempts: m.attempts,
          createdAt: formatDateTime(m.createdAt, locale),
        })),
      },
      status,
    );
  }

  // ---- shared -----------------------------------------------------------------------------------

  private agencyOf(auth: AuthUser): string {
    if (!auth.agencyId) throw new AppError('not_found', 'AGENCY.NOT_FOUND', 'Agency not found');
    return auth.agencyId;
  }

  private flash(flash: string | undefined, t: T): string | null {
    return flash && (ADMIN_FLASHES as readonly string[]).includes(flash) ? t(`admin.flash.${flash}`) : null;
  }
}
