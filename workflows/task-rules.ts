import { ApplicationFailure } from '@temporalio/workflow';
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
 * Who may hand a task to someone: a service lead of the task's service for service work, the
 * coordinator for the rest. The assignee must be able to complete it (role and service).
 */
export function validateAssignment(tasks: TaskState[], cmd: AssignTaskInput): void {
  const task = openTask(tasks, cmd.taskId);
  const { actor, assignee } = cmd;
  const mayAssign = task.serviceScoped
    ? actor.roles.includes('service_lead') && !!task.serviceCode && actor.services.includes(task.serviceCode)
    : actor.roles.includes('coordinator');
  if (!mayAssign) {
    throw reject(REJECTION.forbidden, task.serviceScoped
      ? `Only a service lead of ${task.serviceCode} may assign "${task.label}"`
      : `Only the coordinator may assign "${task.label}"`);
  }
  if (!assignee) return;
  if (!assignee.roles.includes(task.role)) throw reject(REJECTION.badInput, `assigneeId: the user does not hold the ${task.role} role "${task.label}" needs`);
  if (task.serviceScoped && (!task.serviceCode || !assignee.services.includes(task.serviceCode))) {
    throw reject(REJECTION.badInput, `assigneeId: the user is not a member of service ${task.serviceCode}`);
  }
}
