import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DigitsOnly, IsPastDate, Nullable, Trim } from '../../common/validators';
import {
  COMPETENCY_LEVELS,
  LEGAL_FORMS,
  MEDIA_TYPES,
  POSITIONS,
  PRESS_COUNCIL_STATUSES,
  TAX_STATUSES,
  type CompetencyLevel,
  type LegalForm,
  type MediaType,
  type Position,
  type PressCouncilStatus,
  type TaxStatus,
} from '../../requirements/outlet-snapshot';

export class OfficeDto {
  @ApiProperty({ example: 'Jl. Raya Darmo No. 12' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(300) street: string;
  @ApiProperty({ example: 'Surabaya' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(120) city: string;
  @ApiProperty({ example: 'Jawa Timur' }) @Trim() @IsString() @IsNotEmpty() @MaxLength(120) province: string;
  @ApiProperty({ required: false }) @IsOptional() @IsLatitude() latitude?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsLongitude() longitude?: number;
}

export class PressCouncilDto {
  @ApiProperty({ enum: PRESS_COUNCIL_STATUSES }) @IsIn(PRESS_COUNCIL_STATUSES) status: PressCouncilStatus;
  @ApiProperty({ required: false }) @IsOptional() @Trim() @IsString() @MaxLength(80) certificateNumber?: string;
  @ApiProperty({ required: false, example: '2023-05-10' }) @IsOptional() @IsPastDate() verifiedOn?: string;
}

export class CreateOutletDto {
  @ApiProperty({ example: 'PT Lensa Jatim Media' }) @Trim() @IsString() @Length(3, 200) legalName: string;
  @ApiProperty({ example: 'Lensa Jatim' }) @Trim() @IsString() @Length(2, 120) brandName: string;
  @ApiProperty({ enum: LEGAL_FORMS }) @IsIn(LEGAL_FORMS) legalForm: LegalForm;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @Nullable() @Trim() @IsString() @MaxLength(80) deedNumber?: string | null;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @Nullable() @Trim() @IsString() @MaxLength(80) ministryDecreeNumber?: string | null;
  @ApiProperty({ required: false, nullable: true, description: 'NPWP, 15 or 16 digits' })
  @IsOptional()
  @Nullable()
  @DigitsOnly()
  @Matches(/^(\d{15}|\d{16})$/, { message: 'taxId (NPWP) must be 15 or 16 digits' })
  taxId?: string | null;
  @ApiProperty({ enum: TAX_STATUSES, required: false }) @IsOptional() @IsIn(TAX_STATUSES) taxStatus?: TaxStatus;
  @ApiProperty({ required: false, nullable: true, description: 'NIB, 13 digits' })
  @IsOptional()
  @Nullable()
  @DigitsOnly()
  @Matches(/^\d{13}$/, { message: 'businessId (NIB) must be 13 digits' })
  businessId?: string | null;
  @ApiProperty({ required: false, nullable: true, example: '2019-03-01' }) @IsOptional() @Nullable() @IsPastDate() establishedOn?: string | null;
  @ApiProperty({ enum: MEDIA_TYPES }) @IsIn(MEDIA_TYPES) mediaType: MediaType;
  @ApiProperty({ required: false, nullable: true, example: 'https://lensajatim.id' })
  @IsOptional()
  @Nullable()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(200)
  website?: string | null;
  @ApiProperty({ required: false, type: OfficeDto, nullable: true, description: 'null: the outlet has no office' })
  @IsOptional()
  @Nullable()
  @ValidateNested()
  @Type(() => OfficeDto)
  office?: OfficeDto | null;
  @ApiProperty({ required: false, type: PressCouncilDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PressCouncilDto)
  pressCouncil?: PressCouncilDto;
  @ApiProperty({ required: false, example: ['AMSI', 'PWI'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  memberships?: string[];
  @ApiProperty({ required: false, example: ['63122'], description: 'KBLI codes on the NIB, 5 digits each' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^\d{5}$/, { each: true, message: 'kbliCodes must be 5-digit KBLI codes' })
  kbliCodes?: string[];
  @ApiProperty({ required: false, nullable: true, example: 'https://katalog.inaproc.id/lensa-jatim', description: 'The LKPP e-Katalog listing; null removes it' })
  @IsOptional()
  @Nullable()
  @Trim()
  @IsUrl({ require_protocol: true, protocols: ['https'] }, { message: 'eKatalogUrl must be an https URL' })
  @MaxLength(500)
  eKatalogUrl?: string | null;
}

export class UpdateOutletDto extends PartialType(CreateOutletDto) {}

export class InviteOwnerDto {
  @ApiProperty({ example: 'redaksi@lensajatim.id', description: 'Any address; the answer is the same whether or not it has an account' })
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class CompetencyDto {
  @ApiProperty({ enum: COMPETENCY_LEVELS }) @IsIn(COMPETENCY_LEVELS) level: CompetencyLevel;
  @ApiProperty({ example: '12345-PWI/WU/DP/XII/2019/01/01/80' }) @Trim() @IsString() @Length(3, 80) certificateNumber: string;
  @ApiProperty({ example: 'PWI' }) @Trim() @IsString() @Length(2, 120) issuer: string;
  @ApiProperty({ example: '2019-12-01' }) @IsPastDate() issuedOn: string;
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() revoked?: boolean;
}

export class CreateJournalistDto {
  @ApiProperty({ example: 'Agus Prasetyo' }) @Trim() @IsString() @Length(2, 120) name: string;
  @ApiProperty({ description: 'NIK, 16 digits (personal data: stored encrypted, shown masked)' })
  @DigitsOnly()
  @Matches(/^\d{16}$/, { message: 'nik must be 16 digits' })
  nik: string;
  @ApiProperty({ enum: POSITIONS }) @IsIn(POSITIONS) position: Position;
  @ApiProperty({ required: false, type: CompetencyDto, nullable: true })
  @IsOptional()
  @Nullable()
  @ValidateNested()
  @Type(() => CompetencyDto)
  competency?: CompetencyDto | null;
  @ApiProperty({ required: false, nullable: true, example: '2019-06-01', description: 'First publication of own journalistic work' })
  @IsOptional()
  @Nullable()
  @IsPastDate()
  publishedWorkSince?: string | null;
  @ApiProperty({ required: false, example: ['https://lensajatim.example/2019/06/liputan'], description: 'Links to published work, https or http' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { each: true, message: 'publishedWorkLinks must be http(s) URLs' })
  @MaxLength(500, { each: true })
  publishedWorkLinks?: string[];
}

export class UpdateJournalistDto extends PartialType(CreateJournalistDto) {}
