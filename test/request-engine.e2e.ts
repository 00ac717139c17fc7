import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { addCalendarDays } from '@sendflow/calendar';
import { httpClient, USERS } from './support/http';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { waitForOpenTask, waitForStatus } from './support/tasks';
import { loadApiConfig } from '../apps/api/src/config/api-config';

/**
 * The engine's harder parts through the real API, worker, Temporal dev server and PostgreSQL:
 * per-service branches as child workflows, reg 8(2) exceptions moving the deadline, task
 * assignment, and continue-as-new. Set RECORD_REPLAY_HISTORIES=<dir> to save the histories
 * (for test/replay/histories).
 */
describe('request engine: child branches, statutory exceptions, assignment, continue-as-new', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  let temporal: Client;
  let connection: Connection;
  const userId = async (email: string) => (await stack.ds.query(`SELECT id FROM users WHERE email = $1`, [email]))[0].id as string;

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    connection = await Connection.connect({ address: stack.temporalAddress });
    temporal = new Client({ connection });
  });
  afterAll(async () => {
    delete process.env.WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS;
    await connection?.close();
    await stack?.close();
  });

  async function record(name: string, workflowId: string) {
    const dir = process.env.RECORD_REPLAY_HISTORIES;
    if (!dir) return;
    // Replay tests run with a fresh random key: a recording must be in clear to be replayable.
    if (process.env.TEMPORAL_PAYLOAD_KEY) throw new Error('record replay histories with TEMPORAL_PAYLOAD_KEY unset');
    mkdirSync(dir, { recursive: true });
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    writeFileSync(join(dir, `${name}.json`), historyToJSON(history));
    // Child workflow ids derive from the parent's id, so replay needs the recorded one.
    const idsFile = join(dir, '..', 'workflow-ids.json');
    const ids = existsSync(idsFile) ? JSON.parse(readFileSync(idsFile, 'utf8')) : {};
    writeFileSync(idsFile, `${JSON.stringify({ ...ids, [`${name}.json`]: workflowId }, null, 2)}\n`);
  }

  /** Triage and allocate to the given services; returns the request's id and workflow id. */
  async function allocated(services: string[], overrides: Record<string, unknown> = {}) {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody(overrides));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: services } })).status).toBe(200);
    const allocate = await waitForOpenTask(http, id, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services } })).status).toBe(200);
    return { id, workflowId: created.body.workflowId as string, created: created.body };
  }

  async function finishService(id: string, as: string, svc: string) {
    const draft = await waitForOpenTask(http, id, as, 'services/draft', svc);
    expect((await http.post(`/tasks/${draft.id}/complete`, as, { outcome: 'submitted', data: proForma })).status).toBe(200);
    const review = await waitForOpenTask(http, id, USERS.qa, 'services/review', svc);
    expect((await http.post(`/tasks/${review.id}/complete`, USERS.qa, { outcome: 'approved', data: allCriteriaMet })).status).toBe(200);
  }

  async function returnToLa(id: string) {
    const ret = await waitForOpenTask(http, id, USERS.coordinator, 'return');
    expect((await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'send.team@la.example.gov.uk' } })).status).toBe(200);
    return waitForStatus(http, id, USERS.coordinator, 'returned');
  }

  describe('per-service branches', () => {
    it('run as one child workflow per service, whose tasks are completed by Updates to the child', async () => {
      const { id, workflowId, created } = await allocated(['SLT', 'OT']);
      const sltDraft = await waitForOpenTask(http, id, USERS.slt, 'services/draft', 'SLT');
      // The task's target date comes with how it was counted, as every computed date does (on the task itself; list items are slim).
      expect(sltDraft.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const sltDetail = (await http.get(`/tasks/${sltDraft.id}`, USERS.slt)).body;
      expect(sltDetail.dueExplanation.length).toBeGreaterThan(0);
      expect(sltDetail.dueExplanation.map((s: any) => s.text).join(' ')).toContain('working day');
      const rows = await stack.ds.query(`SELECT service_code, workflow_id FROM tasks WHERE request_id = $1 AND node_path = 'services/draft' ORDER BY service_code`, [id]);
      expect(rows).toEqual([
        { service_code: 'OT', workflow_id: `${workflowId}/services/OT` },
        { service_code: 'SLT', workflow_id: `${workflowId}/services/SLT` },
      ]);
      const live = await http.get(`/requests/${id}/live`, USERS.coordinator);
      expect(live.status).toBe(200);
      expect(live.body.branches.map((b: any) => [b.serviceCode, b.status])).toEqual([['SLT', 'running'], ['OT', 'running']]);
      expect(live.body.tasks.map((t: any) => t.id)).toContain(sltDraft.id);

      await finishService(id, USERS.slt, 'SLT');
      await finishService(id, USERS.ot, 'OT');
      const done = await returnToLa(id);
      const advice = (await stack.ds.query(`SELECT compiled_advice FROM requests WHERE id = $1`, [id]))[0].compiled_advice;
      expect(advice.compiledFrom.map((c: any) => c.serviceCode).sort()).toEqual(['OT', 'SLT']);
      expect(done.timeline.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['advice.compiled', 'advice.returned']));
      // Every step the workflow took is in the append-only audit log too, once, by who caused it.
      const audited = await stack.ds.query(`SELECT actor_id, action, entity_id FROM audit_events WHERE request_id = $1 AND source_event_id IS NOT NULL`, [id]);
      expect(audited).toHaveLength(done.timeline.length);
      const slt = await userId(USERS.slt);
      expect(audited).toEqual(expect.arrayContaining([
        { actor_id: 'system', action: 'workflow.advice.compiled', entity_id: id },
        { actor_id: slt, action: 'workflow.task.completed', entity_id: sltDraft.id },
      ]));

      // Each history holds only its own part: the parent's does not grow with each service's drafting.
      const parent = await temporal.workflow.getHandle(workflowId).fetchHistory();
      const child = await temporal.workflow.getHandle(`${workflowId}/services/SLT`).fetchHistory();
      expect(parent.events!.filter((e) => e.childWorkflowExecutionStartedEventAttributes)).toHaveLength(2);
      expect(parent.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(3);
      expect(child.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(2);
      // With a payload key (always under npm test) Temporal holds only ciphertext: no pro forma text, no LA reference.
      if (process.env.TEMPORAL_PAYLOAD_KEY) {
        const raw = historyToJSON(parent) + historyToJSON(child);
        const text = (b64: string) => Buffer.from(b64, 'base64').toString('latin1');
        const payloads = [...raw.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) => text(m[1])).join('\n');
        expect(payloads).not.toContain('Developmental language disorder');
        expect(payloads.length).toBeGreaterThan(1000);
        expect(payloads).not.toContain(created.laReference);
        const started = parent.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
        expect(new TextDecoder().decode(started.metadata!.encoding!)).toBe('binary/encrypted');
      }
      await record('default-sop-child-branches-returned', workflowId);
      await record('service-branch-slt', `${workflowId}/services/SLT`);
    });
  });

  describe('reg 8(2) exceptions through the API', () => {
    let id: string;
    let created: any;
    beforeAll(async () => {
      created = (await http.post('/requests', USERS.coordinator, newRequestBody())).body;
      id = created.id;
      await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    });

    it.each([
      [{ type: 'pause', kind: 'school_holidays', from: '2026-01-01', to: '2026-01-05', evidence: 'Half term' }, /^kind must be one of/],
      [{ type: 'pause', kind: 'missed_appointment', to: '2026-01-05', evidence: 'Did not attend' }, /^from must be a date/],
      [{ type: 'extension', kind: 'missed_appointment', days: 0, evidence: 'Did not attend' }, /days must not be less than 1/],
      [{ type: 'extension', kind: 'missed_appointment', days: 3, evidence: '   ' }, /evidence must/],
      [{ type: 'pause', kind: 'missed_appointment', from: '2026-01-05', to: '2026-01-01', evidence: 'Did not attend' }, /^to: .* must not be before from/],
      [{ type: 'sabbatical', kind: 'missed_appointment', days: 3, evidence: 'Did not attend' }, /^type must be pause or extension/],
    ])('400 naming the field for %j', async (body, message) => {
      const res = await http.post(`/requests/${id}/statutory-exceptions`, USERS.coordinator, body);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect(res.body.error).toBe('Bad Request');
    });

    it('400 from the workflow when the regulations do not allow it (away from area for under 4 weeks)', async () => {
      const from = addCalendarDays(created.effectiveReceiptDate, 3);
      const res = await http.post(`/requests/${id}/statutory-exceptions`, USERS.coordinator, { type: 'pause', kind: 'away_from_area_4_weeks', from, to: addCalendarDays(from, 10), evidence: 'Abroad with family' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^to: .*at least 28 days/);
    });

    it('403 for anyone but the coordinator, 404 for an unknown request', async () => {
      expect((await http.post(`/requests/${id}/statutory-exceptions`, USERS.qa, { type: 'extension', kind: 'missed_appointment', days: 3, evidence: 'Did not attend' })).status).toBe(403);
      expect((await http.post(`/requests/00000000-0000-4000-8000-000000000000/statutory-exceptions`, USERS.coordinator, { type: 'extension', kind: 'missed_appointment', days: 3, evidence: 'Did not attend' })).status).toBe(404);
    });

    it('a pause moves the due date, explains it, shows on the timeline and is audited; a retry with the same key records it once', async () => {
      const from = addCalendarDays(created.effectiveReceiptDate, 3);
      const body = { type: 'pause', kind: 'away_from_area_4_weeks', from, to: addCalendarDays(from, 29), evidence: 'Abroad with family 30 days, parent letter on file' };
      const key = { 'idempotency-key': `pause-${id}` };
      const res = await http.post(`/requests/${id}/statutory-exceptions`, USERS.coordinator, body, key);
      expect(res.status).toBe(200);
      expect(res.body.statutoryDueDate).toBe(addCalendarDays(created.statutoryDueDate, 30));
      expect(res.body.baseDueDate).toBe(created.statutoryDueDate);
      expect(res.body.deadlineExceptions).toEqual([expect.objectContaining({ type: 'pause', kind: 'away_from_area_4_weeks', from, recordedBy: 'Casey Coordinator', evidence: body.evidence })]);
      expect(res.body.deadlineExplanation.map((s: any) => s.rule)).toContain('pause');
      const again = await http.post(`/requests/${id}/statutory-exceptions`, USERS.coordinator, body, key);
      expect(again.status).toBe(200);
      expect(again.body.deadlineExceptions).toHaveLength(1);

      const detail = await http.get(`/requests/${id}`, USERS.coordinator);
      const change = detail.body.timeline.filter((e: any) => e.kind === 'deadline.changed');
      expect(change).toHaveLength(1);
      expect(change[0].summary).toContain(res.body.statutoryDueDate);
      const audit = await stack.ds.query(`SELECT before, after FROM audit_events WHERE request_id = $1 AND action = 'request.deadline_exception'`, [id]);
      expect(audit[0].before).toEqual({ statutoryDueDate: created.statutoryDueDate });
      expect(audit[0].after.statutoryDueDate).toBe(res.body.statutoryDueDate);
    });

    it('409 once the request is closed', async () => {
      const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
      await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'not_known', data: { reason: 'No involvement', signpost: 'DCO' } });
      await waitForStatus(http, id, USERS.coordinator, 'not_known');
      const res = await http.post(`/requests/${id}/statutory-exceptions`, USERS.coordinator, { type: 'extension', kind: 'missed_appointment', days: 3, evidence: 'Did not attend' });
      expect(res.status).toBe(409);
      await record('default-sop-paused-then-not-known', created.workflowId);
    });
  });

  describe('task assignment', () => {
    it('a service lead assigns their service\'s task to a member; not another service\'s, not to an outsider', async () => {
      const { id } = await allocated(['SLT', 'OT']);
      const sltDraft = await waitForOpenTask(http, id, USERS.slt, 'services/draft', 'SLT');
      const otDraft = await waitForOpenTask(http, id, USERS.ot, 'services/draft', 'OT');
      const slt = await userId(USERS.slt);
      const ot = await userId(USERS.ot);

      expect((await http.post(`/tasks/${sltDraft.id}/assign`, USERS.slt, { assigneeId: slt })).status).toBe(403);
      expect((await http.post(`/tasks/${otDraft.id}/assign`, USERS.leadSlt, { assigneeId: ot })).status).toBe(404);
      const outsider = await http.post(`/tasks/${sltDraft.id}/assign`, USERS.leadSlt, { assigneeId: ot });
      expect(outsider.status).toBe(400);
      expect(outsider.body.message).toMatch(/^assigneeId: .*not a member of service SLT/);
      expect((await http.post(`/tasks/${sltDraft.id}/assign`, USERS.leadSlt, { assigneeId: 'nobody' })).status).toBe(400);
      expect((await http.post(`/tasks/${sltDraft.id}/assign`, USERS.leadSlt, {})).status).toBe(400);

      const ok = await http.post(`/tasks/${sltDraft.id}/assign`, USERS.leadSlt, { assigneeId: slt });
      expect(ok.status).toBe(200);
      expect(ok.body.assigneeId).toBe(slt);
      const leadList = await http.get(`/tasks?requestId=${id}`, USERS.leadSlt);
      expect((leadList.body.items as any[]).map((t) => t.id)).toContain(sltDraft.id);
      expect((leadList.body.items as any[]).every((t) => t.serviceCode === 'SLT')).toBe(true);

      const detail = await http.get(`/requests/${id}`, USERS.coordinator);
      expect(detail.body.timeline.some((e: any) => e.kind === 'task.assigned' && e.taskId === sltDraft.id)).toBe(true);
      const audit = await stack.ds.query(`SELECT before, after FROM audit_events WHERE entity_id = $1 AND action = 'task.assign'`, [sltDraft.id]);
      expect(audit).toEqual([{ before: { assigneeId: null }, after: { assigneeId: slt } }]);

      expect((await http.post(`/tasks/${sltDraft.id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma })).status).toBe(200);
      await waitForOpenTask(http, id, USERS.qa, 'services/review', 'SLT');
      expect((await http.post(`/tasks/${sltDraft.id}/assign`, USERS.leadSlt, { assigneeId: slt })).status).toBe(409);
    });

    it('the coordinator assigns work that belongs to no service (triage) to a coordinator, not to someone without the role', async () => {
      const created = await http.post('/requests', USERS.coordinator, newRequestBody());
      const triage = await waitForOpenTask(http, created.body.id, USERS.coordinator, 'triage');
      const coordinator = await userId(USERS.coordinator);
      const wrongRole = await http.post(`/tasks/${triage.id}/assign`, USERS.coordinator, { assigneeId: await userId(USERS.qa) });
      expect(wrongRole.status).toBe(400);
      expect(wrongRole.body.message).toMatch(/^assigneeId: .*coordinator role/);
      const ok = await http.post(`/tasks/${triage.id}/assign`, USERS.coordinator, { assigneeId: coordinator });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ assigneeId: coordinator, assigneeName: 'Casey Coordinator' });
    });
  });

  describe('continue-as-new', () => {
    it('a long history carries over to new runs at step boundaries, and the request still finishes correctly', async () => {
      // The API reads its settings once; this test has them read again around the one intake.
      process.env.WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS = '20';
      loadApiConfig();
      const { id, workflowId } = await allocated(['SLT']);
      delete process.env.WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS;
      loadApiConfig();
      // Two rework loops grow the branch's history past the limit too.
      for (let round = 1; round <= 2; round++) {
        const draft = await waitForOpenTask(http, id, USERS.slt, 'services/draft', 'SLT');
        expect(draft.attempt).toBe(round);
        expect((await http.post(`/tasks/${draft.id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma })).status).toBe(200);
        const review = await waitForOpenTask(http, id, USERS.qa, 'services/review', 'SLT');
        expect((await http.post(`/tasks/${review.id}/complete`, USERS.qa, { outcome: 'rework', data: { ...allCriteriaMet, comments: `Round ${round}` } })).status).toBe(200);
      }
      await finishService(id, USERS.slt, 'SLT');
      const done = await returnToLa(id);

      const runsOf = async (wid: string) => {
        const runs: string[] = [];
        for await (const w of temporal.workflow.list({ query: `WorkflowId = '${wid}'` })) runs.push(w.runId);
        return runs;
      };
      expect((await runsOf(workflowId)).length).toBeGreaterThan(1);
      expect((await runsOf(`${workflowId}/services/SLT`)).length).toBeGreaterThan(1);

      // Nothing repeated or lost across runs: each task once, timeline ids unique and complete.
      const drafts = done.tasks.filter((t: any) => t.nodePath === 'services/draft');
      expect(drafts.map((t: any) => t.attempt)).toEqual([1, 2, 3]);
      const kinds = done.timeline.map((e: any) => e.kind);
      expect(kinds.filter((k: string) => k === 'request.received')).toHaveLength(1);
      expect(kinds.filter((k: string) => k === 'task.opened')).toHaveLength(2 + 6 + 1);
      const advice = (await stack.ds.query(`SELECT compiled_advice FROM requests WHERE id = $1`, [id]))[0].compiled_advice;
      expect(advice.compiledFrom).toEqual([{ serviceCode: 'SLT', taskId: drafts[2].id }]);
      await record('default-sop-continued-as-new-last-run', workflowId);
    });
  });
});
