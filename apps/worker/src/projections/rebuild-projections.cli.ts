import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDataSource, databaseConfigFromEnv } from '@sendflow/persistence';
import { dataConverterFromEnv, temporalConnectConfig } from '@sendflow/platform';
import { rebuildProjections } from './projection-rebuild';

/**
 * `npm run projections:rebuild -- --all | --request <id> [--request <id> ...]`: rewrites the
 * read model from the workflows' histories (see projection-rebuild.ts). Safe to run while the
 * system is live: every write is the same idempotent upsert the activities make.
 */
async function main() {
  const { values } = parseArgs({ options: { all: { type: 'boolean' }, request: { type: 'string', multiple: true } } });
  if (!values.all && !values.request?.length) throw new Error('say --all or --request <id>');
  const ds = createDataSource({ ...databaseConfigFromEnv(process.env, 'sendflow-rebuild'), poolSize: 2 });
  await ds.initialize();
  const { connectionOptions, namespace } = temporalConnectConfig();
  const connection = await Connection.connect(connectionOptions);
  try {
    let workflowIds: string[] | undefined;
    if (values.request?.length) {
      const rows: { workflow_id: string }[] = await ds.query(`SELECT workflow_id FROM requests WHERE id = ANY($1::uuid[])`, [values.request]);
      if (rows.length !== values.request.length) throw new Error('some --request ids are not requests in this database');
      workflowIds = rows.map((r) => r.workflow_id);
    }
    const report = await rebuildProjections({ client: new Client({ connection, namespace }), dataSource: ds, workflowIds, dataConverter: dataConverterFromEnv() });
    console.log(`[rebuild] ${report.workflows} workflow(s), ${report.runs} run(s), ${report.writes} write(s)` +
      (report.skipped.length ? `; skipped ${report.skipped.length} without a request row` : ''));
  } finally {
    await connection.close();
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error('[rebuild] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
