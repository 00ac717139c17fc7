import { ActivityFailure, ApplicationFailure, condition, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { PROJECTION_DATA_ERROR, type InterpreterActivities, type ProjectionBatch, type ProjectionWrite } from './activities.contract';

/** Runs started after this send their projection writes in batches (one `project` activity per activation). */
export const BATCHED_PROJECTIONS_PATCH = 'projections-batched-per-activation';
/**
 * Runs started after this send each batch as a local activity (`projectLocal`): the worker writes
 * it inside the workflow task that made the writes, so intake reaches its first task in one
 * workflow task with no activity events, no second workflow task and no activity dispatch through
 * the server (README, Performance).
 */
export const LOCAL_PROJECTIONS_PATCH = 'projections-local-activity';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const intakeRetry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' } as const;
// Like every projection write: retried without a cap (each write is an idempotent upsert).
const projector = proxyActivities<Pick<InterpreterActivities, 'project'>>({ startToCloseTimeout: '30 seconds', retry });
// Local first, briefly: a batch that does not go through at once (the database down or slow, the
// intake row not committed within the worker's ~2 s look) falls back to the `project` activity,
// which retries without end (or for the intake grace) with no history events per retry. Retrying
// as a local activity would instead hold the workflow task open, heartbeating it with a new
// workflow task (3 events) every few seconds, and the SDK core does not enforce a local
// activity's schedule-to-close across retries (seen: the intake grace ignored).
const localProjector = proxyLocalActivities<Pick<InterpreterActivities, 'projectLocal'>>({
  startToCloseTimeout: '10 seconds', retry: { initialInterval: '500 milliseconds', maximumAttempts: 2 },
});
const localIntake = proxyLocalActivities<Pick<InterpreterActivities, 'projectLocal'>>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 1 } });

const isDataError = (err: unknown) => err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === PROJECTION_DATA_ERROR;

/**
 * The projection writes of one workflow, sent write-behind: a write is queued and the workflow
 * carries on at once; when the activation has run everything it can (every coroutine is waiting
 * on the outside world), everything queued goes as one batch: a `projectLocal` local activity in
 * runs since LOCAL_PROJECTIONS_PATCH (falling back to the `project` activity if it does not go
 * through at once), a `project` activity before. So a step that used
 * to cost a server round trip per write (task row, then its timeline entry, then the request's
 * status, ...) costs one activity per workflow task, and the writes reach PostgreSQL in the order
 * the workflow made them, one batch at a time.
 *
 * Whatever reads the read model, or must not run before the request exists, waits for
 * `settled()` first: an Update's answer (so the API reads what it just did), every other activity
 * (documents are built from the projection), a child workflow, continue-as-new and the end of
 * the run. With `expectIntake`, the first batch also confirms the API's intake row; if it never
 * commits, nothing after it happens and `intakeConfirmed()` says false.
 */
export class ProjectionQueue {
  private pending: ProjectionWrite[] = [];
  private inFlight = false;
  private armed = false;
  private intakeGraceSeconds: number | undefined;
  private intake: boolean | undefined;
  private failure: unknown;

  /** `local`: batches go as local activities (LOCAL_PROJECTIONS_PATCH), decided once when the run starts. */
  constructor(private readonly requestId: string, private readonly local = false) {}

  write(w: ProjectionWrite): Promise<void> {
    this.pending.push(w);
    this.arm();
    return Promise.resolve();
  }

  /** The next batch confirms the intake row first, within the grace (confirmIntake's retry policy). */
  expectIntake(graceSeconds: number): void {
    this.intakeGraceSeconds = graceSeconds;
  }

  /** Whether the intake batch found the API's row (false: it never committed within the grace). */
  async intakeConfirmed(): Promise<boolean> {
    await condition(() => this.intake !== undefined);
    return this.intake as boolean;
  }

  /** Resolves once every write queued so far is in PostgreSQL (or refused for its data: an incident). */
  async settled(): Promise<void> {
    await condition(() => this.failure !== undefined || (this.pending.length === 0 && !this.inFlight && !this.armed));
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Sends the batch once the activation is quiet. A condition is only re-evaluated after the
   * workflow's microtasks have drained, and `ticked` is set by a microtask queued now, so the
   * condition holds at the first evaluation after everything runnable has run.
   */
  private arm(): void {
    if (this.armed || this.inFlight || this.intake === false) return;
    this.armed = true;
    let ticked = false;
    void Promise.resolve().then(() => { ticked = true; });
    void condition(() => ticked).then(() => {
      this.armed = false;
      this.send();
    });
  }

  private send(): void {
    if (this.inFlight || this.pending.length === 0) return;
    const writes = this.pending;
    this.pending = [];
    this.inFlight = true;
    const grace = this.intake === undefined ? this.intakeGraceSeconds : undefined;
    const intake = grace !== undefined;
    const batch: ProjectionBatch = { requestId: this.requestId, ...(intake ? { intake: true as const } : {}), writes };
    const call: Promise<unknown> = this.local ? this.sendLocal(batch, grace) : this.sendRemote(batch, grace);
    void call.then(
      () => this.sent(intake),
      (err) => {
        // Refused for its data: the worker recorded an incident (the rebuild repairs it); carry on.
        if (isDataError(err)) return this.sent(intake);
        // The intake row never committed: nothing further is written or sent (the batch stays "in flight").
        if (intake) { this.intake = false; return; }
        this.failure = err;
      },
    );
  }

  private sendRemote(batch: ProjectionBatch, grace: number | undefined): Promise<void> {
    if (grace === undefined) return projector.project(batch);
    return proxyActivities<Pick<InterpreterActivities, 'project'>>({ startToCloseTimeout: '10 seconds', scheduleToCloseTimeout: `${grace} seconds`, retry: intakeRetry }).project(batch);
  }

  /**
   * A local activity's input is not in history, so it answers with the batch (and the instant it
   * wrote it at), which its marker keeps: the projection rebuild reads writes from there. A write
   * refused for its data is answered, not thrown (incident recorded), so that answer is kept too.
   * Any failure sends the same batch again as the activity (every write is idempotent).
   */
  private sendLocal(batch: ProjectionBatch, grace: number | undefined): Promise<unknown> {
    return (grace === undefined ? localProjector : localIntake).projectLocal(batch).catch(() => this.sendRemote(batch, grace));
  }

  private sent(intake: boolean): void {
    if (intake) this.intake = true;
    this.inFlight = false;
    if (this.pending.length) this.arm();
  }
}
