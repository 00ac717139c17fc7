import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { resolve } from 'node:path';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import type { DataSource } from 'typeorm';
import { trustSettingsFrom } from '@sendflow/documents';
import { dataConverterFrom } from '@sendflow/platform';
import { parseWorkerConfig, type WorkerConfig } from './config/worker-config';
import { clockActivities, createInterpreterActivities } from './activities/interpreter.activities';
import { createNotifier } from './activities/notifier';
import { mailSettingsFrom } from './delivery/mail-settings';
import { createDocumentActivities } from './delivery/document.activities';
import { createDigestActivities } from './notifications/digest.activities';

const repoRoot = resolve(__dirname, '../../..');

/**
 * Modules loaded once into the worker's shared V8 context (the SDK's `preloadModules`) instead of
 * once per workflow: the three libraries workflow code imports, and zod with them. Without this,
 * every new workflow evaluated its own copy of zod and of the domain library, which parsed the
 * shipped forms at load: most of a new workflow's CPU and of a cached one's heap (README,
 * Performance). The SDK deep-freezes what shared modules export, so these libraries must export
 * nothing that changes after load: zod completes a schema on first use, so form schemas are built
 * on demand into a module-private memo (libs/domain/src/form-schema.ts) and no schema is exported
 * (libs/domain/src/core.frozen.spec.ts freezes the library the same way and checks every form).
 * Workflow modules themselves (workflows/) are never shared: they hold each workflow's state.
 */
export const SHARED_WORKFLOW_MODULES: string[] = ['@sendflow/calendar', '@sendflow/sop', '@sendflow/domain'];

export interface BundleLayout { preloadModules: string[]; pathsConfig: string }
/** What the worker bundles now: slim library entries, loaded once and shared by every workflow. */
export const SLIM_BUNDLE: BundleLayout = { preloadModules: SHARED_WORKFLOW_MODULES, pathsConfig: 'workflows/tsconfig.bundle.json' };
/** The SDK's defaults with the whole libraries: every module per workflow (what ran before). */
export const FULL_BUNDLE: BundleLayout = { preloadModules: [], pathsConfig: 'tsconfig.json' };
/** `WORKER_SHARED_MODULES=off` bundles as before (to compare in the benchmarks, or if a shared library misbehaves). */
const bundleLayout = (c: Pick<WorkerConfig, 'WORKER_SHARED_MODULES'>) => (c.WORKER_SHARED_MODULES === 'off' ? FULL_BUNDLE : SLIM_BUNDLE);
// Tests and CLIs bundle without the worker's parsed configuration.
const layoutFromEnv = () => bundleLayout({ WORKER_SHARED_MODULES: process.env.WORKER_SHARED_MODULES?.trim() === 'off' ? 'off' : 'on' });

/**
 * Bundles `workflows/` on its own (the SDK's bundler ignores tsconfig paths, so the plugin maps
 * `@sendflow/*` for it). Tests bundle once per run and share the result.
 */
export async function bundleWorkflows({ preloadModules, pathsConfig }: BundleLayout = layoutFromEnv()): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: resolve(repoRoot, 'workflows/index.ts'),
    preloadModules,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      // workflows/tsconfig.bundle.json maps @sendflow/domain and @sendflow/sop to their entries without
      // the HTTP contracts, which workflow code never needs (when every workflow evaluated its own
      // copy of the libraries, those schemas were most of its memory: README, Performance).
      config.resolve.plugins = [...(config.resolve.plugins ?? []), new TsconfigPathsPlugin({ configFile: resolve(repoRoot, pathsConfig) })];
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
  /** The worker's checked settings (main.ts parses them at start-up); tests that omit them get the environment's, checked the same way. */
  config?: WorkerConfig;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  const config = opts.config ?? parseWorkerConfig(process.env);
  const mail = mailSettingsFrom(config);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    workflowBundle: opts.workflowBundle ?? (await bundleWorkflows(bundleLayout(config))),
    activities: {
      ...createInterpreterActivities(opts.dataSource, createNotifier(config), mail), ...createDocumentActivities(opts.dataSource, { mail, trust: trustSettingsFrom(config) }),
      ...createDigestActivities(opts.dataSource, mail), ...clockActivities,
    },
    // The same payload encryption as the API's client: both ends must agree.
    dataConverter: dataConverterFrom(config),
    // Two cores: keep concurrency modest so activities do not starve the API on the same box.
    maxConcurrentActivityTaskExecutions: 20,
    // Each cached request holds about 0.2 MB of heap once the libraries are shared (README, Performance): bound it where memory is tight.
    ...(config.WORKER_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS } : {}),
  });
}

