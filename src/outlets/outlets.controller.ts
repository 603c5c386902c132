import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { readUpload } from '../common/multipart';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DocumentsService } from './documents.service';
import { CreateJournalistDto, CreateOutletDto, UpdateJournalistDto, UpdateOutletDto } from './dto/outlet.dto';
import { OutletsService } from './outlets.service';
import { storedFileHeaders } from '../common/stored-file-reply';

export class EligibilityQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID() agencyId: string;
}

@ApiTags('outlets')
@ApiBearerAuth()
@Controller()
export class OutletsController {
  constructor(
    private readonly outlets: OutletsService,
    private readonly documents: DocumentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow('outlets:own')
  @Post('outlets')
  create(@Auth() auth: AuthUser, @Body() dto: CreateOutletDto) {
    return this.outlets.create(auth, dto);
  }

  @Allow('account:read')
  @Get('outlets')
  list(@Auth() auth: AuthUser) {
    return this.outlets.list(auth);
  }

  @Allow('account:read')
  @Get('outlets/:id')
  get(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.outlets.get(auth, id);
  }

  @Allow('outlets:own')
  @Patch('outlets/:id')
  update(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOutletDto) {
    return this.outlets.update(auth, id, dto);
  }

  @Allow('outlets:own')
  @Post('outlets/:id/journalists')
  addJournalist(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateJournalistDto) {
    return this.outlets.addJournalist(auth, id, dto);
  }

  @Allow('account:read')
  @Get('outlets/:id/journalists')
  listJournalists(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.outlets.listJournalists(auth, id);
  }

  @Allow('outlets:own')
  @Patch('outlets/:id/journalists/:journalistId')
  updateJournalist(
    @Auth() auth: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('journalistId', ParseUUIDPipe) journalistId: string,
    @Body() dto: UpdateJournalistDto,
  ) {
    return this.outlets.updateJournalist(auth, id, journalistId, dto);
  }

  @Allow('outlets:own')
  @Delete('outlets/:id/journalists/:journalistId')
  @HttpCode(204)
  async removeJournalist(
    @Auth() auth: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('journalistId', ParseUUIDPipe) journalistId: string,
  ) {
    await this.outlets.removeJournalist(auth, id, journalistId);
  }

  @Allow('outlets:own')
  @Post('outlets/:id/documents')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type', 'file'],
      properties: { type: { type: 'string' }, file: { type: 'string', format: 'binary' } },
    },
  })
  async upload(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: FastifyRequest) {
    return this.documents.upload(auth, id, await readUpload(req, this.config.UPLOAD_MAX_BYTES));
  }

  @Allow('account:read')
  @Get('outlets/:id/documents')
  listDocuments(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.documents.list(auth, id);
  }

  @Allow('account:read')
  @Get('documents/:id/content')
  async content(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    const { document, stream, size } = await this.documents.content(auth, id);
    return storedFileHeaders(reply, document, 'attachment', size).send(stream);
  }

  @Allow('account:read')
  @Get('outlets/:id/eligibility')
  eligibility(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: EligibilityQueryDto) {
    return this.outlets.eligibility(auth, id, query.agencyId);
  }
}
