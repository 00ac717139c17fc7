import { z } from 'zod';
import { databaseEnv } from '@sendflow/persistence';
import { ConfigError, envBool as bool, envInt as int, parseEnv, payloadKeyEnv, refinePayloadKeyEnv, refineTemporalEnv, temporalEnv, type EnvRefinement } from '@sendflow/platform';
import { trustEnv } from '@sendflow/documents';
import { authEnv, refineAuthEnv } from '../auth/auth.config';
import { oidcEnv, refineOidcEnv } from '../auth/oidc/oidc.config';
import { caseloadEnv, refineCaseloadEnv } from '../requests/caseload.settings';
import { receiptEnv } from '../requests/deadline.policy';
import { deliveryEnv } from '../requests/delivery.settings';
import { documentMaxBytesEnv } from '../request-documents/request-documents.settings';

export { ConfigError };

const size = z.string().trim().regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 256kb');

/**
 * The API's settings, read and checked once at start-up (createApp) from this one schema: a bad
 * value stops the start with one message naming every bad variable, rather than a 500 later.
 * Fragments shared with the worker (database, payload key, Temporal, letterhead) come from libs/;
 * the API's own features contribute theirs (auth, OIDC, caseload, receipt, delivery). Code gets
 * typed settings from apiConfig() or the providers built from it, never from process.env.
 */
const apiOwnEnv = z.object({
  NODE_ENV: z.string().trim().optional(),
  API_PORT: int(0, 65_535).default(3000),
  API_HOST: z.string().trim().min(1).default('127.0.0.1'),
  BODY_LIMIT: size.default('256kb'),
  IMPORT_BODY_LIMIT: size.default('20mb'),
  CORS_ORIGINS: z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)).pipe(
    z.array(z.string().regex(/^https?:\/\/[^\s/,]+$/, 'must be http(s)://host[:port] origins separated by commas'))).default([]),
  // Express's `trust proxy`: true/false, a hop count, or addresses and subnets (loopback, 10.0.0.0/8, ...).
  TRUST_PROXY: z.string().trim().regex(/^[\w.:/, -]+$/, 'must be true, false, a hop count or addresses/subnets separated by commas')
    .transform((v): boolean | number | string => (v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)).default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TEMPORAL_CALL_TIMEOUT_MS: int(100, 120_000).default(3_000),
  TASK_COMPLETION_WAIT_MS: int(100, 600_000).default(10_000),
  IDEMPOTENCY_TTL_HOURS: int(24, 24 * 30).default(24),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  SEED_DEMO: bool.default(false),
  AUDIT_READ_WINDOW_SECONDS: int(0, 86_400).default(300),
  // Low values are for tests that need several runs quickly; Temporal's own suggestion still applies above this.
  WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS: int(10, 50_000).optional(),
  DEFAULT_SOP_KEY: z.string().trim().regex(/^[a-z][a-z0-9-]{1,60}$/, 'must be a SOP key').default('ehcna-health-advice'),
  DOCUMENT_MAX_BYTES: documentMaxBytesEnv,
  // Where new request documents' bytes go (each row records where its own are, so both stay readable).
  DOCUMENT_STORAGE: z.enum(['postgres', 's3'], { message: 'must be postgres or s3' }).default('postgres'),
  S3_ENDPOINT: z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http(s):// URL').optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as eu-west-2').default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3-63 lower-case letters, digits, dots, hyphens)').optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).max(256).optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_./-]{0,200}$/, 'must be up to 200 letters, digits, _ . / -').default('request-documents/'),
  S3_SSE: z.enum(['AES256', 'aws:kms', 'aws:kms:dsse'], { message: 'must be AES256, aws:kms or aws:kms:dsse' }).optional(),
  S3_SSE_KMS_KEY_ID: z.string().min(1).max(2048).optional(),
  S3_TIMEOUT_MS: int(100, 120_000).default(5_000),
});

const refineS3: EnvRefinement = (c, ctx) => {
  if (c.DOCUMENT_STORAGE === 's3' && !c.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when DOCUMENT_STORAGE=s3' });
  if (Boolean(c.S3_ACCESS_KEY_ID) !== Boolean(c.S3_SECRET_ACCESS_KEY)) {
    ctx.addIssue({ code: 'custom', path: [c.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither: the AWS default credential chain)' });
  }
  if (c.S3_SSE_KMS_KEY_ID && !(typeof c.S3_SSE === 'string' && c.S3_SSE.startsWith('aws:kms'))) ctx.addIssue({ code: 'custom', path: ['S3_SSE_KMS_KEY_ID'], message: 'needs S3_SSE=aws:kms or aws:kms:dsse' });
};

export const apiEnvSchema = z.object({
  ...databaseEnv.shape, ...payloadKeyEnv.shape, ...temporalEnv.shape, ...trustEnv.shape,
  ...authEnv.shape, ...oidcEnv.shape, ...caseloadEnv.shape, ...receiptEnv.shape, ...deliveryEnv.shape,
  ...apiOwnEnv.shape,
});

const apiRefinements = [refinePayloadKeyEnv, refineTemporalEnv, refineAuthEnv, refineOidcEnv, refineCaseloadEnv, refineS3];

export type ApiConfig = z.output<typeof apiEnvSchema>;

/** Parses the environment; throws one ConfigError listing each bad variable and why. Blank values count as unset. */
export function parseApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  return parseEnv(apiEnvSchema, env, 'configuration', apiRefinements);
}

let current: ApiConfig | undefined;

/** The configuration validated at start-up (createApp calls loadApiConfig before building anything). */
export function apiConfig(): ApiConfig {
  current ??= parseApiConfig(process.env);
  return current;
}

/** Reads and validates the environment afresh (each createApp, so tests that change variables get theirs). */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  current = parseApiConfig(env);
  return current;
}
