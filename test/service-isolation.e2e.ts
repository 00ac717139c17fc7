import { randomUUID } from 'node:crypto';
import { httpClient, USERS, eventually } from './support/http';
import { newRequestBody, proForma } from './support/fixtures';
import { startStack, type Stack } from './support/stack';

/**
 * Service-scoped users (practitioners, service leads) see and act only on work allocated to their
 * services. Other services' requests and tasks are invisible: 404 exactly as for an id that does
 * not exist, never 403, so a response does not even confirm the child's request exists.
 */
describe('service isolation (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;

  /** A: allocated to SLT and OT, drafting. B: allocated to OT only. C: just received, not allocated. */
  const fx = { a: '', b: '', c: '', sltDraftA: '', otDraftA: '', otDraftB: '', sltUserId: '' };

  const openTask = (requestId: string, as: string, pick: (t: any) => boolean, what: string) =>
    eventually(async () => {
      const res = await http.get(`/tasks?requestId=${requestId}`, as);
      return (res.body.items as any[]).find((t) => t.status === 'open' && pick(t));
    }, { what });
  const isDraft = (svc: string) => (t: any) => t.nodePath.endsWith('draft') && t.serviceCode === svc;

  /** Creates a request and takes it through triage and allocation to `services`. */
  async function allocated(services: string[]): Promise<string> {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    expect(created.status).toBe(201);
    const id = created.body.id;
    const triage = await openTask(id, USERS.coordinator, (t) => t.nodePath === 'triage', 'triage');
    expect((await http.post(`/tasks/${triage.id}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: services } })).status).toBe(200);
    const allocate = await openTask(id, USERS.coordinator, (t) => t.nodePath === 'allocate', 'allocate');
    expect((await http.post(`/tasks/${allocate.id}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services } })).status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    fx.a = await allocated(['SLT', 'OT']);
    fx.b = await allocated(['OT']);
    const c = await http.post('/requests', USERS.coordinator, newRequestBody());
    expect(c.status).toBe(201);
    fx.c = c.body.id;
    fx.sltDraftA = (await openTask(fx.a, USERS.slt, isDraft('SLT'), 'SLT draft of A')).id;
    fx.otDraftA = (await openTask(fx.a, USERS.ot, isDraft('OT'), 'OT draft of A')).id;
    fx.otDraftB = (await openTask(fx.b, USERS.ot, isDraft('OT'), 'OT draft of B')).id;
    // The projection of allocated services is what lists filter on; wait until it has landed.
    await eventually(async () => (await http.get(`/requests/${fx.b}`, USERS.ot)).status === 200, { what: 'B visible to OT' });
    await eventually(async () => (await http.get(`/requests/${fx.a}`, USERS.slt)).status === 200, { what: 'A visible to SLT' });
    fx.sltUserId = (await http.get('/me', USERS.slt)).body.userId;
  });
  afterAll(async () => stack?.close());

  /** The answer for another service's task must be indistinguishable from the answer for no task at all. */
  async function expectInvisibleTask(method: 'GET' | 'POST', path: (id: string) => string, as: string, taskId: string, body?: unknown) {
    const real = await http.call(method, path(taskId), as, body);
    const ghostId = randomUUID();
    const ghost = await http.call(method, path(ghostId), as, body);
    expect(real.status).toBe(404);
    expect(ghost.status).toBe(404);
    expect({ ...real.body, message: real.body.message.replace(taskId, '<id>') }).toEqual({ ...ghost.body, message: ghost.body.message.replace(ghostId, '<id>') });
  }

  describe('a practitioner of SLT', () => {
    it('reads its own draft but not the OT draft of the same request', async () => {
      expect((await http.get(`/tasks/${fx.sltDraftA}`, USERS.slt)).status).toBe(200);
      await expectInvisibleTask('GET', (id) => `/tasks/${id}`, USERS.slt, fx.otDraftA);
      await expectInvisibleTask('GET', (id) => `/tasks/${id}`, USERS.slt, fx.otDraftB);
    });

    it('does not find OT tasks in any list, whatever the filter', async () => {
      for (const q of ['', `?requestId=${fx.a}`, `?requestId=${fx.b}`, '?serviceCode=OT', '?status=completed', '?status=completed&serviceCode=OT']) {
        const res = await http.get(`/tasks${q}`, USERS.slt);
        expect(res.status).toBe(200);
        expect((res.body.items as any[]).filter((t) => t.serviceCode !== 'SLT' && t.serviceScoped)).toEqual([]);
        expect((res.body.items as any[]).map((t) => t.id)).not.toEqual(expect.arrayContaining([fx.otDraftA]));
      }
      expect((await http.get(`/tasks?requestId=${fx.a}`, USERS.slt)).body.items.map((t: any) => t.id)).toContain(fx.sltDraftA);
    });

    it('cannot complete an OT task, and the task stays open', async () => {
      await expectInvisibleTask('POST', (id) => `/tasks/${id}/complete`, USERS.slt, fx.otDraftA, { outcome: 'submitted', data: proForma });
      const still = await http.get(`/tasks/${fx.otDraftA}`, USERS.ot);
      expect(still.body).toMatchObject({ status: 'open', completedBy: null });
    });

    it('cannot read a request allocated only to OT, or one not yet allocated', async () => {
      for (const id of [fx.b, fx.c]) {
        const res = await http.get(`/requests/${id}`, USERS.slt);
        expect(res.status).toBe(404);
        expect(res.body.message).toBe(`Request ${id} not found`);
      }
    });

    it('lists only requests allocated to SLT', async () => {
      const ids = (await http.get('/requests?limit=200', USERS.slt)).body.items.map((r: any) => r.id);
      expect(ids).toContain(fx.a);
      expect(ids).not.toContain(fx.b);
      expect(ids).not.toContain(fx.c);
      const all = (await http.get('/requests?limit=200', USERS.slt)).body.items as any[];
      expect(all.every((r) => r.allocatedServices.includes('SLT'))).toBe(true);
    });

    it("sees only SLT's tasks inside a shared request", async () => {
      const detail = await http.get(`/requests/${fx.a}`, USERS.slt);
      expect(detail.status).toBe(200);
      const scoped = (detail.body.tasks as any[]).filter((t) => t.serviceScoped);
      expect(scoped.length).toBeGreaterThan(0);
      expect(scoped.every((t) => t.serviceCode === 'SLT')).toBe(true);
      expect(detail.body.tasks.map((t: any) => t.id)).not.toContain(fx.otDraftA);
    });

    it('leaves no record of having read what it was refused', async () => {
      const rows = await stack.ds.query(
        `SELECT action FROM audit_events WHERE actor_id = $1 AND (request_id = $2 OR entity_id = $3) AND action IN ('request.read', 'task.read', 'task.complete')`,
        [fx.sltUserId, fx.b, fx.otDraftA],
      );
      expect(rows).toEqual([]);
    });
  });

  describe('a practitioner of another service (PAED)', () => {
    it('sees neither request nor any of their tasks', async () => {
      expect((await http.get(`/requests/${fx.a}`, USERS.paed)).status).toBe(404);
      expect((await http.get(`/requests/${fx.b}`, USERS.paed)).status).toBe(404);
      const ids = (await http.get('/requests?limit=200', USERS.paed)).body.items.map((r: any) => r.id);
      expect(ids).not.toEqual(expect.arrayContaining([fx.a]));
      expect(ids).not.toContain(fx.b);
      await expectInvisibleTask('GET', (id) => `/tasks/${id}`, USERS.paed, fx.sltDraftA);
      await expectInvisibleTask('POST', (id) => `/tasks/${id}/complete`, USERS.paed, fx.sltDraftA, { outcome: 'submitted', data: proForma });
    });
  });

  describe('the SLT service lead', () => {
    it('reads the SLT request but not the OT-only or unallocated one', async () => {
      expect((await http.get(`/requests/${fx.a}`, USERS.leadSlt)).status).toBe(200);
      expect((await http.get(`/requests/${fx.b}`, USERS.leadSlt)).status).toBe(404);
      expect((await http.get(`/requests/${fx.c}`, USERS.leadSlt)).status).toBe(404);
      const ids = (await http.get('/requests?limit=200', USERS.leadSlt)).body.items.map((r: any) => r.id);
      expect(ids).toContain(fx.a);
      expect(ids).not.toContain(fx.b);
      expect(ids).not.toContain(fx.c);
      const detail = await http.get(`/requests/${fx.a}`, USERS.leadSlt);
      expect((detail.body.tasks as any[]).filter((t) => t.serviceScoped).every((t) => t.serviceCode === 'SLT')).toBe(true);
    });

    it('cannot read, complete or reassign an OT task', async () => {
      await expectInvisibleTask('GET', (id) => `/tasks/${id}`, USERS.leadSlt, fx.otDraftA);
      await expectInvisibleTask('POST', (id) => `/tasks/${id}/complete`, USERS.leadSlt, fx.otDraftA, { outcome: 'submitted', data: proForma });
      await expectInvisibleTask('POST', (id) => `/tasks/${id}/assign`, USERS.leadSlt, fx.otDraftA, { assigneeId: fx.sltUserId });
      await expectInvisibleTask('POST', (id) => `/tasks/${id}/assign`, USERS.leadSlt, fx.otDraftB, { assigneeId: null });
      const still = await http.get(`/tasks/${fx.otDraftA}`, USERS.ot);
      expect(still.body.status).toBe('open');
      expect(still.body.assigneeId ?? null).toBeNull();
    });

    it('can reassign an SLT task (so the refusal above is about the service, not the route)', async () => {
      const res = await http.post(`/tasks/${fx.sltDraftA}/assign`, USERS.leadSlt, { assigneeId: fx.sltUserId });
      expect(res.status).toBe(200);
      expect(res.body.assigneeId).toBe(fx.sltUserId);
    });
  });

  describe('the OT practitioner (control)', () => {
    it('reads both OT requests and OT tasks', async () => {
      expect((await http.get(`/requests/${fx.a}`, USERS.ot)).status).toBe(200);
      expect((await http.get(`/requests/${fx.b}`, USERS.ot)).status).toBe(200);
      expect((await http.get(`/tasks/${fx.otDraftB}`, USERS.ot)).status).toBe(200);
    });
  });
});
