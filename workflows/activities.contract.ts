import type { ExplanationStep } from '@sendflow/calendar';
import type { TimelineKind } from '@sendflow/domain';
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
  projectRequest(state: Omit<RequestState, 'tasks' | 'branches'>): Promise<void>;
  /** The deadline after a recorded reg 8(2) exception, with its explanation, and whether the request is still overdue. */
  projectDeadline(requestId: string, deadline: DeadlineState, overdue: boolean): Promise<void>;
  /** `dueExplanation` says how the SOP target was counted (working days, bank holidays skipped). */
  projectTask(requestId: string, workflowId: string, task: TaskState, dueDate: string | null, dueExplanation?: ExplanationStep[]): Promise<void>;
  appendTimeline(requestId: string, entry: TimelineEntry): Promise<void>;
  /** `outcome: 'not_known'` marks a service's answer that the child is not known to it (reason, date, signpost). */
  compileAdvice(requestId: string, contributions: { serviceCode: string; taskId: string; data: unknown; outcome?: string }[]): Promise<void>;
  returnToLa(requestId: string, details: { method?: string; sentTo?: string; actorId?: string }): Promise<{ returnedAt: string }>;
  recordNotKnown(requestId: string, details: unknown): Promise<void>;
  notify(requestId: string, role: string, message: string): Promise<void>;
}

/** Local activity: the current instant, recorded in history so replays see the same value. */
export interface ClockActivities {
  now(): Promise<string>;
}
