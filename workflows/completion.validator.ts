import { ApplicationFailure } from '@temporalio/workflow';
import { mayActOnTask, SHIPPED_BUNDLE, validateFormData, type FormBundle, type FormId } from '@sendflow/domain';
import { REJECTION, type CompleteTaskInput, type TaskState } from './request-state';
import { openTask } from './task-rules';

/**
 * Update validator for completing a human task: synchronous, and it rejects before anything
 * enters history. The failure type tells the API which HTTP status to answer with.
 */
export function validateCompletion(state: { tasks: TaskState[] }, cmd: CompleteTaskInput, bundle?: FormBundle): void {
  const task = openTask(state.tasks, cmd.taskId);
  const actor = cmd.actor;
  if (!actor?.roles || !mayActOnTask(actor, task)) {
    const message = actor?.roles?.includes(task.role as never)
      ? `Task "${task.label}" belongs to service ${task.serviceCode}, which you are not a member of`
      : `Task "${task.label}" needs the ${task.role} role`;
    throw ApplicationFailure.create({ type: REJECTION.forbidden, message, nonRetryable: true });
  }
  if (!task.outcomes.some((o) => o.id === cmd.outcome)) {
    throw ApplicationFailure.create({
      type: REJECTION.badInput,
      message: `outcome: "${cmd.outcome}" is not an outcome of "${task.label}" (expected ${task.outcomes.map((o) => o.id).join(', ')})`,
      nonRetryable: true,
    });
  }
  const checked = validateFormData(task.form as FormId, cmd.outcome, cmd.data, bundle ?? SHIPPED_BUNDLE);
  if (!checked.ok) {
    throw ApplicationFailure.create({
      type: REJECTION.badInput,
      message: checked.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      details: [checked.issues],
      nonRetryable: true,
    });
  }
}
