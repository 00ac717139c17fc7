import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { ClockActivities, InterpreterActivities } from '@sendflow/workflows';
import { ProjectionRepository } from '../projections/projection.repository';
import { PROJECTION_WRITES } from '../projections/projection-writes';
import { mailSettingsFromEnv, type MailSettings } from '../delivery/mail-settings';
import { NotificationMailer } from '../notifications/notification-mailer';
import { NotificationRepository } from '../notifications/notification.repository';
import { createNotifier, type Notifier } from './notifier';

/**
 * The interpreter's side effects: projections into PostgreSQL and messages out. Logs carry ids
 * and kinds only, never a child's details.
 */
export function createInterpreterActivities(ds: DataSource, notifier: Notifier = createNotifier(), mail?: MailSettings): InterpreterActivities {
  const repo = new ProjectionRepository(ds);
  const notifications = new NotificationRepository(ds);
  let mailSettings = mail;
  const mailer = new NotificationMailer(() => (mailSettings ??= mailSettingsFromEnv()), notifications);
  return {
    async confirmIntake(input) {
      if (!(await repo.ensureRequestExists(input))) {
        throw ApplicationFailure.retryable(`Request row ${input.requestId} is not committed yet`, 'IntakeNotCommitted');
      }
    },
    projectRequest: (...args) => PROJECTION_WRITES.projectRequest(repo, args, scheduledAt()),
    projectDeadline: (...args) => PROJECTION_WRITES.projectDeadline(repo, args, scheduledAt()),
    projectTask: (...args) => PROJECTION_WRITES.projectTask(repo, args, scheduledAt()),
    appendTimeline: (...args) => PROJECTION_WRITES.appendTimeline(repo, args, scheduledAt()),
    compileAdvice: (...args) => PROJECTION_WRITES.compileAdvice(repo, args, scheduledAt()),
    recordNotKnown: (...args) => PROJECTION_WRITES.recordNotKnown(repo, args, scheduledAt()),
    async returnToLa(requestId, details) {
      // With a document, the date returned is when its delivery succeeded (already recorded then).
      const returnedAt = await repo.markReturned(requestId, details, details.returnedAt ? new Date(details.returnedAt) : undefined);
      await notifier.adviceReturned(requestId, returnedAt);
      return { returnedAt };
    },
    async notify(requestId, role, message, context) {
      // The scheduled activity's id is stable across retries: one notification per user per firing.
      const info = Context.current().info;
      const sourceKey = `${info.workflowExecution?.workflowId ?? requestId}/${info.workflowExecution?.runId ?? ''}#${info.activityId}`;
      const created = await notifications.fanOut(sourceKey, requestId, role, context?.serviceCode ?? null, context?.kind ?? 'action', message);
      const emailed = await mailer.sendImmediate(await notifications.pendingImmediate(sourceKey));
      log.info('notification', { requestId, role, created, emailed });
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
