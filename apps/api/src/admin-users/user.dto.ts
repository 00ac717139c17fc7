import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, SERVICE_CODE_PATTERN, type Role } from '@sendflow/domain';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../auth/password.policy';
import { OptionalNotNull } from '../common/optional-not-null';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Roles and services are validated the same way on create and update. */
function RolesField(): PropertyDecorator {
  return (target, key) => {
    IsArray({ message: 'roles must be an array of role names' })(target, key);
    ArrayMinSize(1, { message: 'roles must name at least one role' })(target, key);
    ArrayUnique({ message: 'roles must not repeat a role' })(target, key);
    IsIn(ROLES as unknown as string[], { each: true, message: `roles must each be one of ${ROLES.join(', ')}` })(target, key);
  };
}

function ServiceCodesField(): PropertyDecorator {
  return (target, key) => {
    IsArray({ message: 'serviceCodes must be an array of service codes' })(target, key);
    ArrayMaxSize(20)(target, key);
    ArrayUnique({ message: 'serviceCodes must not repeat a service' })(target, key);
    IsString({ each: true, message: 'serviceCodes must each be a service code such as SLT' })(target, key);
    Matches(SERVICE_CODE_PATTERN, { each: true, message: 'serviceCodes must each be a service code such as SLT' })(target, key);
  };
}

export class CreateUserDto {
  @ApiProperty({ example: 'sam.speech@trust.nhs.uk' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString({ message: 'email must be an email address' }) @MaxLength(320) @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ example: 'Sam Speech' })
  @Transform(trimmed) @IsString() @MinLength(1, { message: 'displayName must not be blank' }) @MaxLength(160)
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @RolesField()
  roles!: Role[];

  @ApiPropertyOptional({ example: ['SLT'], description: 'Required for practitioners and service leads: the services whose work they see' })
  @OptionalNotNull() @ServiceCodesField()
  serviceCodes?: string[];
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @OptionalNotNull() @Transform(trimmed) @IsString() @MinLength(1, { message: 'displayName must not be blank' }) @MaxLength(160)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @OptionalNotNull() @RolesField()
  roles?: Role[];

  @ApiPropertyOptional({ example: ['SLT', 'OT'] })
  @OptionalNotNull() @ServiceCodesField()
  serviceCodes?: string[];
}

export class SetPasswordDto {
  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, description: 'A new password for the user (same policy as password change); their sessions end' })
  @IsString({ message: 'password must be a string' })
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `password must be at most ${PASSWORD_MAX_LENGTH} characters` })
  password!: string;
}
