import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { Allow, Auth, Public } from '../auth/access.decorator';
import { IsIsoDateTime } from '../common/validators';
import type { AuthUser } from '../auth/permissions';
import { PoliciesService } from './policies.service';

export class PublishPolicyDto {
  @ApiProperty({ required: false, description: 'A full requirement pack (see GET /api/requirement-packs for examples)' })
  @IsOptional()
  @IsObject()
  pack?: Record<string, unknown>;
  @ApiProperty({ required: false, example: 'kaltim', description: 'Switch to a shipped pack instead of giving one' })
  @IsOptional()
  @IsString()
  shippedPack?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(500) note?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsIsoDateTime() effectiveFrom?: string;
}

@ApiTags('requirements')
@Controller()
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Public()
  @Get('requirement-packs')
  shipped() {
    return this.policies.shippedPacks();
  }

  @Public()
  @Get('agencies/:agencyId/policy')
  get(@Param('agencyId', ParseUUIDPipe) agencyId: string) {
    return this.policies.view(agencyId);
  }

  @Allow('policy:manage')
  @ApiBearerAuth()
  @Put('agencies/:agencyId/policy')
  publish(@Auth() auth: AuthUser, @Param('agencyId', ParseUUIDPipe) agencyId: string, @Body() dto: PublishPolicyDto) {
    return this.policies.publish(auth, agencyId, dto);
  }
}
