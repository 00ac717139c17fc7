import { randomUUID } from 'node:crypto';
import { hashPassword } from '@sendflow/persistence';
import { eventually, httpClient, sessionFor, signIn, USERS, type HttpResult } from './support/http';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { allTasks, waitForOpenTask } from './support/tasks';
import { uniqueSuffix } from './support/test-env';

/**
 * Working tasks (issue 8 §6-§9) against the real API, Temporal and PostgreSQL: what a task view
 * carries, allocation prefilled from triage, server-side drafts, claim/release, bulk
 * reassignment, pass/fail quality review with override, rework prefill with the reviewer's
 * comments, "not known to this service", and task targets capped at the statutory date.
 */
describe('working tasks (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  const ids = { slt: '', ot: '', leadSlt: '', coordinator: '', slt2: '', qa: '' };

  const complete = async (taskId: string, as: string, outcome: string, data: unknown) => {
    const res = await http.post(`/tasks/${taskId}/complete`, as, { outcome, data });
    if (res.status !== 200) throw new Error(`complete ${taskId} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const put = (path: string, as: string, body: unknown) => http.call('PUT', path, as, body);
  const auditRows = async (requestId: string, action: string) =>
    (await http.get(`/audit?requestId=${requestId}&action=${action}&limit=100`, USERS.auditor)).body.items as any[];
  const fields = (res: HttpResult) => (res.body.issues as { field: string }[]).map((i) => i.field);

  /** A request taken through triage (naming `known`) and allocation to `services`. */
  async function allocated(services: string[], known = services): Promise<string> {
    const created = await http.post('/requests', USERS.coordinator, newRequestBody());
    expect(created.status).toBe(201);
    const id = created.body.id;
    await complete((await waitForOpenTask(http, id, USERS.coordinator, 'triage')).id, USERS.coordinator, 'accepted', { complete: true, knownServices: known });
    await complete((await waitForOpenTask(http, id, USERS.coordinator, 'allocate')).id, USERS.coordinator, 'allocated', { services });
    return id;
  }

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
    for (const k of ['slt', 'ot', 'leadSlt', 'coordinator', 'qa'] as const) ids[k] = (await http.get('/me', USERS[k])).body.userId;
    const made = await http.post('/admin/users', USERS.admin, { email: `slt2-${uniqueSuffix()}@example.nhs.uk`, displayName: 'Second Speech', roles: ['practitioner'], serviceCodes: ['SLT'] });
    expect(made.status).toBe(201);
    ids.slt2 = made.body.id;
  });
  afterAll(async () => stack?.close());

  describe('task views', () => {
    it("carry the child's name, the LA reference and name, the statutory due date, days left and the documents; the order is stable", async () => {
      const created = await http.post('/requests', USERS.coordinator, newRequestBody());
      const request = (await http.get(`/requests/${created.body.id}`, USERS.coordinator)).body;
      // The LA's letter, attached at intake.
      const session = await sessionFor(stack.baseUrl, USERS.coordinator);
      const form = new FormData();
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(512, 0x20), Buffer.from('\n%%EOF\n')]);
      form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'la-letter.pdf');
      const uploaded = await fetch(`${stack.baseUrl}/requests/${request.id}/documents`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: form });
      expect(uploaded.status).toBe(201);
      const triage = await waitForOpenTask(http, request.id, USERS.coordinator, 'triage');
      for (const view of [triage, (await http.get(`/tasks/${triage.id}`, USERS.coordinator)).body]) {
        expect(view.request).toEqual(expect.objectContaining({
          id: request.id, laReference: request.laReference, localAuthorityCode: 'E06000023',
          child: { givenName: 'Alex', familyName: 'Example' }, statutoryDueDate: request.statutoryDueDate,
        }));
        expect(typeof view.request.localAuthorityName).toBe('string');
        expect(Number.isInteger(view.daysLeft)).toBe(true);
        expect(view.daysLeft).toBeGreaterThan(30);
      }
      // List items are slim: the task's own page carries its documents, form data and target explanation.
      expect(Object.keys(triage)).toEqual(expect.not.arrayContaining(['documents', 'data', 'dueExplanation']));
      const detail = (await http.get(`/tasks/${triage.id}`, USERS.coordinator)).body;
      expect(detail.documents).toEqual([expect.objectContaining({ filename: 'la-letter.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length })]);
      const first = (await http.get('/tasks', USERS.coordinator)).body.items.map((t: any) => t.id);
      const second = (await http.get('/tasks', USERS.coordinator)).body.items.map((t: any) => t.id);
      expect(second).toEqual(first);
    });

    it('come in pages: limit, nextCursor, no task twice or missed, each page audited; a cursor not made by the API is a 400', async () => {
      // Three requests, so the coordinator's list has at least three open triage tasks.
      for (let i = 0; i < 3; i++) await waitForOpenTask(http, (await http.post('/requests', USERS.coordinator, newRequestBody())).body.id, USERS.coordinator, 'triage');
      const whole = await allTasks(http, '', USERS.coordinator);
      const paged: any[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: HttpResult = await http.get(`/tasks?limit=2${cursor ? `&cursor=${cursor}` : ''}`, USERS.coordinator);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        paged.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 500);
      expect(paged.map((t) => t.id)).toEqual(whole.map((t) => t.id));
      expect(new Set(paged.map((t) => t.id)).size).toBe(paged.length);
      expect(pages).toBeGreaterThanOrEqual(2);
      // Due date (none last), then opened, then id.
      const key = (t: any) => `${t.dueDate ?? '9999-99-99'}|${t.openedAt}|${t.id}`;
      expect(paged.map(key)).toEqual([...paged.map(key)].sort());
      for (const [query, field] of [['cursor=bm90LWEtY3Vyc29y', 'cursor'], ['cursor=a%20b', 'cursor'], ['limit=0', 'limit'], ['limit=201', 'limit'], ['form=QA', 'form']]) {
        const res = await http.get(`/tasks?${query}`, USERS.coordinator);
        expect([res.status, res.body.issues?.[0]?.field]).toEqual([400, field]);
      }
      const reviews = (await http.get('/tasks?form=qa_review&limit=200', USERS.qa)).body.items as any[];
      expect(reviews.every((t) => t.form === 'qa_review')).toBe(true);
    });

    it('allocation starts from the services triage identified', async () => {
      const created = await http.post('/requests', USERS.coordinator, newRequestBody());
      const id = created.body.id;
      const triage = await waitForOpenTask(http, id, USERS.coordinator, 'triage');
      await complete(triage.id, USERS.coordinator, 'accepted', { complete: true, knownServices: ['SLT', 'OT'] });
      const allocate = await waitForOpenTask(http, id, USERS.coordinator, 'allocate');
      const view = (await http.get(`/tasks/${allocate.id}`, USERS.coordinator)).body;
      expect(view.prefill).toEqual({ source: 'triage', data: { services: ['SLT', 'OT'] }, fromTaskId: triage.id });
    });
  });

  describe('drafts', () => {
    let requestId = '';
    let draftTask = '';
    beforeAll(async () => {
      requestId = await allocated(['SLT', 'OT']);
      draftTask = (await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT')).id;
    });

    it('saves the form so far and resumes it in another session of the same user', async () => {
      const saved = await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: { healthNeeds: 'Developmental language', author: { name: 'Sam' } } });
      expect(saved.status).toBe(200);
      expect(Date.parse(saved.body.savedAt)).not.toBeNaN();
      const again = await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: { healthNeeds: 'Developmental language disorder', author: { name: 'Sam' } } });
      expect(again.body.revision).toBe(saved.body.revision + 1);

      // Another device: a fresh sign-in, its own session cookie.
      const other = await signIn(stack.baseUrl, USERS.slt, process.env.DEMO_PASSWORD as string);
      const res = await fetch(`${stack.baseUrl}/tasks/${draftTask}/draft`, { headers: { cookie: other.cookie } });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual(expect.objectContaining({ data: { healthNeeds: 'Developmental language disorder', author: { name: 'Sam' } }, savedBy: ids.slt, savedAt: again.body.savedAt }));
      expect((await http.get(`/tasks/${draftTask}`, USERS.slt)).body.draft.data.healthNeeds).toBe('Developmental language disorder');
    });

    it("another service's practitioner gets 404, as for no task; a lead of the service may read but not write", async () => {
      for (const res of [await http.get(`/tasks/${draftTask}/draft`, USERS.ot), await put(`/tasks/${draftTask}/draft`, USERS.ot, { data: {} }), await put(`/tasks/${randomUUID()}/draft`, USERS.slt, { data: {} })]) {
        expect(res.status).toBe(404);
      }
      expect((await http.get(`/tasks/${draftTask}/draft`, USERS.leadSlt)).status).toBe(200);
      expect((await put(`/tasks/${draftTask}/draft`, USERS.leadSlt, { data: {} })).status).toBe(403);
    });

    it('checks shape and size, not completeness', async () => {
      expect(fields(await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: { nope: 1 } }))).toEqual(['data.nope']);
      expect(fields(await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: { views: 'x'.repeat(120_000) } }))).toEqual(['data']);
      expect(fields(await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: {}, outcome: 'approved' }))).toEqual(['outcome']);
      expect(fields(await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: [] }))).toEqual(['data']);
      expect(fields(await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: {}, extra: 1 }))).toEqual(['extra']);
      expect((await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: { views: 'half a thought' }, outcome: 'submitted' })).status).toBe(200);
    });

    it('saves are audited as writes, coalesced to one record per person and task', async () => {
      const rows = (await auditRows(requestId, 'task.draft_save')).filter((r) => r.entityId === draftTask);
      expect(rows).toHaveLength(1);
      expect(rows[0].actor.id).toBe(ids.slt);
      expect(JSON.stringify(rows[0])).not.toContain('Developmental');
    });

    it('submit names every missing section; a complete submit clears the draft', async () => {
      const res = await http.post(`/tasks/${draftTask}/complete`, USERS.slt, { outcome: 'submitted', data: { healthNeeds: 'Developmental language disorder' } });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['data.author', 'data.sourcesOfInformation', 'data.impactOnDailyLife', 'data.strengths', 'data.outcomesSought', 'data.provision', 'data.views']);
      await complete(draftTask, USERS.slt, 'submitted', proForma);
      expect((await http.get(`/tasks/${draftTask}/draft`, USERS.slt)).status).toBe(404);
      expect((await put(`/tasks/${draftTask}/draft`, USERS.slt, { data: {} })).status).toBe(409);
    });

    it("a new draft starts with the author's details as they last submitted them, else their name; a lead reading it gets none", async () => {
      const next = await allocated(['SLT']);
      const task = await waitForOpenTask(http, next, USERS.slt, 'services/draft', 'SLT');
      const view = (await http.get(`/tasks/${task.id}`, USERS.slt)).body;
      // Other test files share the demo practitioner: compare with the task the details came from.
      expect(view.prefill).toEqual({ source: 'author', data: { author: expect.objectContaining({ name: expect.any(String), role: expect.any(String) }) }, fromTaskId: expect.any(String) });
      const from = (await http.get(`/tasks/${view.prefill.fromTaskId}`, USERS.slt)).body;
      expect([from.form, from.status, from.completedBy]).toEqual(['pro_forma', 'completed', ids.slt]);
      expect(view.prefill.data.author).toEqual(Object.fromEntries(Object.entries(from.data.author).filter(([, v]) => typeof v === 'string' && v !== '')));
      expect((await http.get(`/tasks/${task.id}`, USERS.leadSlt)).body.prefill).toBeNull();

      // Someone who has never submitted advice starts from their name alone.
      const email = `new-slt-${uniqueSuffix()}@test.sendflow.nhs.uk`;
      await stack.ds.query(`INSERT INTO users (email, display_name, roles, service_codes, password_hash) VALUES ($1, 'Nia New', '{practitioner}', '{SLT}', $2)`,
        [email, await hashPassword(process.env.DEMO_PASSWORD as string)]);
      expect((await http.get(`/tasks/${task.id}`, email)).body.prefill).toEqual({ source: 'author', data: { author: { name: 'Nia New' } }, fromTaskId: null });
    });
  });

  describe('claim, release and reassignment', () => {
    let requestId = '';
    let sltDraft = '';
    let otDraft = '';
    beforeAll(async () => {
      requestId = await allocated(['SLT', 'OT']);
      sltDraft = (await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT')).id;
      otDraft = (await waitForOpenTask(http, requestId, USERS.ot, 'services/draft', 'OT')).id;
    });

    it('a practitioner claims from the queue into my tasks and releases it back', async () => {
      const queue = (await http.get(`/tasks?assignee=unassigned&requestId=${requestId}`, USERS.ot)).body.items.map((t: any) => t.id);
      expect(queue).toEqual([otDraft]);
      const claimed = await http.post(`/tasks/${otDraft}/claim`, USERS.ot);
      expect(claimed.status).toBe(200);
      expect(claimed.body).toEqual(expect.objectContaining({ id: otDraft, assigneeId: ids.ot, assigneeName: 'Olu Occupational' }));
      expect((await allTasks(http, 'assignee=me', USERS.ot)).map((t: any) => t.id)).toContain(otDraft);
      expect((await http.get(`/tasks?assignee=unassigned&requestId=${requestId}`, USERS.ot)).body.items).toEqual([]);
      expect((await http.post(`/tasks/${otDraft}/claim`, USERS.slt)).status).toBe(404);

      const released = await http.post(`/tasks/${otDraft}/release`, USERS.ot);
      expect(released.status).toBe(200);
      expect(released.body.assigneeId).toBeNull();
      expect((await http.post(`/tasks/${otDraft}/release`, USERS.ot)).status).toBe(409);
      const actions = (await http.get(`/audit?requestId=${requestId}&userId=${ids.ot}&limit=100`, USERS.auditor)).body.items.map((r: any) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['task.claim', 'task.release']));
    });

    it('a task someone else holds cannot be claimed (409); the lead can move it', async () => {
      expect((await http.post(`/tasks/${sltDraft}/assign`, USERS.leadSlt, { assigneeId: ids.slt2 })).status).toBe(200);
      expect((await http.post(`/tasks/${sltDraft}/claim`, USERS.slt)).status).toBe(409);
      expect((await http.post(`/tasks/${sltDraft}/release`, USERS.slt)).status).toBe(403);
      expect((await http.post(`/tasks/${sltDraft}/release`, USERS.leadSlt)).status).toBe(200);
    });

    it('a lead moves many tasks at once; failures are reported per task and the rest still move', async () => {
      const other = await allocated(['SLT']);
      const sltDraft2 = (await waitForOpenTask(http, other, USERS.slt, 'services/draft', 'SLT')).id;
      const ghost = randomUUID();
      const res = await http.post('/tasks/reassign', USERS.leadSlt, { taskIds: [sltDraft, sltDraft2, ghost, otDraft], toUserId: ids.slt2 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ moved: 2, failed: 2 }));
      expect(res.body.results).toEqual([
        { taskId: sltDraft, status: 'moved', httpStatus: 200 },
        { taskId: sltDraft2, status: 'moved', httpStatus: 200 },
        // Another service's task answers exactly like one that does not exist.
        expect.objectContaining({ taskId: ghost, status: 'failed', httpStatus: 404 }),
        expect.objectContaining({ taskId: otDraft, status: 'failed', httpStatus: 404 }),
      ]);
      const audited = (await auditRows(other, 'task.assign')).find((r) => r.entityId === sltDraft2);
      expect(audited.actor.id).toBe(ids.leadSlt);
      expect(audited.after).toEqual({ assigneeId: ids.slt2, via: 'reassign' });
    });

    it('the coordinator moves everything one person holds (a practitioner away)', async () => {
      const res = await http.post('/tasks/reassign', USERS.coordinator, { fromUserId: ids.slt2, toUserId: ids.slt });
      expect(res.status).toBe(200);
      expect(res.body.failed).toBe(0);
      expect(res.body.moved).toBeGreaterThanOrEqual(2);
      expect(res.body.more).toBe(false);
      const mine = (await allTasks(http, 'assignee=me', USERS.slt)).map((t: any) => t.id);
      expect(mine).toEqual(expect.arrayContaining([sltDraft]));
      const leftWithSlt2 = (await allTasks(http, 'serviceCode=SLT', USERS.leadSlt)).filter((t: any) => t.assigneeId === ids.slt2);
      expect(leftWithSlt2).toEqual([]);
    });

    it('validates the reassignment request', async () => {
      expect(fields(await http.post('/tasks/reassign', USERS.leadSlt, { toUserId: ids.slt }))).toEqual(['taskIds']);
      expect(fields(await http.post('/tasks/reassign', USERS.leadSlt, { taskIds: [sltDraft], fromUserId: ids.slt, toUserId: ids.slt }))).toEqual(['taskIds']);
      expect(fields(await http.post('/tasks/reassign', USERS.leadSlt, { taskIds: Array.from({ length: 101 }, () => randomUUID()), toUserId: ids.slt }))).toEqual(['taskIds']);
      expect(fields(await http.post('/tasks/reassign', USERS.leadSlt, { taskIds: [sltDraft], toUserId: randomUUID() }))).toEqual(['toUserId']);
      const wrongPerson = await http.post('/tasks/reassign', USERS.leadSlt, { taskIds: [sltDraft], toUserId: ids.ot });
      expect(wrongPerson.body.results[0]).toEqual(expect.objectContaining({ status: 'failed', httpStatus: 400 }));
      expect((await http.post('/tasks/reassign', USERS.slt, { taskIds: [sltDraft], toUserId: ids.slt })).status).toBe(403);
    });
  });

  describe('quality review and rework', () => {
    let requestId = '';
    let review = '';
    const passAll = allCriteriaMet.criteria as Record<string, { result: string; comment?: string }>;
    beforeAll(async () => {
      requestId = await allocated(['SLT']);
      await complete((await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT')).id, USERS.slt, 'submitted', proForma);
      review = (await waitForOpenTask(http, requestId, USERS.qa, 'services/review', 'SLT')).id;
    });

    it('the reviewer sees the draft beside the checklist', async () => {
      const view = (await http.get(`/tasks/${review}`, USERS.qa)).body;
      expect(view.underReview).toEqual(expect.objectContaining({ attempt: 1, outcome: 'submitted', data: proForma, completedBy: ids.slt }));
      // The reviewer sees the draft through the pro forma version the request pinned.
      expect(view.relatedForms.pro_forma).toEqual(expect.objectContaining({ key: 'pro_forma' }));
    });

    it('0 criteria: 400 naming each criterion; a fail needs a comment; approving over a fail needs an override reason', async () => {
      const none = await http.post(`/tasks/${review}/complete`, USERS.qa, { outcome: 'approved', data: { criteria: {} } });
      expect(none.status).toBe(400);
      expect(fields(none)).toEqual(Object.keys(passAll).map((id) => `data.criteria.${id}`));
      const bare = await http.post(`/tasks/${review}/complete`, USERS.qa, { outcome: 'approved', data: { criteria: { ...passAll, daily_life: { result: 'fail' } }, overrideReason: 'x' } });
      expect(fields(bare)).toEqual(['data.criteria.daily_life.comment']);
      const noOverride = await http.post(`/tasks/${review}/complete`, USERS.qa, { outcome: 'approved', data: { criteria: { ...passAll, daily_life: { result: 'fail', comment: 'Not about school' } } } });
      expect(fields(noOverride)).toEqual(['data.overrideReason']);
      const noComments = await http.post(`/tasks/${review}/complete`, USERS.qa, { outcome: 'rework', data: { criteria: passAll } });
      expect(fields(noComments)).toEqual(['data.comments']);
    });

    it('rework opens the previous attempt filled in, with the reviewer comments beside criteria and sections', async () => {
      await complete(review, USERS.qa, 'rework', {
        criteria: { ...passAll, daily_life: { result: 'fail', comment: 'Say what this means in class' } },
        sectionComments: { impactOnDailyLife: 'Add the playground' },
        comments: 'Nearly there.',
      });
      const redraft = await eventually(async () => {
        const tasks = (await http.get(`/tasks?requestId=${requestId}`, USERS.slt)).body.items as any[];
        return tasks.find((t) => t.nodePath === 'services/draft' && t.status === 'open' && t.attempt === 2);
      }, { what: 'second draft' });
      const view = (await http.get(`/tasks/${redraft.id}`, USERS.slt)).body;
      // Back to its author, not to the queue; the timeline says why.
      expect(view.assigneeId).toBe(ids.slt);
      expect(view.assigneeName).toEqual(expect.any(String));
      const mine = (await http.get(`/tasks?assignee=me&requestId=${requestId}`, USERS.slt)).body.items as any[];
      expect(mine.map((t) => t.id)).toContain(redraft.id);
      const detail = (await http.get(`/requests/${requestId}`, USERS.coordinator)).body;
      expect(detail.timeline).toContainEqual(expect.objectContaining({ kind: 'task.assigned', taskId: redraft.id, summary: expect.stringContaining('back to whoever did attempt 1') }));
      expect(view.prefill).toEqual(expect.objectContaining({ source: 'previous_attempt', data: proForma }));
      expect(view.reviewFeedback).toEqual(expect.objectContaining({ taskId: review, outcome: 'rework', comments: 'Nearly there.', sectionComments: { impactOnDailyLife: 'Add the playground' } }));
      expect(view.reviewFeedback.criteria).toContainEqual({ id: 'daily_life', text: expect.any(String), result: 'fail', comment: 'Say what this means in class' });
      expect(view.reviewFeedback.criteria).toHaveLength(7);

      await complete(redraft.id, USERS.slt, 'submitted', { ...proForma, impactOnDailyLife: 'Cannot follow instructions in class or the playground.' });
      const review2 = await eventually(async () => {
        const tasks = (await http.get(`/tasks?requestId=${requestId}`, USERS.qa)).body.items as any[];
        return tasks.find((t) => t.nodePath === 'services/review' && t.status === 'open' && t.attempt === 2);
      }, { what: 'second review' });
      // The second review goes to the reviewer who asked for the changes.
      expect(review2.assigneeId).toBe(ids.qa);
      await complete(review2.id, USERS.qa, 'approved', {
        criteria: { ...passAll, jargon_free: { result: 'fail', comment: 'One acronym left' } }, overrideReason: 'Acronym is explained in the glossary',
      });
      const recorded = (await auditRows(requestId, 'task.complete')).find((r) => r.entityId === review2.id);
      expect(recorded.after).toEqual(expect.objectContaining({ outcome: 'approved', overrideReason: 'Acronym is explained in the glossary' }));
    });
  });

  it('a service answers "not known to this service": its branch ends and the compiled advice carries the answer', async () => {
    const requestId = await allocated(['SLT', 'OT']);
    const otDraft = await waitForOpenTask(http, requestId, USERS.ot, 'services/draft', 'OT');
    expect(otDraft.outcomes.map((o: any) => o.id)).toEqual(['submitted', 'not_known']);
    const missing = await http.post(`/tasks/${otDraft.id}/complete`, USERS.ot, { outcome: 'not_known', data: { reason: 'No record' } });
    expect(fields(missing)).toEqual(['data.date', 'data.signpost']);
    const answer = { reason: 'No record of the child on the OT caseload', date: '2026-11-20', signpost: 'The school SENCo holds the OT screening' };
    await complete(otDraft.id, USERS.ot, 'not_known', answer);
    await complete((await waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT')).id, USERS.slt, 'submitted', proForma);
    await complete((await waitForOpenTask(http, requestId, USERS.qa, 'services/review', 'SLT')).id, USERS.qa, 'approved', allCriteriaMet);
    // No OT review was ever opened: the branch ended at the answer.
    await waitForOpenTask(http, requestId, USERS.coordinator, 'return');
    const otTasks = await stack.ds.query(`SELECT node_path, status, outcome FROM tasks WHERE request_id = $1 AND service_code = 'OT'`, [requestId]);
    expect(otTasks).toEqual([{ node_path: 'services/draft', status: 'completed', outcome: 'not_known' }]);
    const [row] = await stack.ds.query(`SELECT compiled_advice FROM requests WHERE id = $1`, [requestId]);
    const byService = Object.fromEntries(row.compiled_advice.contributions.map((c: any) => [c.serviceCode, c]));
    expect(byService.OT).toEqual({ serviceCode: 'OT', taskId: otDraft.id, outcome: 'not_known', data: answer });
    expect(byService.SLT.data).toEqual(proForma);
    expect(byService.SLT.outcome).toBeUndefined();
  });

  it('no task target falls after the statutory due date: capped, and the explanation says so', async () => {
    // Received 41 days ago at midday (before the 17:00 receipt cut-off whatever the time of day the
    // test runs, and in either GMT or BST): the statutory date is a day or so away, the triage
    // target (2 working days) beyond it.
    const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() - 41 * 86_400_000));
    const created = await http.post('/requests', USERS.coordinator, newRequestBody({ receivedAt: `${londonDate}T12:00:00Z` }));
    expect(created.status).toBe(201);
    const request = (await http.get(`/requests/${created.body.id}`, USERS.coordinator)).body;
    const listed = await waitForOpenTask(http, request.id, USERS.coordinator, 'triage');
    expect(listed.dueDate).toBe(request.statutoryDueDate);
    // The explanation is on the task's own page (lists are slim).
    const triage = (await http.get(`/tasks/${listed.id}`, USERS.coordinator)).body;
    const last = triage.dueExplanation[triage.dueExplanation.length - 1];
    expect(last).toEqual(expect.objectContaining({ rule: 'target.capped_at_statutory_deadline', date: request.statutoryDueDate }));
    expect(last.text).toMatch(/falls after the request's statutory due date/);
  });
});
