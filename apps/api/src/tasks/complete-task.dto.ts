import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CompleteTaskDto {
  @ApiProperty({ example: 'accepted', description: "One of the task's outcomes" })
  @IsString() @MaxLength(80) @Matches(/^[a-z][a-z0-9_-]*$/, { message: 'outcome must be an outcome id such as accepted' })
  outcome!: string;

  @ApiPropertyOptional({ description: "The task's form data; its shape depends on the form and the outcome" })
  @IsOptional() @IsObject({ message: 'data must be an object' })
  data?: Record<string, unknown>;
}
