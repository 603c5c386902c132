import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { Nullable } from '../../common/validators';
import { isCalendarDate, SETTINGS_LIMITS } from '../agency-settings';

/** Every entry a real calendar date; the message names the ones that are not (2026-02-31). */
function AreCalendarDates(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'areCalendarDates',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.every(isCalendarDate),
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          return `${propertyName} must be real YYYY-MM-DD dates; not: ${(Array.isArray(value) ? value.filter((v) => !isCalendarDate(v)) : [value])
            .slice(0, 5)
            .map((v) => JSON.stringify(v))
            .join(', ')}`;
        },
      },
    });
}

/** A map from holiday date to its name: real dates as keys, names of 2-80 characters. */
function AreHolidayNames(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'areHolidayNames',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must map YYYY-MM-DD dates to names of ${SETTINGS_LIMITS.holidayName.min}-${SETTINGS_LIMITS.holidayName.max} characters`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= SETTINGS_LIMITS.holidays &&
          Object.entries(value).every(
            ([day, name]) =>
              isCalendarDate(day) &&
              typeof name === 'string' &&
              name.trim().length >= SETTINGS_LIMITS.holidayName.min &&
              name.length <= SETTINGS_LIMITS.holidayName.max,
          ),
      },
    });
}

/** Present means validated: null is refused where the setting cannot be empty (IsOptional would let it through). */
const IfPresent = () => ValidateIf((_, value: unknown) => value !== undefined);

const L = SETTINGS_LIMITS;

export class CertificateSettingsDto {
  @ApiProperty({ required: false, example: '{seq}/MM/{code}/{year}', description: 'Tokens: {seq}, {seq:N}, {year}, {month}, {code}; must contain {seq} and {year}' })
  @IfPresent()
  @IsString()
  @Matches(/\{seq(:[1-9])?\}/, { message: 'must contain {seq}' })
  @Matches(/\{year\}/, { message: 'must contain {year}, so numbering restarts each year without a clash' })
  @MaxLength(L.numberPatternLength)
  numberPattern?: string;

  @ApiProperty({ required: false, minimum: L.validityMonths.min, maximum: L.validityMonths.max })
  @IfPresent()
  @IsInt()
  @Min(L.validityMonths.min)
  @Max(L.validityMonths.max)
  validityMonths?: number;

  @ApiProperty({ required: false }) @IfPresent() @IsString() @Length(L.signatoryName.min, L.signatoryName.max) signatoryName?: string;
  @ApiProperty({ required: false }) @IfPresent() @IsString() @Length(L.signatoryTitle.min, L.signatoryTitle.max) signatoryTitle?: string;
  @ApiProperty({ required: false, nullable: true, description: 'null removes it' })
  @IsOptional()
  @Nullable()
  @IsString()
  @Matches(/^\d{18}$/, { message: 'NIP is 18 digits' })
  signatoryNip?: string | null;

  @ApiProperty({ required: false, nullable: true, description: "null uses the service's PUBLIC_BASE_URL" })
  @IsOptional()
  @Nullable()
  @IsString()
  @MaxLength(L.publicBaseUrlLength)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an absolute http(s) URL' })
  publicBaseUrl?: string | null;
}

export class SlaSettingsDto {
  @ApiProperty({ required: false }) @IfPresent() @IsInt() @Min(L.slaDays.min) @Max(L.slaDays.max) administrative?: number;
  @ApiProperty({ required: false }) @IfPresent() @IsInt() @Min(L.slaDays.min) @Max(L.slaDays.max) field?: number;
  @ApiProperty({ required: false }) @IfPresent() @IsInt() @Min(L.slaDays.min) @Max(L.slaDays.max) approval?: number;
}

export class UpdateAgencyDto {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @Length(3, 200) name?: string;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @Nullable() @IsString() @MaxLength(300) address?: string | null;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @Nullable() @IsEmail() email?: string | null;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @Nullable() @IsString() @MaxLength(40) phone?: string | null;
  @ApiProperty({ required: false, type: CertificateSettingsDto })
  @IfPresent()
  @IsObject()
  @ValidateNested()
  @Type(() => CertificateSettingsDto)
  certificate?: CertificateSettingsDto;
  @ApiProperty({ required: false, type: SlaSettingsDto })
  @IfPresent()
  @IsObject()
  @ValidateNested()
  @Type(() => SlaSettingsDto)
  sla?: SlaSettingsDto;
  @ApiProperty({ required: false, type: [String], example: ['2026-12-25'], description: 'Replaces the whole list' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(L.holidays)
  @ArrayUnique({ message: 'holidays must not list a date twice' })
  @AreCalendarDates()
  holidays?: string[];
  @ApiProperty({
    required: false,
    type: Object,
    additionalProperties: { type: 'string' },
    example: { '2026-12-25': 'Hari Raya Natal' },
    description: 'Names of holidays by date; replaces the whole map; every date must be one of the holidays. Omitted: names of dates still in the list are kept.',
  })
  @IfPresent()
  @AreHolidayNames()
  holidayNames?: Record<string, string>;
}
