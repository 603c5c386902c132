import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { IsIsoDateTime } from '../common/validators';
import { AuditService } from './audit.service';

export class AuditQueryDto {
  @ApiProperty({ required: false, example: 'application' })
  @IsOptional() @IsString() @MaxLength(40) entityType?: string;
  @ApiProperty({ required: false })
  @IsOptional() @IsString() @MaxLength(80) entityId?: string;
  @ApiProperty({ required: false, example: 'application.submit' })
  @IsOptional() @IsString() @MaxLength(80) action?: string;
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional() @IsUUID() actorId?: string;
  @ApiProperty({ required: false, example: '2026-01-01T00:00:00+07:00' })
  @IsOptional() @IsIsoDateTime() from?: string;
  @ApiProperty({ required: false, example: '2026-12-31T23:59:59+07:00' })
  @IsOptional() @IsIsoDateTime() to?: string;
  @ApiProperty({ required: false, description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiProperty({ required: false, minimum: 1, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

@ApiTags('audit')
@ApiBearerAuth()
// With its prefix spelled out and excluded from the global one (app.factory): the page /audit shares the path.
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Allow('audit:read')
  @Get()
  list(@Auth() auth: AuthUser, @Query() query: AuditQueryDto) {
    return this.audit.list(auth, query);
  }

  @Allow('audit:read')
  @Get('export')
  async export(@Auth() auth: AuthUser, @Query() query: AuditQueryDto, @Res() reply: FastifyReply) {
    const csv = await this.audit.exportCsv(auth, query);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit-trail.csv"')
      .send(csv);
  }

  @Allow('audit:read')
  @Get('verify')
  verify(@Auth() auth: AuthUser) {
    return this.audit.verifyAgency(auth.agencyId!);
  }
}
