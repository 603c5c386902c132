import { Controller, Get, Ip, Param, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Public } from '../auth/access.decorator';
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

  @Public()
  @Get('public/certificates/:code')
  async certificate(@Param('code') code: string, @Ip() ip: string) {
    await this.verification.throttle(ip);
    return this.verification.lookup(code);
  }

  @Public()
  @Get('public/registry')
  list(@Query() q: RegistryQueryDto) {
    return this.registry.activePartners(q.agencyId);
  }
}
