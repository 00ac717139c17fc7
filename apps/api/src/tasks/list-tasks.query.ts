import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { TASK_STATUSES, type TaskStatus } from '@sendflow/domain';

export class ListTasksQuery {
  @ApiPropertyOptional({ enum: TASK_STATUSES, default: 'open' })
  @IsOptional() @IsIn(TASK_STATUSES as unknown as string[], { message: `status must be one of ${TASK_STATUSES.join(', ')}` })
  status?: TaskStatus;

  @ApiPropertyOptional()
  @IsOptional() @Matches(/^[A-Z][A-Z0-9_]{1,15}$/, { message: 'serviceCode must be a service code such as SLT' })
  serviceCode?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsUUID('all', { message: 'requestId must be a UUID' })
  requestId?: string;
}
