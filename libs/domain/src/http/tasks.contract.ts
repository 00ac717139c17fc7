import { z } from 'zod';
import { TASK_STATUSES } from '../request';

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
