import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ example: 'redaksi@lensajatim.id' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password: string;
  @ApiProperty({ example: 'Rina Wulandari' }) @IsString() @Length(2, 120) name: string;
  @ApiProperty({ enum: ['id', 'en'], required: false }) @IsOptional() @IsIn(['id', 'en']) locale?: 'id' | 'en';
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MaxLength(200) password: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'redaksi@lensajatim.id' }) @IsEmail() @MaxLength(254) email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the mailed link' }) @IsString() @Length(1, 200) token: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password: string;
}

export class EmailConfirmDto {
  @ApiProperty({ description: 'The token from the mailed link' }) @IsString() @Length(1, 200) token: string;
}

export class StaffInvitationAcceptDto {
  @ApiProperty({ description: 'The token from the mailed invitation link' }) @IsString() @Length(1, 200) token: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) password: string;
}
