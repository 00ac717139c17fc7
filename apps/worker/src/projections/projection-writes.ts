import type { InterpreterActivities, ProjectionActivity, ProjectionBatch, ProjectionWrite } from '@sendflow/workflows';
import type { ProjectionRepository } from './projection.repository';

/** The interpreter activities that only write the read model, by name, with their arguments. */
export type { ProjectionActivity };
type Args<K extends ProjectionActivity> = Parameters<InterpreterActivities[K]>;

/**
 * How each projection activity writes PostgreSQL. The live activities and the rebuild from
 * workflow histories both go through this table, so a rebuilt read model is written by exactly
 * the code that wrote the original. `at` is when the workflow scheduled the write.
 */
export const PROJECTION_WRITES: { [K in ProjectionActivity]: (repo: ProjectionRepository, args: Args<K>, at: Date) => Promise<void> } = {
  projectRequest: (repo, [state]) => repo.updateRequest(state),
  projectDeadline: (repo, [requestId, deadline, overdue]) => repo.updateDeadline(requestId, deadline, overdue),
  projectTask: (repo, [requestId, workflowId, task, dueDate, dueExplanation], at) => repo.upsertTask(requestId, workflowId, task, dueDate, at, dueExplanation),
  appendTimeline: (repo, [requestId, entry], at) => repo.appendTimeline(requestId, entry, at),
  compileAdvice: (repo, [requestId, contributions]) =>
    repo.setCompiledAdvice(requestId, { compiledFrom: contributions.map((c) => ({ serviceCode: c.serviceCode, taskId: c.taskId })), contributions }),
  recordNotKnown: (repo, [requestId, details], at) => repo.setNotKnown(requestId, details, at),
};

/** One write of a `project` batch, through the same table. */
export function applyWrite(repo: ProjectionRepository, w: ProjectionWrite, at: Date): Promise<void> {
  return (PROJECTION_WRITES[w.write] as (r: ProjectionRepository, a: unknown[], at: Date) => Promise<void>)(repo, w.args as unknown[], at);
}

/** The writes an activity made, by its name and arguments: a projection activity's one, or a `project` batch's. */
export function writesOf(activity: string, args: unknown[]): ProjectionWrite[] | null {
  if (activity === 'project') return (args[0] as ProjectionBatch).writes;
  if (isProjectionActivity(activity)) return [{ write: activity, args } as ProjectionWrite];
  return null;
}

export function isProjectionActivity(name: string): name is ProjectionActivity {
  return Object.prototype.hasOwnProperty.call(PROJECTION_WRITES, name);
}
