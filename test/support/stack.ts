import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createDataSource, seed } from '@sendflow/persistence';
import { createApp } from '../../apps/api/src/app.factory';
import { bundleWorkflows, createWorker } from '../../apps/worker/src/worker.factory';
import { testEnv, uniqueSuffix } from './test-env';

/**
 * `npm test` migrates and seeds before Jest starts, with a DEMO_PASSWORD for the run. A database
 * prepared another way (a developer's own schema) is brought up to date here, and its demo users
 * get a random password for this process, so `httpClient` can sign them in either way.
 */
async function prepareDatabase(ds: DataSource): Promise<void> {
  await ds.runMigrations({ transaction: 'each' });
  if (process.env.DEMO_PASSWORD) return;
  process.env.DEMO_PASSWORD = randomBytes(18).toString('base64url');
  await seed(ds, { demo: true, demoPassword: process.env.DEMO_PASSWORD });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/**
 * Bundling takes seconds: `npm test` bundles once per run (infra/test.mjs writes the file named by
 * SENDFLOW_TEST_WORKFLOW_BUNDLE); a test file run on its own bundles once for itself.
 */
export function workflowBundle() {
  const file = process.env.SENDFLOW_TEST_WORKFLOW_BUNDLE;
  bundle ??= file && existsSync(file)
    ? Promise.resolve(JSON.parse(readFileSync(file, 'utf8')) as WorkflowBundleWithSourceMap)
    : bundleWorkflows();
  return bundle;
}

export interface Stack {
  baseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  app: INestApplication;
  ds: DataSource;
  worker: Worker | null;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API and a worker in this process, against the run's real Temporal server and database,
 * on a task queue of the file's own.
 */
export async function startStack({ withWorker = true, temporalAddress, taskQueue: queue }: { withWorker?: boolean; temporalAddress?: string; taskQueue?: string } = {}): Promise<Stack> {
  const env = testEnv();
  const address = temporalAddress ?? env.temporalAddress;
  const taskQueue = queue ?? `test-${uniqueSuffix()}`;
  process.env.TEMPORAL_TASK_QUEUE = taskQueue;
  process.env.TEMPORAL_ADDRESS = address;
  const ds = createDataSource({ url: env.databaseUrl, schema: env.databaseSchema, poolSize: 4 });
  await ds.initialize();
  await prepareDatabase(ds);
  const app = await createApp();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const connection = await NativeConnection.connect({ address });
  let running: Promise<void> | null = null;
  const stack: Stack = {
    baseUrl: `http://127.0.0.1:${port}/api`,
    temporalAddress: address,
    taskQueue,
    app,
    ds,
    worker: null,
    async startWorker() {
      stack.worker = await createWorker({ connection, namespace: 'default', taskQueue, dataSource: ds, workflowBundle: await workflowBundle() });
      running = stack.worker.run();
    },
    async stopWorker() {
      if (stack.worker && stack.worker.getState() === 'RUNNING') stack.worker.shutdown();
      await running;
      stack.worker = null;
    },
    async close() {
      await stack.stopWorker();
      await connection.close();
      await app.close();
      await ds.destroy();
    },
  };
  if (withWorker) await stack.startWorker();
  return stack;
}
