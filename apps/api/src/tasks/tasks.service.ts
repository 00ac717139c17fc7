import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@sendflow/domain';
import { assignTaskUpdate, completeTaskUpdate } from '@sendflow/workflows';
import { AuditService } from '../audit/audit.service';
import { StaffService } from '../staff/staff.service';
import { taskView } from '../requests/request.view';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { updateWithinBound } from '../temporal/bounded-call';
import { apiConfig } from '../config/api-config';
import { DependencyUnavailableException } from '../common/unavailable';
import type { AssignTaskDto } from './assign-task.dto';
import type { CompleteTaskDto } from './complete-task.dto';
import type { ListTasksQuery } from './list-tasks.query';
import { TasksRepository } from './tasks.repository';

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Completed tasks carry the advice drafted about the child, so a non-empty list is recorded as an access. */
  async list(q: ListTasksQuery, actor: Actor) {
    const tasks = await this.tasks.listFor(q, actor.roles, actor.services);
    if (tasks.length) {
      await this.audit.record(actor, {
        action: 'task.list', entity: 'task', requestId: q.requestId?.toLowerCase() ?? null,
        after: { query: { ...q }, taskIds: tasks.map((t) => t.id), requestIds: [...new Set(tasks.map((t) => t.requestId))] },
      });
    }
    return this.staff.withAssigneeNames(tasks.map(taskView));
  }

  async get(id: string, actor: Actor) {
    const task = await this.tasks.findById(id);
    if (!task || !(this.mayAct(actor, task.role, task.serviceScoped, task.serviceCode) || this.leads(actor, task.serviceCode))) throw new NotFoundException(`Task ${id} not found`);
    await this.audit.record(actor, { action: 'task.read', entity: 'task', entityId: id, requestId: task.requestId });
    return (await this.staff.withAssigneeNames([taskView(task)]))[0];
  }

  /**
   * Completes a human task through the workflow's Update: the workflow validates (state, role,
   * service, form) and answers synchronously, so the caller learns at once whether it took.
   */
  async complete(id: string, dto: CompleteTaskDto, actor: Actor, idempotencyKey?: string) {
    const task = await this.tasks.findById(id);
    if (!task) throw new NotFoundException(`Task ${id} not found`);
    if (!this.mayAct(actor, task.role, task.serviceScoped, task.serviceCode)) {
      // Other services' work is invisible, not merely forbidden: do not confirm it exists.
      if (task.serviceScoped && !actor.services.includes(task.serviceCode ?? '')) throw new NotFoundException(`Task ${id} not found`);
      throw new ForbiddenException(`Task "${task.label}" needs the ${task.role} role`);
    }
    // A retry with its key re-attaches to the first attempt's Update (the projection may already show it done).
    if (task.status !== 'open' && !idempotencyKey) throw new ConflictException(`Task "${task.label}" is ${task.status}, not open`);
    if (task.form === 'allocation' && dto.data && Array.isArray(dto.data.services)) {
      const unknown = await this.tasks.unknownServices(dto.data.services.filter((s): s is string => typeof s === 'string'));
      if (unknown.length) throw new BadRequestException(`data.services: unknown service ${unknown.join(', ')}`);
    }
    const handle = this.temporal.workflow.getHandle(task.workflowId);
    const answer = await updateWithinBound(this.temporal, handle, completeTaskUpdate, {
      args: [{ taskId: id, outcome: dto.outcome, data: dto.data ?? {}, actor }],
      updateId: `${id}:${idempotencyKey ?? randomUUID()}`,
    }, apiConfig().TASK_COMPLETION_WAIT_MS);
    if (answer.state === 'unconfirmed') {
      throw new DependencyUnavailableException('The workflow did not confirm the completion in time. It may still take effect: retry with the same Idempotency-Key to learn the outcome, or check the task.');
    }
    const status = answer.state === 'completed' ? answer.result.status : 'accepted';
    await this.audit.record(actor, {
      action: 'task.complete', entity: 'task', entityId: id, requestId: task.requestId,
      before: { status: task.status }, after: { status, outcome: answer.state === 'completed' ? answer.result.outcome : dto.outcome },
    });
    if (answer.state === 'accepted') return { accepted: true as const, ...acceptedAnswer(id) };
    const updated = await this.tasks.findById(id);
    return taskView(updated ?? task);
  }

  /**
   * Gives an open task to a user (or back to the queue). A service lead assigns their service's
   * work, the coordinator the rest; the workflow checks both and records it on the timeline.
   */
  async assign(id: string, dto: AssignTaskDto, actor: Actor) {
    const task = await this.tasks.findById(id);
    // Another service's work is invisible, not merely forbidden: do not confirm it exists.
    if (!task || (task.serviceScoped && !actor.roles.includes('coordinator') && !this.leads(actor, task.serviceCode))) throw new NotFoundException(`Task ${id} not found`);
    if (task.status !== 'open') throw new ConflictException(`Task "${task.label}" is ${task.status}, not open`);
    const assignee = dto.assigneeId === null ? null : await this.tasks.activeUser(dto.assigneeId);
    if (dto.assigneeId !== null && !assignee) throw new BadRequestException(`assigneeId: no active user ${dto.assigneeId}`);
    const answer = await updateWithinBound(this.temporal, this.temporal.workflow.getHandle(task.workflowId), assignTaskUpdate, {
      args: [{ taskId: id, assignee, actor }], updateId: `${id}:assign:${randomUUID()}`,
    }, apiConfig().TASK_COMPLETION_WAIT_MS);
    if (answer.state !== 'completed') {
      throw new DependencyUnavailableException('The workflow did not confirm the assignment in time. It may still take effect: check the task before assigning again.');
    }
    const result = answer.result;
    await this.audit.record(actor, {
      action: 'task.assign', entity: 'task', entityId: id, requestId: task.requestId,
      before: { assigneeId: task.assigneeId }, after: { assigneeId: result.assigneeId },
    });
    const updated = await this.tasks.findById(id);
    return (await this.staff.withAssigneeNames([taskView(updated ?? task)]))[0];
  }

  private leads(actor: Actor, serviceCode: string | null): boolean {
    return actor.roles.includes('service_lead') && serviceCode !== null && actor.services.includes(serviceCode);
  }

  private mayAct(actor: Actor, role: string, scoped: boolean, serviceCode: string | null): boolean {
    return actor.roles.includes(role as never) && (!scoped || (serviceCode !== null && actor.services.includes(serviceCode)));
  }
}

/** The 202 body: the workflow has the completion in its history and will finish it; the task shows the outcome. */
function acceptedAnswer(taskId: string) {
  return {
    taskId,
    message: 'Accepted: the workflow has recorded the completion and is still applying it. GET the task (or retry with the same Idempotency-Key) for the outcome.',
    location: `/api/tasks/${taskId}`,
  };
}
