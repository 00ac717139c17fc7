import { ActivityFailure, ApplicationFailure, condition, proxyActivities } from '@temporalio/workflow';
import { PROJECTION_DATA_ERROR, type InterpreterActivities, type ProjectionBatch, type ProjectionWrite } from './activities.contract';

/** Runs started after this send their projection writes in batches (one `project` activity per activation). */
export const BATCHED_PROJECTIONS_PATCH = 'projections-batched-per-activation';

const retry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
// Like every projection write: retried without a cap (each write is an idempotent upsert).
const projector = proxyActivities<Pick<InterpreterActivities, 'project'>>({ startToCloseTimeout: '30 seconds', retry });

const isDataError = (err: unknown) => err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === PROJECTION_DATA_ERROR;

/**
 * The projection writes of one workflow, sent write-behind: a write is queued and the workflow
 * carries on at once; when the activation has run everything it can (every coroutine is waiting
 * on the outside world), everything queued goes as one `project` activity. So a step that used
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

  constructor(private readonly requestId: string) {}

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
    const call = grace !== undefined
      ? proxyActivities<Pick<InterpreterActivities, 'project'>>({
        startToCloseTimeout: '10 seconds',
        scheduleToCloseTimeout: `${grace} seconds`,
        retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
      }).project(batch)
      : projector.project(batch);
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

  private sent(intake: boolean): void {
    if (intake) this.intake = true;
    this.inFlight = false;
    if (this.pending.length) this.arm();
  }
}
