import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { dataConverterFromEnv } from '@sendflow/platform';
import { EHCNA_DEFAULT_SOP } from '@sendflow/sop';
import { requestWorkflowId } from '@sendflow/domain';
import { sopInterpreterWorkflow } from '@sendflow/workflows';
import { createApp } from '../apps/api/src/app.factory';
import { newRequestBody } from './support/fixtures';
import { httpClient, USERS } from './support/http';
import { startStack, type Stack } from './support/stack';
import { testEnv, uniqueSuffix } from './support/test-env';

/** A request row never exists without its workflow, nor a workflow without its row. */
describe('intake consistency when one of the two writes fails', () => {
  let stack: Stack;
  beforeAll(async () => { stack = await startStack(); });
  afterAll(async () => stack?.close());

  it('writes no row when the workflow cannot be started', async () => {
    const saved = process.env.TEMPORAL_NAMESPACE;
    process.env.TEMPORAL_NAMESPACE = `missing-${uniqueSuffix()}`; // the start fails: no such namespace
    const app = await createApp();
    process.env.TEMPORAL_NAMESPACE = saved;
    try {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as { port: number };
      const body = newRequestBody();
      const res = await httpClient(`http://127.0.0.1:${port}/api`).post('/requests', USERS.coordinator, body);
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/nothing was saved/);
      const rows = await stack.ds.query(`SELECT 1 FROM requests WHERE workflow_id = $1`, [requestWorkflowId(body.localAuthorityCode, body.laReference)]);
      expect(rows).toHaveLength(0);
      const audit = await stack.ds.query(`SELECT 1 FROM audit_events WHERE after->>'workflowId' = $1`, [requestWorkflowId(body.localAuthorityCode, body.laReference)]);
      expect(audit).toHaveLength(0);
    } finally {
      await app.close();
    }
  });

  it('a workflow whose intake row never commits ends itself, leaving nothing behind', async () => {
    const connection = await Connection.connect({ address: testEnv().temporalAddress });
    try {
      const client = new Client({ connection, dataConverter: dataConverterFromEnv() });
      const workflowId = requestWorkflowId('E06000023', `LOST-${uniqueSuffix()}`);
      const handle = await client.workflow.start(sopInterpreterWorkflow, {
        workflowId, taskQueue: stack.taskQueue,
        args: [{
          requestId: '00000000-0000-5000-8000-000000000001', sopVersionId: '00000000-0000-5000-8000-000000000002', sop: EHCNA_DEFAULT_SOP, intakeGraceSeconds: 3,
          request: { localAuthorityCode: 'E06000023', laReference: 'LOST', ehcpFlag: false, adviceType: 'needs_assessment', receivedAt: new Date().toISOString(),
            effectiveReceiptDate: '2026-11-20', statutoryDueDate: '2027-01-01', statutoryDueAt: '2027-01-02T00:00:00.000Z' },
        }],
      });
      const result = await handle.result();
      expect(result.status).toBe('cancelled');
      expect(result.tasks).toHaveLength(0);
      const rows = await stack.ds.query(`SELECT 1 FROM requests WHERE workflow_id = $1`, [workflowId]);
      expect(rows).toHaveLength(0);
      // RECORD_REPLAY_HISTORIES=<dir> saves this orphan's history for test/replay (the path that never finds its row).
      const dir = process.env.RECORD_REPLAY_HISTORIES;
      if (dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'intake-never-committed.json'), historyToJSON(await handle.fetchHistory()));
      }
    } finally {
      await connection.close();
    }
  });
});
