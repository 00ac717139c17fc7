import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { httpClient, USERS, eventually, type HttpResult } from './support/http';
import { newRequestBody } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { loadApiConfig } from '../apps/api/src/config/api-config';

/**
 * The audit log: every change and every read of a child's record leaves a row saying who, when,
 * what, which request, and before/after for changes; auditors search it by request, user, action
 * and date, newest first; and the database refuses to alter or remove it, even for the API's own
 * connection.
 */
describe('audit log (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const ids = { coordinator: '', auditor: '', admin: '' };
  const fx = { requestId: '', workflowId: '', triageTaskId: '', allocateTaskId: '' };
  let body: ReturnType<typeof newRequestBody>;

  const watermark = async (): Promise<string> => (await stack.ds.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_events`))[0].id;

  /** Exactly one new row since `since` for this actor and action (and request, if given). */
  async function oneRow(since: string, actorId: string, action: string, requestId?: string | null) {
    const rows = await stack.ds.query(
      `SELECT * FROM audit_events WHERE id > $1 AND actor_id = $2 AND action = $3 AND ($4::uuid IS NULL OR request_id = $4::uuid) ORDER BY id`,
      [since, actorId, action, requestId ?? null],
    );
    expect({ action, rows: rows.length }).toEqual({ action, rows: 1 });
    return rows[0];
  }

  const openTask = (nodePath: string) =>
    eventually(async () => ((await http.get(`/tasks?requestId=${fx.requestId}`, USERS.coordinator)).body.items as any[]).find((t) => t.nodePath === nodePath && t.status === 'open'), { what: nodePath });

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    ids.coordinator = (await http.get('/me', USERS.coordinator)).body.userId;
    ids.auditor = (await http.get('/me', USERS.auditor)).body.userId;
    ids.admin = (await http.get('/me', USERS.admin)).body.userId;
  });
  afterAll(async () => stack?.close());

  describe('every change and every read of a child\'s record is recorded', () => {
    it('request.create: who, which request, no child identifiers in the entry', async () => {
      const w = await watermark();
      body = newRequestBody();
      const res = await http.post('/requests', USERS.coordinator, body);
      expect(res.status).toBe(201);
      fx.requestId = res.body.id;
      fx.workflowId = res.body.workflowId;
      const row = await oneRow(w, ids.coordinator, 'request.create', fx.requestId);
      expect(row).toMatchObject({ entity: 'request', entity_id: fx.requestId, before: null, after: expect.objectContaining({ workflowId: fx.workflowId, statutoryDueDate: res.body.statutoryDueDate }) });
      expect(JSON.stringify(row)).not.toMatch(new RegExp(`${body.child.givenName}|${body.child.familyName}|${body.child.nhsNumber}|${body.child.dateOfBirth}`));
    });

    it('request.create_existing: posting it again shows the existing record, which is a read', async () => {
      const w = await watermark();
      expect((await http.post('/requests', USERS.coordinator, body)).status).toBe(200);
      expect(await oneRow(w, ids.coordinator, 'request.create_existing', fx.requestId)).toMatchObject({ entity_id: fx.requestId });
    });

    it('request.read: the detail, with its tasks and timeline', async () => {
      const w = await watermark();
      expect((await http.get(`/requests/${fx.requestId}`, USERS.coordinator)).status).toBe(200);
      await oneRow(w, ids.coordinator, 'request.read', fx.requestId);
      // Every read, not the first of a session: reading again records again.
      expect((await http.get(`/requests/${fx.requestId}`, USERS.auditor)).status).toBe(200);
      await oneRow(w, ids.auditor, 'request.read', fx.requestId);
    });

    it('request.list: a list shows names and dates of birth, so it records which requests it showed', async () => {
      const w = await watermark();
      const res = await http.get('/requests?limit=200', USERS.coordinator);
      expect(res.body.items.map((r: any) => r.id)).toContain(fx.requestId);
      const row = await oneRow(w, ids.coordinator, 'request.list');
      expect(row.request_id).toBeNull();
      expect(row.after.requestIds).toEqual(res.body.items.map((r: any) => r.id));
      expect(row.after.query).toEqual({ status: 'open', sort: 'dueDate', order: 'asc', limit: 200 });
    });

    it('task.list and task.read', async () => {
      fx.triageTaskId = (await openTask('triage')).id;
      const w = await watermark();
      const list = await http.get(`/tasks?requestId=${fx.requestId}`, USERS.coordinator);
      const row = await oneRow(w, ids.coordinator, 'task.list', fx.requestId);
      expect(row.after).toMatchObject({ taskIds: list.body.items.map((t: any) => t.id), requestIds: [fx.requestId] });
      expect((await http.get(`/tasks/${fx.triageTaskId}`, USERS.coordinator)).status).toBe(200);
      expect(await oneRow(w, ids.coordinator, 'task.read', fx.requestId)).toMatchObject({ entity: 'task', entity_id: fx.triageTaskId });
    });

    it('request.read_live: the workflow\'s own state', async () => {
      const w = await watermark();
      expect((await http.get(`/requests/${fx.requestId}/live`, USERS.coordinator)).status).toBe(200);
      await oneRow(w, ids.coordinator, 'request.read_live', fx.requestId);
    });

    it('task.complete: before and after', async () => {
      const w = await watermark();
      const res = await http.post(`/tasks/${fx.triageTaskId}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } });
      expect(res.status).toBe(200);
      expect(await oneRow(w, ids.coordinator, 'task.complete', fx.requestId)).toMatchObject({
        entity: 'task', entity_id: fx.triageTaskId, before: { status: 'open' }, after: { status: 'completed', outcome: 'accepted' },
      });
    });

    it('task.assign: before and after', async () => {
      fx.allocateTaskId = (await openTask('allocate')).id;
      const w = await watermark();
      const res = await http.post(`/tasks/${fx.allocateTaskId}/assign`, USERS.coordinator, { assigneeId: ids.coordinator });
      expect(res.status).toBe(200);
      expect(await oneRow(w, ids.coordinator, 'task.assign', fx.requestId)).toMatchObject({
        entity_id: fx.allocateTaskId, before: { assigneeId: null }, after: { assigneeId: ids.coordinator },
      });
    });

    it('request.deadline_exception: the due date before and after', async () => {
      const before = (await http.get(`/requests/${fx.requestId}`, USERS.coordinator)).body.statutoryDueDate;
      const w = await watermark();
      const res = await http.post(`/requests/${fx.requestId}/statutory-exceptions`, USERS.coordinator, { type: 'extension', kind: 'missed_appointment', days: 3, evidence: 'Did not attend clinic on 2 March' });
      expect(res.status).toBe(200);
      const row = await oneRow(w, ids.coordinator, 'request.deadline_exception', fx.requestId);
      expect(row.before).toEqual({ statutoryDueDate: before });
      expect(row.after.statutoryDueDate).toBe(res.body.statutoryDueDate);
      expect(row.after.statutoryDueDate).not.toBe(before);
    });

    it('a refused or failed call records no access', async () => {
      const w = await watermark();
      expect((await http.get(`/requests/${fx.requestId}`, USERS.sop)).status).toBe(403);
      expect((await http.get('/requests/00000000-0000-4000-8000-000000000000', USERS.coordinator)).status).toBe(404);
      expect((await http.post(`/tasks/${fx.triageTaskId}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } })).status).toBe(409);
      // Signing a test user in is audited too (auth.*), but is no access to the request.
      const rows = await stack.ds.query(`SELECT action FROM audit_events WHERE id > $1 AND action NOT IN ('request.list', 'task.list') AND action NOT LIKE 'auth.%'`, [w]);
      expect(rows).toEqual([]);
    });
  });

  describe('search (GET /api/audit)', () => {
    const search = (q: string, as: string = USERS.auditor) => http.get(`/audit${q}`, as);
    const expect400 = (res: HttpResult, field: RegExp) => expect({ status: res.status, message: res.body?.message }).toEqual({ status: 400, message: expect.stringMatching(field) });

    it.each<[string, RegExp]>([
      ['?requestId=abc', /^requestId must be a UUID/],
      ['?userId=1%3BDROP', /^userId must be a user id/],
      ['?from=2026-02-30', /^from: 2026-02-30 is not a date in the calendar/],
      ['?from=2026-03-01T10:00:00', /^from must be a date/],
      ['?to=yesterday', /^to must be a date/],
      ['?from=2026-03-02&to=2026-03-01', /^to: must not be before from/],
      ['?action=Request.Read', /^action must be an action name/],
      ['?action=' + 'a'.repeat(61), /action/],
      ['?limit=0', /^limit must not be less than 1/],
      ['?limit=201', /^limit must not be greater than 200/],
      ['?limit=ten', /^limit: must be a whole number/],
      ['?cursor=0', /^cursor must be the nextCursor/],
      ['?cursor=abc', /^cursor must be the nextCursor/],
      ['?limit=1&limit=2', /limit/],
      ['?actor=x', /^actor: unknown property/],
    ])('%s is a 400 naming the field', async (q, field) => {
      expect400(await search(q), field);
    });

    it('finds a request\'s entries, newest first, including the list reads that showed it', async () => {
      const res = await search(`?requestId=${fx.requestId}&limit=200`);
      expect(res.status).toBe(200);
      const items = res.body.items as any[];
      expect(items.every((i) => i.requestId === fx.requestId || i.after?.requestIds?.includes(fx.requestId))).toBe(true);
      const actions = items.map((i) => i.action);
      expect(actions).toEqual(expect.arrayContaining(['request.create', 'request.create_existing', 'request.read', 'request.list', 'task.list', 'task.read', 'request.read_live', 'task.complete', 'task.assign', 'request.deadline_exception']));
      expect(actions[actions.length - 1]).toBe('request.create');
      const numeric = items.map((i) => BigInt(i.id));
      expect(numeric.every((id, k) => k === 0 || id < numeric[k - 1])).toBe(true);
      expect(items.find((i) => i.action === 'request.create').actor).toEqual({ id: ids.coordinator, email: USERS.coordinator, displayName: expect.any(String) });
    });

    it('pages with a cursor: every entry once, in order, then no cursor', async () => {
      // Each search is itself an entry about the request; start below them so the trail holds still while paging.
      const start = String(BigInt(await watermark()) + 1n);
      const all = (await search(`?requestId=${fx.requestId}&limit=200&cursor=${start}`)).body.items.map((i: any) => i.id);
      expect(all.length).toBeGreaterThan(9);
      const paged: string[] = [];
      let cursor: string | null = start;
      do {
        const res: HttpResult = await search(`?requestId=${fx.requestId}&limit=3&cursor=${cursor}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        paged.push(...res.body.items.map((i: any) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    });

    it('filters by user and by action', async () => {
      const byUser = (await search(`?userId=${ids.coordinator}&limit=50`)).body.items as any[];
      expect(byUser.length).toBeGreaterThan(0);
      expect(byUser.every((i) => i.actor.id === ids.coordinator)).toBe(true);
      const byAction = (await search(`?action=task.complete&requestId=${fx.requestId}`)).body.items as any[];
      expect(byAction.map((i) => i.entityId)).toEqual([fx.triageTaskId]);
      expect(byAction[0]).toMatchObject({ before: { status: 'open' }, after: { status: 'completed' } });
      expect((await search(`?userId=${ids.coordinator}&action=task.complete&requestId=${fx.requestId}`, USERS.admin)).body.items).toHaveLength(1);
    });

    it('filters by date (whole days, Europe/London) and by instant', async () => {
      const created = (await search(`?action=request.create&requestId=${fx.requestId}`)).body.items[0];
      const at = new Date(created.at);
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
      const dayBefore = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(at.getTime() - 86_400_000));
      const dayAfter = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(at.getTime() + 86_400_000));
      const q = `?action=request.create&requestId=${fx.requestId}`;
      expect((await search(`${q}&from=${day}&to=${day}`)).body.items).toHaveLength(1);
      expect((await search(`${q}&to=${dayBefore}`)).body.items).toHaveLength(0);
      expect((await search(`${q}&from=${dayAfter}`)).body.items).toHaveLength(0);
      expect((await search(`${q}&from=${encodeURIComponent(created.at)}`)).body.items).toHaveLength(1);
      expect((await search(`${q}&from=${encodeURIComponent(new Date(at.getTime() + 1).toISOString())}`)).body.items).toHaveLength(0);
      expect((await search(`${q}&to=${encodeURIComponent(new Date(at.getTime() + 1).toISOString())}`)).body.items).toHaveLength(1);
    });

    it('records each search, under the request searched for', async () => {
      const w = await watermark();
      const res = await search(`?requestId=${fx.requestId}&action=request.read&limit=5`);
      expect(res.body.items.length).toBeGreaterThanOrEqual(2);
      const row = await oneRow(w, ids.auditor, 'audit.search', fx.requestId);
      expect(row.after).toEqual({ query: { requestId: fx.requestId, action: 'request.read', limit: 5 }, returned: res.body.items.length });
    });

    it('is for auditors and admins only', async () => {
      expect((await search('', USERS.coordinator)).status).toBe(403);
      expect((await search('', null as unknown as string)).status).toBe(401);
      expect((await search('?limit=1', USERS.admin)).status).toBe(200);
    });
  });

  describe('append-only, enforced by the database', () => {
    let appDs: DataSource;
    beforeAll(() => {
      // The API's own connection pool, not a test-only one: the refusal must hold for the application itself.
      appDs = stack.app.get<DataSource>(getDataSourceToken());
    });

    it.each([
      ['UPDATE', `UPDATE audit_events SET action = 'tampered' WHERE request_id = $1`],
      ['DELETE', `DELETE FROM audit_events WHERE request_id = $1`],
      ['TRUNCATE', `TRUNCATE audit_events`],
    ])('refuses %s', async (_op, sql) => {
      const before = await appDs.query(`SELECT id, action, before::text, after::text FROM audit_events WHERE request_id = $1 ORDER BY id`, [fx.requestId]);
      expect(before.length).toBeGreaterThan(5);
      await expect(appDs.query(sql, sql.includes('$1') ? [fx.requestId] : [])).rejects.toThrow(/audit_events is append-only/);
      expect(await appDs.query(`SELECT id, action, before::text, after::text FROM audit_events WHERE request_id = $1 ORDER BY id`, [fx.requestId])).toEqual(before);
    });

    it('offers no route that changes it', async () => {
      const any = (await stack.ds.query(`SELECT id FROM audit_events ORDER BY id DESC LIMIT 1`))[0].id;
      for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
        expect((await http.call(method, `/audit/${any}`, USERS.admin, {})).status).toBe(404);
        expect((await http.call(method, '/audit', USERS.admin, {})).status).toBe(404);
      }
    });
  });

  describe('repeated reads (a screen polling) within AUDIT_READ_WINDOW_SECONDS', () => {
    // The API reads its settings once; a test that changes one has it read again.
    afterEach(() => { process.env.AUDIT_READ_WINDOW_SECONDS = '0'; loadApiConfig(); });

    it('record one row per user, record and window; another user or a changed list is recorded again', async () => {
      process.env.AUDIT_READ_WINDOW_SECONDS = '300';
      loadApiConfig();
      const fresh = (await http.post('/requests', USERS.coordinator, newRequestBody())).body.id;
      const w = await watermark();
      for (let i = 0; i < 3; i++) expect((await http.get(`/requests/${fresh}`, USERS.coordinator)).status).toBe(200);
      await oneRow(w, ids.coordinator, 'request.read', fresh);
      expect((await http.get(`/requests/${fresh}`, USERS.auditor)).status).toBe(200);
      await oneRow(w, ids.auditor, 'request.read', fresh);
      const count = async () => (await stack.ds.query(`SELECT count(*)::int AS n FROM audit_events WHERE id > $1 AND actor_id = $2 AND action = 'request.list'`, [w, ids.coordinator]))[0].n;
      await http.get('/requests?limit=5', USERS.coordinator);
      await http.get('/requests?limit=5', USERS.coordinator);
      expect(await count()).toBe(1);
      await http.get('/requests?limit=4', USERS.coordinator);
      expect(await count()).toBe(2);
    });

    it('with the window at 0, every read is recorded', async () => {
      const w = await watermark();
      await http.get(`/requests/${fx.requestId}`, USERS.coordinator);
      await http.get(`/requests/${fx.requestId}`, USERS.coordinator);
      const rows = await stack.ds.query(`SELECT id FROM audit_events WHERE id > $1 AND actor_id = $2 AND action = 'request.read'`, [w, ids.coordinator]);
      expect(rows).toHaveLength(2);
    });
  });
});
