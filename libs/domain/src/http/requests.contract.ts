import { z } from 'zod';
import { ADVICE_TYPES, isValidNhsNumber, REQUEST_STATUSES, TASK_STATUSES } from '../request';
import { RAG_COLOURS } from '../rag';
import { SERVICE_CODE_PATTERN } from '../services';

/**
 * HTTP contracts for the request routes: intake, the caseload, the request page and its
 * documents. The API validates with these (nestjs-zod), the OpenAPI document is generated from
 * them, and the web app's forms use the same schemas.
 */

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LA_CODE = /^[A-Z][0-9A-Z]{2,15}$/;

/** A real calendar date YYYY-MM-DD (2026-02-30 is refused, not rolled over). */
export const localDate = (field: string) => z.string({ message: `${field} must be a date YYYY-MM-DD` })
  .regex(DATE_ONLY, { message: `${field} must be a date YYYY-MM-DD` })
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, { message: `${field} must be a real date` });

const nonBlank = (field: string, max: number) => z.string({ message: `${field} is required` })
  .min(1, { message: `${field} is required` }).max(max, { message: `${field} must be at most ${max} characters` })
  .regex(/\S/, { message: `${field} must not be blank` });

/** Minimal identifiers: enough to find the child's records, nothing more (data minimisation). */
export const childIdentifiers = z.strictObject({
  givenName: nonBlank('givenName', 100).describe('Child\'s given name'),
  familyName: nonBlank('familyName', 100).describe('Child\'s family name'),
  dateOfBirth: localDate('dateOfBirth').refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return d.getTime() <= Date.now() && d.getUTCFullYear() >= 1990;
  }, { message: 'dateOfBirth must not be in the future' }),
  nhsNumber: z.string().refine((v) => isValidNhsNumber(v), { message: 'nhsNumber must be a valid 10-digit NHS number (check digit failed)' }).optional(),
});

export const createRequestBody = z.strictObject({
  localAuthorityCode: z.string().regex(LA_CODE, { message: 'localAuthorityCode must be an LA code such as E06000023' })
    .describe('The requesting local authority (ONS code)'),
  laReference: nonBlank('laReference', 100).regex(/^[\w\-/. ]+$/, { message: 'laReference may contain letters, digits, spaces and - / . _ only' })
    .describe("The LA's own reference; with the LA it identifies the request"),
  child: childIdentifiers,
  receivedAt: z.iso.datetime({ offset: true, message: 'receivedAt must be an ISO 8601 date-time with a zone, such as 2026-11-20T10:15:00Z' })
    .describe('When the trust received the request (exact timestamp, kept as evidence)'),
  ehcpFlag: z.boolean({ message: 'ehcpFlag must be true or false' }).describe('Whether the child already has an EHC plan'),
  adviceType: z.enum(ADVICE_TYPES, { message: `adviceType must be one of ${ADVICE_TYPES.join(', ')}` }),
  laDueDate: localDate('laDueDate').optional()
    .describe("The LA's own deadline for the advice, if it gave one; shown beside the statutory date, which it never changes"),
  sopKey: z.string().regex(/^[a-z][a-z0-9-]{1,60}$/, { message: 'sopKey must be a SOP key: lower-case letters, digits and -' }).optional()
    .describe('The SOP to run (its latest published version); default DEFAULT_SOP_KEY'),
});
export type CreateRequestBody = z.infer<typeof createRequestBody>;

/** 409 at intake: the LA reference is already a request for another child. Names the request, never the other child. */
export const intakeConflictResponse = z.object({
  statusCode: z.literal(409),
  error: z.string(),
  message: z.string(),
  existing: z.object({ id: z.uuid(), laReference: z.string(), localAuthorityCode: z.string() }),
});

/** One step of a date's explanation (libs/calendar `ExplanationStep`): a rule code and a sentence that can be shown as it is. */
export const explanationStep = z.object({
  rule: z.string().describe('Stable code, e.g. receipt.cutoff, statutory.six_weeks, pause, extension, calendar.version'),
  text: z.string(),
  date: z.string().optional(),
  ref: z.string().optional().describe('Legal or policy source'),
});

/** A reg 8(2) pause or extension as recorded (imported history carries no recordedAt). */
export const recordedDeadlineException = z.object({
  type: z.enum(['pause', 'extension']),
  id: z.string(),
  kind: z.string(),
  from: z.string().optional().describe('First paused day (pause)'),
  to: z.string().optional().describe('Last paused day, inclusive (pause)'),
  days: z.number().int().optional().describe('Days added (extension)'),
  evidence: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string().optional(),
});

/**
 * The request as recorded: what intake answers (201 new, 200 the same child again) and what
 * recording a reg 8(2) exception answers (with the moved deadline and its explanation).
 */
export const requestRecordResponse = z.object({
  id: z.uuid(),
  workflowId: z.string(),
  localAuthorityCode: z.string(),
  laReference: z.string(),
  child: z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: z.string(), nhsNumber: z.string().nullable() }),
  ehcpFlag: z.boolean(),
  adviceType: z.enum(ADVICE_TYPES),
  receivedAt: z.string(),
  effectiveReceiptDate: z.string().describe('The day the 6 weeks count from (receipt after 5pm or on a non-working day: the next working day)'),
  statutoryDueDate: z.string(),
  statutoryDueAt: z.string(),
  deadlineExplanation: z.array(explanationStep).describe('How the statutory date was counted, step by step'),
  baseDueDate: z.string().describe('The due date before any reg 8(2) exception'),
  deadlineExceptions: z.array(recordedDeadlineException),
  laDueDate: z.string().nullable().describe("The LA's own deadline, if it gave one"),
  status: z.enum(REQUEST_STATUSES),
  overdue: z.boolean(),
  allocatedServices: z.array(z.string()),
  sopVersionId: z.uuid().nullable().describe('The SOP version it runs on; null for imported history'),
  imported: z.boolean(),
  returnedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RequestRecordResponse = z.infer<typeof requestRecordResponse>;

// ---------------------------------------------------------------------------------------------
// The workflow's own state: GET /api/requests/:id/live (Queries to the request and its branches)

const liveTask = z.object({
  id: z.string(),
  nodePath: z.string(),
  nodeId: z.string(),
  label: z.string(),
  role: z.string(),
  serviceScoped: z.boolean(),
  serviceCode: z.string().nullable(),
  form: z.string(),
  outcomes: z.array(z.object({ id: z.string(), label: z.string() })),
  status: z.enum(TASK_STATUSES),
  attempt: z.number().int(),
  targetDays: z.number().nullable(),
  targetUnit: z.enum(['working', 'calendar']).nullable(),
  outcome: z.string().optional(),
  data: z.unknown().optional().describe("The form's data once completed"),
  completedBy: z.string().optional(),
  assigneeId: z.string().nullable().optional(),
});

const recordedByWorkflow = { id: z.string(), kind: z.string(), evidence: z.string(), recordedBy: z.string(), recordedAt: z.string() };

/** The workflow's view, from which the projections are written. */
export const liveStateResponse = z.object({
  requestId: z.string(),
  sopVersionId: z.string(),
  status: z.enum(REQUEST_STATUSES),
  overdue: z.boolean(),
  allocatedServices: z.array(z.string()),
  activeNodes: z.array(z.string()).describe('Steps running now, in the request and in its running service branches'),
  tasks: z.array(liveTask).describe("The request's tasks and those of its running service branches"),
  returned: z.boolean(),
  deadline: z.object({
    dueDate: z.string(),
    dueAt: z.string(),
    baseDueDate: z.string(),
    pausedDays: z.number().int(),
    extensionDays: z.number().int(),
    pauses: z.array(z.object({ ...recordedByWorkflow, from: z.string(), to: z.string() })),
    extensions: z.array(z.object({ ...recordedByWorkflow, days: z.number().int() })),
    explanation: z.array(explanationStep),
  }).optional().describe('The statutory deadline after any reg 8(2) exception'),
  branches: z.array(z.object({
    blockId: z.string(),
    serviceCode: z.string(),
    workflowId: z.string(),
    status: z.enum(['running', 'completed']),
    result: z.object({
      serviceCode: z.string(),
      outcomes: z.record(z.string(), z.string()),
      completed: z.array(z.object({
        id: z.string(), form: z.string(), outcome: z.string().optional(), data: z.unknown().optional(), completedBy: z.string().optional(), serviceCode: z.string().nullable(),
      })),
      attempts: z.record(z.string(), z.number().int()).optional(),
    }).optional().describe("A finished branch's outcomes and latest completed task of each form"),
  })).optional(),
  documents: z.array(z.object({
    documentId: z.string(),
    kind: z.enum(['advice', 'not_known_letter']),
    version: z.number().int(),
    laName: z.string(),
    deliveredAt: z.string().optional(),
    channel: z.string().optional(),
  })).optional().describe('Documents issued for the LA, oldest first'),
});
export type LiveStateResponse = z.infer<typeof liveStateResponse>;

// ---------------------------------------------------------------------------------------------
// The caseload: GET /api/requests

export const CASELOAD_SORTS = ['dueDate', 'daysLeft', 'received', 'laReference'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];
/** `open` (received or in progress) and `closed` are the tabs; a single status narrows further. */
export const CASELOAD_STATUSES = ['open', 'closed', ...REQUEST_STATUSES] as const;

const queryBoolean = (field: string) => z.enum(['true', 'false'], { message: `${field} must be true or false` }).transform((v) => v === 'true');
const queryInt = (field: string, min: number, max: number) => z.string()
  .regex(/^\d+$/, { message: `${field} must be a whole number` })
  .transform(Number)
  .refine((n) => n >= min && n <= max, { message: `${field} must be between ${min} and ${max}` });
export const listRequestsQuery = z.strictObject({
  status: z.enum(CASELOAD_STATUSES, { message: `status must be one of ${CASELOAD_STATUSES.join(', ')}` })
    .default('open').describe('Tab: open (default) or closed, or one request status'),
  localAuthorityCode: z.string().regex(LA_CODE, { message: 'localAuthorityCode must be an LA code such as E06000023' }).optional(),
  service: z.string().regex(SERVICE_CODE_PATTERN, { message: 'service must be a service code such as SLT' }).optional()
    .describe('Requests allocated to this service'),
  stage: z.string().regex(/^[a-z][a-z0-9_-]{0,60}(\/[a-z][a-z0-9_-]{0,60}){0,3}$/, { message: 'stage must be a SOP step path such as triage or services/draft' }).optional()
    .describe('Requests with an open task at this SOP step (node path, e.g. triage, allocate, services/draft, services/review, return)'),
  colour: z.enum(RAG_COLOURS, { message: `colour must be one of ${RAG_COLOURS.join(', ')}` }).optional(),
  assignee: z.union([z.uuid(), z.literal('unassigned')], { message: 'assignee must be a user id (uuid) or unassigned' }).optional()
    .describe('Requests with an open task given to this user (or with an open task given to nobody)'),
  overdue: queryBoolean('overdue').optional(),
  q: z.string().trim().min(2, { message: 'q must be at least 2 characters' }).max(100, { message: 'q must be at most 100 characters' }).optional()
    .describe("Search: LA reference (prefix), child's name (prefix of given and/or family name) or NHS number (10 digits)"),
  sort: z.enum(CASELOAD_SORTS, { message: `sort must be one of ${CASELOAD_SORTS.join(', ')}` }).default('dueDate'),
  order: z.enum(['asc', 'desc'], { message: 'order must be asc or desc' }).default('asc'),
  limit: queryInt('limit', 1, 200).default(50),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, { message: 'cursor must be the nextCursor of a previous page' }).optional()
    .describe('nextCursor from the previous page (keyset paging: stable under inserts)'),
});
export type ListRequestsQuery = z.infer<typeof listRequestsQuery>;

const holder = z.object({ id: z.uuid(), name: z.string().nullable() }).nullable();

export const caseloadTask = z.object({
  id: z.uuid(),
  stage: z.string().describe('SOP step path, e.g. services/draft'),
  label: z.string(),
  serviceCode: z.string().nullable(),
  holder: holder.describe('Who the task is given to; null when it waits in a queue'),
  dueDate: z.string().nullable(),
  late: z.boolean().describe('Past its target date'),
});

export const caseloadItem = z.object({
  id: z.uuid(),
  laReference: z.string(),
  localAuthorityCode: z.string(),
  localAuthorityName: z.string(),
  child: z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: z.string(), nhsNumber: z.string().nullable() }),
  status: z.enum(REQUEST_STATUSES),
  receivedAt: z.string(),
  statutoryDueDate: z.string(),
  laDueDate: z.string().nullable().describe("The LA's own deadline, if it gave one"),
  daysLeft: z.number().int().describe('Calendar days from today (trust time zone) to the statutory due date; negative when overdue'),
  overdue: z.boolean(),
  rag: z.enum(RAG_COLOURS).nullable().describe('Red/amber/green for open requests; null once closed'),
  allocatedServices: z.array(z.string()),
  stage: z.string().nullable().describe('Label of the open step due first (null when none is open)'),
  openTasks: z.array(caseloadTask),
  returnedAt: z.string().nullable(),
});
export type CaseloadItem = z.infer<typeof caseloadItem>;

export const caseloadResponse = z.object({
  items: z.array(caseloadItem),
  counts: z.object({ red: z.number().int(), amber: z.number().int(), green: z.number().int() }).nullable()
    .describe('Requests of each colour matching every filter except colour (open requests only; null on the closed tab)'),
  nextCursor: z.string().nullable(),
  thresholds: z.object({ redDays: z.number().int(), amberDays: z.number().int() }),
  today: z.string().describe('The date days left count from (trust time zone)'),
});
export type CaseloadResponse = z.infer<typeof caseloadResponse>;

// ---------------------------------------------------------------------------------------------
// Documents attached to a request

export const DOCUMENT_KINDS = ['pdf', 'docx', 'doc', 'png', 'jpeg'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const requestDocument = z.object({
  id: z.uuid(),
  filename: z.string(),
  mediaType: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.object({ id: z.string(), name: z.string().nullable() }),
  uploadedAt: z.string(),
});
export type RequestDocument = z.infer<typeof requestDocument>;
export const requestDocumentList = z.array(requestDocument);

// ---------------------------------------------------------------------------------------------
// The request page: GET /api/requests/:id

export const requestDetailTask = z.object({
  id: z.uuid(),
  nodePath: z.string(),
  label: z.string(),
  role: z.string(),
  serviceCode: z.string().nullable(),
  status: z.string(),
  attempt: z.number().int(),
  outcome: z.string().nullable(),
  dueDate: z.string().nullable().describe('The SOP target date'),
  statutoryDueDate: z.string().describe("The request's statutory due date"),
  late: z.boolean(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  completedBy: z.string().nullable().describe('User id of who completed it'),
  completedByName: z.string().nullable(),
  openedAt: z.string(),
  completedAt: z.string().nullable(),
  serviceScoped: z.boolean(),
  dueExplanation: z.array(explanationStep).nullable().describe('How the target date was set (capped at the statutory date when it would fall after it)'),
}).loose();

export const requestDetailResponse = requestRecordResponse.extend({
  localAuthority: z.object({ code: z.string(), name: z.string() }),
  daysLeft: z.number().int(),
  rag: z.enum(RAG_COLOURS).nullable(),
  sop: z.object({ versionId: z.uuid().nullable(), key: z.string(), version: z.number().int(), name: z.string().nullable() }),
  branches: z.array(z.object({
    serviceCode: z.string(),
    serviceName: z.string().nullable(),
    stage: z.string().nullable().describe('Label of the open step, or null when the branch has finished'),
    holder: holder,
    finished: z.boolean(),
  })),
  tasks: z.array(requestDetailTask),
  documents: requestDocumentList,
  timeline: z.array(z.object({
    id: z.string(),
    at: z.string(),
    kind: z.string(),
    summary: z.string(),
    serviceCode: z.string().nullable(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable().describe("Who did it (display name); null for the workflow's own steps"),
  }).loose()),
}).loose();
