import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { idempotencyKeyOf } from '../idempotency/idempotency-key';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { AssignTaskDto } from './assign-task.dto';
import { CompleteTaskDto } from './complete-task.dto';
import { ListTasksQuery } from './list-tasks.query';
import { TasksService } from './tasks.service';

const WORKERS = ['coordinator', 'practitioner', 'service_lead', 'qa_reviewer'] as const;

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @AllowRoles(...WORKERS)
  list(@Query() q: ListTasksQuery, @CurrentActor() actor: Actor) {
    return this.tasks.list(q, actor);
  }

  @Get(':id')
  @AllowRoles(...WORKERS)
  get(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.tasks.get(id, actor);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @AllowRoles(...WORKERS)
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'Retries with the same key complete the task once' })
  @ApiResponse({ status: 200, description: 'Completed: the task as the workflow left it' })
  @ApiResponse({ status: 202, description: 'Accepted by the workflow but not finished within TASK_COMPLETION_WAIT_MS: `{ accepted, taskId, location }`; GET the task for the outcome' })
  @ApiResponse({ status: 503, description: 'Not confirmed in time (worker or Temporal away); retry with the same Idempotency-Key (Retry-After says when)' })
  async complete(
    @Param('id', new UuidParamPipe('id')) id: string,
    @Body() dto: CompleteTaskDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ) {
    const answer = await this.tasks.complete(id, dto, actor, idempotencyKeyOf(key));
    if ('accepted' in answer) {
      res.status(HttpStatus.ACCEPTED).setHeader('Location', answer.location);
    }
    return answer;
  }

  @Post(':id/assign')
  @HttpCode(200)
  @AllowRoles('coordinator', 'service_lead')
  assign(@Param('id', new UuidParamPipe('id')) id: string, @Body() dto: AssignTaskDto, @CurrentActor() actor: Actor) {
    return this.tasks.assign(id, dto, actor);
  }
}
