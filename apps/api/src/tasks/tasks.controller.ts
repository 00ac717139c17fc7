import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { AssignTaskDto } from './assign-task.dto';
import { CompleteTaskDto, ListTasksQueryDto, ReassignResultDto, ReassignTasksDto, SaveDraftDto, TaskDetailDto, TaskDraftDto, TaskViewDto } from './tasks.dto';
import { TasksService } from './tasks.service';

const WORKERS = ['coordinator', 'practitioner', 'service_lead', 'qa_reviewer'] as const;
/** Who moves other people's work: service leads (their services) and the coordinator. */
const ASSIGNERS = ['coordinator', 'service_lead'] as const;

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @AllowRoles(...WORKERS)
  @ApiResponse({ status: 200, type: [TaskViewDto] })
  list(@Query() q: ListTasksQueryDto, @CurrentActor() actor: Actor) {
    return this.tasks.list(q, actor);
  }

  @Post('reassign')
  @HttpCode(200)
  @AllowRoles(...ASSIGNERS)
  @ApiResponse({ status: 200, type: ReassignResultDto, description: 'Per task: moved, or failed with the status it alone would have answered' })
  reassign(@Body() dto: ReassignTasksDto, @CurrentActor() actor: Actor) {
    return this.tasks.reassign(dto, actor);
  }

  @Get(':id')
  @AllowRoles(...WORKERS)
  @ApiResponse({ status: 200, type: TaskDetailDto })
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
  @ApiResponse({ status: 200, type: TaskViewDto })
  @AllowRoles(...ASSIGNERS)
  assign(@Param('id', new UuidParamPipe('id')) id: string, @Body() dto: AssignTaskDto, @CurrentActor() actor: Actor) {
    return this.tasks.assign(id, dto, actor);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: TaskViewDto })
  @AllowRoles(...WORKERS)
  claim(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.tasks.claim(id, actor);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: TaskViewDto })
  @AllowRoles(...WORKERS)
  release(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.tasks.release(id, actor);
  }

  @Get(':id/draft')
  @AllowRoles(...WORKERS)
  @ApiResponse({ status: 200, type: TaskDraftDto })
  getDraft(@Param('id', new UuidParamPipe('id')) id: string, @CurrentActor() actor: Actor) {
    return this.tasks.getDraft(id, actor);
  }

  @Put(':id/draft')
  @AllowRoles(...WORKERS)
  @ApiResponse({ status: 200, type: TaskDraftDto })
  saveDraft(@Param('id', new UuidParamPipe('id')) id: string, @Body() dto: SaveDraftDto, @CurrentActor() actor: Actor) {
    return this.tasks.saveDraft(id, dto, actor);
  }
}
