import { Controller, Get, Ip, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/access.decorator';
import { AppError } from '../common/app-error';
import { PublicRegistryService } from './public-registry.service';
import { PublicVerificationService } from './public-verification.service';

export class RegistryQueryDto {
  @IsUUID() agencyId: string;
}

@ApiTags('public')
@Controller()
export class PublicController {
  constructor(
    private readonly verification: PublicVerificationService,
    private readonly registry: PublicRegistryService,
  ) {}

  @Public()
  @Get('public/certificates/:code')
  async certificate(@Param('code') code: string, @Ip() ip: string) {
    this.verification.throttle(ip);
    return this.verification.lookup(code);
  }

  /** Where a scanned QR code lands: a small page readable on a phone. Outside /api. */
  @Public()
  @Get('verify/:code')
  async page(@Param('code') code: string, @Ip() ip: string, @Res() reply: FastifyReply) {
    this.verification.throttle(ip);
    let cert = null;
    try {
      cert = await this.verification.lookup(code);
    } catch (err) {
      if (!(err instanceof AppError && err.kind === 'not_found')) throw err;
    }
    return reply
      .status(cert ? 200 : 404)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(this.verification.renderPage(cert, code.slice(0, 40)));
  }

  @Public()
  @Get('public/registry')
  list(@Query() q: RegistryQueryDto) {
    return this.registry.activePartners(q.agencyId);
  }
}
