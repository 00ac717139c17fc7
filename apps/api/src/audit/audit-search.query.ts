import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar day (whole day, Europe/London) or an instant with its offset; never a local time without one. */
@ValidatorConstraint({ name: 'dayOrInstant' })
class DayOrInstantCheck implements ValidatorConstraintInterface {
  validate(v: unknown) {
    if (typeof v !== 'string' || !(DATE_ONLY.test(v) || INSTANT.test(v)) || Number.isNaN(Date.parse(v))) return false;
    // Date.parse rolls 2026-02-30 over to March; the day itself must exist.
    const day = v.slice(0, 10);
    return new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
  }
  defaultMessage(args?: ValidationArguments) {
    return `${args?.property ?? 'value'} must be a date YYYY-MM-DD or a date-time with a time zone, e.g. 2026-03-01T09:00:00Z`;
  }
}

export const isDayOnly = (v: string) => DATE_ONLY.test(v);

export class AuditSearchQuery {
  @ApiPropertyOptional({ description: 'Entries about this request, including list reads that showed it' })
  @IsOptional() @IsUUID('all', { message: 'requestId must be a UUID' })
  requestId?: string;

  @ApiPropertyOptional({ description: "The acting user's id, or a non-user actor: `system` (workflow steps), `anonymous` (failed sign-ins), `identity-provider`" })
  @IsOptional() @IsString() @Matches(/^([a-z][a-z-]{1,39}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, { message: 'userId must be a user id (UUID) or a non-user actor such as system' })
  userId?: string;

  @ApiPropertyOptional({ description: 'From this instant, or from the start of this day (Europe/London), inclusive' })
  @IsOptional() @Validate(DayOrInstantCheck)
  from?: string;

  @ApiPropertyOptional({ description: 'Up to this instant, or to the end of this day (Europe/London), inclusive' })
  @IsOptional() @Validate(DayOrInstantCheck)
  to?: string;

  @ApiPropertyOptional({ example: 'request.read', description: 'Exact action name' })
  @IsOptional() @IsString() @MaxLength(60) @Matches(/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/, { message: 'action must be an action name such as request.read' })
  action?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor from the previous page' })
  @IsOptional() @IsString() @Matches(/^[1-9][0-9]{0,17}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
