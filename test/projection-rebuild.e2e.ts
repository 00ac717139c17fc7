import { spawnSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { dataConverterFromEnv } from '@sendflow/platform';
import { rebuildProjections } from '../apps/worker/src/projections/projection-rebuild';
import { eventually, httpClient, USERS } from './support/http';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { testEnv } from './support/test-env';
import { waitForOpenTask, waitForStatus } from './support/tasks';
import { loadApiConfig } from '../apps/api/src/config/api-config';

/**
 * PostgreSQL holds projections; the workflows hold the truth. Wipe a request's read model and
 * rebuild it from Temporal's histories (including its per-service child workflows and a
 * continue-as-new), and it comes back exactly as it was.
 */
describe('projection rebuild from workflow histories', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    connection = await Connection.connect({ address: stack.temporalAddress });
    client = new Client({ connection });
  });
  afterAll(async () => {
    delete process.env.WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS;
    await connection?.close();
    await stack?.close();
  });

  const snapshot = async (id: string) => ({
    request: (await stack.ds.query(
      `SELECT status, overdue, allocated_services, statutory_due_date, base_due_date, deadline_explanation, deadline_exceptions, compiled_advice,
              not_known_details, returned_at, return_details FROM requests WHERE id = $1`, [id]))[0],
    tasks: await stack.ds.query(
      `SELECT id, workflow_id, node_path, label, role, service_code, form, status, attempt, due_date, outcome, data, completed_by, completed_at, assignee_id, opened_at
       FROM tasks WHERE request_id = $1 ORDER BY opened_at, id`, [id]),
    timeline: await stack.ds.query(`SELECT id, seq, kind, at, summary, node_id, task_id, service_code, actor_id, data FROM timeline_events WHERE request_id = $1 ORDER BY id`, [id]),
    // The receiver's answer and failed attempts are not in history (README): compared without them.
    documents: await stack.ds.query(
      `SELECT id, kind, version, model, correction_reason, delivery_status, delivery_channel, delivered_at, created_at FROM document_versions WHERE request_id = $1 ORDER BY version`, [id]),
    // The per-contribution report summary the triggers keep (rework, approval, allocation) comes back identical too.
    contributions: await stack.ds.query(
      `SELECT service_code, allocated, counted, due_date, responded_on, allocated_at, approved_at, approved_on, reworked
       FROM report_contributions WHERE request_id = $1 ORDER BY service_code`, [id]),
    // The audit log is never wiped; a rebuild must not add to it either.
    auditedSteps: (await stack.ds.query(`SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 AND source_event_id IS NOT NULL`, [id]))[0].n,
  });

  /** What a lost projection looks like: the API's intake row alone. */
  const wipe = async (id: string) => {
    await stack.ds.query(`DELETE FROM document_versions WHERE request_id = $1`, [id]);
    await stack.ds.query(`DELETE FROM timeline_events WHERE request_id = $1`, [id]);
    await stack.ds.query(`DELETE FROM tasks WHERE request_id = $1`, [id]);
    await stack.ds.query(
      `UPDATE requests SET status = 'received', overdue = false, allocated_services = '{}', compiled_advice = NULL, not_known_details = NULL,
         returned_at = NULL, return_details = NULL, deadline_exceptions = '[]', statutory_due_date = base_due_date WHERE id = $1`, [id]);
  };

  it('a returned request with two services, a rework loop, a pause and an assignment comes back identical', async () => {
    // The API reads its settings once; this test has them read again around the one intake.
    process.env.WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS = '40';
    loadApiConfig();
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    delete process.env.WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS;
    loadApiConfig();
    const id = created.body.id;
    const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    await http.post(`/requests/${id}/statutory-exceptions`, USERS.coordinator, { type: 'extension', kind: 'missed_appointment', days: 5, evidence: 'Missed clinic, rebooked' });
    await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT', 'OT'] } });
    const allocate = await waitForOpenTask(http, id, USERS.coordinator, 'allocate');
    await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT', 'OT'] } });
    const sltDraft = await waitForOpenTask(http, id, USERS.slt, 'services/draft', 'SLT');
    const slt = (await stack.ds.query(`SELECT id FROM users WHERE email = $1`, [USERS.slt]))[0].id;
    expect((await http.post(`/tasks/${sltDraft.id}/assign`, USERS.leadSlt, { assigneeId: slt })).status).toBe(200);
    await http.post(`/tasks/${sltDraft.id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma });
    const review = await waitForOpenTask(http, id, USERS.qa, 'services/review', 'SLT');
    await http.post(`/tasks/${review.id}/complete`, USERS.qa, { outcome: 'rework', data: { ...allCriteriaMet, comments: 'Date the observations.' } });
    for (const [svc, as] of [['SLT', USERS.slt], ['OT', USERS.ot]] as const) {
      const draft = await waitForOpenTask(http, id, as, 'services/draft', svc);
      await http.post(`/tasks/${draft.id}/complete`, as, { outcome: 'submitted', data: proForma });
      const r = await waitForOpenTask(http, id, USERS.qa, 'services/review', svc);
      await http.post(`/tasks/${r.id}/complete`, USERS.qa, { outcome: 'approved', data: allCriteriaMet });
    }
    const ret = await waitForOpenTask(http, id, USERS.coordinator, 'return');
    await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'send.team@la.example.gov.uk' } });
    await waitForStatus(http, id, USERS.coordinator, 'returned');
    // A correction after return (its own workflow): OT amends, version 2 goes.
    expect((await http.post(`/requests/${id}/advice-documents/corrections`, USERS.coordinator, { reason: 'The OT section named the wrong school', services: ['OT'] })).status).toBe(202);
    const amend = await waitForOpenTask(http, id, USERS.ot, 'correction/amend', 'OT');
    await http.post(`/tasks/${amend.id}/complete`, USERS.ot, { outcome: 'submitted', data: { ...proForma, strengths: 'Amended strengths.' } });
    const send = await waitForOpenTask(http, id, USERS.coordinator, 'correction/send_correction');
    await http.post(`/tasks/${send.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'portal', sentTo: 'EHC Hub' } });
    await eventually(async () => (await http.get(`/requests/${id}/advice-documents`, USERS.coordinator)).body[1]?.deliveryStatus === 'delivered', { what: 'version 2 delivered' });
    // The correction writes its "delivered" timeline entry after the delivery: let its run end first.
    await ended(`${created.body.workflowId}/correction/v2`);
    // Stop the worker so nothing writes behind the rebuild's back.
    await stack.stopWorker();
    try {
      await wipeAndRebuild(id, created.body.workflowId);
    } finally {
      await stack.startWorker();
    }
  });

  /** Waits until a workflow's run has ended (everything it writes is written by then). */
  function ended(workflowId: string) {
    return eventually(async () => (await client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING' || undefined, { what: `${workflowId} ended` });
  }

  async function wipeAndRebuild(id: string, workflowId: string) {
    const before = await snapshot(id);
    expect(before.tasks).toHaveLength(11); // nine on the request's path, two for the correction
    expect(before.documents.map((d: { version: number; delivery_status: string }) => [d.version, d.delivery_status])).toEqual([[1, 'delivered'], [2, 'delivered']]);
    expect(before.request.deadline_exceptions).toHaveLength(1);
    expect(before.auditedSteps).toBe(before.timeline.length);
    expect(before.contributions.map((c: { service_code: string; reworked: boolean; approved_on: unknown }) => [c.service_code, c.reworked, c.approved_on !== null]))
      .toEqual([['OT', false, true], ['SLT', true, true]]);
    await wipe(id);
    expect((await snapshot(id)).tasks).toHaveLength(0);

    const report = await rebuildProjections({ client, dataSource: stack.ds, workflowIds: [workflowId], dataConverter: dataConverterFromEnv() });
    expect(report.skipped).toEqual([]);
    expect(report.workflows).toBe(4); // the request, its two service branches and the correction
    expect(report.runs).toBeGreaterThan(3); // ... one of which continued as new
    expect(await snapshot(id)).toEqual(before);

    // Running it again changes nothing: every write is idempotent.
    await rebuildProjections({ client, dataSource: stack.ds, workflowIds: [workflowId], dataConverter: dataConverterFromEnv() });
    expect(await snapshot(id)).toEqual(before);
  }

  it('the npm script rebuilds a request by id and reports what it did', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    const id = created.body.id;
    const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'not_known', data: { reason: 'No involvement', signpost: 'DCO' } });
    const { workflowId } = await waitForStatus(http, id, USERS.coordinator, 'not_known');
    // The run goes on after the status (the not-known letter is issued and delivered): let it end first.
    await ended(workflowId);
    const before = await snapshot(id);
    await wipe(id);

    const env = testEnv();
    const run = spawnSync('npm', ['run', '--silent', 'projections:rebuild', '--', '--request', id], {
      encoding: 'utf8', env: { ...process.env, DATABASE_URL: env.databaseUrl, DATABASE_SCHEMA: env.databaseSchema ?? '', TEMPORAL_ADDRESS: stack.temporalAddress },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\[rebuild\] 1 workflow\(s\), 1 run\(s\), \d+ write\(s\)/);
    expect(await snapshot(id)).toEqual(before);

    const bad = spawnSync('npm', ['run', '--silent', 'projections:rebuild', '--', '--request', '00000000-0000-4000-8000-000000000000'], {
      encoding: 'utf8', env: { ...process.env, DATABASE_URL: env.databaseUrl, DATABASE_SCHEMA: env.databaseSchema ?? '', TEMPORAL_ADDRESS: stack.temporalAddress },
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/not requests in this database/);
  });
});
