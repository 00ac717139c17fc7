import { randomUUID } from 'node:crypto';
import { EHCNA_DEFAULT_SOP, type SopDefinition } from '@sendflow/sop';
import { httpClient, USERS, eventually, type HttpResult } from './support/http';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { uniqueSuffix } from './support/test-env';
import { waitForOpenTask } from './support/tasks';

const SOP_MANAGER = 'sop@demo.sendflow.nhs.uk';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/**
 * SOP versions through the API: draft -> published -> retired, one draft per key, optimistic
 * concurrency, validation on publish, diff and audit; and pinning: a running request keeps the
 * version it started on while new requests take the newly published one. Every test uses SOP
 * keys of its own, so the shared default SOP stays as seeded for other test files.
 */
describe('SOP versions (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => stack?.close());

  const put = (id: string, body: unknown, ifMatch?: string, as: string = SOP_MANAGER) =>
    http.call('PUT', `/sops/${id}`, as, body, ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` });
  const defOf = (key: string, base: SopDefinition = EHCNA_DEFAULT_SOP): SopDefinition => ({ ...clone(base), key });
  const newKey = (prefix: string) => `${prefix}-${uniqueSuffix()}`;
  const expectStatus = (res: HttpResult, status: number, message?: RegExp) => {
    expect({ status: res.status, message: res.body?.message }).toEqual({ status, message: message ? expect.stringMatching(message) : res.body?.message });
  };
  const auditOf = async (id: string) =>
    stack.ds.query(`SELECT action, actor_id, before, after FROM audit_events WHERE entity = 'sop_version' AND entity_id = $1 ORDER BY id`, [id]);

  describe('lifecycle', () => {
    it('creates version 1 of a new key as a draft, and refuses an existing key', async () => {
      const key = newKey('life');
      const created = await http.post('/sops', SOP_MANAGER, defOf(key));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ sopKey: key, version: 1, status: 'draft', derivedFromId: null, publishedAt: null, valid: true, issues: [] });
      expect(created.body.revision).toMatch(/^[0-9a-f]{32}$/);
      expect(created.body.definition.key).toBe(key);

      expectStatus(await http.post('/sops', SOP_MANAGER, defOf(key)), 409, new RegExp(`${key} already exists`));
      expectStatus(await http.post('/sops', SOP_MANAGER, defOf(EHCNA_DEFAULT_SOP.key)), 409, /already exists/);
      const audit = await auditOf(created.body.id);
      expect(audit).toEqual([expect.objectContaining({ action: 'sop.create', after: expect.objectContaining({ sopKey: key, version: 1, status: 'draft' }) })]);
    });

    it('walks draft -> published -> new draft -> published -> retired, refusing every wrong-state step', async () => {
      const key = newKey('life');
      const v1 = (await http.post('/sops', SOP_MANAGER, defOf(key))).body;

      // Draft: may not be retired, may not be copied while it is the open draft.
      expectStatus(await http.post(`/sops/${v1.id}/retire`, SOP_MANAGER), 409, /is draft: only a published version can be retired/);
      const second = await http.post(`/sops/${v1.id}/drafts`, SOP_MANAGER);
      expectStatus(second, 409, new RegExp(`already has an open draft, version 1 \\(${v1.id}\\)`));
      expect((await http.post(`/sops/${v1.id}/validate`, USERS.auditor)).body).toEqual({ valid: true, issues: [] });

      const published = await http.post(`/sops/${v1.id}/publish`, SOP_MANAGER);
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ id: v1.id, status: 'published', version: 1 });
      expect(Date.parse(published.body.publishedAt)).toBeGreaterThan(Date.now() - 60_000);

      // Published: immutable, not publishable again, and not retirable while it is the only one.
      expectStatus(await put(v1.id, defOf(key), v1.revision), 409, /is published: only a draft can be edited/);
      expectStatus(await http.post(`/sops/${v1.id}/publish`, SOP_MANAGER), 409, /is published: only a draft can be published/);
      expectStatus(await http.post(`/sops/${v1.id}/retire`, SOP_MANAGER), 409, /only published version/);

      const v2 = await http.post(`/sops/${v1.id}/drafts`, SOP_MANAGER);
      expect(v2.status).toBe(201);
      expect(v2.body).toMatchObject({ sopKey: key, version: 2, status: 'draft', derivedFromId: v1.id, valid: true });
      expect(v2.body.definition).toEqual((await http.get(`/sops/${v1.id}`, SOP_MANAGER)).body.definition);
      expect(v2.body.revision).toBe(v1.revision);
      const again = await http.post(`/sops/${v1.id}/drafts`, SOP_MANAGER);
      expectStatus(again, 409, new RegExp(`open draft, version 2 \\(${v2.body.id}\\)`));

      // An invalid graph is saved (work in progress) with its issues, but cannot be published.
      const broken = defOf(key);
      broken.graph.edges = broken.graph.edges.filter((e) => e.id !== 'e3');
      const saved = await put(v2.body.id, broken, v2.body.revision);
      expect(saved.status).toBe(200);
      expect(saved.body.valid).toBe(false);
      expect(saved.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'unwired_outcome', nodeId: 'triage' })]));
      expect(saved.body.revision).not.toBe(v2.body.revision);
      const checked = await http.post(`/sops/${v2.body.id}/validate`, SOP_MANAGER);
      expect(checked.status).toBe(200);
      expect(checked.body.valid).toBe(false);
      expect(checked.body.issues.map((i: any) => i.code)).toEqual(expect.arrayContaining(['unwired_outcome', 'unreachable']));
      const refused = await http.post(`/sops/${v2.body.id}/publish`, SOP_MANAGER);
      expectStatus(refused, 422, /fails validation/);
      expect(refused.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'unwired_outcome', nodeId: 'triage' })]));
      expect((await http.get(`/sops/${v2.body.id}`, SOP_MANAGER)).body.status).toBe('draft');

      // Optimistic concurrency: a second editor still holding the first revision is refused.
      const stale = await put(v2.body.id, defOf(key), v2.body.revision);
      expectStatus(stale, 409, /has changed since revision/);
      expectStatus(await put(v2.body.id, defOf(key)), 428, /If-Match/);
      expectStatus(await put(v2.body.id, defOf(key), 'not-a-revision'), 400, /If-Match/);
      expectStatus(await put(v2.body.id, defOf('some-other-key'), saved.body.revision), 400, new RegExp(`key: must stay ${key}`));

      const fixed = defOf(key);
      const triage = fixed.graph.nodes.find((n) => n.id === 'triage') as any;
      triage.label = 'Triage the request';
      triage.target = { days: 3, unit: 'working' };
      fixed.name = 'EHCNA health advice, revised';
      const current = await http.get(`/sops/${v2.body.id}`, USERS.coordinator);
      expect(current.body.revision).toBe(saved.body.revision);
      const updated = await put(v2.body.id, fixed, current.body.revision);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ valid: true, issues: [], status: 'draft' });

      const diff = await http.get(`/sops/${v1.id}/diff/${v2.body.id}`, USERS.auditor);
      expect(diff.status).toBe(200);
      expect(diff.body).toMatchObject({
        from: { id: v1.id, version: 1, status: 'published' }, to: { id: v2.body.id, version: 2, status: 'draft' },
        metadata: [{ field: 'name', before: 'EHCNA health advice', after: 'EHCNA health advice, revised' }],
        nodes: { added: [], removed: [], changed: [{ path: 'triage', changes: [
          { field: 'label', before: 'Triage request', after: 'Triage the request' },
          { field: 'target.days', before: 2, after: 3 },
        ] }] },
        edges: { added: [], removed: [], changed: [] },
        identical: false,
      });

      expectStatus(await http.post(`/sops/${v2.body.id}/publish`, SOP_MANAGER, undefined, { 'if-match': `"${saved.body.revision}"` }), 409, /has changed since revision/);
      const v2Published = await http.post(`/sops/${v2.body.id}/publish`, SOP_MANAGER, undefined, { 'if-match': `"${updated.body.revision}"` });
      expect(v2Published.status).toBe(200);

      const retired = await http.post(`/sops/${v1.id}/retire`, SOP_MANAGER);
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({ status: 'retired' });
      expect(retired.body.retiredAt).toBeTruthy();
      expectStatus(await http.post(`/sops/${v1.id}/retire`, SOP_MANAGER), 409, /is retired/);
      expectStatus(await http.post(`/sops/${v1.id}/publish`, SOP_MANAGER), 409, /is retired/);
      expectStatus(await put(v1.id, defOf(key), v1.revision), 409, /is retired/);
      expectStatus(await http.post(`/sops/${v2.body.id}/retire`, SOP_MANAGER), 409, /only published version/);

      // A draft may start from any version, a retired one included.
      const v3 = await http.post(`/sops/${v1.id}/drafts`, SOP_MANAGER);
      expect(v3.body).toMatchObject({ version: 3, derivedFromId: v1.id, status: 'draft' });

      const list = await http.get('/sops', USERS.coordinator);
      expect(list.body.filter((v: any) => v.sopKey === key).map((v: any) => [v.version, v.status])).toEqual([[3, 'draft'], [2, 'published'], [1, 'retired']]);

      // Every change is in the audit log with before and after, under the manager's id.
      const manager = (await stack.ds.query(`SELECT id FROM users WHERE email = $1`, [SOP_MANAGER]))[0].id;
      expect((await auditOf(v1.id)).map((a: any) => [a.action, a.actor_id])).toEqual([['sop.create', manager], ['sop.publish', manager], ['sop.retire', manager]]);
      const v2Audit = await auditOf(v2.body.id);
      expect(v2Audit.map((a: any) => a.action)).toEqual(['sop.draft', 'sop.update', 'sop.update', 'sop.publish']);
      const lastUpdate = v2Audit[2];
      expect(lastUpdate.before.definition.graph.edges.some((e: any) => e.id === 'e3')).toBe(false);
      expect(lastUpdate.after.definition.graph.nodes.find((n: any) => n.id === 'triage').label).toBe('Triage the request');
      expect(v2Audit[3]).toMatchObject({ before: { status: 'draft' }, after: { status: 'published', version: 2 } });
    });

    it('enforces one open draft per key in the database too', async () => {
      const key = newKey('uniq');
      await http.post('/sops', SOP_MANAGER, defOf(key));
      await expect(stack.ds.query(`INSERT INTO sop_versions (sop_key, version, status, definition) VALUES ($1, 2, 'draft', '{}'::jsonb)`, [key]))
        .rejects.toMatchObject({ code: '23505', constraint: 'ux_sop_versions_one_draft_per_key' });
      // Concurrent draft requests: exactly one wins, the others are 409s.
      const v1 = (await http.get('/sops', SOP_MANAGER)).body.find((v: any) => v.sopKey === key);
      await http.post(`/sops/${v1.id}/publish`, SOP_MANAGER);
      const results = await Promise.all([1, 2, 3, 4].map(() => http.post(`/sops/${v1.id}/drafts`, SOP_MANAGER)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    });

    it('lets only SOP managers write, and the usual roles read', async () => {
      const key = newKey('roles');
      const v1 = (await http.post('/sops', SOP_MANAGER, defOf(key))).body;
      for (const as of [USERS.coordinator, USERS.admin, USERS.qa, USERS.auditor]) {
        expect((await http.post('/sops', as, defOf(newKey('roles')))).status).toBe(403);
        expect((await put(v1.id, defOf(key), v1.revision, as)).status).toBe(403);
        expect((await http.post(`/sops/${v1.id}/publish`, as)).status).toBe(403);
        expect((await http.post(`/sops/${v1.id}/drafts`, as)).status).toBe(403);
        expect((await http.post(`/sops/${v1.id}/retire`, as)).status).toBe(403);
      }
      expect((await http.post('/sops', null, defOf(newKey('roles')))).status).toBe(401);
      for (const as of [USERS.coordinator, USERS.admin, USERS.auditor, SOP_MANAGER]) {
        expect((await http.get(`/sops/${v1.id}`, as)).status).toBe(200);
        expect((await http.get(`/sops/${v1.id}/diff/${v1.id}`, as)).status).toBe(200);
      }
      expect((await http.get(`/sops/${v1.id}`, USERS.slt)).status).toBe(403);
      expect((await http.post(`/sops/${v1.id}/validate`, USERS.slt)).status).toBe(403);
      expect((await http.get(`/sops/${v1.id}/diff/${v1.id}`, USERS.slt)).status).toBe(403);
      expect((await auditOf(v1.id)).map((a: any) => a.action)).toEqual(['sop.create']);
    });

    it('answers bad bodies with 400 naming the field, and unknown ids with 404, never a 5xx', async () => {
      const key = newKey('bad');
      const v1 = (await http.post('/sops', SOP_MANAGER, defOf(key))).body;
      const mutate = (f: (d: any) => void) => {
        const d: any = defOf(newKey('bad'));
        f(d);
        return d;
      };
      const cases: [string, unknown, RegExp][] = [
        ['missing name', mutate((d) => delete d.name), /^name: /],
        ['wrong type for name', mutate((d) => { d.name = 42; }), /^name: /],
        ['bad key', mutate((d) => { d.key = 'Bad Key'; }), /^key: must be lower-case/],
        ['missing graph', mutate((d) => delete d.graph), /^graph: /],
        ['unknown role', mutate((d) => { d.graph.nodes[1].role = 'wizard'; }), /graph\.nodes\.1\.role/],
        ['unknown node kind', mutate((d) => { d.graph.nodes[2].kind = 'teleport'; }), /graph\.nodes\.2\.kind/],
        ['target days not a number', mutate((d) => { d.graph.nodes[1].target.days = '2'; }), /graph\.nodes\.1\.target\.days/],
        ['blank label inside a block', mutate((d) => { d.graph.nodes.find((n: any) => n.id === 'services').body.nodes[1].label = ' '; }), /graph\.nodes\.5\.body\.nodes\.1\.label/],
        ['unknown property', mutate((d) => { d.graph.edges[0].colour = 'red'; }), /graph\.edges\.0\.colour: unknown property/],
        ['unknown top-level property', mutate((d) => { d.version = 7; }), /^version: unknown property/],
        // NUL and lone surrogates are refused by the global hostile-input layer, before the SOP body check.
        ['NUL in a label', mutate((d) => { d.graph.nodes[0].label = 'a\u0000b'; }), /graph\.nodes\.0\.label: must not contain NUL/],
        ['lone surrogate', mutate((d) => { d.description = 'x\ud800'; }), /^description: must be valid Unicode text \(it contains an unpaired surrogate\)/],
        ['an array', [], /^body: /],
        ['null', null, /body/],
        ['too many nodes', mutate((d) => { d.graph.nodes = Array.from({ length: 201 }, (_, i) => ({ id: `n${i}`, kind: 'start', label: 'x' })); }), /graph\.nodes/],
      ];
      for (const [what, body, field] of cases) {
        for (const res of [await http.post('/sops', SOP_MANAGER, body), await put(v1.id, body, v1.revision)]) {
          expect({ what, status: res.status, message: res.body?.message }).toEqual({ what, status: 400, message: expect.stringMatching(field) });
        }
      }
      // Nesting deep enough to trip a recursive parser, and a body over the limit.
      // Built as text: JSON.stringify itself would overflow the stack on it.
      const levels = 3000;
      const deep = `${'{"id":"b","kind":"perService","label":"b","body":{"edges":[],"nodes":['.repeat(levels)}{"id":"x","kind":"start","label":"x"}${']}}'.repeat(levels)}`;
      // Refused by the global depth scan on the raw body, before parsing.
      const nested = await http.post('/sops', SOP_MANAGER, `{"key":"${newKey('deep')}","name":"Deep","graph":{"edges":[],"nodes":[${deep}]}}`);
      expect([nested.status, nested.body.message]).toEqual([400, expect.stringMatching(/^body: nested deeper than 32 levels/)]);
      const huge = await http.post('/sops', SOP_MANAGER, { ...defOf(newKey('huge')), description: 'x'.repeat(400_000) });
      expect(huge.status).toBe(413);
      expectStatus(await http.post('/sops', SOP_MANAGER, '{"key": '), 400, /not valid JSON/);
      expect((await http.get(`/sops/${v1.id}`, SOP_MANAGER)).body.revision).toBe(v1.revision);

      const unknown = randomUUID();
      for (const res of [
        await http.get(`/sops/${unknown}`, SOP_MANAGER), await put(unknown, defOf(key), v1.revision),
        await http.post(`/sops/${unknown}/drafts`, SOP_MANAGER), await http.post(`/sops/${unknown}/validate`, SOP_MANAGER),
        await http.post(`/sops/${unknown}/publish`, SOP_MANAGER), await http.post(`/sops/${unknown}/retire`, SOP_MANAGER),
        await http.get(`/sops/${unknown}/diff/${v1.id}`, SOP_MANAGER), await http.get(`/sops/${v1.id}/diff/${unknown}`, SOP_MANAGER),
      ]) expectStatus(res, 404, new RegExp(`SOP version ${unknown} not found`));
      for (const res of [
        await http.get('/sops/nope', SOP_MANAGER), await put('1', defOf(key), v1.revision), await http.post(`/sops/${v1.id.slice(1)}/publish`, SOP_MANAGER),
        await http.post("/sops/'/drafts", SOP_MANAGER),
      ]) expectStatus(res, 400, /^id must be a UUID/);
      // A NUL in the path is refused by the global hostile-input layer before routing.
      expectStatus(await http.post('/sops/%00/retire', SOP_MANAGER), 400, /^path: must not contain NUL/);
      expectStatus(await http.get(`/sops/${v1.id}/diff/zzz`, SOP_MANAGER), 400, /^otherId must be a UUID/);
    });

    it('lets a request name its SOP, refusing unknown keys and keys with nothing published', async () => {
      const key = newKey('req');
      await http.post('/sops', SOP_MANAGER, defOf(key));
      expectStatus(await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: key })), 409, new RegExp(`sopKey: SOP ${key} has no published version`));
      expectStatus(await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: newKey('none') })), 400, /^sopKey: there is no SOP/);
      expectStatus(await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: 'Not A Key' })), 400, /sopKey must be a SOP key/);
      expectStatus(await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: 7 })), 400, /sopKey/);
      const seeded = (await http.get('/sops', USERS.coordinator)).body.find((v: any) => v.sopKey === EHCNA_DEFAULT_SOP.key && v.status === 'published');
      const byDefault = await http.post('/requests', USERS.coordinator, newRequestBody());
      expect(byDefault.status).toBe(201);
      expect(byDefault.body.sopVersionId).toBe(seeded.id);
    });
  });

  describe('pinning', () => {
    const openTask = (requestId: string, as: string, nodePath: string, serviceCode?: string) => waitForOpenTask(http, requestId, as, nodePath, serviceCode);
    const complete = async (taskId: string, as: string, outcome: string, data: unknown) => {
      const res = await http.post(`/tasks/${taskId}/complete`, as, { outcome, data });
      expect({ taskId, status: res.status, message: res.body?.message }).toEqual({ taskId, status: 200, message: undefined });
    };

    /** Triage, allocation to SLT, drafting and review; then the SOP's own steps up to the return. */
    const driveToCompiled = async (requestId: string) => {
      await complete((await openTask(requestId, USERS.coordinator, 'triage')).id, USERS.coordinator, 'accepted', { complete: true, knownServices: ['SLT'] });
      await complete((await openTask(requestId, USERS.coordinator, 'allocate')).id, USERS.coordinator, 'allocated', { services: ['SLT'] });
      await complete((await openTask(requestId, USERS.slt, 'services/draft', 'SLT')).id, USERS.slt, 'submitted', proForma);
      await complete((await openTask(requestId, USERS.qa, 'services/review', 'SLT')).id, USERS.qa, 'approved', allCriteriaMet);
    };
    const returnIt = async (requestId: string) => {
      await complete((await openTask(requestId, USERS.coordinator, 'return')).id, USERS.coordinator, 'sent', { method: 'email', sentTo: 'send.team@la.example.gov.uk' });
      return eventually(async () => {
        const r = await http.get(`/requests/${requestId}`, USERS.coordinator);
        return r.body.status === 'returned' ? r.body : undefined;
      }, { what: 'request returned' });
    };

    it('keeps a running request on its version while new requests run the newly published one', async () => {
      const key = newKey('pin');
      const v1 = (await http.post('/sops', SOP_MANAGER, defOf(key))).body;
      expect((await http.post(`/sops/${v1.id}/publish`, SOP_MANAGER)).status).toBe(200);

      const r1 = await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: key }));
      expect(r1.status).toBe(201);
      expect(r1.body.sopVersionId).toBe(v1.id);
      await openTask(r1.body.id, USERS.coordinator, 'triage');

      // Version 2: a final check by QA between compiling and sending, and a renamed triage.
      const draft = (await http.post(`/sops/${v1.id}/drafts`, SOP_MANAGER)).body;
      const v2def = defOf(key);
      v2def.graph.nodes.push({
        id: 'final_check', kind: 'humanTask', label: 'Final check before sending', role: 'qa_reviewer', serviceScoped: false, form: 'sign_off',
        outcomes: [{ id: 'signed', label: 'Ready to send' }], target: { days: 1, unit: 'working' },
      });
      v2def.graph.edges = v2def.graph.edges.map((e) => (e.id === 'e7' ? { ...e, target: 'final_check' } : e));
      v2def.graph.edges.push({ id: 'e10', source: 'final_check', target: 'return', outcome: 'signed' });
      (v2def.graph.nodes.find((n) => n.id === 'triage') as any).label = 'Triage (v2)';
      const saved = await put(draft.id, v2def, draft.revision);
      expect(saved.body).toMatchObject({ valid: true, issues: [] });
      expect((await http.post(`/sops/${draft.id}/publish`, SOP_MANAGER)).status).toBe(200);
      // Retiring v1 stops new requests using it; R1 keeps running on it regardless.
      expect((await http.post(`/sops/${v1.id}/retire`, SOP_MANAGER)).status).toBe(200);

      const r2 = await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey: key }));
      expect(r2.status).toBe(201);
      expect(r2.body.sopVersionId).toBe(draft.id);

      // R1 on v1: its triage keeps v1's label, and it goes straight from compile to return.
      expect((await openTask(r1.body.id, USERS.coordinator, 'triage')).label).toBe('Triage request');
      await driveToCompiled(r1.body.id);
      const r1Done = await returnIt(r1.body.id);
      expect(r1Done.sopVersionId).toBe(v1.id);
      expect(r1Done.tasks.map((t: any) => t.nodePath)).not.toContain('final_check');
      expect(r1Done.timeline.some((e: any) => e.nodeId === 'final_check')).toBe(false);
      expect(r1Done.timeline.find((e: any) => e.kind === 'request.received').data).toMatchObject({ sopVersionId: v1.id });

      // R2 on v2: the new label and the new task, which must be done before the return opens.
      expect((await openTask(r2.body.id, USERS.coordinator, 'triage')).label).toBe('Triage (v2)');
      await driveToCompiled(r2.body.id);
      const check = await openTask(r2.body.id, USERS.qa, 'final_check');
      expect(check.label).toBe('Final check before sending');
      const beforeCheck = await http.get(`/tasks?requestId=${r2.body.id}`, USERS.coordinator);
      expect((beforeCheck.body.items as any[]).some((t) => t.nodePath === 'return')).toBe(false);
      await complete(check.id, USERS.qa, 'signed', { comments: 'Ready' });
      const r2Done = await returnIt(r2.body.id);
      expect(r2Done.sopVersionId).toBe(draft.id);
      expect(r2Done.tasks.map((t: any) => t.nodePath)).toEqual(expect.arrayContaining(['final_check', 'return']));

      const live = await http.get(`/requests/${r1.body.id}/live`, USERS.coordinator);
      expect(live.body.sopVersionId).toBe(v1.id);
    });
  });
});
