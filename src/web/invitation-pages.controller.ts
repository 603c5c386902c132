import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { AppError } from '../common/app-error';
import { InviteOwnerDto } from '../outlets/dto/outlet.dto';
import { InvitationsService } from '../outlets/invitations.service';
import { OutletsService } from '../outlets/outlets.service';
import { formatDate, formatDateTime } from './format';
import { describeErrors, fieldErrorsOf, str, validateForm, type FieldErrors } from './forms';
import type { FormValues } from './outlet-forms';
import { PageResponder } from './page-responder';
import { flashText } from './session-pages.controller';
import { WebPages, type WebRequest } from './web-access';
import { WebErrorFilter } from './web-error.filter';

/** Co-owners by consent: owners invite and revoke on the outlet's page; the invitee answers here. */
@ApiExcludeController()
@WebPages()
@UseFilters(WebErrorFilter)
@Controller()
export class InvitationPagesController {
  constructor(
    private readonly pages: PageResponder,
    private readonly outlets: OutletsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Allow('outlets:own')
  @Get('media/:id/pemilik')
  async owners(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    return this.showOwners(auth, id, req, reply, '', null, 200, flash);
  }

  @Allow('outlets:own')
  @Post('media/:id/pemilik')
  async invite(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: FormValues, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    await this.outlets.get(auth, id);
    const email = str(body.email);
    let { dto, errors } = await validateForm(InviteOwnerDto, { email });
    if (!errors) {
      try {
        await this.invitations.invite(auth, id, dto);
      } catch (err) {
        errors = fieldErrorsOf(err);
        if (!errors) throw err;
        errors = { email: err instanceof AppError ? err.code : 'invalid' };
      }
    }
    if (errors) return this.showOwners(auth, id, req, reply, email, errors, 400);
    return this.pages.redirect(reply, `/media/${id}/pemilik?flash=invited`);
  }

  @Allow('outlets:own')
  @Post('media/:id/pemilik/:invitationId/batal')
  async revoke(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('invitationId', ParseUUIDPipe) invitationId: string, @Res() reply: FastifyReply) {
    await this.invitations.revoke(auth, id, invitationId);
    return this.pages.redirect(reply, `/media/${id}/pemilik?flash=invitationRevoked`);
  }

  private async showOwners(auth: AuthUser, id: string, req: WebRequest, reply: FastifyReply, email: string, errors: FieldErrors | null, status = 200, flash?: string) {
    const t = (k: string, p?: Record<string, unknown>) => this.pages.t(req, k, p);
    const locale = this.pages.locale(req);
    const o = await this.outlets.get(auth, id);
    const invitations = await this.invitations.listForOutlet(auth, id);
    const described = describeErrors(errors, t);
    return this.pages.send(
      req,
      reply,
      'owners',
      {
        title: 'owners.title',
        breadcrumbs: [{ href: '/dasbor', label: t('dashboard.title') }, { href: `/media/${o.id}`, label: o.brandName }],
        flash: flashText(flash, t),
        outlet: { id: o.id, brandName: o.brandName },
        section: 'owners',
        owners: o.owners.map((w) => ({ name: w.name, email: w.email })),
        invitations: invitations.map((i) => ({
          id: i.id,
          email: i.email,
          pending: i.status === 'pending',
          status: t(`invitation.${i.status}`),
          invitedBy: i.invitedBy.name,
          expiresAt: formatDate(i.expiresAt, locale),
        })),
        errors: described,
        email: { name: 'email', value: email, error: described.byField.email ?? null },
      },
      status,
    );
  }

  @Allow('invitations:respond')
  @Get('undangan')
  async mine(@Auth() auth: AuthUser, @Query('flash') flash: string | undefined, @Req() req: WebRequest, @Res() reply: FastifyReply) {
    const t = (k: string) => this.pages.t(req, k);
    const locale = this.pages.locale(req);
    const invitations = await this.invitations.listMine(auth);
    return this.pages.send(req, reply, 'invitations', {
      title: 'invitations.title',
      flash: flashText(flash, t),
      invitations: invitations.map((i) => ({
        id: i.id,
        brandName: i.outlet.brandName,
        legalName: i.outlet.legalName,
        invitedBy: i.invitedBy.name,
        expiresAt: formatDateTime(i.expiresAt, locale),
      })),
    });
  }

  @Allow('invitations:respond')
  @Post('undangan/:id/terima')
  async accept(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    const outlet = await this.invitations.accept(auth, id);
    return this.pages.redirect(reply, `/media/${outlet.id}?flash=invitationAccepted`);
  }

  @Allow('invitations:respond')
  @Post('undangan/:id/tolak')
  async decline(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    await this.invitations.decline(auth, id);
    return this.pages.redirect(reply, '/undangan?flash=invitationDeclined');
  }
}
