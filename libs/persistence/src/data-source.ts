import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseConfig {
  url: string;
  /** Postgres schema to use; tests get a fresh one per run. Defaults to `public`. */
  schema?: string;
  poolSize?: number;
  applicationName?: string;
  /** Longest wait for a pooled connection before the call fails (and the API answers 503). */
  acquireTimeoutMs?: number;
  /** Longest any one statement may run; also bounds a transaction left idle by a stuck caller. */
  statementTimeoutMs?: number;
}

/**
 * One definition of the connection for the API, the worker, the migration runner and the tests.
 * `synchronize` is off: the schema only ever changes through migrations.
 */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const schema = config.schema && config.schema !== 'public' ? config.schema : undefined;
  return {
    type: 'postgres',
    url: config.url,
    schema,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // Not 'error': TypeORM would print failed queries with their parameters, i.e. personal data.
    logging: ['warn', 'migration'],
    // gen_random_uuid() is built in on PostgreSQL 13+ and PGlite; uuid-ossp is not on PGlite.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    applicationName: config.applicationName ?? 'sendflow',
    extra: {
      max: config.poolSize ?? 10,
      // Bounded waits: a full pool or an unreachable server fails fast instead of queueing callers for ever.
      connectionTimeoutMillis: config.acquireTimeoutMs ?? 5_000,
      statement_timeout: config.statementTimeoutMs ?? 15_000,
      idle_in_transaction_session_timeout: (config.statementTimeoutMs ?? 15_000) * 2,
      // Unqualified names in migrations and queries resolve to the configured schema.
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    },
  };
}

export function createDataSource(config: DatabaseConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}
