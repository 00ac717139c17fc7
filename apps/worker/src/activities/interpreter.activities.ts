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
      // The API starts the workflow before its row commits (so no transaction waits on Temporal):
      // the row usually lands within milliseconds, so look again briefly before the retry backoff.
      for (let i = 0; i < INTAKE_POLLS && !(await repo.ensureRequestExists(input)); i++) await new Promise((r) => setTimeout(r, INTAKE_POLL_MS));
      if (!(await repo.ensureRequestExists(input))) {
        throw ApplicationFailure.retryable(`Request row ${input.requestId} is not committed yet`, 'IntakeNotCommitted');
      }
    },
    projectRequest: (...args) => tracked(repo, args[0].requestId, () => PROJECTION_WRITES.projectRequest(repo, args, scheduledAt())),
    projectDeadline: (...args) => tracked(repo, args[0], () => PROJECTION_WRITES.projectDeadline(repo, args, scheduledAt())),
    projectTask: (...args) => tracked(repo, args[0], () => PROJECTION_WRITES.projectTask(repo, args, scheduledAt())),
    appendTimeline: (...args) => tracked(repo, args[0], () => PROJECTION_WRITES.appendTimeline(repo, args, scheduledAt())),
    compileAdvice: (...args) => tracked(repo, args[0], () => PROJECTION_WRITES.compileAdvice(repo, args, scheduledAt())),
    recordNotKnown: (...args) => tracked(repo, args[0], () => PROJECTION_WRITES.recordNotKnown(repo, args, scheduledAt())),
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

/**
 * Runs a projection write and keeps its incident row: each failed attempt is recorded (best
 * effort: the database may be the thing that is down), and a success after failures resolves it.
 */
async function tracked<T>(repo: ProjectionRepository, requestId: string, write: () => Promise<T>): Promise<T> {
  const info = Context.current().info;
  const execution = { workflowId: info.workflowExecution?.workflowId ?? '', runId: info.workflowExecution?.runId ?? '', activityId: info.activityId };
  try {
    const result = await write();
    if (info.attempt > 1) await repo.resolveIncident(execution.workflowId, execution.runId, execution.activityId).catch(() => undefined);
    return result;
  } catch (err) {
    const nonRetryable = err instanceof ApplicationFailure && err.nonRetryable === true;
    if (nonRetryable || info.attempt >= INCIDENT_AFTER_ATTEMPTS) {
      await repo.recordIncident({ requestId, ...execution, activity: info.activityType, error: err instanceof Error ? err.message : 'error', nonRetryable, attempts: info.attempt })
        .catch(() => undefined);
      log.warn('projection write failing', { requestId, activity: info.activityType, attempt: info.attempt, nonRetryable });
    }
    throw err;
  }
}

/** confirmIntake looks for the API's row this often, this many times (about 2 s), per attempt. */
const INTAKE_POLL_MS = 50;
const INTAKE_POLLS = 40;

/** Attempts after which a retrying projection write is reported (about 15 s of backoff). */
const INCIDENT_AFTER_ATTEMPTS = 4;

/** When the workflow asked for this write: the same on every retry, and what a rebuild sees in history. */
function scheduledAt(): Date {
  return new Date(Context.current().info.scheduledTimestampMs);
}

export const clockActivities: ClockActivities = {
  async now() {
    return new Date().toISOString();
  },
};
