import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { STAFF_ROLES, type Role } from '../../auth/permissions';

/**
 * A staff invitation: the invitee gets a mailed single-use link to choose their own password.
 * There is no password field: no admin ever knows a staff password.
 */
export class InviteStaffUserDto {
  @ApiProperty({ example: 'petugas@diskominfo.go.id' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @Length(2, 120) name: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: Exclude<Role, 'applicant'>;
  @ApiProperty({ enum: ['id', 'en'], required: false, description: 'Language of the invitation mail and the account' })
  @IsOptional()
  @IsIn(['id', 'en'])
  locale?: 'id' | 'en';
}

export class UpdateStaffUserDto {
  @ApiProperty({ enum: STAFF_ROLES, required: false }) @IsOptional() @IsIn(STAFF_ROLES) role?: Exclude<Role, 'applicant'>;
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() active?: boolean;
}
