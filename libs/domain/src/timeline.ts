/** Kinds of event on a request's timeline: what the workflow did and when. */
export const TIMELINE_KINDS = [
  'request.received',
  'step.entered',
  'task.opened',
  'task.completed',
  'task.cancelled',
  'task.assigned',
  'services.allocated',
  'advice.compiled',
  'advice.returned',
  'request.not_known',
  'timer.reminder',
  'timer.escalation',
  'deadline.breached',
  'deadline.changed',
  'document.issued',
  'document.delivered',
  'document.delivery_failed',
  'advice.reopened',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  /** Deterministic id (workflow id + sequence), so a retried projection writes the event once. */
  id: string;
  kind: TimelineKind;
  at: string;
  summary: string;
  nodeId?: string;
  taskId?: string;
  serviceCode?: string;
  actorId?: string;
  data?: Record<string, unknown>;
}
