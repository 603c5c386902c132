import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  Max,
  ValidateNested,
} from 'class-validator';
import { IsPastDate, Trim } from '../../common/validators';
import { MAX_FIELD_VISIT_PHOTOS } from '../field-visit-photos.service';
import { APPLICATION_ACTIONS, APPLICATION_STATUSES, type ApplicationAction, type ApplicationStatus } from '../application-workflow';

export class CreateApplicationDto {
  @ApiProperty() @IsUUID() outletId: string;
  @ApiProperty() @IsUUID() agencyId: string;
  @ApiProperty({ required: false, description: 'The certificate this application renews; it is superseded on approval' })
  @IsOptional()
  @IsUUID()
  renewalOf?: string;
}

export class FieldVisitDto {
  @ApiProperty({ example: '2026-11-20' }) @IsPastDate() visitedOn: string;
  @ApiProperty() @IsBoolean() officeConfirmed: boolean;
  @ApiProperty() @Trim() @IsString() @IsNotEmpty() @MaxLength(4000) notes: string;
  @ApiProperty({
    required: false,
    type: [String],
    description: `Photos uploaded first to POST /applications/{id}/field-visit-photos; they become this decision's evidence (at most ${MAX_FIELD_VISIT_PHOTOS})`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FIELD_VISIT_PHOTOS)
  @IsUUID('all', { each: true })
  photoIds?: string[];
}

export class ApplicationActionDto {
  @ApiProperty({ enum: APPLICATION_ACTIONS }) @IsIn(APPLICATION_ACTIONS) action: ApplicationAction;
  @ApiProperty({ description: 'The version you last saw; a stale one is refused with 409' }) @IsInt() @Min(1) version: number;
  @ApiProperty({ required: false, description: 'Required for request_revision and reject' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(5, 4000)
  reason?: string;
  @ApiProperty({ required: false, type: FieldVisitDto, description: 'Required for pass_field' })
  @IsOptional()
  @ValidateNested()
  @Type(() => FieldVisitDto)
  fieldVisit?: FieldVisitDto;
}

export class ApplicationQueryDto {
  @ApiProperty({ required: false, enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
  @ApiProperty({ required: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
  @ApiProperty({ required: false, description: 'Only applications of this registration round' }) @IsOptional() @IsUUID() roundId?: string;
  @ApiProperty({ required: false, description: 'Outlet name contains' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiProperty({ required: false, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}
