import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { OptionalNotNull } from '../common/optional-not-null';

/** GSS (ONS) codes: a country letter and eight digits, e.g. E06000023 for Bristol. */
export const GSS_CODE = /^[EWSN][0-9]{8}$/;

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const emailish = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateLocalAuthorityDto {
  @ApiProperty({ example: 'E06000023', description: 'GSS code of the local authority' })
  @IsString({ message: 'code must be a GSS code such as E06000023' }) @Matches(GSS_CODE, { message: 'code must be a GSS code such as E06000023' })
  code!: string;

  @ApiProperty({ example: 'Bristol, City of' })
  @Transform(trimmed) @IsString() @MinLength(1, { message: 'name must not be blank' }) @MaxLength(160)
  name!: string;

  @ApiPropertyOptional({ example: 'send.team@bristol.gov.uk', description: 'Where compiled advice is sent' })
  @IsOptional() @Transform(emailish) @IsString() @MaxLength(320) @IsEmail({}, { message: 'returnAddress must be an email address' })
  returnAddress?: string | null;
}

export class UpdateLocalAuthorityDto {
  @ApiPropertyOptional()
  @OptionalNotNull() @Transform(trimmed) @IsString() @MinLength(1, { message: 'name must not be blank' }) @MaxLength(160)
  name?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null clears it' })
  @ValidateIf((_o, v) => v !== undefined && v !== null) @Transform(emailish) @IsString() @MaxLength(320) @IsEmail({}, { message: 'returnAddress must be an email address' })
  returnAddress?: string | null;
}
