import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { readUpload } from '../common/multipart';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApplicationsService } from './applications.service';
import { AttestationsService } from './attestations.service';
import { FieldVisitPhotosService } from './field-visit-photos.service';
import { ApplicationActionDto, ApplicationQueryDto, CreateApplicationDto } from './dto/application.dto';
import { storedFileHeaders } from '../common/stored-file-reply';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly attestations: AttestationsService,
    private readonly photos: FieldVisitPhotosService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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

  @Allow('applications:attest')
  @Post(':id/attestations')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['ruleId', 'lookupUrl', 'lookedUpAt', 'observed', 'file'],
      properties: {
        ruleId: { type: 'string' },
        lookupUrl: { type: 'string', format: 'uri' },
        lookedUpAt: { type: 'string', format: 'date-time' },
        observed: { type: 'string' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  async attest(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: FastifyRequest) {
    return this.attestations.record(auth, id, await readUpload(req, this.config.UPLOAD_MAX_BYTES));
  }

  @Allow('applications:read')
  @Get(':id/attestations/:attestationId/screenshot')
  async screenshot(
    @Auth() auth: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attestationId', ParseUUIDPipe) attestationId: string,
    @Res() reply: FastifyReply,
  ) {
    const shot = await this.attestations.screenshot(auth, id, attestationId);
    return storedFileHeaders(reply, shot, 'attachment').send(shot.content);
  }

  /** A photo of the field visit, uploaded before pass_field names it in fieldVisit.photoIds. */
  @Allow('applications:attest')
  @Post(':id/field-visit-photos')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: 'JPEG or PNG' } } } })
  async uploadPhoto(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: FastifyRequest) {
    return this.photos.upload(auth, id, await readUpload(req, this.config.UPLOAD_MAX_BYTES));
  }

  @Allow('applications:read')
  @Get(':id/field-visit-photos/:photoId')
  async photo(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('photoId', ParseUUIDPipe) photoId: string, @Res() reply: FastifyReply) {
    const photo = await this.photos.content(auth, id, photoId);
    return storedFileHeaders(reply, photo, 'inline').send(photo.content);
  }
}
