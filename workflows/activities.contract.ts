import type { ExplanationStep } from '@sendflow/calendar';
import type { AdviceDocumentKind, TimelineKind } from '@sendflow/domain';
import type { DeadlineState, InterpreterInput, RequestState, TaskState } from './request-state';

/**
 * What the interpreter asks of the outside world. The worker implements it (apps/worker); the
 * workflow only sees this type, so no I/O code can reach the deterministic sandbox.
 */
export interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  summary: string;
  nodeId?: string;
  taskId?: string;
  serviceCode?: string;
  actorId?: string;
  data?: Record<string, unknown>;
}

export interface InterpreterActivities {
  /**
   * Confirms the API's intake row is committed. The API writes the row in a transaction around
   * the workflow start; this fails (and retries) until the commit is visible, and if it never
   * becomes visible the workflow ends itself, so no workflow outlives a lost row.
   */
  confirmIntake(input: InterpreterInput): Promise<void>;
  projectRequest(state: Omit<RequestState, 'tasks' | 'branches' | 'documents'>): Promise<void>;
  /** The deadline after a recorded reg 8(2) exception, with its explanation, and whether the request is still overdue. */
  projectDeadline(requestId: string, deadline: DeadlineState, overdue: boolean): Promise<void>;
  /** `dueExplanation` says how the SOP target was counted (working days, bank holidays skipped). */
  projectTask(requestId: string, workflowId: string, task: TaskState, dueDate: string | null, dueExplanation?: ExplanationStep[]): Promise<void>;
  appendTimeline(requestId: string, entry: TimelineEntry): Promise<void>;
  /** `outcome: 'not_known'` marks a service's answer that the child is not known to it (reason, date, signpost). */
  compileAdvice(requestId: string, contributions: { serviceCode: string; taskId: string; data: unknown; outcome?: string }[]): Promise<void>;
  /** `returnedAt`: when delivery succeeded (documents); without it, now. */
  returnToLa(requestId: string, details: { method?: string; sentTo?: string; actorId?: string; returnedAt?: string; documentId?: string; channel?: string }): Promise<{ returnedAt: string }>;
  recordNotKnown(requestId: string, details: unknown): Promise<void>;
  /**
   * Several projection writes in one activity (one transaction), in the order the workflow made
   * them: newer runs send every write of a workflow activation this way instead of one activity
   * each. With `intake`, it first confirms the API's intake row like `confirmIntake` (and writes
   * nothing until it is committed). The projection rebuild replays `writes` from its arguments.
   */
  project(batch: ProjectionBatch): Promise<void>;
  /**
   * `project` as a local activity (newer runs): written inside the workflow task that made the
   * writes. Its input is not recorded in history, so it answers with what it wrote, which the
   * marker keeps for the projection rebuild; writes refused for their data are incidents and are
   * listed in `refused` instead of failing the call.
   */
  projectLocal(batch: ProjectionBatch): Promise<ProjectedBatch>;
  /**
   * In-app notifications (and email, per user preference) for the users a firing concerns: everyone
   * with `role`, narrowed to `serviceCode`'s members for a service's task.
   */
  notify(requestId: string, role: string, message: string, context?: NotifyContext): Promise<void>;
}

/** The interpreter activities that only write the read model (the projection rebuild replays them). */
export type ProjectionActivity = 'projectRequest' | 'projectDeadline' | 'projectTask' | 'appendTimeline' | 'compileAdvice' | 'recordNotKnown';

/** One projection write as a value: the activity it used to be, with that activity's arguments. */
export type ProjectionWrite = { [K in ProjectionActivity]: { write: K; args: Parameters<InterpreterActivities[K]> } }[ProjectionActivity];

export interface ProjectionBatch {
  requestId: string;
  /** The request's first batch: confirm the API's row is committed before writing (see confirmIntake). */
  intake?: true;
  writes: ProjectionWrite[];
}

/** What `projectLocal` wrote: the batch's writes, the instant they were written at (ISO), and the indexes of writes refused for their data. */
export interface ProjectedBatch {
  at: string;
  writes: ProjectionWrite[];
  refused?: number[];
}

export interface NotifyContext { serviceCode?: string; kind?: 'reminder' | 'escalation' | 'overdue' | 'action' }

/** The coordinator's record of sending a document themselves (the LA's portal, or another way after a failure). */
export interface ManualDelivery { method?: string; sentTo?: string; notes?: string; actorId?: string }

export type DeliveryResult =
  | { status: 'delivered'; channel: 'manual' | 'smtp' | 'webhook'; deliveredAt: string }
  /** The LA's channel is manual and nobody has recorded sending it yet. */
  | { status: 'awaiting_manual' };

export interface IssueDocumentInput {
  documentId: string;
  kind: AdviceDocumentKind;
  correctionReason?: string;
  /** A correction's amended sections: each replaces that service's contribution in the compiled advice. */
  amendments?: { serviceCode: string; taskId: string; data: unknown }[];
}

/** The documents sent to the LA (issue 9): issued from the compiled advice, delivered on the LA's channel. */
export interface DocumentActivities {
  /** Builds the document model from the request's projection and keeps it as version n; idempotent by `documentId`. */
  issueDocument(requestId: string, doc: IssueDocumentInput): Promise<{ documentId: string; version: number; laName: string }>;
  /**
   * Sends it on the LA's channel (SMTP or webhook; the keys derive from `documentId`, and a version
   * already delivered is never sent again), or records the coordinator's manual delivery. Throws a
   * non-retryable failure for what retrying cannot cure (a refused recipient, a 4xx answer).
   */
  deliverDocument(documentId: string, recorded: ManualDelivery | null): Promise<DeliveryResult>;
  /** Records that the coordinator sent it another way (after automatic delivery failed). */
  recordManualDelivery(documentId: string, recorded: ManualDelivery): Promise<Extract<DeliveryResult, { status: 'delivered' }>>;
}

/** The daily digest of notifications (users who chose it get one email a day). */
export interface DigestActivities {
  /**
   * Sends the digest of the trust's calendar day containing `before` (an ISO instant), listing
   * notifications created before it; once per user per day however often it runs.
   */
  sendDailyDigests(before: string): Promise<{ day: string; users: number; sent: number; skipped: number; refused: number; notifications: number }>;
}

/** Local activity: the current instant, recorded in history so replays see the same value. */
export interface ClockActivities {
  now(): Promise<string>;
}

/** ApplicationFailure type of a projection write the database refuses for its data (retrying cannot cure it). */
export const PROJECTION_DATA_ERROR = 'ProjectionDataError';
