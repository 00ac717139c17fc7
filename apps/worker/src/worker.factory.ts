import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { resolve } from 'node:path';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import type { DataSource } from 'typeorm';
import { dataConverterFromEnv } from '@sendflow/platform';
import { clockActivities, createInterpreterActivities } from './activities/interpreter.activities';
import { createDocumentActivities } from './delivery/document.activities';
import { createDigestActivities } from './notifications/digest.activities';

const repoRoot = resolve(__dirname, '../../..');

/**
 * Bundles `workflows/` on its own (the SDK's bundler ignores tsconfig paths, so the plugin maps
 * `@sendflow/*` for it). Tests bundle once per run and share the result.
 */
export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: resolve(repoRoot, 'workflows/index.ts'),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.plugins = [...(config.resolve.plugins ?? []), new TsconfigPathsPlugin({ configFile: resolve(repoRoot, 'tsconfig.json') })];
      return config;
    },
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as never,
  });
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  workflowBundle?: WorkflowBundleWithSourceMap;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: opts.workflowBundle ?? (await bundleWorkflows()),
    activities: { ...createInterpreterActivities(opts.dataSource), ...createDocumentActivities(opts.dataSource), ...createDigestActivities(opts.dataSource), ...clockActivities },
    // The same payload encryption as the API's client: both ends must agree.
    dataConverter: dataConverterFromEnv(),
    // Two cores: keep concurrency modest so activities do not starve the API on the same box.
    maxConcurrentActivityTaskExecutions: 20,
    // Each cached request costs about 2 MB (see README, Performance): bound it where memory is tight.
    ...cacheLimitFromEnv(),
  });
}

function cacheLimitFromEnv(): { maxCachedWorkflows?: number } {
  const n = Number(process.env.WORKER_MAX_CACHED_WORKFLOWS);
  return Number.isInteger(n) && n > 0 ? { maxCachedWorkflows: n } : {};
}
