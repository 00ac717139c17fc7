import { randomUUID } from 'node:crypto';
import { SHIPPED_FORMS, type FormDefinition } from '@sendflow/domain';
import { EHCNA_DEFAULT_SOP, type SopDefinition } from '@sendflow/sop';
import { httpClient, USERS, type HttpResult } from './support/http';
import { allCriteriaMet, newRequestBody, proForma } from './support/fixtures';
import { startStack, type Stack } from './support/stack';
import { uniqueSuffix } from './support/test-env';
import { waitForOpenTask } from './support/tasks';

const SOP_MANAGER = 'sop@demo.sendflow.nhs.uk';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/**
 * Forms and audit criteria as versioned data (issue 12 §5-6) through the API, and pinning: a SOP
 * version pins the forms and criteria published when it was, and a running request keeps them.
 * Every test uses form and SOP keys of its own; criteria edits keep the shipped ids and order, so
 * the other test files (which submit the shipped seven verdicts) are unaffected.
 */
describe('forms and audit criteria (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    stack = await startStack();
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => stack?.close());

  const put = (path: string, body: unknown, ifMatch?: number | string) =>
    http.call('PUT', path, SOP_MANAGER, body, ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` });
  const expectStatus = (res: HttpResult, status: number, message?: RegExp) => {
    expect({ status: res.status, message: res.body?.message }).toEqual({ status, message: message ? expect.stringMatching(message) : res.body?.message });
  };
  const formKey = (p: string) => `${p}_${uniqueSuffix().replace(/[^a-z0-9]/gi, '').toLowerCase()}`.slice(0, 60);
  const proFormaCopy = (key: string): FormDefinition => ({ ...clone(SHIPPED_FORMS.pro_forma), key, title: `Pro forma ${key}` });
  const auditOf = (entity: string, id: string) =>
    stack.ds.query(`SELECT action, actor_id, after FROM audit_events WHERE entity = $1 AND entity_id = $2 ORDER BY id`, [entity, id]);

  describe('forms', () => {
    it('seeds the shipped forms as published version 1, readable by every role', async () => {
      const list = await http.get('/form-versions', USERS.slt);
      expect(list.status).toBe(200);
      for (const key of Object.keys(SHIPPED_FORMS)) {
        expect(list.body).toContainEqual(expect.objectContaining({ key, version: 1, status: 'published', createdBy: 'seed' }));
      }
      const proFormaV1 = list.body.find((v: any) => v.key === 'pro_forma' && v.version === 1);
      const detail = await http.get(`/form-versions/${proFormaV1.id}`, USERS.qa);
      expect(detail.body.definition).toEqual(SHIPPED_FORMS.pro_forma);
      const catalogue = await http.get('/form-versions/catalogue', USERS.coordinator);
      expect(catalogue.body.forms).toContainEqual({ key: 'qa_review', title: 'Quality review', publishedVersion: expect.any(Number), variants: ['rework'] });
    });

    it('walks draft -> published -> new draft, with revision checks, 400s naming the field, and role checks', async () => {
      const key = formKey('life');
      const created = await http.post('/form-versions', SOP_MANAGER, proFormaCopy(key));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ key, version: 1, status: 'draft', revision: 1 });
      expect(created.headers?.get('etag')).toBe('"1"');
      expectStatus(await http.post('/form-versions', SOP_MANAGER, proFormaCopy(key)), 409, new RegExp(`form ${key} already exists`));
      expectStatus(await http.post('/form-versions', USERS.slt, proFormaCopy(formKey('nope'))), 403);
      // A practitioner does not see drafts at all.
      expectStatus(await http.get(`/form-versions/${created.body.id}`, USERS.slt), 404);
      expect((await http.get('/form-versions', USERS.slt)).body.some((v: any) => v.key === key)).toBe(false);

      const edited = proFormaCopy(key);
      edited.title = 'Edited title';
      expectStatus(await put(`/form-versions/${created.body.id}`, edited), 428, /If-Match/);
      const saved = await put(`/form-versions/${created.body.id}`, edited, 1);
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ revision: 2, title: 'Edited title' });
      // Someone else's save since revision 1: a conflict, never a silent overwrite.
      expectStatus(await put(`/form-versions/${created.body.id}`, proFormaCopy(key), 1), 409, /saved by someone else since revision 1 \(now 2\)/);

      const bad = (mutate: (d: any) => void) => { const d: any = proFormaCopy(key); mutate(d); return d; };
      const cases: [string, unknown, RegExp][] = [
        ['blank label', bad((d) => { d.variants[0].sections[0].fields[2].label = ' '; }), /^variants\.0\.sections\.0\.fields\.2\.label: /],
        ['unknown kind', bad((d) => { d.variants[0].sections[0].fields[2].kind = 'signature'; }), /^variants\.0\.sections\.0\.fields\.2\.kind/],
        ['no default variant', bad((d) => { d.variants[0].outcome = 'submitted'; }), /^variants: needs a default variant/],
        ['a rule on a missing field', bad((d) => { d.variants[0].rules = [{ kind: 'requiredWhen', field: 'nothing', when: { field: 'views', equals: 'x' }, message: 'm' }]; }), /^variants\.0\.rules\.0: refers to "nothing"/],
        ['bad key', bad((d) => { d.key = 'Bad Key'; }), /^key: must be lower-case/],
        ['another key', bad((d) => { d.key = 'pro_forma'; }), /^key: must stay/],
      ];
      for (const [what, body, field] of cases) {
        const res = await put(`/form-versions/${created.body.id}`, body, 2);
        expect({ what, status: res.status, message: res.body?.message }).toEqual({ what, status: 400, message: expect.stringMatching(field) });
      }

      expectStatus(await http.post(`/form-versions/${created.body.id}/publish`, SOP_MANAGER, undefined, { 'if-match': '"1"' }), 409, /since revision 1/);
      expectStatus(await http.post(`/form-versions/${created.body.id}/publish`, USERS.coordinator), 403);
      const published = await http.post(`/form-versions/${created.body.id}/publish`, SOP_MANAGER, undefined, { 'if-match': '"2"' });
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ status: 'published', publishedBy: expect.any(String) });
      expectStatus(await put(`/form-versions/${created.body.id}`, edited, 2), 409, /is published: only a draft can be edited/);
      expectStatus(await http.post(`/form-versions/${created.body.id}/retire`, SOP_MANAGER), 409, /only published version/);

      const v2 = await http.post(`/form-versions/${created.body.id}/drafts`, SOP_MANAGER);
      expect(v2.body).toMatchObject({ version: 2, status: 'draft', derivedFromId: created.body.id, revision: 1 });
      expectStatus(await http.post(`/form-versions/${created.body.id}/drafts`, SOP_MANAGER), 409, /already has an open draft, version 2/);
      await http.post(`/form-versions/${v2.body.id}/publish`, SOP_MANAGER);
      expect((await http.post(`/form-versions/${created.body.id}/retire`, SOP_MANAGER)).body).toMatchObject({ status: 'retired' });

      expect((await auditOf('form_version', created.body.id)).map((a: any) => a.action)).toEqual(['form.create', 'form.update', 'form.publish', 'form.retire']);
      expectStatus(await http.get(`/form-versions/${randomUUID()}`, SOP_MANAGER), 404);
      expectStatus(await http.get('/form-versions/nope', SOP_MANAGER), 400, /^id must be a UUID/);
    });
  });

  describe('audit criteria', () => {
    it('seeds version 1 and versions edits with a revision check; ids must be unique and one active', async () => {
      const list = await http.get('/audit-criteria', USERS.auditor);
      expect(list.body.find((v: any) => v.version === 1)).toMatchObject({ status: 'published', items: expect.arrayContaining([{ id: 'jargon_free', text: 'Free from jargon, or jargon explained', active: true }]) });
      const latest = list.body.find((v: any) => v.status === 'published');

      expectStatus(await http.post(`/audit-criteria/${latest.version}/drafts`, USERS.auditor), 403);
      const draft = await http.post(`/audit-criteria/${latest.version}/drafts`, SOP_MANAGER);
      expect(draft.status).toBe(201);
      expect(draft.body).toMatchObject({ status: 'draft', derivedFrom: latest.version, items: latest.items, revision: 1 });
      expectStatus(await http.post(`/audit-criteria/${latest.version}/drafts`, SOP_MANAGER), 409, /already an open draft/);
      const path = `/audit-criteria/${draft.body.version}`;

      const items = clone(latest.items) as { id: string; text: string; active: boolean }[];
      const dup = [...items, { ...items[0], text: 'again' }];
      expectStatus(await put(path, { items: dup }, 1), 400, new RegExp(`items\\.${items.length}\\.id: "jargon_free" appears twice`));
      expectStatus(await put(path, { items: items.map((c) => ({ ...c, active: false })) }, 1), 400, /at least one criterion must be active/);
      expectStatus(await put(path, { items: [{ id: 'Bad Id', text: 'x' }] }, 1), 400, /^items\.0\.id: must be lower-case/);
      expectStatus(await put(path, { items: [] }, 1), 400, /needs at least one criterion/);

      // Text edits keep the ids (and order), so earlier reviews still line up.
      items[0].text = `${items[0].text} (edited ${uniqueSuffix()})`;
      const saved = await put(path, { items }, 1);
      expect(saved.body).toMatchObject({ revision: 2, items });
      expectStatus(await put(path, { items }, 1), 409, /since revision 1 \(now 2\)/);
      const published = await http.post(`${path}/publish`, SOP_MANAGER, undefined, { 'if-match': '"2"' });
      expect(published.body).toMatchObject({ status: 'published', version: draft.body.version });
      expect((await auditOf('audit_criteria_version', String(draft.body.version))).map((a: any) => a.action))
        .toEqual(['audit_criteria.draft', 'audit_criteria.update', 'audit_criteria.publish']);
      expectStatus(await http.get('/audit-criteria/0', USERS.auditor), 400, /version must be at least 1/);
      expectStatus(await http.get('/audit-criteria/99999', USERS.auditor), 404);
    });
  });

  describe('pinning', () => {
    const complete = async (taskId: string, as: string, outcome: string, data: unknown) => http.post(`/tasks/${taskId}/complete`, as, { outcome, data });
    const sopWith = (key: string, draftForm: string): SopDefinition => {
      const def: any = { ...clone(EHCNA_DEFAULT_SOP), key };
      def.graph.nodes.find((n: any) => n.id === 'services').body.nodes.find((n: any) => n.id === 'draft').form = draftForm;
      return def;
    };
    const toDraft = async (requestId: string) => {
      const triage = await waitForOpenTask(http, requestId, USERS.coordinator, 'triage');
      expect((await complete(triage.id, USERS.coordinator, 'accepted', { complete: true, knownServices: ['SLT'] })).status).toBe(200);
      const allocate = await waitForOpenTask(http, requestId, USERS.coordinator, 'allocate');
      expect((await complete(allocate.id, USERS.coordinator, 'allocated', { services: ['SLT'] })).status).toBe(200);
      return waitForOpenTask(http, requestId, USERS.slt, 'services/draft', 'SLT');
    };

    it('refuses to publish a SOP whose task form has no published version, naming the node', async () => {
      const key = formKey('unpub');
      await http.post('/form-versions', SOP_MANAGER, proFormaCopy(key));
      const sop = await http.post('/sops', SOP_MANAGER, sopWith(`pin-${uniqueSuffix()}`, key));
      expect(sop.body.issues).toContainEqual(expect.objectContaining({ code: 'form_unpublished', nodeId: 'services/draft' }));
      expectStatus(await http.post(`/sops/${sop.body.id}/publish`, SOP_MANAGER), 409, new RegExp(`node services/draft \\("Draft health advice"\\) uses form "${key}", which has no published version`));
      const unknown = await http.post('/sops', SOP_MANAGER, sopWith(`pin-${uniqueSuffix()}`, 'no_such_form'));
      expect(unknown.body.issues).toContainEqual(expect.objectContaining({ code: 'unknown_form', nodeId: 'services/draft' }));
      expectStatus(await http.post(`/sops/${unknown.body.id}/publish`, SOP_MANAGER), 409, /node services\/draft/);
    });

    it('keeps a running request on the form versions it started with while a new request uses the new ones', async () => {
      const key = formKey('pf');
      const v1 = (await http.post('/form-versions', SOP_MANAGER, proFormaCopy(key))).body;
      await http.post(`/form-versions/${v1.id}/publish`, SOP_MANAGER);
      const sopKey = `pin-${uniqueSuffix()}`;
      const sop1 = (await http.post('/sops', SOP_MANAGER, sopWith(sopKey, key))).body;
      const published1 = await http.post(`/sops/${sop1.id}/publish`, SOP_MANAGER);
      expect(published1.status).toBe(200);
      const criteriaNow = (await http.get('/audit-criteria', SOP_MANAGER)).body.find((v: any) => v.status === 'published').version;
      expect(published1.body.formPins).toEqual({ forms: expect.objectContaining({ [key]: 1, qa_review: expect.any(Number), pro_forma: expect.any(Number), triage: expect.any(Number) }), criteria: criteriaNow });
      expect((await stack.ds.query(`SELECT after FROM audit_events WHERE action = 'sop.publish' AND entity_id = $1`, [sop1.id]))[0].after.formPins).toEqual(published1.body.formPins);

      const older = (await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey }))).body;
      const olderDraft = await toDraft(older.id);
      const olderTask = (await http.get(`/tasks/${olderDraft.id}`, USERS.slt)).body;
      expect(olderTask.formDefinition).toMatchObject({ key, title: `Pro forma ${key}` });
      expect(olderTask.auditCriteria).toMatchObject({ version: criteriaNow, items: expect.arrayContaining([expect.objectContaining({ id: 'jargon_free' })]) });

      // Version 2 of the form asks a new required question; a SOP version published now pins it.
      const v2 = (await http.post(`/form-versions/${v1.id}/drafts`, SOP_MANAGER)).body;
      const withLanguages = proFormaCopy(key);
      withLanguages.variants[0].sections[0].fields.push({ id: 'languages', kind: 'text', label: 'Languages spoken at home', required: true, maxLength: 200 });
      expect((await put(`/form-versions/${v2.id}`, withLanguages, v2.revision)).status).toBe(200);
      await http.post(`/form-versions/${v2.id}/publish`, SOP_MANAGER);
      const sop2 = (await http.post(`/sops/${sop1.id}/drafts`, SOP_MANAGER)).body;
      const published2 = await http.post(`/sops/${sop2.id}/publish`, SOP_MANAGER);
      expect(published2.body.formPins.forms[key]).toBe(2);
      expect((await http.get(`/sops/${sop1.id}`, USERS.auditor)).body.formPins.forms[key]).toBe(1);

      const newer = (await http.post('/requests', USERS.coordinator, newRequestBody({ sopKey }))).body;
      expect(newer.sopVersionId).toBe(sop2.id);
      const newerDraft = await toDraft(newer.id);
      const newerTask = (await http.get(`/tasks/${newerDraft.id}`, USERS.slt)).body;
      expect(newerTask.formDefinition.variants[0].sections[0].fields.map((f: any) => f.id)).toContain('languages');
      expect((await http.get(`/tasks/${olderDraft.id}`, USERS.slt)).body.formDefinition.variants[0].sections[0].fields.map((f: any) => f.id)).not.toContain('languages');

      // The new request refuses the old answer (API and workflow validate with the pinned v2)...
      const refused = await complete(newerDraft.id, USERS.slt, 'submitted', proForma);
      expect(refused.status).toBe(400);
      expect(refused.body.issues).toContainEqual({ field: 'data.languages', message: 'data.languages: is required' });
      // ... a draft may hold the new field only where the form has it ...
      expect((await http.call('PUT', `/tasks/${newerDraft.id}/draft`, USERS.slt, { data: { languages: 'English' } })).status).toBe(200);
      expect((await http.call('PUT', `/tasks/${olderDraft.id}/draft`, USERS.slt, { data: { languages: 'English' } })).status).toBe(400);
      // ... while the older request still takes it, on version 1.
      expect((await complete(olderDraft.id, USERS.slt, 'submitted', proForma)).status).toBe(200);
      expect((await complete(newerDraft.id, USERS.slt, 'submitted', { ...proForma, languages: 'English and Polish' })).status).toBe(200);

      // The review records the criteria version it was given against.
      const review = await waitForOpenTask(http, older.id, USERS.qa, 'services/review', 'SLT');
      expect((await complete(review.id, USERS.qa, 'approved', allCriteriaMet)).status).toBe(200);
      const reviewed = (await http.get(`/tasks/${review.id}`, USERS.qa)).body;
      expect(reviewed.data).toMatchObject({ criteriaVersion: criteriaNow });
    });
  });
});
