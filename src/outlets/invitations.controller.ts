import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { InviteOwnerDto } from './dto/outlet.dto';
import { InvitationsService } from './invitations.service';

/** Co-ownership invitations: owners invite and revoke; the invited account accepts or declines. */
@ApiTags('outlets')
@ApiBearerAuth()
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Allow('outlets:own')
  @Post('outlets/:id/invitations')
  invite(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: InviteOwnerDto) {
    return this.invitations.invite(auth, id, dto);
  }

  @Allow('outlets:own')
  @Get('outlets/:id/invitations')
  listForOutlet(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.invitations.listForOutlet(auth, id);
  }

  @Allow('outlets:own')
  @Delete('outlets/:id/invitations/:invitationId')
  @HttpCode(204)
  async revoke(
    @Auth() auth: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('invitationId', ParseUUIDPipe) invitationId: string,
  ) {
    await this.invitations.revoke(auth, id, invitationId);
  }

  @Allow('invitations:respond')
  @Get('me/invitations')
  listMine(@Auth() auth: AuthUser) {
    return this.invitations.listMine(auth);
  }

  @Allow('invitations:respond')
  @Post('me/invitations/:id/accept')
  @HttpCode(200)
  accept(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.invitations.accept(auth, id);
  }

  @Allow('invitations:respond')
  @Post('me/invitations/:id/decline')
  @HttpCode(204)
  async decline(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.invitations.decline(auth, id);
  }
}
