import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { IsIsoDateTime } from '../common/validators';
import { AuditService } from './audit.service';

export class AuditQueryDto {
  @IsOptional() @IsString() @MaxLength(40) entityType?: string;
  @IsOptional() @IsString() @MaxLength(80) entityId?: string;
  @IsOptional() @IsString() @MaxLength(80) action?: string;
  @IsOptional() @IsUUID() actorId?: string;
  @IsOptional() @IsIsoDateTime() from?: string;
  @IsOptional() @IsIsoDateTime() to?: string;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
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
