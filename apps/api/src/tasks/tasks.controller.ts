import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { idempotencyKeyOf } from '../idempotency/idempotency-key';
import type { Actor } from '@sendflow/domain';
import { AllowRoles, CurrentActor } from '../actor/access.decorators';
import { ApiErrors } from '../common/api-errors.decorator';
import { AssignTaskDto } from './assign-task.dto';
import {
  CompletedTaskDto, CompletionAcceptedDto, CompleteTaskDto, ListTasksQueryDto, ReassignResultDto, ReassignTasksDto, SaveDraftDto, TaskDetailDto, TaskDraftDto, TaskIdParams, TaskListDto, TaskViewDto,
} from './tasks.dto';
import { TasksService } from './tasks.service';

const WORKERS = ['coordinator', 'practitioner', 'service_lead', 'qa_reviewer'] as const;
/** Who moves other people's work: service leads (their services) and the coordinator. */
const ASSIGNERS = ['coordinator', 'service_lead'] as const;

// Response schemas are declared for the document (@ApiResponse), not enforced by the serializer:
// task data is the form's own shape, and a read must never fail on an old row's detail.
@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @AllowRoles(...WORKERS)
  @ApiOperation({ summary: "The caller's tasks (my tasks, my services' queue), with the child, LA, statutory date and days left; paged, stable order" })
  @ApiResponse({ status: 200, type: TaskListDto })
  @ApiErrors(400)
  list(@Query() q: ListTasksQueryDto, @CurrentActor() actor: Actor) {
    return this.tasks.list(q, actor);
  }

  @Post('reassign')
  @HttpCode(200)
  @AllowRoles(...ASSIGNERS)
  @ApiOperation({ summary: "Move many tasks at once (named, or all one person holds); each checked and audited on its own" })
  @ApiResponse({ status: 200, type: ReassignResultDto, description: 'Per task: moved, or failed with the status it alone would have answered' })
  @ApiErrors(400, 413, 415)
  reassign(@Body() dto: ReassignTasksDto, @CurrentActor() actor: Actor) {
    return this.tasks.reassign(dto, actor);
  }

  @Get(':id')
  @AllowRoles(...WORKERS)
  @ApiOperation({ summary: 'One task with its draft, prefill, the reviewer feedback (rework) or the draft under review (QA)' })
  @ApiResponse({ status: 200, type: TaskDetailDto })
  @ApiErrors(400, 404)
  get(@Param() { id }: TaskIdParams, @CurrentActor() actor: Actor) {
    return this.tasks.get(id, actor);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @AllowRoles(...WORKERS)
  @ApiOperation({ summary: "Complete with an outcome and the form's data; 400 names every missing or invalid field" })
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'Retries with the same key complete the task once' })
  @ApiResponse({ status: 200, type: CompletedTaskDto })
  @ApiResponse({ status: 202, type: CompletionAcceptedDto, description: 'Accepted by the workflow but not finished within TASK_COMPLETION_WAIT_MS; GET the task for the outcome' })
  @ApiErrors(400, 404, 409, 413, 415, 503)
  async complete(
    @Param() { id }: TaskIdParams,
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
  @AllowRoles(...ASSIGNERS)
  @ApiOperation({ summary: 'Give an open task to someone who could do it, or back to the queue' })
  @ApiResponse({ status: 200, type: TaskViewDto })
  @ApiErrors(400, 404, 409, 413, 415, 503)
  assign(@Param() { id }: TaskIdParams, @Body() dto: AssignTaskDto, @CurrentActor() actor: Actor) {
    return this.tasks.assign(id, dto, actor);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @AllowRoles(...WORKERS)
  @ApiOperation({ summary: 'Take an open task for yourself; 409 when someone else holds it' })
  @ApiResponse({ status: 200, type: TaskViewDto })
  @ApiErrors(400, 404, 409, 503)
  claim(@Param() { id }: TaskIdParams, @CurrentActor() actor: Actor) {
    return this.tasks.claim(id, actor);
  }

  @Post(':id/release')
  @HttpCode(200)
  @AllowRoles(...WORKERS)
  @ApiOperation({ summary: 'Put a task you hold (or, as a lead or the coordinator, any you may assign) back in the queue' })
  @ApiResponse({ status: 200, type: TaskViewDto })
  @ApiErrors(400, 404, 409, 503)
  release(@Param() { id }: TaskIdParams, @CurrentActor() actor: Actor) {
    return this.tasks.release(id, actor);
  }

  @Get(':id/draft')
  @AllowRoles(...WORKERS)
  @ApiOperation({ summary: "The task's saved draft (404 when none)" })
  @ApiResponse({ status: 200, type: TaskDraftDto })
  @ApiErrors(400, 404)
  getDraft(@Param() { id }: TaskIdParams, @CurrentActor() actor: Actor) {
    return this.tasks.getDraft(id, actor);
  }

  @Put(':id/draft')
  @AllowRoles(...WORKERS)
  @ApiOperation({ summary: 'Save the form so far (shape and size checked, not completeness); 409 once the task is done' })
  @ApiResponse({ status: 200, type: TaskDraftDto })
  @ApiErrors(400, 404, 409, 413, 415)
  saveDraft(@Param() { id }: TaskIdParams, @Body() dto: SaveDraftDto, @CurrentActor() actor: Actor) {
    return this.tasks.saveDraft(id, dto, actor);
  }
}
