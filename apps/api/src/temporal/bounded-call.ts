import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateStage, type Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { TemporalDeadlineError } from '../common/unavailable';
import { temporalCalls } from '../observability/metrics';

const inflight = new Set<Promise<void>>();

/** Waits (at most maxMs) for Temporal calls still running after their callers gave up. */
export async function settleTemporalCalls(maxMs: number): Promise<void> {
  if (!inflight.size) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => { timer = setTimeout(r, maxMs); })]);
  clearTimeout(timer);
}

/**
 * Every call from the API to Temporal runs under a bound. The gRPC deadline covers each attempt,
 * the abort signal cancels the one in flight, and the race covers what neither reaches (the lazy
 * connection's own connect and the SDK's retries of an unreachable server, about 20 s).
 * The call may still take effect after the bound: callers must not say "nothing was saved".
 */
export async function withinBound<T>(client: Client, ms: number, what: string, fn: () => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new TemporalDeadlineError(what));
    }, ms);
  });
  const call = client.withDeadline(Date.now() + ms, () => client.withAbortSignal(abort.signal, fn));
  // A call that lost the race still runs until its deadline (the SDK's retries); it is tracked so
  // shutdown waits for it rather than closing the channel under it.
  const tracked = call.then(() => undefined, () => undefined);
  inflight.add(tracked);
  void tracked.finally(() => inflight.delete(tracked));
  try {
    const result = await Promise.race([call, timeout]);
    temporalCalls.inc({ call: what, outcome: 'ok' });
    return result;
  } catch (err) {
    temporalCalls.inc({ call: what, outcome: err instanceof TemporalDeadlineError ? 'timeout' : 'error' });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}


/** What a bounded Update came to: done, in the workflow's history but not finished, or not known to have arrived. */
export type BoundedUpdate<R> = { state: 'completed'; result: R } | { state: 'accepted' } | { state: 'unconfirmed' };

const UNREACHABLE = Symbol('temporal unreachable');
/** An Update not accepted by then makes the API ask whether the server is there at all. */
const UNREACHABLE_PROBE_AFTER_MS = 1_000;
const PROBE_MS = 2_000;
/** How long a failed probe's verdict stands before callers wait for a new one. */
const DOWN_VERDICT_MS = 3_000;

const reachability = new WeakMap<Client, { downAt: number; probing: Promise<boolean> | null }>();

/**
 * Asks the server's health service (bounded), one probe at a time per client; true when it
 * answered. A failure is remembered for a few seconds, so while Temporal is down callers that
 * would only wait out their bound (health, intake, completions) can answer 503 at once.
 */
export function probeTemporal(client: Client): Promise<boolean> {
  const r = reachability.get(client) ?? { downAt: 0, probing: null };
  reachability.set(client, r);
  r.probing ??= withinBound(client, PROBE_MS, 'health', () => (client.connection as Connection).healthService.check({}))
    .then(() => { r.downAt = 0; return true; }, () => { r.downAt = Date.now(); return false; })
    .finally(() => { r.probing = null; });
  return r.probing;
}

/** True while a recent probe found the server unreachable; starts a fresh probe in the background. */
export function temporalKnownDown(client: Client): boolean {
  const r = reachability.get(client);
  if (!r || !r.downAt) return false;
  void probeTemporal(client);
  return Date.now() - r.downAt < DOWN_VERDICT_MS;
}

/**
 * A slow acceptance usually means no worker has picked the Update up yet, and waiting the full
 * bound is right. But with the server itself gone there is nothing to wait for: a failed health
 * check ends the wait about 3 s in instead of TASK_COMPLETION_WAIT_MS, so callers hear 503 sooner.
 * `unreachable` settles only when the probe fails.
 */
function unreachableProbe(client: Client, afterMs: number): { unreachable: Promise<typeof UNREACHABLE>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const unreachable = new Promise<typeof UNREACHABLE>((resolve) => {
    timer = setTimeout(() => {
      void probeTemporal(client).then((up) => { if (!up && !cancelled) resolve(UNREACHABLE); });
    }, afterMs);
  });
  return { unreachable, cancel() { cancelled = true; clearTimeout(timer); } };
}

function isTimeout(err: unknown): boolean {
  return err instanceof TemporalDeadlineError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError
    || (err instanceof ServiceError && /DEADLINE_EXCEEDED|CANCELLED/.test(String((err.cause as { code?: unknown } | undefined)?.code ?? err.message)));
}

/**
 * Sends an Update and waits at most `ms` in all: first until the workflow accepts it (its validator
 * ran, so it is in history), then for its result. Rejections (validator) are thrown as usual.
 * `updateId` makes a retry attach to the same Update instead of applying it twice.
 */
export async function updateWithinBound<R, A extends [any, ...any[]]>(
  client: Client, handle: WorkflowHandle, def: UpdateDefinition<R, A>, options: { args: A; updateId: string }, ms: number,
): Promise<BoundedUpdate<R>> {
  const until = Date.now() + ms;
  // Nothing is sent while the server is known to be down: the caller answers 503 at once.
  if (temporalKnownDown(client)) return { state: 'unconfirmed' };
  let accepted;
  const probe = unreachableProbe(client, Math.min(UNREACHABLE_PROBE_AFTER_MS, ms));
  try {
    const first = await Promise.race([
      withinBound(client, ms, 'workflow update', () =>
        handle.startUpdate(def, { args: options.args, updateId: options.updateId, waitForStage: WorkflowUpdateStage.ACCEPTED } as never)),
      probe.unreachable,
    ]);
    if (first === UNREACHABLE) return { state: 'unconfirmed' };
    accepted = first;
  } catch (err) {
    if (isTimeout(err)) return { state: 'unconfirmed' };
    throw err;
  } finally {
    probe.cancel();
  }
  try {
    return { state: 'completed', result: await withinBound(client, Math.max(1, until - Date.now()), 'workflow update result', () => accepted.result()) as R };
  } catch (err) {
    if (isTimeout(err)) return { state: 'accepted' };
    throw err;
  }
}
