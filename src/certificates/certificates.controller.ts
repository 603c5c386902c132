import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { Trim } from '../common/validators';
import { CertificateExportService } from './certificate-export.service';
import { CERTIFICATE_STATUSES, CertificatesService, type CertificateStatus } from './certificates.service';

export class CertificateQueryDto {
  @ApiProperty({ required: false, enum: CERTIFICATE_STATUSES })
  @IsOptional() @IsIn(CERTIFICATE_STATUSES) status?: CertificateStatus;
  @ApiProperty({ required: false, minimum: 2000, maximum: 2100, description: 'Year of issue' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiProperty({ required: false, description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiProperty({ required: false, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class ExportQueryDto {
  @ApiProperty({ minimum: 2000, maximum: 2100, description: 'Year of issue' })
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year: number;
}

export class StatusReasonDto {
  @ApiProperty({ example: 'Pemberitaan melanggar Kode Etik Jurnalistik (putusan Dewan Pers No. 12/2026)' })
  @Trim()
  @IsString()
  @Length(5, 2000)
  reason: string;
}

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('certificates')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly exports: CertificateExportService,
  ) {}

  @Allow('certificates:read')
  @Get()
  list(@Auth() auth: AuthUser, @Query() q: CertificateQueryDto) {
    return this.certificates.list(auth, q);
  }

  @Allow('certificates:export')
  @Get('export')
  async export(@Auth() auth: AuthUser, @Query() q: ExportQueryDto, @Res() reply: FastifyReply) {
    const { stream, fileName } = await this.exports.exportYear(auth, q.year);
    return reply.header('content-type', 'application/zip').header('content-disposition', `attachment; filename="${fileName}"`).send(stream);
  }

  @Allow('certificates:read')
  @Get(':id')
  get(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.certificates.get(auth, id);
  }

  @Allow('certificates:read')
  @Get(':id/pdf')
  async pdf(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    const { row, stream, size } = await this.certificates.pdf(auth, id);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-length', String(size))
      .header('content-disposition', `attachment; filename="${row.number.replace(/[^\w.-]+/g, '-')}.pdf"`)
      .header('x-content-sha256', row.pdf_sha256)
      .send(stream);
  }

  @Allow('certificates:manage')
  @Post(':id/suspend')
  @HttpCode(200)
  suspend(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: StatusReasonDto) {
    return this.certificates.changeStatus(auth, id, 'suspend', dto.reason);
  }

  @Allow('certificates:manage')
  @Post(':id/reinstate')
  @HttpCode(200)
  reinstate(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: StatusReasonDto) {
    return this.certificates.changeStatus(auth, id, 'reinstate', dto.reason);
  }

  @Allow('certificates:manage')
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: StatusReasonDto) {
    return this.certificates.changeStatus(auth, id, 'revoke', dto.reason);
  }
}
