import { randomBytes, randomUUID } from 'node:crypto';
import { httpClient, sessionFor, signIn, USERS, eventually, type HttpResult } from './support/http';
import { newRequestBody } from './support/fixtures';
import { startStack, type Stack } from './support/stack';

/**
 * Bad input on every endpoint: each is answered with a 4xx that names what was wrong, and no
 * input, however malformed, produces a 5xx.
 */
describe('bad input (API + Temporal dev server + PostgreSQL)', () => {
  let stack: Stack;
  let raw: ReturnType<typeof httpClient>;
  const seen: { what: string; status: number }[] = [];

  /** Every call goes through here, so the final test can check that none was a 5xx. */
  const call = async (method: string, path: string, as: string | null, body?: unknown, headers?: Record<string, string>): Promise<HttpResult> => {
    const res = await raw.call(method, path, as, body, headers);
    seen.push({ what: `${method} ${path.slice(0, 120)}`, status: res.status });
    return res;
  };
  const get = (path: string, as: string | null = USERS.coordinator) => call('GET', path, as);
  const post = (path: string, as: string | null, body?: unknown, headers?: Record<string, string>) => call('POST', path, as, body, headers);

  /** A request with an open triage task, a completed triage task, and an open allocation task. */
  const fx = { requestId: '', triageTaskId: '', allocateTaskId: '', freshTriageTaskId: '' };

  const openTask = (requestId: string, nodePath: string) =>
    eventually(async () => {
      const res = await raw.get(`/tasks?requestId=${requestId}`, USERS.coordinator);
      return (res.body.items as any[]).find((t) => t.nodePath === nodePath && t.status === 'open');
    }, { what: `open task ${nodePath}` });

  beforeAll(async () => {
    stack = await startStack();
    raw = httpClient(stack.baseUrl);

    const created = await post('/requests', USERS.coordinator, newRequestBody());
    expect(created.status).toBe(201);
    fx.requestId = created.body.id;
    fx.triageTaskId = (await openTask(fx.requestId, 'triage')).id;
    const triaged = await post(`/tasks/${fx.triageTaskId}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, knownServices: ['SLT'] } });
    expect(triaged.status).toBe(200);
    fx.allocateTaskId = (await openTask(fx.requestId, 'allocate')).id;

    // A second request whose triage stays open, for outcome and form-data rejections.
    const second = await post('/requests', USERS.coordinator, newRequestBody());
    expect(second.status).toBe(201);
    fx.freshTriageTaskId = (await openTask(second.body.id, 'triage')).id;
  });
  afterAll(async () => stack?.close());

  const expect400 = (res: HttpResult, field: RegExp) => {
    expect({ status: res.status, message: res.body?.message }).toEqual({ status: 400, message: expect.stringMatching(field) });
  };

  describe('POST /api/requests', () => {
    const base = () => newRequestBody();
    const without = (key: string) => {
      const b: Record<string, unknown> = base();
      delete b[key];
      return b;
    };
    const withChild = (child: Record<string, unknown>) => ({ ...base(), child: { ...base().child, ...child } });
    const inFuture = new Date(Date.now() + 3 * 24 * 3600 * 1000);

    it.each<[string, () => unknown, RegExp]>([
      ['missing localAuthorityCode', () => without('localAuthorityCode'), /localAuthorityCode/],
      ['missing laReference', () => without('laReference'), /laReference/],
      ['missing child', () => without('child'), /child/],
      ['missing receivedAt', () => without('receivedAt'), /receivedAt/],
      ['missing ehcpFlag', () => without('ehcpFlag'), /ehcpFlag/],
      ['missing adviceType', () => without('adviceType'), /adviceType/],
      ['empty object', () => ({}), /localAuthorityCode.*laReference|laReference.*localAuthorityCode/],
      ['blank laReference', () => ({ ...base(), laReference: '   ' }), /laReference/],
      ['empty laReference', () => ({ ...base(), laReference: '' }), /laReference/],
      ['laReference with forbidden characters', () => ({ ...base(), laReference: 'EHC<script>' }), /laReference/],
      ['laReference too long', () => ({ ...base(), laReference: 'A'.repeat(101) }), /laReference/],
      ['blank child.givenName', () => withChild({ givenName: '  ' }), /child\.givenName/],
      ['missing child.familyName', () => ({ ...base(), child: { givenName: 'A', dateOfBirth: '2018-04-12' } }), /child\.familyName/],
      ['child.dateOfBirth in the future', () => withChild({ dateOfBirth: inFuture.toISOString().slice(0, 10) }), /child\.dateOfBirth/],
      ['child.dateOfBirth not a real date', () => withChild({ dateOfBirth: '2018-02-30' }), /child\.dateOfBirth/],
      ['child.dateOfBirth as a date-time', () => withChild({ dateOfBirth: '2018-04-12T00:00:00Z' }), /child\.dateOfBirth/],
      ['NHS number with a wrong check digit', () => withChild({ nhsNumber: '9434765918' }), /child\.nhsNumber/],
      ['NHS number too short', () => withChild({ nhsNumber: '943476591' }), /child\.nhsNumber/],
      ['NHS number with letters', () => withChild({ nhsNumber: '94347659AB' }), /child\.nhsNumber/],
      ['NHS number as a number', () => withChild({ nhsNumber: 9434765919 }), /child\.nhsNumber/],
      ['child as a string', () => ({ ...base(), child: 'Alex Example' }), /child/],
      ['child as null', () => ({ ...base(), child: null }), /child/],
      ['ehcpFlag as a string', () => ({ ...base(), ehcpFlag: 'yes' }), /ehcpFlag/],
      ['ehcpFlag as a number', () => ({ ...base(), ehcpFlag: 1 }), /ehcpFlag/],
      ['localAuthorityCode as a number', () => ({ ...base(), localAuthorityCode: 6000023 }), /localAuthorityCode/],
      ['localAuthorityCode lower case', () => ({ ...base(), localAuthorityCode: 'e06000023' }), /localAuthorityCode/],
      ['unknown localAuthorityCode', () => ({ ...base(), localAuthorityCode: 'E09999999' }), /localAuthorityCode/],
      ['unknown extra property', () => ({ ...base(), priority: 'high' }), /priority/],
      ['unknown extra property on child', () => withChild({ address: '1 High Street' }), /child\.address/],
      ['receivedAt in the future', () => ({ ...base(), receivedAt: inFuture.toISOString() }), /receivedAt/],
      ['receivedAt without a zone', () => ({ ...base(), receivedAt: '2026-01-05T10:15:00' }), /receivedAt/],
      ['receivedAt without a time', () => ({ ...base(), receivedAt: '2026-01-05' }), /receivedAt/],
      ['receivedAt not a date', () => ({ ...base(), receivedAt: 'yesterday' }), /receivedAt/],
      ['receivedAt impossible month', () => ({ ...base(), receivedAt: '2026-13-05T10:15:00Z' }), /receivedAt/],
      ['receivedAt as a number', () => ({ ...base(), receivedAt: Date.now() }), /receivedAt/],
      ['receivedAt outside the bank-holiday data', () => ({ ...base(), receivedAt: '1950-01-05T10:15:00Z' }), /receivedAt/],
      ['adviceType not in the enum', () => ({ ...base(), adviceType: 'urgent' }), /adviceType/],
      ['adviceType wrong case', () => ({ ...base(), adviceType: 'NEEDS_ASSESSMENT' }), /adviceType/],
      ['laDueDate not a date', () => ({ ...base(), laDueDate: 'next week' }), /laDueDate/],
    ])('%s: 400 naming the field', async (_name, body, field) => {
      expect400(await post('/requests', USERS.coordinator, body()), field);
    });

    it.each<[string, string]>([
      ['malformed JSON', '{"localAuthorityCode": "E06000023",'],
      ['a bare JSON string', '"hello"'],
      ['a bare JSON number', '42'],
      ['JSON null', 'null'],
    ])('%s body: 400 naming the body, without quoting it back', async (_name, text) => {
      const res = await post('/requests', USERS.coordinator, text);
      expect(res.status).toBe(400);
      expect(res.body.message).toBe('body: not valid JSON');
    });

    it('a JSON array body: 400', async () => {
      const res = await post('/requests', USERS.coordinator, '[]');
      expect(res.status).toBe(400);
    });

    it.each<[string, Record<string, string>, string | Blob, number]>([
      ['an unsupported charset', { 'content-type': 'application/json; charset=latin-9' }, '{}', 415],
      ['an unsupported content encoding', { 'content-type': 'application/json', 'content-encoding': 'foo' }, '{}', 415],
      ['a corrupt gzip body', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'not gzip at all', 400],
      ['invalid UTF-8', { 'content-type': 'application/json' }, new Blob([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])]), 400],
    ])('%s: 4xx naming the body, not 500', async (name, headers, body, status) => {
      // Sent directly: the helper would set its own content type and cannot send raw bytes.
      const session = await sessionFor(stack.baseUrl, USERS.coordinator);
      const direct = await fetch(`${stack.baseUrl}/requests`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...headers }, body });
      const parsed = await direct.json().catch(() => ({}));
      seen.push({ what: `POST /requests (${name})`, status: direct.status });
      expect(direct.status).toBe(status);
      expect(parsed.message).toMatch(/^body: /);
    });

    it('no body at all: 400 naming the body', async () => {
      expect400(await call('POST', '/requests', USERS.coordinator), /^body: /);
    });

    it('a non-JSON content type: 400, not a crash', async () => {
      const res = await post('/requests', USERS.coordinator, 'localAuthorityCode=E06000023', { 'content-type': 'text/plain' });
      expect(res.status).toBe(400);
    });

    it('an oversized body (>256kb): 413', async () => {
      const res = await post('/requests', USERS.coordinator, { ...base(), padding: 'x'.repeat(300 * 1024) });
      expect(res.status).toBe(413);
      expect(res.body.message).toMatch(/too large/i);
    });

    it('nothing is recorded for a rejected request', async () => {
      const body = { ...base(), receivedAt: '2026-01-05T10:15:00' };
      expect((await post('/requests', USERS.coordinator, body)).status).toBe(400);
      const rows = await stack.ds.query(`SELECT count(*)::int AS n FROM requests WHERE la_reference = $1`, [body.laReference]);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('GET /api/requests (query)', () => {
    it.each<[string, RegExp]>([
      ['limit=abc', /limit/],
      ['limit=0', /limit/],
      ['limit=201', /limit/],
      ['limit=1.5', /limit/],
      ['limit=', /limit/],
      ['offset=-1', /offset/],
      ['offset=abc', /offset/],
      ['status=nope', /status/],
      ['status=received&status=returned', /status/],
      ['overdue=maybe', /overdue/],
      ['overdue=1', /overdue/],
      ['localAuthorityCode=bristol', /localAuthorityCode/],
      ['sort=name', /sort/],
    ])('?%s: 400 naming the parameter', async (query, field) => {
      expect400(await get(`/requests?${query}`), field);
    });

    it('valid filters still work', async () => {
      const res = await get('/requests?status=in_progress&overdue=false&limit=5&localAuthorityCode=E06000023&sort=received&order=desc');
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.items)).toBe(true);
    });
  });

  describe('path ids', () => {
    const notUuids = ['not-a-uuid', '123', '00000000-0000-0000-0000-00000000000g', `${randomUUID()}x`, "1'%20OR%20'1'='1"];

    it.each([
      ...notUuids.map((id) => ['GET', `/requests/${id}`] as const),
      ...notUuids.map((id) => ['GET', `/requests/${id}/live`] as const),
      ...notUuids.map((id) => ['GET', `/tasks/${id}`] as const),
      ...notUuids.map((id) => ['POST', `/tasks/${id}/complete`] as const),
      ...notUuids.map((id) => ['GET', `/sops/${id}`] as const),
    ])('%s %s: 400 naming id', async (method, path) => {
      const res = await call(method, path, USERS.coordinator, method === 'POST' ? { outcome: 'accepted', data: {} } : undefined);
      expect400(res, /\bid must be a UUID/);
    });

    it.each([
      ['GET', '/requests/:id'],
      ['GET', '/requests/:id/live'],
      ['GET', '/tasks/:id'],
      ['POST', '/tasks/:id/complete'],
      ['GET', '/sops/:id'],
    ] as const)('%s %s with an unknown UUID: 404', async (method, template) => {
      const res = await call(method, template.replace(':id', randomUUID()), USERS.coordinator, method === 'POST' ? { outcome: 'accepted', data: {} } : undefined);
      expect(res.status).toBe(404);
      expect(res.body.message).toMatch(/not found/i);
    });

    it('a path id with broken percent-encoding: 400', async () => {
      expect((await get('/requests/%FF')).status).toBe(400);
    });

    it('an upper-case UUID finds the same request', async () => {
      const res = await get(`/requests/${fx.requestId.toUpperCase()}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(fx.requestId);
    });
  });

  describe('GET /api/tasks (query)', () => {
    it.each<[string, RegExp]>([
      ['status=nope', /status/],
      ['status=', /status/],
      ['serviceCode=slt', /serviceCode/],
      ['serviceCode=S', /serviceCode/],
      ['requestId=abc', /requestId/],
      ['requestId=abc&requestId=def', /requestId/],
      ['assignee=someone', /assignee/],
      ['unknown=1', /unknown/],
    ])('?%s: 400 naming the parameter', async (query, field) => {
      expect400(await get(`/tasks?${query}`), field);
    });
  });

  describe('POST /api/tasks/:id/complete', () => {
    it.each<[string, () => unknown, RegExp]>([
      ['missing outcome', () => ({ data: {} }), /outcome/],
      ['outcome as a number', () => ({ outcome: 1, data: {} }), /outcome/],
      ['outcome with spaces and capitals', () => ({ outcome: 'Not Known!', data: {} }), /outcome/],
      ['outcome too long', () => ({ outcome: 'a'.repeat(81), data: {} }), /outcome/],
      ['data as a string', () => ({ outcome: 'accepted', data: 'complete' }), /\bdata\b/],
      ['data as an array', () => ({ outcome: 'accepted', data: [true] }), /\bdata\b/],
      ['unknown extra property', () => ({ outcome: 'accepted', data: { complete: true }, comment: 'hi' }), /comment/],
    ])('%s: 400 naming the field', async (_name, body, field) => {
      expect400(await post(`/tasks/${fx.freshTriageTaskId}/complete`, USERS.coordinator, body()), field);
    });

    it.each<[string, unknown, RegExp]>([
      ['an outcome the task does not have', { outcome: 'allocated', data: {} }, /outcome/],
      ['accepted without data.complete', { outcome: 'accepted', data: {} }, /data\.complete/],
      ['accepted with data.complete as a string', { outcome: 'accepted', data: { complete: 'yes' } }, /data\.complete/],
      ['accepted with a malformed data.knownServices code', { outcome: 'accepted', data: { complete: true, knownServices: ['slt'] } }, /data\.knownServices/],
      ['not_known without data.reason', { outcome: 'not_known', data: { signpost: 'DCO' } }, /data\.reason/],
      ['not_known with a blank data.signpost', { outcome: 'not_known', data: { reason: 'x', signpost: '   ' } }, /data\.signpost/],
    ])('triage: %s is 400 naming it', async (_name, body, field) => {
      expect400(await post(`/tasks/${fx.freshTriageTaskId}/complete`, USERS.coordinator, body), field);
    });

    it('the rejected completions left the triage task open', async () => {
      const res = await get(`/tasks/${fx.freshTriageTaskId}`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('open');
    });

    it.each<[string, unknown]>([
      ['an unknown service', { services: ['SLT', 'ZZZ'] }],
      ['a malformed service code', { services: ['slt'] }],
      ['no services', { services: [] }],
      ['a repeated service', { services: ['SLT', 'SLT'] }],
      ['services as a string', { services: 'SLT' }],
      ['services missing', {}],
    ])('allocation with %s: 400 naming data.services', async (_name, data) => {
      expect400(await post(`/tasks/${fx.allocateTaskId}/complete`, USERS.coordinator, { outcome: 'allocated', data }), /data\.services/);
    });

    it('an unknown service is named in the message', async () => {
      const res = await post(`/tasks/${fx.allocateTaskId}/complete`, USERS.coordinator, { outcome: 'allocated', data: { services: ['NOPE'] } });
      expect400(res, /data\.services.*NOPE/);
    });

    it('completing an already-completed task: 409', async () => {
      const res = await post(`/tasks/${fx.triageTaskId}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true } });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/completed/);
    });

    it('a role that may not do the task: 403 (qa reviewer on triage)', async () => {
      const res = await post(`/tasks/${fx.freshTriageTaskId}/complete`, USERS.qa, { outcome: 'accepted', data: { complete: true } });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/coordinator/);
    });

    it('an oversized body (>256kb): 413', async () => {
      const res = await post(`/tasks/${fx.freshTriageTaskId}/complete`, USERS.coordinator, { outcome: 'accepted', data: { complete: true, notes: 'x'.repeat(300 * 1024) } });
      expect(res.status).toBe(413);
    });

    it('malformed JSON: 400', async () => {
      const res = await post(`/tasks/${fx.freshTriageTaskId}/complete`, USERS.coordinator, '{"outcome": accepted}');
      expect400(res, /^body: not valid JSON$/);
    });
  });

  describe('identity and roles', () => {
    // Every row has three entries: with fewer, jest would take the test's third parameter for a done callback.
    const endpoints: [string, string, unknown][] = [
      ['POST', '/requests', newRequestBody()],
      ['GET', '/requests', undefined],
      ['GET', '/requests/:id', undefined],
      ['GET', '/requests/:id/live', undefined],
      ['GET', '/tasks', undefined],
      ['GET', '/tasks/:id', undefined],
      ['POST', '/tasks/:id/complete', { outcome: 'accepted', data: { complete: true } }],
      ['GET', '/sops', undefined],
      ['GET', '/sops/:id', undefined],
      ['GET', '/services', undefined],
      ['GET', '/local-authorities', undefined],
      ['GET', '/forms', undefined],
      ['GET', '/me', undefined],
    ];
    const resolve = (path: string) =>
      path.replace('/requests/:id', `/requests/${fx.requestId}`).replace('/tasks/:id', `/tasks/${fx.freshTriageTaskId}`).replace('/sops/:id', `/sops/${randomUUID()}`);

    it.each(endpoints)('%s %s without a session cookie: 401', async (method, path, body) => {
      const res = await call(method, resolve(path), null, body);
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/Not signed in/);
    });

    it.each(endpoints)('%s %s with a session cookie the API never issued: 401', async (method, path, body) => {
      const res = await call(method, resolve(path), null, body, { cookie: `sendflow_session=${randomBytes(32).toString('base64url')}`, 'x-csrf-token': 'x'.repeat(43) });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/not known/);
    });

    it.each([
      ['an empty cookie', 'sendflow_session='],
      ['an over-long cookie', `sendflow_session=${'a'.repeat(400)}`],
      ['an SQL-looking cookie', "sendflow_session=' OR '1'='1"],
      ['a cookie header of junk', ';;=;=a=;'],
      ['another cookie only', 'session=abc; other=def'],
    ])('GET /me with %s: 401', async (_name, cookie) => {
      const res = await call('GET', '/me', null, undefined, { cookie });
      expect(res.status).toBe(401);
    });

    it('GET /me with an expired session: 401 saying so', async () => {
      const session = await signIn(stack.baseUrl, USERS.qa, process.env.DEMO_PASSWORD!);
      const ok = await call('GET', '/me', null, undefined, { cookie: session.cookie });
      expect(ok.status).toBe(200);
      await stack.ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [session.cookie.split('=')[1]]);
      const res = await call('GET', '/me', null, undefined, { cookie: session.cookie });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/expired/);
    });

    it.each(endpoints.filter(([method]) => method === 'POST'))('%s %s without the x-csrf-token header: 403, and nothing done', async (method, path, body) => {
      const session = await sessionFor(stack.baseUrl, USERS.coordinator);
      const res = await call(method, resolve(path), null, body, { cookie: session.cookie });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/x-csrf-token/);
      const wrong = await call(method, resolve(path), null, body, { cookie: session.cookie, 'x-csrf-token': 'not-the-token' });
      expect(wrong.status).toBe(403);
      if (path === '/requests') {
        const rows = await stack.ds.query(`SELECT count(*)::int AS n FROM requests WHERE la_reference = $1`, [(body as { laReference: string }).laReference]);
        expect(rows[0].n).toBe(0);
      }
    });

    it.each([
      ['POST', '/requests', USERS.slt, 'practitioner'],
      ['POST', '/requests', USERS.auditor, 'auditor'],
      ['POST', '/requests', USERS.admin, 'admin'],
      ['GET', '/requests/:id', USERS.admin, 'admin'],
      ['GET', '/requests/:id/live', USERS.slt, 'practitioner'],
      ['GET', '/requests/:id/live', USERS.qa, 'qa reviewer'],
      ['GET', '/tasks', USERS.auditor, 'auditor'],
      ['GET', '/tasks/:id', USERS.admin, 'admin'],
      ['POST', '/tasks/:id/complete', USERS.auditor, 'auditor'],
      ['GET', '/sops', USERS.slt, 'practitioner'],
      ['GET', '/sops/:id', USERS.qa, 'qa reviewer'],
    ] as [string, string, string, string][])('%s %s as %s (%s): 403', async (method, path, as) => {
      const body = path === '/requests' ? newRequestBody() : method === 'POST' ? { outcome: 'accepted', data: { complete: true } } : undefined;
      const res = await call(method, resolve(path), as, body);
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/role/);
    });

    it('the role check runs before validation: a practitioner posting junk gets 403, not 400', async () => {
      expect((await post('/requests', USERS.slt, { junk: true })).status).toBe(403);
    });

    it('a forbidden POST /requests records nothing', async () => {
      const body = newRequestBody();
      expect((await post('/requests', USERS.slt, body)).status).toBe(403);
      const rows = await stack.ds.query(`SELECT count(*)::int AS n FROM requests WHERE la_reference = $1`, [body.laReference]);
      expect(rows[0].n).toBe(0);
    });

    it.each(['/services', '/local-authorities', '/forms', '/me'])('GET %s works for a valid user of any role', async (path) => {
      for (const as of [USERS.coordinator, USERS.slt, USERS.auditor]) expect((await get(path, as)).status).toBe(200);
    });
  });

  describe('GET /api/health and unknown routes', () => {
    it('health is public and ignores identity and query junk', async () => {
      for (const [as, headers] of [[null, {}], [null, { cookie: 'sendflow_session=unknownunknownunknown' }], [USERS.coordinator, {}]] as [string | null, Record<string, string>][]) {
        const res = await call('GET', '/health?verbose=%%%', as, undefined, headers);
        expect(res.status).toBe(200);
        expect(res.body.status).toBe('ok');
      }
    });

    it.each([
      ['POST', '/health'],
      ['GET', '/nope'],
      ['DELETE', '/requests'],
      ['PUT', '/tasks'],
    ])('%s %s: 404, not 500', async (method, path) => {
      const res = await call(method, path, USERS.coordinator, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(res.status).toBe(404);
    });
  });

  it('no response in this file was a 5xx', () => {
    expect(seen.length).toBeGreaterThan(150);
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
  });
});
