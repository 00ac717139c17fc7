import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import {
  assigneeFitsTask, formFieldIds, mayActOnTask, variantFields, mayAssignTask, mayClaimTask, mayReleaseTask, maySeeTask, REASSIGN_MAX_TASKS, validateFormData,
  type Actor, type AssignTaskBody, type CompleteTaskBody, type FormBundle, type FormDefinition, type FormId, type ListTasksQuery, type ReassignResult, type ReassignTasksBody, type SaveDraftBody,
} from '@sendflow/domain';
import type { TaskEntity } from '@sendflow/persistence';
import { assignTaskUpdate, completeTaskUpdate } from '@sendflow/workflows';
import { AuditService } from '../audit/audit.service';
import { FormBundlesService } from '../forms/form-bundles.service';
import { ProblemFilter } from '../common/problem.filter';
import { badRequestFrom } from '../common/validation';
import { taskView } from '../requests/request.view';
import { StaffService } from '../staff/staff.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { updateWithinBound } from '../temporal/bounded-call';
import { apiConfig } from '../config/api-config';
import { DependencyUnavailableException } from '../common/unavailable';
import { RequestDocumentsHook } from './request-documents.hook';
import { draftView, requestContextView, reviewFeedbackView } from './task-context.view';
import { TasksRepository, type TaskListCursor } from './tasks.repository';

/** Draft saves every few seconds coalesce into one audit record per person and task per this window. */
const DRAFT_AUDIT_WINDOW_SECONDS = 600;
/** How many reassignments run at once: enough to be quick, few enough not to crowd the workflow workers. */
const REASSIGN_CONCURRENCY = 4;

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
    private readonly documents: RequestDocumentsHook,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly bundles: FormBundlesService,
  ) {}

  /**
   * A page of the caller's tasks. Completed tasks carry the advice drafted about the child, so a
   * non-empty page is recorded as an access (the tasks and requests it showed).
   */
  async list(q: ListTasksQuery, actor: Actor) {
    const after = q.cursor ? decodeTaskCursor(q.cursor) : null;
    const { tasks, next } = await this.tasks.listFor(q, actor.userId, actor.roles, actor.services, after);
    if (tasks.length) {
      const { cursor: _cursor, ...query } = q;
      await this.audit.record(actor, {
        action: 'task.list', entity: 'task', requestId: q.requestId?.toLowerCase() ?? null,
        after: { query: { ...query, page: q.cursor ? 'next' : 'first' }, taskIds: tasks.map((t) => t.id), requestIds: [...new Set(tasks.map((t) => t.requestId))] },
      });
    }
    // List items are slim: no form data, target explanation or documents (the task's own page has them).
    const items = (await this.withContext(tasks, { documents: false })).map(({ data: _d, dueExplanation: _e, documents: _docs, ...item }) => item);
    return { items, nextCursor: next ? encodeTaskCursor(next) : null };
  }

  /**
   * One task with what working it needs: the request's facts and documents, the saved draft,
   * and what the form starts from (`prefill`): the services triage identified for allocation, the
   * previous attempt for rework, with the reviewer's comments (`reviewFeedback`); for a review,
   * the draft under review (`underReview`).
   */
  async get(id: string, actor: Actor) {
    const task = await this.visibleTask(id, actor);
    await this.audit.record(actor, { action: 'task.read', entity: 'task', entityId: id, requestId: task.requestId });
    const [view] = await this.withContext([task]);
    const [draft, bundle] = await Promise.all([task.status === 'open' ? this.tasks.findDraft(id) : null, this.bundles.bundleForRequest(task.requestId)]);
    // The form as the request pinned it, so the browser renders what the server will validate.
    return {
      ...view, draft: draftView(draft), ...(await this.workingContext(task, bundle, actor)),
      formDefinition: bundle.forms[task.form] ?? null, auditCriteria: { version: bundle.criteria.version, items: [...bundle.criteria.items] },
      relatedForms: relatedForms(bundle, task.form),
    };
  }

  /** Completes a human task through the workflow's Update, which validates (state, role, service, form) and answers synchronously. */
  async complete(id: string, dto: CompleteTaskBody, actor: Actor, idempotencyKey?: string) {
    const task = await this.tasks.findById(id);
    if (!task) throw new NotFoundException(`Task ${id} not found`);
    if (!mayActOnTask(actor, task)) {
      // Other services' work is invisible, not merely forbidden: do not confirm it exists.
      if (task.serviceScoped && !actor.services.includes(task.serviceCode ?? '')) throw new NotFoundException(`Task ${id} not found`);
      throw new ForbiddenException(`Task "${task.label}" needs the ${task.role} role`);
    }
    // A retry with its key re-attaches to the first attempt's Update (the projection may already show it done).
    if (task.status !== 'open' && !idempotencyKey) throw new ConflictException(`Task "${task.label}" is ${task.status}, not open`);
    // The same shared check the workflow's validator makes, first here so every missing section is named at once, cheaply.
    const bundle = await this.bundles.bundleForRequest(task.requestId);
    if (task.status === 'open' && task.form in bundle.forms && task.outcomes.some((o) => o.id === dto.outcome)) {
      const checked = validateFormData(task.form as FormId, dto.outcome, dto.data ?? {}, bundle);
      if (!checked.ok) throw badRequestFrom(checked.issues.map((i) => ({ field: i.field, message: `${i.field}: ${i.message}` })));
    }
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
    const review = task.form === 'qa_review' ? (dto.data as { overrideReason?: string } | undefined) : undefined;
    await this.audit.record(actor, {
      action: 'task.complete', entity: 'task', entityId: id, requestId: task.requestId,
      before: { status: task.status },
      // An approval over a failed criterion is recorded with its reason, for the audit cycle.
      after: {
        status, outcome: answer.state === 'completed' ? answer.result.outcome : dto.outcome, ...(review?.overrideReason ? { overrideReason: review.overrideReason } : {}),
        // Which criteria the verdicts were given against, for the audit cycle.
        ...(asksCriteria(bundle, task.form) ? { criteriaVersion: bundle.criteria.version } : {}),
      },
    });
    // The workflow has the submitted data (accepted or done); the draft has done its job.
    await this.tasks.deleteDraft(id);
    if (answer.state === 'accepted') return { accepted: true as const, ...acceptedAnswer(id) };
    const updated = await this.tasks.findById(id);
    return taskView(updated ?? task);
  }

  /** Gives an open task to a user (or back to the queue); the workflow checks both people and records it on the timeline. */
  async assign(id: string, dto: AssignTaskBody, actor: Actor) {
    const task = await this.tasks.findById(id);
    // Another service's work is invisible, not merely forbidden: do not confirm it exists.
    if (!task || !(maySeeTask(actor, task) || mayAssignTask(actor, task))) throw new NotFoundException(`Task ${id} not found`);
    return this.changeAssignee(task, dto.assigneeId, actor, 'task.assign');
  }

  /** Takes an open task for oneself: anyone who may act on it, while nobody else holds it. */
  async claim(id: string, actor: Actor) {
    const task = await this.visibleTask(id, actor);
    if (task.status !== 'open') throw new ConflictException(`Task "${task.label}" is ${task.status}, not open`);
    if (!mayActOnTask(actor, task)) throw new ForbiddenException(`Task "${task.label}" needs the ${task.role} role`);
    if (!mayClaimTask(actor, task)) throw new ConflictException(`Task "${task.label}" is held by someone else; ask them or a lead to release it`);
    return this.changeAssignee(task, actor.userId, actor, 'task.claim');
  }

  /** Puts a task back in the queue: the person holding it, or a lead or the coordinator. */
  async release(id: string, actor: Actor) {
    const task = await this.visibleTask(id, actor);
    if (task.status !== 'open') throw new ConflictException(`Task "${task.label}" is ${task.status}, not open`);
    if (!task.assigneeId) throw new ConflictException(`Task "${task.label}" is not held by anyone`);
    if (!mayReleaseTask(actor, task)) throw new ForbiddenException(`Task "${task.label}" is held by someone else; only they or a lead may release it`);
    return this.changeAssignee(task, null, actor, 'task.release');
  }

  /**
   * Moves many tasks at once (named, or every open task one person holds), each through the same
   * checks and Update as one assignment, each audited. One task's failure does not stop the
   * others; the answer says, per task, what happened and the status it alone would have had.
   */
  async reassign(dto: ReassignTasksBody, actor: Actor): Promise<ReassignResult & { more: boolean }> {
    const toUser = dto.toUserId === null ? null : await this.tasks.activeUser(dto.toUserId);
    if (dto.toUserId !== null && !toUser) throw badRequestFrom([{ field: 'toUserId', message: `toUserId: no active user ${dto.toUserId}` }]);
    let targets: { id: string; task: TaskEntity | null }[];
    let more = false;
    if (dto.taskIds) {
      const found = new Map((await this.tasks.findByIds(dto.taskIds)).map((t) => [t.id, t]));
      targets = dto.taskIds.map((id) => ({ id, task: found.get(id) ?? null }));
    } else {
      // Only the tasks the caller may move: a lead moves their services' work, the coordinator any.
      const held = (await this.tasks.openAssignedTo(dto.fromUserId as string, REASSIGN_MAX_TASKS + 1)).filter((t) => mayAssignTask(actor, t));
      more = held.length > REASSIGN_MAX_TASKS;
      targets = held.slice(0, REASSIGN_MAX_TASKS).map((t) => ({ id: t.id, task: t }));
    }
    const results: ReassignResult['results'] = new Array(targets.length);
    const problems = new ProblemFilter();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < targets.length; i = next++) {
        const { id, task } = targets[i];
        try {
          if (!task || !(maySeeTask(actor, task) || mayAssignTask(actor, task))) throw new NotFoundException(`Task ${id} not found`);
          if (!mayAssignTask(actor, task)) throw new ForbiddenException(`You may not assign "${task.label}"`);
          if (toUser) {
            const fits = assigneeFitsTask(toUser, task);
            if (!fits.ok) throw new BadRequestException(`toUserId: ${fits.message} ("${task.label}")`);
          }
          await this.changeAssignee(task, dto.toUserId, actor, 'task.assign', 'reassign');
          results[i] = { taskId: id, status: 'moved', httpStatus: 200 };
        } catch (e) {
          // The status and message this task alone would have answered (a workflow rejection is 400/403/404/409).
          const { status, body } = problems.toProblem(e);
          results[i] = { taskId: id, status: 'failed', httpStatus: status, message: String(body.message) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(REASSIGN_CONCURRENCY, targets.length) }, worker));
    const moved = results.filter((r) => r.status === 'moved').length;
    return { moved, failed: results.length - moved, results, more };
  }

  async getDraft(id: string, actor: Actor) {
    const task = await this.visibleTask(id, actor);
    const draft = await this.tasks.findDraft(id);
    if (!draft) throw new NotFoundException(`Task ${id} has no saved draft`);
    await this.audit.record(actor, { action: 'task.draft_read', entity: 'task', entityId: id, requestId: task.requestId });
    return draftView(draft);
  }

  /**
   * Saves the form so far. Only someone who may act on the task may save (a lead who oversees it
   * may read it); only while the task is open. Audited as a write, coalesced per person and window.
   */
  async saveDraft(id: string, dto: SaveDraftBody, actor: Actor) {
    const task = await this.visibleTask(id, actor);
    if (!mayActOnTask(actor, task)) throw new ForbiddenException(`Task "${task.label}" needs the ${task.role} role`);
    if (task.status !== 'open') throw new ConflictException(`Task "${task.label}" is ${task.status}, not open: its draft can no longer change`);
    if (dto.outcome !== undefined && !task.outcomes.some((o) => o.id === dto.outcome)) {
      throw badRequestFrom([{ field: 'outcome', message: `outcome: "${dto.outcome}" is not an outcome of "${task.label}"` }]);
    }
    const fields = formFields(await this.bundles.bundleForRequest(task.requestId), task.form);
    const unknown = Object.keys(dto.data).filter((k) => !fields.has(k));
    if (unknown.length) throw badRequestFrom(unknown.map((k) => ({ field: `data.${k}`, message: `data.${k}: not a field of the ${task.form} form` })));
    const saved = await this.tasks.transaction(async (m) => {
      const s = await this.tasks.saveDraft(m, { taskId: id, requestId: task.requestId, outcome: dto.outcome ?? null, data: dto.data, savedBy: actor.userId }, DRAFT_AUDIT_WINDOW_SECONDS);
      // Field names only: the draft's text is the child's health data and stays out of the log.
      if (s.audit) await this.audit.record(actor, { action: 'task.draft_save', entity: 'task', entityId: id, requestId: task.requestId, after: { fields: Object.keys(dto.data).sort() } }, m);
      return s;
    });
    return { outcome: dto.outcome ?? null, data: dto.data, savedAt: saved.savedAt.toISOString(), savedBy: actor.userId, revision: saved.revision };
  }

  /** The task, or 404 when it does not exist or the caller may not see it (the same answer). */
  private async visibleTask(id: string, actor: Actor): Promise<TaskEntity> {
    const task = await this.tasks.findById(id);
    if (!task || !maySeeTask(actor, task)) throw new NotFoundException(`Task ${id} not found`);
    return task;
  }

  private async changeAssignee(task: TaskEntity, assigneeId: string | null, actor: Actor, action: string, via?: string) {
    if (task.status !== 'open') throw new ConflictException(`Task "${task.label}" is ${task.status}, not open`);
    const assignee = assigneeId === null ? null : assigneeId === actor.userId ? { userId: actor.userId, roles: actor.roles, services: actor.services } : await this.tasks.activeUser(assigneeId);
    if (assigneeId !== null && !assignee) throw new BadRequestException(`assigneeId: no active user ${assigneeId}`);
    const answer = await updateWithinBound(this.temporal, this.temporal.workflow.getHandle(task.workflowId), assignTaskUpdate, {
      args: [{ taskId: task.id, assignee, actor }], updateId: `${task.id}:assign:${randomUUID()}`,
    }, apiConfig().TASK_COMPLETION_WAIT_MS);
    if (answer.state !== 'completed') {
      throw new DependencyUnavailableException('The workflow did not confirm the assignment in time. It may still take effect: check the task before assigning again.');
    }
    const result = answer.result;
    await this.audit.record(actor, {
      action, entity: 'task', entityId: task.id, requestId: task.requestId,
      before: { assigneeId: task.assigneeId }, after: { assigneeId: result.assigneeId, ...(via ? { via } : {}) },
    });
    const updated = await this.tasks.findById(task.id);
    return (await this.withContext([updated ?? { ...task, assigneeId: result.assigneeId ?? null }]))[0];
  }

  private async withContext(tasks: TaskEntity[], { documents: withDocuments = true } = {}) {
    const requestIds = [...new Set(tasks.map((t) => t.requestId))];
    const [contexts, documents] = await Promise.all([
      this.tasks.requestContexts(requestIds), withDocuments ? this.documents.listFor(requestIds) : new Map<string, never[]>(),
    ]);
    const nowIso = new Date().toISOString();
    const views = tasks.map((t) => ({ ...taskView(t), ...requestContextView(contexts.get(t.requestId), documents.get(t.requestId) ?? [], nowIso) }));
    return this.staff.withAssigneeNames(views);
  }

  /**
   * The author group's starting values for the user who will write the advice: the fields of
   * the form's `author` group (as the request's pinned form has them) that their last submitted
   * pro forma filled, else their display name as the name. Null if the form has no author group.
   */
  private async authorPrefill(form: FormDefinition | undefined, actor: Actor) {
    const group = form?.variants.flatMap((v) => variantFields(v)).find((f) => f.id === AUTHOR_GROUP && f.kind === 'group' && !f.repeat);
    if (!group || group.kind !== 'group') return null;
    const last = await this.tasks.lastAuthorDetails(actor.userId);
    const given: Record<string, unknown> = last?.author ?? { name: actor.displayName };
    const author = Object.fromEntries(group.fields.filter((f) => f.kind === 'text' && typeof given[f.id] === 'string' && given[f.id] !== '').map((f) => [f.id, given[f.id]]));
    return Object.keys(author).length ? { source: 'author', data: { [AUTHOR_GROUP]: author }, fromTaskId: last?.taskId ?? null } : null;
  }

  /** What the form starts from, and what the worker needs beside it. */
  private async workingContext(task: TaskEntity, bundle: FormBundle, actor: Actor) {
    const none = { prefill: null as null | { source: string; data: unknown; fromTaskId: string | null }, reviewFeedback: null as null | ReturnType<typeof reviewFeedbackView>, underReview: null as null | Record<string, unknown> };
    if (task.form === 'allocation') {
      const triage = await this.tasks.latestCompleted(task.requestId, null, 'triage');
      const services = (triage?.data as { knownServices?: string[] } | null)?.knownServices ?? [];
      return { ...none, prefill: triage ? { source: 'triage', data: { services }, fromTaskId: triage.id } : null };
    }
    if (task.form === 'pro_forma' && task.nodePath === CORRECTION_AMEND_PATH) {
      // A correction after return: the service amends the advice it last gave, not a blank form.
      const previous = await this.tasks.latestCompleted(task.requestId, task.serviceCode, 'pro_forma');
      return { ...none, prefill: previous ? { source: 'returned_advice', data: previous.data, fromTaskId: previous.id } : null };
    }
    if (task.form === 'pro_forma' && task.attempt > 1) {
      // Rework: the previous attempt as submitted, and the review that sent it back.
      const [previous, review] = await Promise.all([
        this.tasks.latestCompleted(task.requestId, task.serviceCode, 'pro_forma'),
        this.tasks.latestCompleted(task.requestId, task.serviceCode, 'qa_review', 'rework'),
      ]);
      return {
        ...none,
        prefill: previous ? { source: 'previous_attempt', data: previous.data, fromTaskId: previous.id } : null,
        reviewFeedback: review ? reviewFeedbackView(review, bundle.criteria.items) : null,
      };
    }
    if (task.form === 'pro_forma' && task.status === 'open' && mayActOnTask(actor, task)) {
      // A new draft: the author section as this author last gave it, or their name; nothing typed twice.
      const prefill = await this.authorPrefill(bundle.forms[task.form], actor);
      return { ...none, prefill };
    }
    if (task.form === 'qa_review') {
      // The reviewer sees the draft beside the checklist.
      const draft = await this.tasks.latestCompleted(task.requestId, task.serviceCode, 'pro_forma');
      return {
        ...none,
        underReview: draft ? { taskId: draft.id, attempt: draft.attempt, outcome: draft.outcome, data: draft.data, completedBy: draft.completedBy, completedAt: draft.completedAt ? new Date(draft.completedAt).toISOString() : null } : null,
      };
    }
    return none;
  }
}

/** Where the correction workflow (workflows/advice-correction.workflow.ts) opens a service's amendment. */
const CORRECTION_AMEND_PATH = 'correction/amend';
/** The pro forma's "About the author" group (domain.md: sections 1-2 come from the request and the author). */
const AUTHOR_GROUP = 'author';
/** The keyset cursor of a task list: opaque to callers, checked when it comes back. */
export function encodeTaskCursor(c: TaskListCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeTaskCursor(raw: string): TaskListCursor {
  const refuse = () => badRequestFrom([{ field: 'cursor', message: 'cursor: not a cursor this API made' }]);
  let c: Partial<TaskListCursor>;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<TaskListCursor>;
  } catch {
    throw refuse();
  }
  // Every part is checked here, so a forged cursor is a 400 naming it, never a database error.
  const valid = c && typeof c === 'object'
    && (c.d === null || (typeof c.d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c.d) && realDate(c.d)))
    && typeof c.o === 'string' && /^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-](0\d|1[0-4])(:[0-5]\d)?$/.test(c.o) && realDate(c.o.slice(0, 10))
    && typeof c.id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(c.id);
  if (!valid) throw refuse();
  return { d: c.d as string | null, o: c.o as string, id: c.id as string };
}

/** 2026-02-30 is not a day. */
function realDate(ymd: string): boolean {
  const d = new Date(`${ymd}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(ymd) && d.getUTCFullYear() >= 1900;
}

/** The 202 body: the workflow has the completion in its history and will finish it; the task shows the outcome. */
function acceptedAnswer(taskId: string) {
  return {
    taskId,
    message: 'Accepted: the workflow has recorded the completion and is still applying it. GET the task (or retry with the same Idempotency-Key) for the outcome.',
    location: `/api/tasks/${taskId}`,
  };
}

function asksCriteria(bundle: FormBundle, form: string): boolean {
  return (bundle.forms[form]?.variants ?? []).some((v) => variantFields(v).some((f) => f.kind === 'criteria'));
}

/** The pinned forms a form refers to (the pro forma a review comments on), so the reviewer sees the version the author drafted on. */
function relatedForms(bundle: FormBundle, form: string): Record<string, FormDefinition> {
  const def = bundle.forms[form];
  const refs = new Set((def?.variants ?? []).flatMap((v) => variantFields(v)).flatMap((f) => (f.kind === 'sectionComments' ? [f.ofForm] : [])));
  return Object.fromEntries([...refs].flatMap((k) => (bundle.forms[k] ? [[k, bundle.forms[k]]] : [])));
}

/** The top-level fields a form's outcomes accept: what a draft of it may hold. */
function formFields(bundle: FormBundle, form: string): Set<string> {
  const def = bundle.forms[form];
  return def ? formFieldIds(def) : new Set();
}
