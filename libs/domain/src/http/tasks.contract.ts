import { z } from 'zod';
import { auditCriterion, formDefinition } from '../form-definition';
import { TASK_STATUSES } from '../request';
import { ROLES } from '../roles';
import { queryInt } from './common.contract';
import { explanationStep, requestDocumentList } from './requests.contract';

/**
 * HTTP contracts for task routes. The API validates with these (nestjs-zod), the OpenAPI
 * document is generated from them, and the web app's forms use the same schemas.
 */
export const assignTaskBody = z.strictObject({
  assigneeId: z.uuid({ message: 'assigneeId must be a user id (uuid) or null' }).nullable()
    .describe('The user to give the task to; null returns it to the service queue'),
});
export type AssignTaskBody = z.infer<typeof assignTaskBody>;

const outcomeId = z.string().max(80).regex(/^[a-z][a-z0-9_-]*$/, 'must be an outcome id such as accepted');

export const completeTaskBody = z.strictObject({
  outcome: outcomeId.describe("One of the task's outcomes"),
  data: z.record(z.string(), z.unknown()).optional().describe("The task's form data; its shape depends on the form and the outcome"),
});
export type CompleteTaskBody = z.infer<typeof completeTaskBody>;

export const listTasksQuery = z.strictObject({
  status: z.enum(TASK_STATUSES, { error: `must be one of ${TASK_STATUSES.join(', ')}` }).optional().describe('Default open'),
  serviceCode: z.string().regex(/^[A-Z][A-Z0-9_]{1,15}$/, 'must be a service code such as SLT').optional(),
  requestId: z.uuid({ message: 'must be a UUID' }).optional(),
  /** `me`: tasks assigned to the caller; `unassigned`: the caller's services' (and roles') queue of tasks nobody holds. */
  assignee: z.enum(['me', 'unassigned'], { error: 'must be me or unassigned' }).optional(),
  form: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, 'must be a form id such as qa_review').optional()
    .describe('Only tasks on this form (the review queue: qa_review)'),
  limit: queryInt('limit', 1, 200).default(50).describe('Tasks per page (default 50)'),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'cursor must be the nextCursor of a previous page').optional()
    .describe('nextCursor from the previous page (keyset paging on due date, opened, id: stable under inserts)'),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

/** Largest draft accepted, serialised: a full pro forma is a few kB; this leaves room for long notes. */
export const DRAFT_MAX_BYTES = 100_000;
const DRAFT_MAX_DEPTH = 6;

function depthOf(v: unknown, d = 0): number {
  if (d > DRAFT_MAX_DEPTH) return d;
  if (Array.isArray(v)) return Math.max(d, ...v.map((x) => depthOf(x, d + 1)));
  if (v && typeof v === 'object') return Math.max(d, ...Object.values(v).map((x) => depthOf(x, d + 1)));
  return d;
}

/**
 * A draft is the form so far: not complete, so not checked against the form's rules, but
 * checked for shape (an object of the form's own fields, bounded depth) and size.
 */
export const saveDraftBody = z.strictObject({
  outcome: outcomeId.optional().describe('The outcome the author is working towards, if chosen'),
  data: z.record(z.string().max(80), z.unknown())
    .refine((d) => depthOf(d) <= DRAFT_MAX_DEPTH, `must nest at most ${DRAFT_MAX_DEPTH} levels`)
    .refine((d) => JSON.stringify(d).length <= DRAFT_MAX_BYTES, `must be at most ${DRAFT_MAX_BYTES} bytes`),
});
export type SaveDraftBody = z.infer<typeof saveDraftBody>;

/** Most tasks one reassignment may move: bounded, so one call stays well inside the API's time limits. */
export const REASSIGN_MAX_TASKS = 100;

export const reassignTasksBody = z.strictObject({
  taskIds: z.array(z.uuid({ message: 'must be a task id (uuid)' })).min(1).max(REASSIGN_MAX_TASKS)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a task').optional()
    .describe('The tasks to move; or give fromUserId to move every open task that person holds'),
  fromUserId: z.uuid({ message: 'must be a user id (uuid)' }).optional().describe("Move this person's open tasks (those the caller may assign)"),
  toUserId: z.uuid({ message: 'must be a user id (uuid) or null' }).nullable().describe('Who gets them; null puts them back in the queue'),
}).superRefine((v, ctx) => {
  if (!v.taskIds === !v.fromUserId) ctx.addIssue({ code: 'custom', path: ['taskIds'], message: 'give either taskIds or fromUserId' });
});
export type ReassignTasksBody = z.infer<typeof reassignTasksBody>;

export const reassignResult = z.object({
  moved: z.number().int(),
  failed: z.number().int(),
  results: z.array(z.object({
    taskId: z.string(),
    status: z.enum(['moved', 'failed']),
    httpStatus: z.number().int().describe('What the same change on its own would have answered'),
    message: z.string().optional(),
  })),
});
export type ReassignResult = z.infer<typeof reassignResult>;

/** A task as lists show it: the task, who holds it, and the request facts a worker needs beside it. */
export const taskViewResponse = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  nodePath: z.string(),
  label: z.string(),
  role: z.enum(ROLES),
  serviceScoped: z.boolean(),
  serviceCode: z.string().nullable(),
  form: z.string(),
  outcomes: z.array(z.object({ id: z.string(), label: z.string() })),
  status: z.enum(TASK_STATUSES),
  attempt: z.number().int(),
  dueDate: z.string().nullable().describe('Target date (YYYY-MM-DD), never after the statutory due date'),
  dueExplanation: z.array(explanationStep).nullable(),
  outcome: z.string().nullable(),
  data: z.unknown(),
  completedBy: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  completedAt: z.string().nullable(),
  openedAt: z.string(),
  request: z.object({
    id: z.uuid(),
    laReference: z.string(),
    localAuthorityCode: z.string(),
    localAuthorityName: z.string().nullable(),
    child: z.object({ givenName: z.string(), familyName: z.string() }),
    statutoryDueDate: z.string(),
    laDueDate: z.string().nullable(),
    status: z.string(),
  }).nullable(),
  daysLeft: z.number().int().nullable().describe('Calendar days to the statutory due date; negative once passed'),
  documents: requestDocumentList.describe("The request's documents (metadata; download through the request's documents route)"),
});
export type TaskViewResponse = z.infer<typeof taskViewResponse>;

/** A task as lists show it: without its form data, target explanation or documents (GET /api/tasks/:id has them). */
export const taskListItem = taskViewResponse.omit({ data: true, dueExplanation: true, documents: true });
export type TaskListItem = z.infer<typeof taskListItem>;

/** One page of GET /api/tasks, ordered by due date (none last), opened, id. */
export const taskListResponse = z.object({
  items: z.array(taskListItem),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
});
export type TaskListResponse = z.infer<typeof taskListResponse>;

export const taskDraftResponse = z.object({
  outcome: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  savedAt: z.string(),
  savedBy: z.string(),
  revision: z.number().int(),
});
export type TaskDraftResponse = z.infer<typeof taskDraftResponse>;

/** One task with what working it needs: its draft, what the form starts from, the reviewer's feedback, the draft under review. */
export const taskDetailResponse = taskViewResponse.extend({
  draft: taskDraftResponse.nullable(),
  prefill: z.object({
    source: z.enum(['triage', 'previous_attempt', 'returned_advice', 'author'])
      .describe('triage: the services it named (allocation); previous_attempt: the draft sent back (rework); returned_advice: the advice last returned (a correction); author: the signed-in author\'s details, from their last submitted advice or their name (a new draft)'),
    data: z.unknown(),
    fromTaskId: z.uuid().nullable().describe('The task the values come from; null for author details taken from the signed-in user alone'),
  }).nullable(),
  reviewFeedback: z.object({
    taskId: z.uuid(),
    outcome: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    comments: z.string().nullable(),
    criteriaVersion: z.int().nullable().describe('The audit criteria version the review was recorded against'),
    criteria: z.array(z.object({ id: z.string(), text: z.string(), result: z.enum(['pass', 'fail']).nullable(), comment: z.string().nullable() })),
    sectionComments: z.record(z.string(), z.string()),
  }).nullable(),
  underReview: z.object({
    taskId: z.uuid(), attempt: z.number().int(), outcome: z.string().nullable(), data: z.unknown(), completedBy: z.string().nullable(), completedAt: z.string().nullable(),
  }).nullable(),
  formDefinition: formDefinition.nullable().describe("The task's form as the request's SOP version pinned it: render this, the server validates with it"),
  auditCriteria: z.object({ version: z.int(), items: z.array(auditCriterion) }).describe('The audit criteria version the request runs with (a criteria field asks its active items)'),
  relatedForms: z.record(z.string(), formDefinition).describe('Pinned definitions of the forms this form refers to (a review comments on the pro forma): the draft under review is drawn from them'),
});
export type TaskDetailResponse = z.infer<typeof taskDetailResponse>;

/** What completing a task answers: the task as it now stands (no request context). */
export const completedTaskResponse = taskViewResponse.omit({ assigneeName: true, request: true, daysLeft: true, documents: true });
export type CompletedTaskResponse = z.infer<typeof completedTaskResponse>;

/** 202: the workflow has the completion in its history but had not finished it within the wait; GET the task for the outcome. */
export const completionAcceptedResponse = z.object({
  accepted: z.literal(true),
  taskId: z.uuid(),
  message: z.string(),
  location: z.string(),
});
