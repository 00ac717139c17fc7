import { accessSync, constants } from 'node:fs';
import { z } from 'zod';
import { envBool, type EnvRefinement } from './env-schema';
import { temporalConnectConfig } from '../temporal-config';

const TLS_FILES = ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'] as const;

/**
 * The Temporal connection (API and worker). These are @temporalio/envconfig's names; envconfig
 * still turns them into connection options (temporalConnectConfig), but only after this schema
 * has checked them, and the refinement runs envconfig once at start-up so a file it cannot read
 * is named there rather than at the first connect.
 */
export const temporalEnv = z.object({
  TEMPORAL_ADDRESS: z.string().trim().regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().trim().regex(/^[\w.-]{1,255}$/, 'must be a namespace name (letters, digits, _ . -)').optional(),
  TEMPORAL_TASK_QUEUE: z.string().trim().regex(/^[\w.:/-]{1,200}$/, 'must be up to 200 letters, digits, _ . : / -').optional(),
  TEMPORAL_API_KEY: z.string().trim().optional(),
  TEMPORAL_TLS: envBool.optional(),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().trim().regex(/^[\w.-]{1,253}$/, 'must be a host name').optional(),
  TEMPORAL_CONFIG_FILE: z.string().optional(),
  TEMPORAL_PROFILE: z.string().optional(),
});

export type TemporalEnv = z.output<typeof temporalEnv>;

export const refineTemporalEnv: EnvRefinement = (c, ctx) => {
  let unreadable = false;
  for (const name of TLS_FILES) {
    const path = c[name];
    if (typeof path !== 'string') continue;
    try {
      accessSync(path, constants.R_OK);
    } catch {
      unreadable = true;
      ctx.addIssue({ code: 'custom', path: [name], message: 'names a file that cannot be read' });
    }
  }
  if (Boolean(c.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(c.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    ctx.addIssue({ code: 'custom', path: [c.TEMPORAL_TLS_CLIENT_CERT_PATH ? 'TEMPORAL_TLS_CLIENT_KEY_PATH' : 'TEMPORAL_TLS_CLIENT_CERT_PATH'], message: 'TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together' });
  }
  if (unreadable) return;
  try {
    const { connectionOptions } = temporalConnectConfig(temporalEnvVars(c as TemporalEnv));
    if (!/^[\w.-]+:\d{1,5}$/.test(connectionOptions.address ?? '')) ctx.addIssue({ code: 'custom', path: ['TEMPORAL_ADDRESS'], message: 'must be host:port' });
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: [c.TEMPORAL_CONFIG_FILE ? 'TEMPORAL_CONFIG_FILE' : 'TEMPORAL_*'], message: `refused by @temporalio/envconfig: ${err instanceof Error ? err.message : 'error'}` });
  }
};

/** The checked values back as the strings envconfig reads. */
export function temporalEnvVars(c: TemporalEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(temporalEnv.shape) as (keyof TemporalEnv)[]) {
    const v = c[key];
    if (v !== undefined && key !== 'TEMPORAL_TASK_QUEUE') out[key] = String(v);
  }
  return out;
}
