import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { STAFF_ROLES, type Role } from '../../auth/permissions';

export class CreateStaffUserDto {
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @Length(2, 120) name: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: Exclude<Role, 'applicant'>;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password: string;
  @ApiProperty({ enum: ['id', 'en'], required: false }) @IsOptional() @IsIn(['id', 'en']) locale?: 'id' | 'en';
}

export class UpdateStaffUserDto {
  @ApiProperty({ enum: STAFF_ROLES, required: false }) @IsOptional() @IsIn(STAFF_ROLES) role?: Exclude<Role, 'applicant'>;
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() active?: boolean;
}
