import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Trim } from '../../common/validators';

export class UpdateAccountDto {
  @ApiProperty({ required: false, example: 'Rina Wulandari' }) @IsOptional() @Trim() @IsString() @Length(2, 120) name?: string;
  @ApiProperty({ required: false, enum: ['id', 'en'] }) @IsOptional() @IsIn(['id', 'en']) locale?: 'id' | 'en';
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(200) currentPassword: string;
  @ApiProperty({ minLength: 10 }) @IsString() @Length(10, 200) newPassword: string;
}
