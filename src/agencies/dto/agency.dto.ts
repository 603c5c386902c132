import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class CertificateSettingsDto {
  @ApiProperty({ required: false, example: '{seq}/MM/{code}/{year}' })
  @IsOptional()
  @IsString()
  @Matches(/\{seq(:\d)?\}/, { message: 'must contain {seq}' })
  @Matches(/\{year\}/, { message: 'must contain {year}, so numbering restarts each year without a clash' })
  @MaxLength(80)
  numberPattern?: string;

  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(60) validityMonths?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @Length(2, 120) signatoryName?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @Length(2, 160) signatoryTitle?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @Matches(/^\d{18}$/, { message: 'NIP is 18 digits' }) signatoryNip?: string;
  @ApiProperty({ required: false })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  publicBaseUrl?: string;
}

export class SlaSettingsDto {
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(90) administrative?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(90) field?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(90) approval?: number;
}

export class UpdateAgencyDto {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @Length(3, 200) name?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(300) address?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsEmail() email?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiProperty({ required: false, type: CertificateSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CertificateSettingsDto)
  certificate?: CertificateSettingsDto;
  @ApiProperty({ required: false, type: SlaSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SlaSettingsDto)
  sla?: SlaSettingsDto;
  @ApiProperty({ required: false, type: [String], example: ['2026-12-25'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays are YYYY-MM-DD dates' })
  holidays?: string[];
}
