import { z } from 'zod';
import { trustEnv } from '@sendflow/documents';
import { databaseEnv } from '@sendflow/persistence';
import { envHostPort, envInt, parseEnv, payloadKeyEnv, refinePayloadKeyEnv, refineTemporalEnv, temporalEnv } from '@sendflow/platform';
import { notifierEnv } from '../activities/notifier';
import { mailEnv } from '../delivery/mail-settings';
import { digestEnv } from '../notifications/digest-schedule';

/**
 * The worker's settings, read and checked once at start-up (main.ts, before it connects to
 * anything) from this one schema: a bad value stops the start with one message naming every bad
 * variable. Fragments shared with the API (database, payload key, Temporal, letterhead) come from
 * libs/; the worker's own are mail, the return webhook, the digest time and its tuning knobs.
 */
const workerOwnEnv = z.object({
  // Temporal SDK metrics for Prometheus, e.g. 127.0.0.1:9464.
  WORKER_METRICS_ADDRESS: envHostPort.optional(),
  // `off` bundles every library per workflow, as before shared modules (benchmarks, or a misbehaving library).
  WORKER_SHARED_MODULES: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  // Was unchecked (a bad value meant the SDK's default); bounded now.
  WORKER_MAX_CACHED_WORKFLOWS: envInt(1, 100_000).optional(),
});

export const workerEnvSchema = z.object({
  ...databaseEnv.shape, ...payloadKeyEnv.shape, ...temporalEnv.shape, ...trustEnv.shape,
  ...mailEnv.shape, ...notifierEnv.shape, ...digestEnv.shape, ...workerOwnEnv.shape,
});

export type WorkerConfig = z.output<typeof workerEnvSchema>;

/** Parses the environment; throws one ConfigError listing each bad variable and why. Blank values count as unset. */
export function parseWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  return parseEnv(workerEnvSchema, env, 'worker configuration', [refinePayloadKeyEnv, refineTemporalEnv]);
}
