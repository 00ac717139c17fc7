import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean, IsDefined, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, Validate, ValidateNested,
  ValidatorConstraint, type ValidatorConstraintInterface,
} from 'class-validator';
import { ADVICE_TYPES, isValidNhsNumber, type AdviceType } from '@sendflow/domain';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

@ValidatorConstraint({ name: 'nhsNumber' })
class NhsNumberCheck implements ValidatorConstraintInterface {
  validate(v: unknown) {
    return typeof v === 'string' && isValidNhsNumber(v);
  }
  defaultMessage() {
    return 'nhsNumber must be a valid 10-digit NHS number (check digit failed)';
  }
}

@ValidatorConstraint({ name: 'pastDate' })
class PastDateCheck implements ValidatorConstraintInterface {
  validate(v: unknown) {
    if (typeof v !== 'string' || !DATE_ONLY.test(v)) return false;
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && d.getTime() <= Date.now() && d.getUTCFullYear() >= 1990;
  }
  defaultMessage() {
    return 'dateOfBirth must be a real date YYYY-MM-DD, not in the future';
  }
}

/** Minimal identifiers: enough to find the child's records, nothing more (data minimisation). */
export class ChildDto {
  @ApiProperty({ example: 'Alex' })
  @IsString() @MinLength(1) @MaxLength(100) @Matches(/\S/, { message: 'givenName must not be blank' })
  givenName!: string;

  @ApiProperty({ example: 'Smith' })
  @IsString() @MinLength(1) @MaxLength(100) @Matches(/\S/, { message: 'familyName must not be blank' })
  familyName!: string;

  @ApiProperty({ example: '2018-04-12' })
  @IsString() @Validate(PastDateCheck)
  dateOfBirth!: string;

  @ApiPropertyOptional({ example: '9434765919' })
  @IsOptional() @IsString() @Validate(NhsNumberCheck)
  nhsNumber?: string;
}

export class CreateRequestDto {
  @ApiProperty({ example: 'E06000023', description: 'The requesting local authority (ONS code)' })
  @IsString() @Matches(/^[A-Z][0-9A-Z]{2,15}$/, { message: 'localAuthorityCode must be an LA code such as E06000023' })
  localAuthorityCode!: string;

  @ApiProperty({ example: 'EHC-2026-0412', description: "The LA's own reference; with the LA it identifies the request" })
  @IsString() @MinLength(1) @MaxLength(100) @Matches(/^[\w\-/. ]+$/, { message: 'laReference may contain letters, digits, spaces and - / . _ only' })
  @Matches(/\S/, { message: 'laReference must not be blank' })
  laReference!: string;

  @ApiProperty({ type: ChildDto })
  @IsDefined() @ValidateNested() @Type(() => ChildDto)
  child!: ChildDto;

  @ApiProperty({ example: '2026-11-20T10:15:00Z', description: 'When the trust received the request (exact timestamp, kept as evidence)' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'receivedAt must be an ISO 8601 date-time such as 2026-11-20T10:15:00Z' })
  @Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { message: 'receivedAt must include a time and a zone (Z or +01:00)' })
  receivedAt!: string;

  @ApiProperty({ description: 'Whether the child already has an EHC plan' })
  @IsBoolean()
  ehcpFlag!: boolean;

  @ApiProperty({ enum: ADVICE_TYPES })
  @IsIn(ADVICE_TYPES as unknown as string[], { message: `adviceType must be one of ${ADVICE_TYPES.join(', ')}` })
  adviceType!: AdviceType;

  @ApiPropertyOptional({ example: '2026-12-31', description: "The LA's own requested date, if it gave one (context only)" })
  @IsOptional() @Matches(DATE_ONLY, { message: 'laDueDate must be a date YYYY-MM-DD' })
  laDueDate?: string;

  @ApiPropertyOptional({ example: 'ehcna-health-advice', description: 'The SOP to run (its latest published version); default DEFAULT_SOP_KEY' })
  @IsOptional() @IsString() @Matches(/^[a-z][a-z0-9-]{1,60}$/, { message: 'sopKey must be a SOP key: lower-case letters, digits and -' })
  sopKey?: string;
}
