import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, registerDecorator, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../../agencies/agency-settings';
import { Nullable, Trim } from '../../common/validators';

/** A real YYYY-MM-DD calendar day (a WIB date). */
function IsDay(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isDay',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a YYYY-MM-DD calendar date (WIB)`, ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

export class RoundDto {
  @ApiProperty({ example: 2027 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) budgetYear: number;
  @ApiProperty({ example: 'Periode Pendaftaran 2027' }) @Trim() @IsString() @Length(3, 120) name: string;
  @ApiProperty({ example: '2027-01-07' }) @IsDay() registrationOpensOn: string;
  @ApiProperty({ example: '2027-01-11' }) @IsDay() registrationClosesOn: string;
  @ApiProperty({ example: '2027-01-21' }) @IsDay() verificationUntil: string;
  @ApiProperty({ example: '2027-01-25' }) @IsDay() provisionalAnnouncementOn: string;
  @ApiProperty({ required: false, nullable: true, example: '2027-01-26', description: 'Leave out (or null) both appeal dates for a round without appeals' })
  @IsOptional()
  @Nullable()
  @IsDay()
  appealOpensOn?: string | null;
  @ApiProperty({ required: false, nullable: true, example: '2027-01-27' }) @IsOptional() @Nullable() @IsDay() appealClosesOn?: string | null;
  @ApiProperty({ example: '2027-02-01' }) @IsDay() finalAnnouncementOn: string;
  @ApiProperty({ required: false, nullable: true, description: 'Certificate validity in months; left out or null: until 31 December of the budget year' })
  @IsOptional()
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(60)
  validityMonths?: number | null;
}

export class UpdateRoundDto extends RoundDto {
  @ApiProperty({ description: 'The version you last saw; a stale one is refused with 409' }) @IsInt() @Min(1) version: number;
}

export class IntakeDto {
  @ApiProperty({ enum: ['all_year', 'rounds'] }) @IsIn(['all_year', 'rounds']) intake: 'all_year' | 'rounds';
}

export class FileAppealDto {
  @ApiProperty() @Trim() @IsString() @Length(10, 4000) reason: string;
  @ApiProperty({ required: false, type: [String], description: "IDs of the outlet's uploaded documents supporting the appeal" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  documentIds?: string[];
}

export class DecideAppealDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'] }) @IsIn(['upheld', 'dismissed']) outcome: 'upheld' | 'dismissed';
  @ApiProperty() @Trim() @IsString() @Length(5, 4000) reason: string;
}
