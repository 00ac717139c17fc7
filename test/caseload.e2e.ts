import { httpClient, USERS, eventually } from './support/http';
import { newRequestBody } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { waitForOpenTask } from './support/tasks';
import { uniqueSuffix } from './support/test-env';

/**
 * The coordinator's caseload (GET /api/requests) against real Temporal and PostgreSQL: days left
 * and red/amber/green with counts, every filter, search (audited without the term), open and
 * closed tabs, sorting and keyset paging whose order is stable; intake's 409 for the same LA
 * reference with a different child, and the LA's own deadline. Requests here belong to an LA of
 * this file's own, so other files' requests never change the answers.
 */
describe('caseload and intake (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const suffix = uniqueSuffix();
  const la = `E9${suffix.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(-10)}`;
  const family = `Caseload${suffix.replace(/[^a-z]/g, '')}`;
  const daysAgo = (d: number, hour = 10) => {
    const t = new Date(Date.now() - d * 86_400_000);
    t.setUTCHours(hour, 0, 0, 0);
    return t.toISOString();
  };
  const fx = { red: '', amber: '', green: '', late: '', coordinatorId: '', redRef: '', greenNhs: '9434765919' };

  const create = async (overrides: Record<string, unknown>) => {
    const res = await http.post('/requests', USERS.coordinator, newRequestBody({ localAuthorityCode: la, ...overrides }));
    expect(res.status).toBe(201);
    return res.body;
  };
  const list = (query: string, as: string = USERS.coordinator) => http.get(`/requests?localAuthorityCode=${la}&${query}`, as);

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    await stack.ds.query(`INSERT INTO local_authorities (code, name) VALUES ($1, $2)`, [la, `Caseload Test Council ${suffix}`]);
    fx.coordinatorId = (await http.get('/me', USERS.coordinator)).body.userId;
    // Received 40, 35 and 3 days ago (before the cut-off): due in about 2, 7 and 39 days (a weekend receipt moves each by at most 3).
    const red = await create({ receivedAt: daysAgo(40), child: { givenName: 'Ruby', familyName: family, dateOfBirth: '2017-02-03' } });
    const amber = await create({ receivedAt: daysAgo(35), child: { givenName: 'Amber', familyName: family, dateOfBirth: '2016-05-06' }, laDueDate: '2031-01-31' });
    const green = await create({ receivedAt: daysAgo(3), child: { givenName: 'Gwen', familyName: family, dateOfBirth: '2015-07-08', nhsNumber: fx.greenNhs } });
    const late = await create({ receivedAt: daysAgo(4), child: { givenName: 'Laurie', familyName: family, dateOfBirth: '2014-09-10' } });
    Object.assign(fx, { red: red.id, amber: amber.id, green: green.id, late: late.id, redRef: red.laReference });
    for (const id of [fx.red, fx.amber, fx.green, fx.late]) await waitForOpenTask(http, id, USERS.coordinator, 'triage');
    // "Any task past its target" makes a request amber even with weeks left: the projection of
    // the late request's triage says its target has passed.
    await stack.ds.query(`UPDATE tasks SET due_date = current_date - 3 WHERE request_id = $1 AND status = 'open'`, [fx.late]);
  });
  afterAll(async () => stack?.close());

  describe('items, colours and counts', () => {
    it('shows LA name, child, stage, holder, due dates, days left and colour; counts per colour at the top', async () => {
      const res = await list('limit=50');
      expect(res.status).toBe(200);
      const byId = new Map((res.body.items as any[]).map((i) => [i.id, i]));
      expect([...byId.keys()].sort()).toEqual([fx.red, fx.amber, fx.green, fx.late].sort());
      const red = byId.get(fx.red);
      expect(red).toMatchObject({
        localAuthorityCode: la, localAuthorityName: `Caseload Test Council ${suffix}`, child: { givenName: 'Ruby', familyName: family },
        status: expect.stringMatching(/received|in_progress/), rag: 'red', stage: 'Triage request', laDueDate: null,
      });
      expect(red.daysLeft).toBeLessThanOrEqual(5);
      expect(red.openTasks).toEqual([expect.objectContaining({ stage: 'triage', label: 'Triage request', holder: null, late: false })]);
      expect(byId.get(fx.amber)).toMatchObject({ rag: 'amber', laDueDate: '2031-01-31' });
      expect(byId.get(fx.green)).toMatchObject({ rag: 'green' });
      expect(byId.get(fx.late)).toMatchObject({ rag: 'amber', openTasks: [expect.objectContaining({ late: true })] });
      expect(byId.get(fx.green).daysLeft).toBeGreaterThan(30);
      expect(res.body.counts).toEqual({ red: 1, amber: 2, green: 1 });
      expect(res.body.thresholds).toEqual({ redDays: 5, amberDays: 10 });
      // The same thresholds for every screen's colour rule (the task pages' days-left tag), to every role.
      for (const as of [USERS.coordinator, USERS.slt, USERS.auditor]) {
        expect((await http.get('/settings', as)).body).toEqual({ ragThresholds: res.body.thresholds });
      }
      // The list carries no deadline explanation: the request page has it.
      expect(JSON.stringify(res.body)).not.toContain('deadlineExplanation');
    });

    it.each([['red', 'red'], ['amber', 'amber'], ['green', 'green']])('colour=%s lists only %s requests; counts stay those of the other filters', async (colour) => {
      const res = await list(`colour=${colour}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect((res.body.items as any[]).every((i) => i.rag === colour)).toBe(true);
      expect(res.body.counts).toEqual({ red: 1, amber: 2, green: 1 });
    });

    it('the red request is the first due: the default order is by statutory due date', async () => {
      const res = await list('');
      expect(res.body.items[0].id).toBe(fx.red);
      const due = (res.body.items as any[]).map((i) => i.statutoryDueDate);
      expect(due).toEqual([...due].sort());
      const desc = await list('sort=daysLeft&order=desc');
      expect(desc.body.items.map((i: any) => i.id)).toEqual(res.body.items.map((i: any) => i.id).reverse());
    });
  });

  describe('filters', () => {
    it('stage: requests with an open task at that step', async () => {
      expect((await list('stage=triage')).body.items).toHaveLength(4);
      expect((await list('stage=allocate')).body.items).toHaveLength(0);
    });

    it('assignee: requests with an open task given to that person, or unassigned', async () => {
      const triage = await waitForOpenTask(http, fx.green, USERS.coordinator, 'triage');
      expect((await http.post(`/tasks/${triage.id}/assign`, USERS.coordinator, { assigneeId: fx.coordinatorId })).status).toBe(200);
      await eventually(async () => (await list(`assignee=${fx.coordinatorId}`)).body.items.length === 1, { what: 'assignment projected' });
      const mine = await list(`assignee=${fx.coordinatorId}`);
      expect(mine.body.items.map((i: any) => i.id)).toEqual([fx.green]);
      expect(mine.body.items[0].openTasks[0].holder).toEqual({ id: fx.coordinatorId, name: 'Casey Coordinator' });
      expect((await list('assignee=unassigned')).body.items.map((i: any) => i.id)).not.toContain(fx.green);
    });

    it('overdue, service, and a service-scoped reader sees only their services (none here)', async () => {
      expect((await list('overdue=true')).body.items).toEqual([]);
      expect((await list('overdue=false')).body.items).toHaveLength(4);
      expect((await list('service=SLT')).body.items).toEqual([]);
      const slt = await list('limit=50', USERS.slt);
      expect(slt.status).toBe(200);
      expect(slt.body.items).toEqual([]);
      expect(slt.body.counts).toEqual({ red: 0, amber: 0, green: 0 });
    });

    it('closed tab: none of these, and no colour counts', async () => {
      const res = await list('status=closed');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ items: [], counts: null, nextCursor: null });
    });
  });

  describe('search', () => {
    it('by LA reference prefix, child name (either order, any case) and NHS number', async () => {
      const ids = async (q: string) => (await list(`q=${encodeURIComponent(q)}`)).body.items.map((i: any) => i.id).sort();
      expect(await ids(fx.redRef)).toEqual([fx.red]);
      expect(await ids(fx.redRef.slice(0, -2).toLowerCase())).toContain(fx.red);
      expect(await ids(`ruby ${family.toUpperCase()}`)).toEqual([fx.red]);
      expect(await ids(`${family} Ruby`)).toEqual([fx.red]);
      expect(await ids(family.slice(0, 12))).toEqual([fx.red, fx.amber, fx.green, fx.late].sort());
      expect(await ids('943 476 5919')).toContain(fx.green);
      expect(await ids('100%_')).toEqual([]);
    });

    it('is audited as a read of what it showed, without the search term', async () => {
      const [{ max }] = await stack.ds.query(`SELECT coalesce(max(id), 0)::text AS max FROM audit_events`);
      const res = await list(`q=${encodeURIComponent(`Ruby ${family}`)}`);
      expect(res.body.items.map((i: any) => i.id)).toEqual([fx.red]);
      const rows = await stack.ds.query(`SELECT after FROM audit_events WHERE id > $1 AND action = 'request.list' AND actor_id = $2`, [max, fx.coordinatorId]);
      expect(rows).toHaveLength(1);
      expect(rows[0].after).toMatchObject({ requestIds: [fx.red], query: { search: 'text', localAuthorityCode: la } });
      expect(JSON.stringify(rows[0].after)).not.toMatch(new RegExp(`Ruby|${family}`, 'i'));
      const nhs = await list(`q=${fx.greenNhs}`);
      expect(nhs.status).toBe(200);
      const [last] = await stack.ds.query(`SELECT after FROM audit_events WHERE action = 'request.list' AND actor_id = $1 ORDER BY id DESC LIMIT 1`, [fx.coordinatorId]);
      expect(last.after.query.search).toBe('nhs_number');
      expect(JSON.stringify(last.after)).not.toContain(fx.greenNhs);
    });
  });

  describe('paging', () => {
    it('keyset pages in a stable order with a unique tiebreaker, unmoved by a request added between pages', async () => {
      // Five more with the same receipt time: the same due date, so only the id orders them.
      const same = daysAgo(20, 9);
      for (let i = 0; i < 5; i++) await create({ receivedAt: same, child: { givenName: `Pat${i}`, familyName: family, dateOfBirth: '2016-01-01' } });
      const whole = (await list('limit=200')).body.items.map((i: any) => i.id);
      expect(whole).toHaveLength(9);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((i: any) => i.id));
        cursor = res.body.nextCursor;
        // A request that sorts before the current page arrives mid-way: it must not shift later pages.
        if (pages++ === 1) await create({ receivedAt: daysAgo(41), child: { givenName: 'Late', familyName: family, dateOfBirth: '2016-01-01' } });
      } while (cursor && pages < 20);
      expect(seen).toEqual(whole);
      const again = (await list('limit=200')).body.items.map((i: any) => i.id);
      expect(again.filter((id: string) => whole.includes(id))).toEqual(whole);
    });

    it('refuses a cursor from another sort order and a forged one, naming cursor', async () => {
      const first = await list('limit=1');
      const res = await list(`limit=1&sort=received&cursor=${first.body.nextCursor}`);
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([expect.objectContaining({ field: 'cursor' })]);
      expect((await list('cursor=bm90LWpzb24')).status).toBe(400);
      expect((await list('cursor=a%20b')).status).toBe(400);
    });

    it.each([['colour=purple', 'colour'], ['sort=name', 'sort'], ['limit=0', 'limit'], ['assignee=bob', 'assignee'], ['q=x', 'q'], ['stage=../x', 'stage'], ['offset=5', 'offset']])(
      '?%s answers 400 naming %s', async (query, field) => {
        const res = await http.get(`/requests?${query}`, USERS.coordinator);
        expect(res.status).toBe(400);
        expect(res.body.issues.map((i: any) => i.field)).toContain(field);
      });
  });

  describe('intake', () => {
    it('the same LA reference for a different child is refused with 409 naming the existing request only', async () => {
      const body = newRequestBody({ localAuthorityCode: la, child: { givenName: 'Dana', familyName: family, dateOfBirth: '2015-03-04' } });
      const first = await http.post('/requests', USERS.coordinator, body);
      expect(first.status).toBe(201);
      for (const child of [
        { givenName: 'Dana', familyName: 'Different', dateOfBirth: '2015-03-04' },
        { givenName: 'Dana', familyName: family, dateOfBirth: '2015-03-05' },
        { givenName: 'Dana', familyName: family, dateOfBirth: '2015-03-04', nhsNumber: '4010232137' },
      ]) {
        const res = await http.post('/requests', USERS.coordinator, { ...body, child: child.nhsNumber ? child : { ...child } });
        if (child.nhsNumber) {
          // The first post carried no NHS number: one side missing is not a contradiction.
          expect(res.status).toBe(200);
          continue;
        }
        expect(res.status).toBe(409);
        expect(res.body.existing).toEqual({ id: first.body.id, laReference: first.body.laReference, localAuthorityCode: la });
        expect(res.body.message).toContain(first.body.id);
        expect(JSON.stringify(res.body)).not.toMatch(/Dana|2015-03-04/);
      }
      // The same child again (any case and spacing) answers the existing request, as before.
      const again = await http.post('/requests', USERS.coordinator, { ...body, child: { ...body.child, givenName: ' dana ', familyName: family.toUpperCase() } });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const rows = await stack.ds.query(`SELECT count(*)::int AS n FROM requests WHERE workflow_id = $1`, [first.body.workflowId]);
      expect(rows[0].n).toBe(1);
    });

    it("records the LA's own deadline beside the statutory one; a bad date is a 400 naming laDueDate", async () => {
      const detail = await http.get(`/requests/${fx.amber}`, USERS.coordinator);
      expect(detail.body).toMatchObject({ laDueDate: '2031-01-31', statutoryDueDate: expect.any(String) });
      const [row] = await stack.ds.query(`SELECT to_char(la_due_date, 'YYYY-MM-DD') AS d FROM requests WHERE id = $1`, [fx.amber]);
      expect(row.d).toBe('2031-01-31');
      for (const laDueDate of ['2031-02-30', '31/01/2031', 20310131]) {
        const res = await http.post('/requests', USERS.coordinator, newRequestBody({ localAuthorityCode: la, laDueDate }));
        expect(res.status).toBe(400);
        expect(res.body.issues.map((i: any) => i.field)).toContain('laDueDate');
      }
    });
  });
});
