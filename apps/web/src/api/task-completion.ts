/**
 * Completing a task can answer 202: the workflow has the completion in its history but had not
 * finished applying it within the API's wait (TASK_COMPLETION_WAIT_MS). That is not done yet: the
 * web says so and reads the task until it is closed, for a bounded time, before moving on.
 */
import type { Schemas } from './client';
import { ApiError } from './http';

export type CompletionAnswer = Schemas['CompletedTaskDto'] | Schemas['CompletionAcceptedDto'];
export type CompletionProgress = { state: 'processing'; since: number } | null;

export const isAccepted = (a: CompletionAnswer): a is Schemas['CompletionAcceptedDto'] => 'accepted' in a && a.accepted === true;

/** Reading every second for up to a minute covers a worker restart; past that a person should look later, not wait. */
export const COMPLETION_WAIT = { intervalMs: 1000, maxMs: 60_000 } as const;

/**
 * Reads the task until it is no longer open. Resolves with its status; rejects when it is still
 * open after `maxMs` (saying the submission was received, so it is not sent twice).
 */
export async function waitUntilClosed(
  readStatus: () => Promise<string>,
  { intervalMs, maxMs }: { intervalMs: number; maxMs: number } = COMPLETION_WAIT,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => number = Date.now,
): Promise<string> {
  const until = now() + maxMs;
  for (;;) {
    await sleep(intervalMs);
    let status: string | null = null;
    try {
      status = await readStatus();
    } catch (err) {
      // A refusal is an answer (the task is gone or no longer ours); a network blip is retried.
      if (err instanceof ApiError && err.status > 0 && err.status < 500) throw err;
    }
    if (status && status !== 'open') return status;
    if (now() >= until) {
      throw new ApiError(0, `Your submission was received, but the workflow is still processing it after ${Math.round(maxMs / 1000)} seconds. `
        + 'Do not submit it again: open the task later to see its outcome.');
    }
  }
}
