import { ApplicationFailure } from '@temporalio/workflow';
import { assigneeFitsTask, mayActOnTask, mayAssignTask, mayClaimTask, mayReleaseTask } from '@sendflow/domain';
import { REJECTION, type AssignTaskInput, type TaskState } from './request-state';

const reject = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/** An open task of this run, or the rejection the API turns into 404/409. */
export function openTask(tasks: TaskState[], taskId: string): TaskState {
  const task = tasks.find((t) => t.id === taskId);
  if (!task) throw reject(REJECTION.notFound, `Task ${taskId} is not part of this request`);
  if (task.status !== 'open') throw reject(REJECTION.conflict, `Task "${task.label}" is ${task.status}, not open`);
  return task;
}

/**
 * Who may hand a task to someone (libs/domain's task access rules, the same the API and web use):
 * taking it for oneself (claim), giving it back (release), or a lead or the coordinator moving it.
 * The assignee must be able to complete it (role and service).
 */
export function validateAssignment(tasks: TaskState[], cmd: AssignTaskInput): void {
  const task = openTask(tasks, cmd.taskId);
  const { actor, assignee } = cmd;
  // Taking it for oneself is a claim only for someone who could do the work; otherwise it is an assignment like any other.
  const claiming = !!assignee && assignee.userId === actor.userId && mayActOnTask(actor, task);
  const releasing = !assignee && !!task.assigneeId && task.assigneeId === actor.userId;
  const allowed = claiming ? mayClaimTask(actor, task) : releasing ? mayReleaseTask(actor, task) : mayAssignTask(actor, task);
  if (!allowed) {
    // Someone else took it first: a state conflict (409), not a permission problem.
    if (claiming) throw reject(REJECTION.conflict, `"${task.label}" is held by someone else; ask them or a lead to release it`);
    throw reject(REJECTION.forbidden, task.serviceScoped
      ? `Only a service lead of ${task.serviceCode} or the coordinator may assign "${task.label}"`
      : `Only the coordinator may assign "${task.label}"`);
  }
  if (!assignee) return;
  const fits = assigneeFitsTask(assignee, task);
  if (!fits.ok) throw reject(REJECTION.badInput, `assigneeId: ${fits.message} ("${task.label}")`);
}
