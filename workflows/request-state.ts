import type { ExplanationStep, ReceiptPolicy, StatutoryExceptionKind, StatutoryExtension, StatutoryPause } from '@sendflow/calendar';
import type { Actor, AdviceType, FormBundle, RequestStatus, TaskStatus } from '@sendflow/domain';
import type { SopDefinition, SopGraph } from '@sendflow/sop';

/** Facts about the request fixed at intake; the deadline was computed by libs/calendar at intake. */
export interface RequestFacts {
  localAuthorityCode: string;
  laReference: string;
  ehcpFlag: boolean;
  adviceType: AdviceType;
  receivedAt: string;
  effectiveReceiptDate: string;
  statutoryDueDate: string;
  statutoryDueAt: string;
  /** The receipt rule the API applied at intake; absent in requests started before it was recorded. */
  receiptPolicy?: ReceiptPolicy;
}

export interface InterpreterInput {
  requestId: string;
  sopVersionId: string;
  sop: SopDefinition;
  request: RequestFacts;
  /** Seconds to wait for the intake row to commit before ending (default 600). */
  intakeGraceSeconds?: number;
  /** Continue as new at the next step once history passes this many events (default: when Temporal suggests it). */
  continueAsNewAfterEvents?: number;
  /** Set by continue-as-new: where the previous run stopped. */
  resume?: ResumePoint;
  /** How delivery to the LA retries before it opens a task for the coordinator (default 5 attempts from 30 s). */
  delivery?: DeliveryRetrySettings;
  /**
   * The forms and audit criteria the SOP version pinned at publish: every answer is validated
   * against them for the request's whole life. Absent (requests started before forms were data,
   * or a version that pinned none): the shipped forms.
   */
  formBundle?: FormBundle;
}

export interface DeliveryRetrySettings {
  maximumAttempts: number;
  initialIntervalSeconds: number;
  /** How long one attempt may take before Temporal gives it to another worker (default 120 s). */
  attemptTimeoutSeconds?: number;
}

/** A document issued for the LA (issue 9) and where its delivery stands. */
export interface DocumentState {
  documentId: string;
  kind: 'advice' | 'not_known_letter';
  version: number;
  laName: string;
  deliveredAt?: string;
  channel?: string;
}

/** Input of a correction of returned advice (one workflow per version it issues). */
export interface CorrectionInput {
  requestId: string;
  /** The request's own workflow (finished once the advice was returned). */
  requestWorkflowId: string;
  /** The version the API expects this correction to issue; it is part of the workflow id. */
  version: number;
  reason: string;
  actorId: string;
  /** Contributing services that amend their section first (may be empty). */
  services: string[];
  request: RequestFacts;
  delivery?: DeliveryRetrySettings;
}

export interface CorrectionResult {
  documentId: string;
  version: number;
  deliveredAt: string | null;
  channel: string | null;
}

/** Everything a run needs to carry on where the previous run of the same request stopped. */
export interface ResumePoint {
  nodeId: string;
  outcomes: Record<string, string>;
  state: RequestState;
  attempts: Record<string, number>;
  timelineSeq: number;
  firedTimers: string[];
}

export interface TaskState {
  id: string;
  /** Node id, prefixed with the per-service block id inside one (`services/draft`). */
  nodePath: string;
  nodeId: string;
  label: string;
  role: string;
  serviceScoped: boolean;
  serviceCode: string | null;
  form: string;
  outcomes: { id: string; label: string }[];
  status: TaskStatus;
  attempt: number;
  targetDays: number | null;
  targetUnit: 'working' | 'calendar' | null;
  outcome?: string;
  data?: unknown;
  completedBy?: string;
  assigneeId?: string | null;
}

export interface RequestState {
  requestId: string;
  sopVersionId: string;
  status: RequestStatus;
  overdue: boolean;
  allocatedServices: string[];
  activeNodes: string[];
  tasks: TaskState[];
  returned: boolean;
  /** The statutory deadline as it stands after any recorded reg 8(2) exceptions. */
  deadline?: DeadlineState;
  /** One child workflow per allocated service while a per-service block runs. */
  branches?: BranchSummary[];
  /** Documents issued for the LA, oldest first. */
  documents?: DocumentState[];
}

export interface DeadlineState {
  dueDate: string;
  dueAt: string;
  baseDueDate: string;
  pausedDays: number;
  extensionDays: number;
  pauses: StatutoryPause[];
  extensions: StatutoryExtension[];
  explanation: ExplanationStep[];
}

export interface BranchSummary {
  blockId: string;
  serviceCode: string;
  workflowId: string;
  status: 'running' | 'completed';
  result?: BranchResult;
}

/** Input of a per-service branch: the block's inner flow for one service, as a child workflow. */
export interface BranchInput {
  requestId: string;
  parentWorkflowId: string;
  sopKey: string;
  /** Node path prefix of the block (`services/`), so task paths match the parent's. */
  prefix: string;
  serviceCode: string;
  graph: SopGraph;
  request: RequestFacts;
  continueAsNewAfterEvents?: number;
  resume?: ResumePoint;
  /** Attempts this service already made in earlier runs of the block (after a send-back). */
  attempts?: Record<string, number>;
  /** The request's pinned forms (InterpreterInput.formBundle). */
  formBundle?: FormBundle;
}

/** What a finished branch hands back: its outcomes and the latest completed task of each form. */
export interface BranchResult {
  serviceCode: string;
  outcomes: Record<string, string>;
  completed: Pick<TaskState, 'id' | 'form' | 'outcome' | 'data' | 'completedBy' | 'serviceCode'>[];
  attempts?: Record<string, number>;
}

export interface CompleteTaskInput {
  taskId: string;
  outcome: string;
  data?: unknown;
  actor: Actor;
}

export interface CompleteTaskResult {
  taskId: string;
  outcome: string;
  status: TaskStatus;
}

export interface AssignTaskInput {
  taskId: string;
  /** The user the task goes to, with the roles and services the API read for them. */
  assignee: { userId: string; roles: string[]; services: string[] } | null;
  actor: Actor;
}

export interface RecordExceptionInput {
  exception:
    | { type: 'pause'; id: string; kind: StatutoryExceptionKind; from: string; to: string; evidence: string }
    | { type: 'extension'; id: string; kind: StatutoryExceptionKind; days: number; evidence: string };
  /** When the API received it: workflow code has no clock of its own. */
  recordedAt: string;
  actor: Actor;
}

/** Kinds of rejection an Update validator raises; the API maps them to 400, 403 and 409. */
export const REJECTION = { badInput: 'BadInput', forbidden: 'Forbidden', conflict: 'Conflict', notFound: 'NotFound' } as const;
