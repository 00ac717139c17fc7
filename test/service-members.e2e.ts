import { httpClient, USERS } from './support/http';
import { startStack, type Stack } from './support/stack';
import { uniqueSuffix } from './support/test-env';

/**
 * GET /api/services/:code/members: whom a lead can give a task to. A lead sees only the services
 * they lead (another is a 404, like one that does not exist), the coordinator any; only active
 * members, with nothing beyond id, name and roles; reading it writes no audit row.
 */
describe('service members (API + PostgreSQL)', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
    http = httpClient(stack.baseUrl);
  });
  afterAll(async () => stack?.close());

  it("lists a lead's own service's active members, names and roles only", async () => {
    const inactive = `gone-${uniqueSuffix()}@test.sendflow.nhs.uk`;
    await stack.ds.query(`INSERT INTO users (email, display_name, roles, service_codes, active) VALUES ($1, 'Gone Member', '{practitioner}', '{SLT}', false)`, [inactive]);
    // Signing in is audited; reading the member list is not (no child's record is involved).
    const audited = async () => Number((await stack.ds.query(`SELECT count(*) FROM audit_events WHERE action NOT LIKE 'auth.%'`))[0].count);
    await http.get('/me', USERS.leadSlt);
    await http.get('/me', USERS.slt);
    const auditBefore = await audited();

    const res = await http.get('/services/SLT/members', USERS.leadSlt);
    expect(res.status).toBe(200);
    const names = res.body.map((m: any) => m.displayName);
    expect(names).toEqual(expect.arrayContaining(['Sam Speech', 'Lee SLT Lead']));
    expect(names).not.toContain('Gone Member');
    expect(names).not.toContain('Olu Occupational');
    for (const m of res.body) expect(Object.keys(m).sort()).toEqual(['displayName', 'roles', 'userId']);
    const sam = (await http.get('/me', USERS.slt)).body.userId;
    expect(res.body.find((m: any) => m.userId === sam)).toMatchObject({ displayName: 'Sam Speech', roles: ['practitioner'] });

    expect(await audited()).toBe(auditBefore);
  });

  it("answers 404 for a service the lead does not lead, as for one that does not exist; the coordinator sees any", async () => {
    const other = await http.get('/services/OT/members', USERS.leadSlt);
    const missing = await http.get('/services/ZZ99/members', USERS.leadSlt);
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.body.message.replace('OT', '<code>')).toBe(missing.body.message.replace('ZZ99', '<code>'));

    const ot = await http.get('/services/OT/members', USERS.coordinator);
    expect(ot.status).toBe(200);
    expect(ot.body.map((m: any) => m.displayName)).toContain('Olu Occupational');
    expect((await http.get('/services/ZZ99/members', USERS.coordinator)).status).toBe(404);
  });

  it('refuses a malformed code with 400 naming it, and other roles with 403', async () => {
    const bad = await http.get('/services/not%20a%20code/members', USERS.coordinator);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^code must be/);
    expect((await http.get('/services/SLT/members', USERS.slt)).status).toBe(403);
    expect((await http.get('/services/SLT/members', null)).status).toBe(401);
  });

  describe('GET /api/staff?role=: whom the coordinator gives work that belongs to no service', () => {
    it('lists active holders of the role, id, name and roles only', async () => {
      const res = await http.get('/staff?role=qa_reviewer', USERS.coordinator);
      expect(res.status).toBe(200);
      const qa = (await http.get('/me', USERS.qa)).body.userId;
      expect(res.body.find((m: any) => m.userId === qa)).toEqual({ userId: qa, displayName: 'Quinn Reviewer', roles: ['qa_reviewer'] });
      expect(res.body.every((m: any) => m.roles.includes('qa_reviewer'))).toBe(true);
    });

    it('400 naming the role, 403 for anyone but the coordinator', async () => {
      const bad = await http.get('/staff?role=overlord', USERS.coordinator);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^role must be one of/);
      expect((await http.get('/staff', USERS.coordinator)).status).toBe(400);
      expect((await http.get('/staff?role=coordinator', USERS.leadSlt)).status).toBe(403);
    });
  });
});
