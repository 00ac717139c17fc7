import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDataSource, databaseConfigFromEnv } from '@sendflow/persistence';
import { dataConverterFromEnv, temporalConnectConfig } from '@sendflow/platform';
import { requestStateQuery } from '@sendflow/workflows';
import { rebuildProjections } from './projection-rebuild';

/**
 * `npm run projections:check [-- --request <id> ...] [--repair]`: lists every request whose
 * database view disagrees with its workflow — status, the open tasks of the request workflow, a
 * closed workflow with an open row, open activity incidents — and with `--repair` rewrites those
 * requests' read model from history (the projection rebuild). Prints ids and statuses only.
 */
const CLOSED = new Set(['returned', 'not_known', 'cancelled']);
const CALL_MS = 5_000;

interface Row { id: string; workflow_id: string; status: string; open_tasks: string[] | null; incidents: number }

async function main() {
  const { values } = parseArgs({ options: { request: { type: 'string', multiple: true }, repair: { type: 'boolean' } } });
  const ds = createDataSource({ ...databaseConfigFromEnv(process.env, 'sendflow-check'), poolSize: 2 });
  await ds.initialize();
  const { connectionOptions, namespace } = temporalConnectConfig();
  const connection = await Connection.connect(connectionOptions);
  const client = new Client({ connection, namespace, dataConverter: dataConverterFromEnv() });
  try {
    const rows: Row[] = await ds.query(
      `SELECT r.id, r.workflow_id, r.status,
              (SELECT array_agg(t.id::text) FROM tasks t WHERE t.request_id = r.id AND t.status = 'open' AND t.workflow_id = r.workflow_id) AS open_tasks,
              (SELECT count(*)::int FROM activity_incidents i WHERE i.request_id = r.id AND i.resolved_at IS NULL) AS incidents
       FROM requests r ${values.request?.length ? 'WHERE r.id = ANY($1::uuid[])' : ''} ORDER BY r.created_at`,
      values.request?.length ? [values.request] : [],
    );
    const disagreements: { id: string; workflowId: string; why: string }[] = [];
    for (const row of rows) {
      const why: string[] = [];
      try {
        const handle = client.workflow.getHandle(row.workflow_id);
        const described = await client.withDeadline(Date.now() + CALL_MS, () => handle.describe());
        if (described.status.name === 'RUNNING') {
          const state = await client.withDeadline(Date.now() + CALL_MS, () => handle.query(requestStateQuery));
          if (state.status !== row.status) why.push(`status: database ${row.status}, workflow ${state.status}`);
          const wfOpen = new Set(state.tasks.filter((t) => t.status === 'open').map((t) => t.id));
          const dbOpen = new Set(row.open_tasks ?? []);
          const missing = [...wfOpen].filter((t) => !dbOpen.has(t));
          const stale = [...dbOpen].filter((t) => !wfOpen.has(t));
          if (missing.length) why.push(`${missing.length} open task(s) missing from the database`);
          if (stale.length) why.push(`${stale.length} task(s) open in the database but not in the workflow`);
        } else if (!CLOSED.has(row.status)) {
          why.push(`workflow ${described.status.name.toLowerCase()}, database ${row.status}`);
        }
      } catch (err) {
        why.push(`workflow not readable: ${err instanceof Error ? err.name : 'error'}`);
      }
      if (row.incidents) why.push(`${row.incidents} open activity incident(s)`);
      if (why.length) disagreements.push({ id: row.id, workflowId: row.workflow_id, why: why.join('; ') });
    }
    for (const d of disagreements) console.log(`[check] ${d.id}: ${d.why}`);
    console.log(`[check] ${rows.length} request(s) checked, ${disagreements.length} disagree`);
    if (values.repair && disagreements.length) {
      const report = await rebuildProjections({ client, dataSource: ds, workflowIds: disagreements.map((d) => d.workflowId), dataConverter: dataConverterFromEnv() });
      console.log(`[check] repaired through the projection rebuild: ${report.workflows} workflow(s), ${report.writes} write(s), ${report.incidentsResolved} incident(s) resolved`);
    }
    process.exitCode = disagreements.length && !values.repair ? 2 : 0;
  } finally {
    await connection.close();
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error('[check] failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
