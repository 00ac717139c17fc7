import { z } from 'zod';

/**
 * The API's settings, read and checked once at start-up from this one schema: a bad value stops
 * the start with a message naming every bad variable, rather than surfacing as a 500 later.
 * (Sign-in settings have their own reader, AuthConfig; Temporal's connection settings are read
 * by @temporalio/envconfig; both run at start-up too.)
 */
const int = (min: number, max: number) => z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(min).max(max));
const bool = z.string().trim().toLowerCase().pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' }))
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const apiEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/i, 'must be a schema name').optional(),
  DATABASE_POOL_SIZE: int(1, 200).optional(),
  DATABASE_ACQUIRE_TIMEOUT_MS: int(100, 120_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: int(100, 3_600_000).default(15_000),
  API_PORT: int(0, 65_535).default(3000),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 256kb').default('256kb'),
  CORS_ORIGINS: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TEMPORAL_CALL_TIMEOUT_MS: int(100, 120_000).default(3_000),
  TASK_COMPLETION_WAIT_MS: int(100, 600_000).default(10_000),
  IDEMPOTENCY_TTL_HOURS: int(24, 24 * 30).default(24),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  SEED_DEMO: bool.optional(),
  AUDIT_READ_WINDOW_SECONDS: int(0, 86_400).optional(),
  WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS: int(100, 50_000).optional(),
  DEFAULT_SOP_KEY: z.string().regex(/^[a-z][a-z0-9-]{1,60}$/, 'must be a SOP key').optional(),
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
}).superRefine((c, ctx) => {
  if (c.DOCUMENT_STORAGE === 's3' && !c.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required when DOCUMENT_STORAGE=s3' });
  if (Boolean(c.S3_ACCESS_KEY_ID) !== Boolean(c.S3_SECRET_ACCESS_KEY)) {
    ctx.addIssue({ code: 'custom', path: [c.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither: the AWS default credential chain)' });
  }
  if (c.S3_SSE_KMS_KEY_ID && !c.S3_SSE?.startsWith('aws:kms')) ctx.addIssue({ code: 'custom', path: ['S3_SSE_KMS_KEY_ID'], message: 'needs S3_SSE=aws:kms or aws:kms:dsse' });
});

export type ApiConfig = z.infer<typeof apiEnvSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; throws one ConfigError listing each bad variable and why. Blank values count as unset. */
export function parseApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = apiEnvSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}${i.code === 'invalid_type' && i.input === undefined ? ' (required)' : ''}`);
  throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
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
