import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { InviteStaffUserDto, UpdateStaffUserDto } from './dto/create-user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('agencies/:agencyId/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Allow('users:manage')
  @Get()
  list(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.users.listStaff(auth, agencyId);
  }

  /** Invites a staff member (or mails a new link to a pending invitee, voiding the old one). */
  @Allow('users:manage')
  @ApiOperation({ summary: 'Invite a staff member by email; they choose their own password from a single-use link' })
  @Post()
  invite(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Body() dto: InviteStaffUserDto) {
    return this.users.inviteStaff(auth, agencyId, dto);
  }

  @Allow('users:manage')
  @Patch(':userId')
  update(
    @Auth() auth: AuthUser,
    @Param('agencyId', ParseUUIDPipe) agencyId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: UpdateStaffUserDto,
  ) {
    return this.users.updateStaff(auth, agencyId, userId, dto);
  }
}
