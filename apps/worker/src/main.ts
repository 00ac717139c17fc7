import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { TASK_QUEUE } from '@sendflow/domain';
import { createDataSource, databaseConfigFrom } from '@sendflow/persistence';
import { dataConverterFrom, temporalConnectConfig, temporalEnvVars } from '@sendflow/platform';
import { warmUpRenderers } from '@sendflow/documents';
import { ensureSearchAttributes, SearchAttributesUnverifiable } from './temporal/search-attributes';
import { parseWorkerConfig, type WorkerConfig } from './config/worker-config';
import { ensureDigestSchedule } from './notifications/digest-schedule';
import { createWorker } from './worker.factory';

/** The worker process: runs the interpreter workflow and its activities until SIGINT/SIGTERM. */
async function main() {
  // The whole environment is checked first, before anything connects: one message names every bad variable.
  const config = parseWorkerConfig(process.env);
  // Temporal SDK metrics (task slots, poll latency, sticky cache size and hits, activity and
  // workflow task failures) for Prometheus, when an address is given, e.g. 127.0.0.1:9464.
  if (config.WORKER_METRICS_ADDRESS) Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } } });
  const { connectionOptions, namespace } = temporalConnectConfig(temporalEnvVars(config));
  const dataSource = createDataSource({ ...databaseConfigFrom(config, 'sendflow-worker'), poolSize: 5 });
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
  const taskQueue = config.TEMPORAL_TASK_QUEUE ?? TASK_QUEUE;
  const worker = await createWorker({ connection, namespace, taskQueue, dataSource, config });
  console.log(`[worker] polling ${taskQueue} on ${connectionOptions.address} (${namespace})`);
  const clientConnection = await Connection.connect(connectionOptions);
  // The first document a process renders is several times slower than the next: pay that now.
  void warmUpRenderers().then((ms) => console.log(`[worker] document renderers warmed up in ${Math.round(ms)} ms`), () => undefined);
  void keepDigestSchedule(new Client({ connection: clientConnection, namespace, dataConverter: dataConverterFrom(config) }), taskQueue, config);
  await worker.run(); // resolves after shutdown, which the SDK starts on SIGINT/SIGTERM
  await clientConnection.close();
  await connection.close();
  await dataSource.destroy();
}

/** The digest's schedule is set up beside the work, never instead of it: a failure is retried, not fatal. */
async function keepDigestSchedule(client: Client, taskQueue: string, config: WorkerConfig) {
  for (let attempt = 1; ; attempt++) {
    try {
      console.log(`[worker] daily digest schedule ${await ensureDigestSchedule(client, taskQueue, config.NOTIFICATION_DIGEST_TIME)}`);
      return;
    } catch (err) {
      console.warn(`[worker] digest schedule not set up (attempt ${attempt}): ${err instanceof Error ? err.message : 'error'}`);
      await new Promise((r) => setTimeout(r, Math.min(60_000, 2_000 * attempt)).unref());
    }
  }
}

main().catch((err) => {
  console.error('[worker] fatal', err instanceof Error ? err.message : err);
  process.exit(1);
});
