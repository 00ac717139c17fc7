import { ApplicationFailure, Context, log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { PROJECTION_DATA_ERROR, type ClockActivities, type InterpreterActivities, type ProjectionBatch } from '@sendflow/workflows';
import { ProjectionRepository } from '../projections/projection.repository';
import { applyWrite, PROJECTION_WRITES } from '../projections/projection-writes';
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
      await confirmIntake(repo, input.requestId);
    },
    async project(batch) {
      if (batch.intake) await confirmIntake(repo, batch.requestId);
      const refused = await trackedBatch(ds, repo, batch, scheduledAt());
      if (refused.length) throw refused[refused.length - 1].error;
    },
    async projectLocal(batch) {
      if (batch.intake) await confirmIntake(repo, batch.requestId);
      const at = scheduledAt();
      const refused = await trackedBatch(ds, repo, batch, at);
      // The marker keeps this answer (a local activity's input is not in history): the rebuild reads the writes from it.
      return { at: at.toISOString(), writes: batch.writes, ...(refused.length ? { refused: refused.map((r) => r.index) } : {}) };
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

/**
 * The API starts the workflow before its row commits (so no transaction waits on Temporal): the
 * row usually lands within milliseconds, so look again briefly before the retry backoff.
 */
async function confirmIntake(repo: ProjectionRepository, requestId: string): Promise<void> {
  for (let i = 0; i < INTAKE_POLLS && !(await repo.requestExists(requestId)); i++) await new Promise((r) => setTimeout(r, INTAKE_POLL_MS));
  if (!(await repo.requestExists(requestId))) {
    throw ApplicationFailure.retryable(`Request row ${requestId} is not committed yet`, 'IntakeNotCommitted');
  }
}

const isDataError = (err: unknown): err is ApplicationFailure => err instanceof ApplicationFailure && err.nonRetryable === true && err.type === PROJECTION_DATA_ERROR;

/**
 * A batch of projection writes in one transaction (one commit instead of one per write). If the
 * database refuses one for its data, the others are written one by one and each refusal becomes
 * an incident of its own under that write's name (as when each write was an activity); the batch
 * then fails non-retryably and the workflow carries on. Other failures retry the whole batch
 * (every write is idempotent), reported like a single write's after a few attempts. Returns the
 * refused writes: `project` then fails non-retryably, `projectLocal` answers with them.
 */
async function trackedBatch(ds: DataSource, repo: ProjectionRepository, batch: ProjectionBatch, at: Date): Promise<{ index: number; error: ApplicationFailure }[]> {
  const info = Context.current().info;
  const execution = { workflowId: info.workflowExecution?.workflowId ?? '', runId: info.workflowExecution?.runId ?? '', activityId: info.activityId };
  const incident = (activityId: string, activity: string, err: unknown, nonRetryable: boolean) => repo.recordIncident({
    requestId: batch.requestId, ...execution, activityId, activity, error: err instanceof Error ? err.message : 'error', nonRetryable, attempts: info.attempt,
  }).catch(() => undefined);
  try {
    await ds.transaction(async (manager) => {
      const tx = new ProjectionRepository(manager as unknown as DataSource);
      for (const w of batch.writes) await applyWrite(tx, w, at);
    });
    if (info.attempt > 1) await repo.resolveIncident(execution.workflowId, execution.runId, execution.activityId).catch(() => undefined);
    return [];
  } catch (err) {
    if (!isDataError(err)) {
      if (info.attempt >= INCIDENT_AFTER_ATTEMPTS) {
        await incident(execution.activityId, batch.writes[0]?.write ?? info.activityType, err, false);
        log.warn('projection write failing', { requestId: batch.requestId, activity: info.activityType, writes: batch.writes.length, attempt: info.attempt });
      }
      throw err;
    }
  }
  const refused: { index: number; error: ApplicationFailure }[] = [];
  for (const [i, w] of batch.writes.entries()) {
    try {
      await applyWrite(repo, w, at);
    } catch (err) {
      if (!isDataError(err)) throw err;
      refused.push({ index: i, error: err });
      await incident(`${execution.activityId}/${i}`, w.write, err, true);
      log.warn('projection write failing', { requestId: batch.requestId, activity: w.write, attempt: info.attempt, nonRetryable: true });
    }
  }
  return refused;
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
