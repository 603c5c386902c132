import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Put, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { readUpload } from '../common/multipart';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Allow, Auth, Public } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { AgenciesService } from './agencies.service';
import { UpdateAgencyDto } from './dto/agency.dto';

@ApiTags('agencies')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Public()
  @Get()
  list() {
    return this.agencies.list();
  }

  @Public()
  @Get(':agencyId')
  get(@Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.agencies.get(agencyId);
  }

  @Allow('agency:manage')
  @ApiBearerAuth()
  @Get(':agencyId/settings')
  settings(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.agencies.detail(auth, agencyId);
  }

  @Allow('agency:manage')
  @ApiBearerAuth()
  @Put(':agencyId/logo')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  async logo(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Req() req: FastifyRequest) {
    return this.agencies.setLogo(auth, agencyId, await readUpload(req, 256 * 1024));
  }

  @Allow('agency:manage')
  @ApiBearerAuth()
  @Patch(':agencyId/settings')
  update(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Body() dto: UpdateAgencyDto) {
    return this.agencies.update(auth, agencyId, dto);
  }
}
