import { Client, Connection } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow/codec-helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/data-converter-helpers';
import { dataConverterFromEnv } from '@sendflow/platform';
import { EHCNA_DCO_SIGNOFF_SOP } from '@sendflow/sop';
import { httpClient, USERS, eventually } from './support/http';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { uniqueSuffix } from './support/test-env';
import { waitForOpenTask } from './support/tasks';

const SOP_MANAGER = 'sop@demo.sendflow.nhs.uk';

/**
 * The second shipped SOP, published through the API and run by the same interpreter: a decision
 * on the EHCP flag with a notification, service-lead review inside each service, and a DCO
 * sign-off that can send the work back to the services. Proves the engine is not built around
 * the default flow.
 */
describe('DCO sign-off SOP end to end (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const key = `dco-${uniqueSuffix()}`;
  let versionId = '';
  let connection: Connection;

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    connection = await Connection.connect({ address: stack.temporalAddress });
    const created = await http.post('/sops', SOP_MANAGER, { ...EHCNA_DCO_SIGNOFF_SOP, key });
    expect(created.status).toBe(201);
    // Its drafting step has no "not known" outcome, which the pro forma has a variant for: a warning, not an error.
    expect(created.body).toMatchObject({ valid: true, issues: [expect.objectContaining({ code: 'form_variant_unused', severity: 'warning' })] });
    versionId = created.body.id;
    expect((await http.post(`/sops/${versionId}/publish`, SOP_MANAGER)).status).toBe(200);
  });
  afterAll(async () => {
    await connection?.close();
    await stack?.close();
  });

  /** The roles the workflow notified, from its own history (the notification step writes no projection). */
  const notifiedRoles = async (workflowId: string) => {
    const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
    // Payloads are encrypted in Temporal: read them through the same converter as the worker.
    const converter = loadDataConverter(dataConverterFromEnv());
    const notifications = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify');
    return Promise.all(notifications.map(async (e) => (await decodeArrayFromPayloads(converter, e.activityTaskScheduledEventAttributes?.input?.payloads))[1]));
  };

  const openTask = (requestId: string, as: string, nodePath: string, serviceCode?: string) => waitForOpenTask(http, requestId, as, nodePath, serviceCode);
  const complete = async (taskId: string, as: string, outcome: string, data: unknown) => {
    const res = await http.post(`/tasks/${taskId}/complete`, as, { outcome, data });
    expect({ taskId, status: res.status, message: res.body?.message }).toEqual({ taskId, status: 200, message: undefined });
    return res.body;
  };
  const finalState = (requestId: string, status: string) =>
    eventually(async () => {
      const r = await http.get(`/requests/${requestId}`, USERS.coordinator);
      return r.body.status === status ? r.body : undefined;
    }, { what: `request ${status}` });

  it('runs triage, the EHCP decision, lead review with rework, DCO sign-off sending work back, and the return', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: key, ehcpFlag: true }));
    expect(created.status).toBe(201);
    expect(created.body.sopVersionId).toBe(versionId);
    const id = created.body.id;

    const triage = await openTask(id, USERS.coordinator, 'triage');
    expect(triage.label).toBe('Triage');
    await complete(triage.id, USERS.coordinator, 'accepted', { complete: true, knownServices: ['SLT'] });
    // ehcpFlag true: the decision routes through the service-lead notification before allocation.
    await complete((await openTask(id, USERS.coordinator, 'allocate')).id, USERS.coordinator, 'allocated', { services: ['SLT'] });

    const draft1 = await openTask(id, USERS.slt, 'per_service/draft', 'SLT');
    await complete(draft1.id, USERS.slt, 'submitted', proForma);
    // Lead review is the service lead's, scoped to the service: to QA it does not exist, the SLT lead does it.
    const review1 = await openTask(id, USERS.leadSlt, 'per_service/lead_review', 'SLT');
    expect((await http.post(`/tasks/${review1.id}/complete`, USERS.qa, { outcome: 'approved', data: allCriteriaMet })).status).toBe(404);
    await complete(review1.id, USERS.leadSlt, 'rework', { ...allCriteriaMet, comments: 'Add the clinic dates.' });
    const draft2 = await openTask(id, USERS.slt, 'per_service/draft', 'SLT');
    expect(draft2.attempt).toBe(2);
    await complete(draft2.id, USERS.slt, 'submitted', proForma);
    await complete((await openTask(id, USERS.leadSlt, 'per_service/lead_review', 'SLT')).id, USERS.leadSlt, 'approved', allCriteriaMet);

    // The DCO sends it back to the services: the whole per-service block runs again.
    const signoff1 = await openTask(id, USERS.qa, 'dco_signoff');
    await complete(signoff1.id, USERS.qa, 'rework', { comments: 'Outcomes need to be SMART.' });
    const draft3 = await openTask(id, USERS.slt, 'per_service/draft', 'SLT');
    expect([draft1.id, draft2.id]).not.toContain(draft3.id);
    // Attempts count across runs of the block, not from 1 each time it is sent back.
    expect(draft3.attempt).toBe(3);
    await complete(draft3.id, USERS.slt, 'submitted', proForma);
    await complete((await openTask(id, USERS.leadSlt, 'per_service/lead_review', 'SLT')).id, USERS.leadSlt, 'approved', allCriteriaMet);
    const signoff2 = await openTask(id, USERS.qa, 'dco_signoff');
    expect(signoff2.attempt).toBe(2);
    await complete(signoff2.id, USERS.qa, 'signed', { comments: 'Signed off.' });

    await complete((await openTask(id, USERS.coordinator, 'return')).id, USERS.coordinator, 'sent', { method: 'portal', sentTo: 'LA portal' });
    const done = await finalState(id, 'returned');
    expect(done.returnedAt).toBeTruthy();
    expect(done.sopVersionId).toBe(versionId);
    expect(done.allocatedServices).toEqual(['SLT']);
    expect(done.tasks.map((t: any) => `${t.nodePath}:${t.outcome}`)).toEqual([
      'triage:accepted', 'allocate:allocated',
      'per_service/draft:submitted', 'per_service/lead_review:rework', 'per_service/draft:submitted', 'per_service/lead_review:approved',
      'dco_signoff:rework',
      'per_service/draft:submitted', 'per_service/lead_review:approved',
      'dco_signoff:signed', 'return:sent',
    ]);
    const kinds = done.timeline.map((e: any) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['request.received', 'services.allocated', 'advice.compiled', 'advice.returned']));
    expect(kinds.filter((k: string) => k === 'advice.compiled')).toHaveLength(2);
    expect(done.timeline.find((e: any) => e.kind === 'request.received').data).toMatchObject({ sop: key, sopVersionId: versionId });
    expect(await notifiedRoles(done.workflowId)).toEqual(['service_lead']);
  });

  it('skips the notification when the child has no plan, and returns', async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: key, ehcpFlag: false }));
    const id = created.body.id;
    await complete((await openTask(id, USERS.coordinator, 'triage')).id, USERS.coordinator, 'accepted', { complete: true, knownServices: ['SLT'] });
    await complete((await openTask(id, USERS.coordinator, 'allocate')).id, USERS.coordinator, 'allocated', { services: ['SLT'] });
    await complete((await openTask(id, USERS.slt, 'per_service/draft', 'SLT')).id, USERS.slt, 'submitted', proForma);
    await complete((await openTask(id, USERS.leadSlt, 'per_service/lead_review', 'SLT')).id, USERS.leadSlt, 'approved', allCriteriaMet);
    await complete((await openTask(id, USERS.qa, 'dco_signoff')).id, USERS.qa, 'signed', {});
    await complete((await openTask(id, USERS.coordinator, 'return')).id, USERS.coordinator, 'sent', { method: 'email', sentTo: 'send.team@la.example.gov.uk' });
    const done = await finalState(id, 'returned');
    expect(done.tasks).toHaveLength(6);
    expect(await notifiedRoles(done.workflowId)).toEqual([]);
  });

  it("offers the caseload its own steps (from the published versions) and finds a request waiting at one", async () => {
    const stages = (await http.get('/stages', USERS.coordinator)).body as { stage: string; label: string; sopKeys: string[] }[];
    const paths = stages.map((s) => s.stage);
    // The default SOP's steps lead, in the order a request meets them; this SOP's own steps are there too.
    const defaults = ['triage', 'allocate', 'services/draft', 'services/review', 'return'].map((p) => paths.indexOf(p));
    expect(defaults.every((i, n) => i >= 0 && (n === 0 || i > defaults[n - 1]))).toBe(true);
    // Other test files share the database and may publish SOPs with the same step: this one's key is there, the default's is not.
    expect(stages).toContainEqual({ stage: 'per_service/lead_review', label: 'Service lead review', sopKeys: expect.arrayContaining([key]) });
    expect(stages.find((s) => s.stage === 'per_service/lead_review')?.sopKeys).not.toContain('ehcna-health-advice');
    expect(stages.find((s) => s.stage === 'triage')?.sopKeys).toEqual(expect.arrayContaining(['ehcna-health-advice', key]));
    expect((await http.get('/stages', USERS.slt)).status).toBe(200);
    expect((await http.get('/stages', USERS.admin)).status).toBe(403);

    const body = newRequestBody({ sopKey: key, ehcpFlag: false });
    const id = (await http.post('/requests', USERS.coordinator, body)).body.id;
    await complete((await openTask(id, USERS.coordinator, 'triage')).id, USERS.coordinator, 'accepted', { complete: true, knownServices: ['SLT'] });
    await complete((await openTask(id, USERS.coordinator, 'allocate')).id, USERS.coordinator, 'allocated', { services: ['SLT'] });
    await openTask(id, USERS.slt, 'per_service/draft', 'SLT');
    const q = `q=${encodeURIComponent(body.laReference)}`;
    expect((await http.get(`/requests?stage=per_service/draft&${q}`, USERS.coordinator)).body.items.map((r: any) => r.id)).toEqual([id]);
    expect((await http.get(`/requests?stage=services/draft&${q}`, USERS.coordinator)).body.items).toEqual([]);
  });

  it("returns early when the child is not known to health services", async () => {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: key }));
    const id = created.body.id;
    const triage = await openTask(id, USERS.coordinator, 'triage');
    const missing = await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'not_known', data: {} });
    expect([missing.status, missing.body.message]).toEqual([400, expect.stringMatching(/data\.reason/)]);
    await complete(triage.id, USERS.coordinator, 'not_known', { reason: 'No health involvement in the last 2 years', signpost: 'DCO' });
    const closed = await finalState(id, 'not_known');
    expect(closed.sopVersionId).toBe(versionId);
    expect(closed.returnedAt).toBeNull();
    expect(closed.tasks.map((t: any) => t.nodePath)).toEqual(['triage']);
    expect(closed.timeline.map((e: any) => e.kind)).toContain('request.not_known');
    expect(closed.timeline.some((e: any) => e.kind === 'advice.compiled' || e.kind === 'advice.returned')).toBe(false);
  });
});
