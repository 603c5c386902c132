import { Controller, Get, Headers, Ip, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator';
import { notModified } from '../common/conditional-get';
import { PublicRegistryService } from './public-registry.service';
import { PublicVerificationService } from './public-verification.service';

export class RegistryQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID() agencyId: string;
}

@ApiTags('public')
@Controller()
export class PublicController {
  constructor(
    private readonly verification: PublicVerificationService,
    private readonly registry: PublicRegistryService,
  ) {}

  /**
   * The answer with a strong ETag (it changes whenever the status does) and `no-cache`, so a repeat
   * scan revalidates and gets 304 without the body, and never an old status.
   */
  @Public()
  @Get('public/certificates/:code')
  @ApiOkResponse({ description: 'The certificate as the public sees it; 304 when If-None-Match names the current ETag' })
  async certificate(@Param('code') code: string, @Ip() ip: string, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply) {
    await this.verification.throttle(ip);
    const answer = await this.verification.answer(code);
    void reply.header('etag', answer.etag).header('cache-control', 'no-cache');
    if (notModified(ifNoneMatch, answer.etag)) return reply.status(304).send();
    return reply.header('content-type', 'application/json; charset=utf-8').send(answer.body);
  }

  @Public()
  @Get('public/registry')
  list(@Query() q: RegistryQueryDto) {
    return this.registry.activePartners(q.agencyId);
  }
}
