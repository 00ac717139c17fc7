import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';

export class AssignTaskDto {
  @ApiProperty({ nullable: true, description: 'The user to give the task to; null returns it to the service queue' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all', { message: 'assigneeId must be a user id (uuid) or null' })
  assigneeId!: string | null;
}
