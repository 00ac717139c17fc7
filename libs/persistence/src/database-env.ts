import { z } from 'zod';
import { envInt, parseEnv } from '@sendflow/platform';
import type { DatabaseConfig } from './data-source';

/** The database settings, one fragment of both the API's and the worker's environment schema. */
export const databaseEnv = z.object({
  DATABASE_URL: z.string().trim().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (npm start sets it to the embedded database)'),
  DATABASE_SCHEMA: z.string().trim().regex(/^[a-z_][a-z0-9_]{0,62}$/i, 'must be a schema name').optional(),
  DATABASE_POOL_SIZE: envInt(1, 200).optional(),
  DATABASE_ACQUIRE_TIMEOUT_MS: envInt(100, 120_000).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: envInt(100, 3_600_000).default(15_000),
});

export type DatabaseEnv = z.output<typeof databaseEnv>;

export function databaseConfigFrom(c: DatabaseEnv, applicationName?: string): DatabaseConfig {
  return {
    url: c.DATABASE_URL, schema: c.DATABASE_SCHEMA, poolSize: c.DATABASE_POOL_SIZE, applicationName,
    acquireTimeoutMs: c.DATABASE_ACQUIRE_TIMEOUT_MS, statementTimeoutMs: c.DATABASE_STATEMENT_TIMEOUT_MS,
  };
}

/** For CLIs, benches and tests, which read the environment directly; checked by the same fragment. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env, applicationName?: string): DatabaseConfig {
  return databaseConfigFrom(parseEnv(databaseEnv, env, 'database settings'), applicationName);
}
