import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { CreateStaffUserDto, UpdateStaffUserDto } from './dto/create-user.dto';
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

  @Allow('users:manage')
  @Post()
  create(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Body() dto: CreateStaffUserDto) {
    return this.users.createStaff(auth, agencyId, dto);
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
