import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { ApplicationsService } from './applications.service';
import { ApplicationActionDto, ApplicationQueryDto, CreateApplicationDto } from './dto/application.dto';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Allow('applications:apply')
  @Post()
  create(@Auth() auth: AuthUser, @Body() dto: CreateApplicationDto) {
    return this.applications.create(auth, dto);
  }

  @Allow('applications:read')
  @Get()
  list(@Auth() auth: AuthUser, @Query() q: ApplicationQueryDto) {
    return this.applications.list(auth, q);
  }

  @Allow('applications:read')
  @Get(':id')
  get(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.applications.get(auth, id);
  }

  /** Which roles may take which action is decided by the transition table, not here. */
  @Allow('applications:act')
  @Post(':id/actions')
  @HttpCode(200)
  act(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ApplicationActionDto) {
    return this.applications.act(auth, id, dto);
  }
}
