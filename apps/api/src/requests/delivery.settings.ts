import { z } from 'zod';
import { envInt } from '@sendflow/platform';
import type { InterpreterInput } from '@sendflow/workflows';

/**
 * How delivery to the LA retries before the coordinator's task opens (DELIVERY_MAX_ATTEMPTS,
 * default 5; DELIVERY_RETRY_INITIAL_SECONDS, default 30) and how long one attempt may run before
 * another worker takes it over (DELIVERY_ATTEMPT_TIMEOUT_SECONDS, at least 5). The API puts them
 * in each workflow's input, so the worker never reads them. They were unchecked (a bad value was
 * ignored); the bounds are new.
 */
export const deliveryEnv = z.object({
  DELIVERY_MAX_ATTEMPTS: envInt(1, 100).optional(),
  DELIVERY_RETRY_INITIAL_SECONDS: envInt(1, 86_400).optional(),
  DELIVERY_ATTEMPT_TIMEOUT_SECONDS: envInt(5, 86_400).optional(),
});

export type DeliveryEnv = z.output<typeof deliveryEnv>;

/** The workflow input's delivery policy; absent (the workflow's defaults) when none is set. */
export function deliverySetting(c: DeliveryEnv): Pick<InterpreterInput, 'delivery'> {
  if (c.DELIVERY_MAX_ATTEMPTS === undefined && c.DELIVERY_RETRY_INITIAL_SECONDS === undefined && c.DELIVERY_ATTEMPT_TIMEOUT_SECONDS === undefined) return {};
  return {
    delivery: {
      maximumAttempts: c.DELIVERY_MAX_ATTEMPTS ?? 5, initialIntervalSeconds: c.DELIVERY_RETRY_INITIAL_SECONDS ?? 30,
      ...(c.DELIVERY_ATTEMPT_TIMEOUT_SECONDS !== undefined ? { attemptTimeoutSeconds: c.DELIVERY_ATTEMPT_TIMEOUT_SECONDS } : {}),
    },
  };
}
