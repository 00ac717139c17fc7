import 'reflect-metadata';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { TASK_QUEUE } from '@sendflow/domain';
import { createDataSource, databaseConfigFromEnv } from '@sendflow/persistence';
import { taskQueueFromEnv, temporalConnectConfig } from '@sendflow/platform';
import { ensureSearchAttributes, SearchAttributesUnverifiable } from './temporal/search-attributes';
import { createWorker } from './worker.factory';

/** The worker process: runs the interpreter workflow and its activities until SIGINT/SIGTERM. */
async function main() {
  // Temporal SDK metrics (task slots, poll latency, sticky cache size and hits, activity and
  // workflow task failures) for Prometheus, when an address is given, e.g. 127.0.0.1:9464.
  const metricsAddress = process.env.WORKER_METRICS_ADDRESS?.trim();
  if (metricsAddress) {
    if (!/^[\w.-]+:\d{1,5}$/.test(metricsAddress)) throw new Error(`WORKER_METRICS_ADDRESS must be host:port (got "${metricsAddress}")`);
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } });
  }
  const { connectionOptions, namespace } = temporalConnectConfig();
  const dataSource = createDataSource({ ...databaseConfigFromEnv(process.env, 'sendflow-worker'), poolSize: 5 });
  await dataSource.initialize();
  const connection = await NativeConnection.connect(connectionOptions);
  // Intake sets these and Temporal refuses a start with an unregistered one: fail here, by name, not at the first intake.
  // Where the operator API is not served at all, say so and run: registering them is then the deploy's job.
  const attributes = await ensureSearchAttributes(connection, namespace).catch((err: unknown) => {
    if (!(err instanceof SearchAttributesUnverifiable)) throw err;
    console.warn(`[worker] ${err.message}; make sure SendflowStatus, SendflowLa (Keyword) and SendflowDue (Datetime) are registered`);
    return null;
  });
  if (attributes?.added.length) console.log(`[worker] registered search attributes ${attributes.added.join(', ')} on ${namespace}`);
  const taskQueue = taskQueueFromEnv(process.env, TASK_QUEUE);
  const worker = await createWorker({ connection, namespace, taskQueue, dataSource });
  console.log(`[worker] polling ${taskQueue} on ${connectionOptions.address} (${namespace})`);
  await worker.run(); // resolves after shutdown, which the SDK starts on SIGINT/SIGTERM
  await connection.close();
  await dataSource.destroy();
}

main().catch((err) => {
  console.error('[worker] fatal', err instanceof Error ? err.message : err);
  process.exit(1);
});
