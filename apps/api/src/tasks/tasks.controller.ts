import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
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
  complete(
    @Param('id', new UuidParamPipe('id')) id: string,
    @Body() dto: CompleteTaskDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.tasks.complete(id, dto, actor, key && /^[\w-]{1,100}$/.test(key) ? key : undefined);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @AllowRoles('coordinator', 'service_lead')
  assign(@Param('id', new UuidParamPipe('id')) id: string, @Body() dto: AssignTaskDto, @CurrentActor() actor: Actor) {
    return this.tasks.assign(id, dto, actor);
  }
}
