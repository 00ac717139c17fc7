import type { Actor, AdviceType, RequestStatus, TaskStatus } from '@sendflow/domain';
import type { SopDefinition } from '@sendflow/sop';

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
}

export interface InterpreterInput {
  requestId: string;
  sopVersionId: string;
  sop: SopDefinition;
  request: RequestFacts;
  /** Seconds to wait for the intake row to commit before ending (default 600). */
  intakeGraceSeconds?: number;
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

/** Kinds of rejection an Update validator raises; the API maps them to 400, 403 and 409. */
export const REJECTION = { badInput: 'BadInput', forbidden: 'Forbidden', conflict: 'Conflict', notFound: 'NotFound' } as const;
