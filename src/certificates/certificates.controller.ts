import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Allow, Auth } from '../auth/access.decorator';
import type { AuthUser } from '../auth/permissions';
import { Trim } from '../common/validators';
import { CertificateExportService } from './certificate-export.service';
import { CertificateReviewsService, REVIEW_DECISIONS, type ReviewDecision } from './certificate-reviews.service';
import { CERTIFICATE_STATUSES, CertificatesService, type CertificateStatus } from './certificates.service';
import { sendCertificatePdf } from './certificate-download';

function queryBoolean({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

export class CertificateQueryDto {
  @ApiProperty({ required: false, enum: CERTIFICATE_STATUSES })
  @IsOptional() @IsIn(CERTIFICATE_STATUSES) status?: CertificateStatus;
  @ApiProperty({ required: false, minimum: 2000, maximum: 2100, description: 'Year of issue' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  /** Flagged by the daily re-validation and not yet settled (true), or not flagged (false). */
  @ApiProperty({ required: false, description: 'true: flagged by the daily re-validation and not yet settled; false: not flagged' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean() reviewNeeded?: boolean;
  /** Flagged, and an officer asked the approver to suspend it. */
  @ApiProperty({ required: false, description: 'true: flagged, and an officer asked the approver to suspend it' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean() suspensionRequested?: boolean;
  @ApiProperty({ required: false, description: 'Outlet name contains' })
  @IsOptional() @Trim() @IsString() @MaxLength(100) outlet?: string;
  @ApiProperty({ required: false, description: 'Certificate number contains' })
  @IsOptional() @Trim() @IsString() @MaxLength(100) number?: string;
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

export class ReviewDecisionDto {
  @ApiProperty({ enum: REVIEW_DECISIONS }) @IsIn(REVIEW_DECISIONS) decision: ReviewDecision;
  @ApiProperty({ example: 'Verifikasi faktual Dewan Pers sedang diperpanjang (surat DP tanggal 3 Desember 2026)' })
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
    private readonly reviews: CertificateReviewsService,
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
    return sendCertificatePdf(reply, await this.certificates.pdf(auth, id));
  }

  @Allow('certificates:review')
  @Post(':id/review')
  @HttpCode(200)
  review(@Auth() auth: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewDecisionDto) {
    return this.reviews.decide(auth, id, dto.decision, dto.reason);
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
