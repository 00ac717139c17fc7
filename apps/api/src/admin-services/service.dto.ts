import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SERVICE_CODE_PATTERN } from '@sendflow/domain';
import { OptionalNotNull } from '../common/optional-not-null';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateServiceDto {
  @ApiProperty({ example: 'DIET', description: 'Capitals, digits and _; 2 to 16 characters' })
  @IsString({ message: 'code must be a service code such as SLT' }) @Matches(SERVICE_CODE_PATTERN, { message: 'code must be a service code such as SLT (capitals, digits, _; 2 to 16)' })
  code!: string;

  @ApiProperty({ example: 'Dietetics' })
  @Transform(trimmed) @IsString() @MinLength(1, { message: 'name must not be blank' }) @MaxLength(160)
  name!: string;
}

export class UpdateServiceDto {
  @ApiPropertyOptional()
  @OptionalNotNull() @Transform(trimmed) @IsString() @MinLength(1, { message: 'name must not be blank' }) @MaxLength(160)
  name?: string;

  @ApiPropertyOptional({ description: 'An inactive service takes no new allocations or members; running work carries on' })
  @OptionalNotNull() @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}
