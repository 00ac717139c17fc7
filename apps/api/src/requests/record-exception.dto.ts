import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { STATUTORY_EXCEPTION_KINDS, type StatutoryExceptionKind } from '@sendflow/calendar';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A reg 8(2) exception to the 6-week duty: a pause (the clock stops for the dates given) or an
 * extension (a number of days added). Only the three exceptions of reg 8(2) exist; the evidence
 * is required because the trust must be able to show why the advice was later than 6 weeks.
 */
export class RecordExceptionDto {
  @ApiProperty({ enum: ['pause', 'extension'] })
  @IsIn(['pause', 'extension'], { message: 'type must be pause or extension' })
  type!: 'pause' | 'extension';

  @ApiProperty({ enum: STATUTORY_EXCEPTION_KINDS })
  @IsIn(STATUTORY_EXCEPTION_KINDS, { message: `kind must be one of ${STATUTORY_EXCEPTION_KINDS.join(', ')} (the reg 8(2) exceptions)` })
  kind!: StatutoryExceptionKind;

  @ApiPropertyOptional({ example: '2026-03-02', description: 'First paused day (pause only)' })
  @ValidateIf((o: RecordExceptionDto) => o.type === 'pause')
  @IsString() @Matches(DATE_ONLY, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-06', description: 'Last paused day, inclusive (pause only)' })
  @ValidateIf((o: RecordExceptionDto) => o.type === 'pause')
  @IsString() @Matches(DATE_ONLY, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ example: 7, description: 'Days added to the deadline (extension only)' })
  @ValidateIf((o: RecordExceptionDto) => o.type === 'extension')
  @IsInt({ message: 'days must be a whole number' }) @Min(1) @Max(365)
  days?: number;

  @ApiProperty({ example: 'Family abroad 2-30 March (letter from parent on file)' })
  @IsString() @MinLength(5, { message: 'evidence must say what shows the exception applies (at least 5 characters)' }) @MaxLength(2000)
  @Matches(/\S/, { message: 'evidence must not be blank' })
  evidence!: string;
}
