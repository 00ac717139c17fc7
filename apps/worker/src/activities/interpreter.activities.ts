import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { ClockActivities, InterpreterActivities } from '@sendflow/workflows';
import { ProjectionRepository } from './projection.repository';
import { createNotifier, type Notifier } from './notifier';

/**
 * The interpreter's side effects: projections into PostgreSQL and messages out. Logs carry ids
 * and kinds only, never a child's details.
 */
export function createInterpreterActivities(ds: DataSource, notifier: Notifier = createNotifier()): InterpreterActivities {
  const repo = new ProjectionRepository(ds);
  return {
    async confirmIntake(input) {
      if (!(await repo.ensureRequestExists(input))) {
        throw ApplicationFailure.retryable(`Request row ${input.requestId} is not committed yet`, 'IntakeNotCommitted');
      }
    },
    async projectRequest(state) {
      await repo.updateRequest(state);
    },
    async projectDeadline(requestId, deadline, overdue) {
      await repo.updateDeadline(requestId, deadline, overdue);
    },
    async projectTask(requestId, workflowId, task, dueDate) {
      await repo.upsertTask(requestId, workflowId, task, dueDate, scheduledAt());
    },
    async appendTimeline(requestId, entry) {
      await repo.appendTimeline(requestId, entry, scheduledAt());
    },
    async compileAdvice(requestId, contributions) {
      await repo.setCompiledAdvice(requestId, { compiledFrom: contributions.map((c) => ({ serviceCode: c.serviceCode, taskId: c.taskId })), contributions });
    },
    async returnToLa(requestId, details) {
      const returnedAt = await repo.markReturned(requestId, details);
      await notifier.adviceReturned(requestId, returnedAt);
      return { returnedAt };
    },
    async recordNotKnown(requestId, details) {
      await repo.setNotKnown(requestId, details);
    },
    async notify(requestId, role, message) {
      log.info('notification', { requestId, role });
      await notifier.notifyRole(requestId, role, message);
    },
  };
}

/** When the workflow asked for this write: the same on every retry, and what a rebuild sees in history. */
function scheduledAt(): Date {
  return new Date(Context.current().info.scheduledTimestampMs);
}

export const clockActivities: ClockActivities = {
  async now() {
    return new Date().toISOString();
  },
};
