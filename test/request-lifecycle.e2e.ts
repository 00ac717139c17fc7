import { httpClient, USERS, eventually } from './support/http';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { waitForOpenTask } from './support/tasks';

/** The walking skeleton: one request from intake to return, through the real API, Temporal and PostgreSQL. */
describe('request lifecycle (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => stack?.close());

  const openTask = (requestId: string, as: string, nodePath: string, serviceCode?: string) => waitForOpenTask(http, requestId, as, nodePath, serviceCode);

  it('carries a request through triage, allocation, drafting, review with rework, and return', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.status).toBe('received');
    expect(created.body.statutoryDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(created.body.deadlineExplanation.map((s: any) => s.rule)).toEqual(expect.arrayContaining(['statutory.six_weeks', 'calendar.version']));

    const triage = await openTask(id, USERS.coordinator, 'triage');
    const triaged = await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT', 'OT'] } });
    expect(triaged.status).toBe(200);
    expect(triaged.body.status).toBe('completed');

    const allocate = await openTask(id, USERS.coordinator, 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['SLT', 'OT'] } })).status).toBe(200);

    // Both services draft in parallel; each sees only its own task.
    const sltDraft = await openTask(id, USERS.slt, 'services/draft', 'SLT');
    const otDraft = await openTask(id, USERS.ot, 'services/draft', 'OT');
    const sltList = await http.get(`/tasks?requestId=${id}`, USERS.slt);
    expect((sltList.body.items as any[]).every((t) => t.serviceCode !== 'OT')).toBe(true);
    expect((await http.post(`/tasks/${otDraft.id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma })).status).toBe(404);

    expect((await http.post(`/tasks/${sltDraft.id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma })).status).toBe(200);
    expect((await http.post(`/tasks/${otDraft.id}/complete`, USERS.ot, { outcome: 'submitted', data: { ...proForma, author: { name: 'Olu', role: 'OT' } } })).status).toBe(200);

    // QA sends SLT back for rework; the loop opens a second drafting attempt.
    const sltReview = await openTask(id, USERS.qa, 'services/review', 'SLT');
    const rework = await http.post(`/tasks/${sltReview.id}/complete`, USERS.qa, { outcome: 'rework', data: { ...allCriteriaMet, comments: 'Please date the observations.' } });
    expect(rework.status).toBe(200);
    const sltDraft2 = await openTask(id, USERS.slt, 'services/draft', 'SLT');
    expect(sltDraft2.id).not.toBe(sltDraft.id);
    expect(sltDraft2.attempt).toBe(2);
    expect((await http.post(`/tasks/${sltDraft2.id}/complete`, USERS.slt, { outcome: 'submitted', data: proForma })).status).toBe(200);

    for (const svc of ['SLT', 'OT']) {
      const review = await openTask(id, USERS.qa, 'services/review', svc);
      expect((await http.post(`/tasks/${review.id}/complete`, USERS.qa, { outcome: 'approved', data: allCriteriaMet })).status).toBe(200);
    }

    const ret = await openTask(id, USERS.coordinator, 'return');
    expect((await http.post(`/tasks/${ret.id}/complete`, USERS.coordinator, { outcome: 'sent', data: { method: 'email', sentTo: 'send.team@la.example.gov.uk' } })).status).toBe(200);

    const done = await eventually(async () => {
      const r = await http.get(`/requests/${id}`, USERS.coordinator);
      return r.body.status === 'returned' ? r.body : undefined;
    }, { what: 'request returned' });
    expect(done.returnedAt).toBeTruthy();
    expect(done.allocatedServices).toEqual(['SLT', 'OT']);
    const kinds = done.timeline.map((e: any) => e.kind);
    expect(kinds[0]).toBe('request.received');
    expect(kinds).toEqual(expect.arrayContaining(['services.allocated', 'advice.compiled', 'advice.returned']));
    expect(kinds.filter((k: string) => k === 'task.opened')).toHaveLength(9);

    const audit = await stack.ds.query(`SELECT action FROM audit_events WHERE request_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: any) => a.action)).toEqual(expect.arrayContaining(['request.create', 'task.complete', 'request.read']));
  });

  it('closes a request as not known to health services with the reason recorded', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    const triage = await openTask(created.body.id, USERS.coordinator, 'triage');
    const missing = await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'not_known', data: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/data\.reason/);
    const ok = await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'not_known', data: { reason: 'No health involvement in the last 2 years', signpost: 'DCO' } });
    expect(ok.status).toBe(200);
    const closed = await eventually(async () => {
      const r = await http.get(`/requests/${created.body.id}`, USERS.coordinator);
      return r.body.status === 'not_known' ? r.body : undefined;
    }, { what: 'not known' });
    expect(closed.timeline.map((e: any) => e.kind)).toContain('request.not_known');
    // The LA gets a letter; its channel is manual, so the coordinator sends it and records that.
    const letter = await eventually(async () => {
      const docs = await http.get(`/requests/${created.body.id}/advice-documents`, USERS.coordinator);
      return docs.body.find((d: any) => d.kind === 'not_known_letter' && d.deliveryStatus === 'awaiting_manual');
    }, { what: 'not-known letter awaiting manual delivery' });
    const path = `/requests/${created.body.id}/advice-documents/${letter.id}/manual-delivery`;
    expect((await http.post(path, USERS.coordinator, { method: 'fax', sentTo: 'x' })).status).toBe(400);
    expect((await http.post(path, USERS.slt, { method: 'portal', sentTo: 'LA SEND portal' })).status).toBe(403);
    const recorded = await http.post(path, USERS.coordinator, { method: 'portal', sentTo: 'LA SEND portal' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ deliveryStatus: 'delivered', deliveryChannel: 'manual' });
    expect((await http.post(path, USERS.coordinator, { method: 'portal', sentTo: 'LA SEND portal' })).status).toBe(409);
    expect((await http.get(`/requests/${created.body.id}`, USERS.coordinator)).body.returnedAt).toBe(recorded.body.deliveredAt);
  });

  it('posting the same LA reference twice returns the one request and starts one workflow', async () => {
    const body = newRequestBody();
    const [a, b] = await Promise.all([http.post('/requests', USERS.coordinator, body), http.post('/requests', USERS.coordinator, body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const again = await http.post('/requests', USERS.coordinator, { ...body, laReference: ` ${body.laReference.toLowerCase()} ` });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(a.body.id);
    const rows = await stack.ds.query(`SELECT count(*)::int AS n FROM requests WHERE workflow_id = $1`, [a.body.workflowId]);
    expect(rows[0].n).toBe(1);
  });
});
