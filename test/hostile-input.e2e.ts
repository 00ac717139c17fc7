import { randomUUID } from 'node:crypto';
import { newRequestBody } from './support/fixtures';
import { httpClient, USERS, type HttpResult } from './support/http';
import { startStack, type Stack } from './support/stack';

/**
 * Hostile input (issue 10 §5) through the real HTTP stack: each is a 400 naming the field,
 * refused by the one global layer before any route, validator, database or workflow sees it.
 */
describe('hostile input is refused at the edge', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => stack?.close());

  const expect400 = (res: HttpResult, field: string) => {
    expect({ status: res.status, field: res.body?.issues?.[0]?.field }).toEqual({ status: 400, field });
  };
  const deep = (n: number) => `{"email":${'['.repeat(n)}${']'.repeat(n)},"password":"x"}`;
  const taskId = randomUUID();

  it.each([
    ['NUL in a child\'s name', () => http.post('/requests', USERS.coordinator, newRequestBody({ child: { givenName: 'A\u0000', familyName: 'B', dateOfBirth: '2018-01-01' } })), 'child.givenName'],
    ['an unpaired surrogate in a name', () => http.post('/requests', USERS.coordinator, newRequestBody({ child: { givenName: 'A\uD800', familyName: 'B', dateOfBirth: '2018-01-01' } })), 'child.givenName'],
    ['an impossible laDueDate', () => http.post('/requests', USERS.coordinator, newRequestBody({ laDueDate: '2026-02-30' })), 'laDueDate'],
    ['.. as an LA reference', () => http.post('/requests', USERS.coordinator, newRequestBody({ laReference: '..' })), 'laReference'],
    ['a __proto__ key', () => http.post('/requests', USERS.coordinator, `{"__proto__":{"x":1},"localAuthorityCode":"E06000023"}`), '__proto__'],
    ['a constructor key', () => http.post('/requests', USERS.coordinator, { ...newRequestBody(), constructor: { prototype: {} } }), 'constructor'],
    ['NUL in completion free text', () => http.post(`/tasks/${taskId}/complete`, USERS.slt, { outcome: 'submitted', data: { healthNeeds: 'x\u0000y' } }), 'data.healthNeeds'],
    ['NUL in reg 8(2) evidence', () => http.post(`/requests/${randomUUID()}/statutory-exceptions`, USERS.coordinator, { type: 'extension', kind: 'other', days: 5, evidence: 'e\u0000' }), 'evidence'],
    ['a number beyond any column', () => http.post(`/requests/${randomUUID()}/statutory-exceptions`, USERS.coordinator, { type: 'extension', kind: 'other', days: 1e21, evidence: 'letter' }), 'days'],
    ['JSON thousands deep on sign-in', () => http.post('/auth/sign-in', null, deep(5000)), 'body'],
    ['JSON thousands deep on intake', () => http.post('/requests', USERS.coordinator, deep(3000)), 'body'],
    ['offset 9223372036854775807', () => http.get('/requests?offset=9223372036854775807', USERS.coordinator), 'offset'],
    ['offset 1e21', () => http.get('/requests?offset=1e21', USERS.coordinator), 'offset'],
    ['an audit search from 0000-01-01', () => http.get('/audit?from=0000-01-01', USERS.auditor), 'from'],
    ['NUL in an admin name', () => http.call('PATCH', `/admin/users/${randomUUID()}`, USERS.admin, { displayName: 'A\u0000' }), 'displayName'],
  ])('%s', async (_what, send, field) => {
    expect400(await send(), field);
  });

  it('saved nothing for any of them', async () => {
    const rows = await stack.ds.query(`SELECT count(*)::int AS n FROM requests WHERE child_given_name LIKE 'A%' AND child_family_name = 'B'`);
    expect(rows[0].n).toBe(0);
  });
});
