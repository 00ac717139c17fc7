import { randomUUID } from 'node:crypto';
import { httpClient, USERS, type HttpResult } from './support/http';
import { startStack, type Stack } from './support/stack';
import { uniqueSuffix } from './support/test-env';

/**
 * Administration of users, services and local authorities: what an admin can change, what is
 * refused (400 naming the field, 404, 409, never a 5xx), and that every change is in the audit
 * log with its before and after, committed with the change.
 */
describe('administration: users, services, local authorities', () => {
  let stack: Stack;
  let raw: ReturnType<typeof httpClient>;
  const seen: { what: string; status: number }[] = [];
  const call = async (method: string, path: string, body?: unknown, as: string = USERS.admin): Promise<HttpResult> => {
    const res = await raw.call(method, path, as, body);
    seen.push({ what: `${method} ${path}`, status: res.status });
    return res;
  };
  const suffix = uniqueSuffix();
  let adminId = '';

  /** The newest audit row for an entity and action. */
  const audited = async (entityId: string, action: string) => {
    const rows = await stack.ds.query(`SELECT * FROM audit_events WHERE entity_id = $1 AND action = $2 ORDER BY id DESC LIMIT 1`, [entityId, action]);
    return rows[0];
  };
  const expect400 = (res: HttpResult, field: RegExp) => expect({ status: res.status, message: res.body?.message }).toEqual({ status: 400, message: expect.stringMatching(field) });

  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
    raw = httpClient(stack.baseUrl);
    adminId = (await raw.get('/me', USERS.admin)).body.userId;
  });
  afterAll(async () => stack?.close());

  describe('users', () => {
    const email = `Pat.Practitioner.${suffix}@Trust.NHS.uk`;
    let userId = '';

    it('lists users without their password hashes', async () => {
      const res = await call('GET', '/admin/users');
      expect(res.status).toBe(200);
      const admin = (res.body as any[]).find((u) => u.email === USERS.admin);
      expect(admin).toMatchObject({ id: adminId, roles: ['admin'], active: true });
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
    });

    it('creates a user with roles and services, normalising the email, and audits it', async () => {
      const res = await call('POST', '/admin/users', { email, displayName: '  Pat Practitioner ', roles: ['practitioner'], serviceCodes: ['SLT'] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email: email.toLowerCase(), displayName: 'Pat Practitioner', roles: ['practitioner'], serviceCodes: ['SLT'], active: true });
      userId = res.body.id;
      expect((await call('GET', `/admin/users/${userId}`)).body.email).toBe(email.toLowerCase());
      const row = await audited(userId, 'user.create');
      expect(row).toMatchObject({ actor_id: adminId, entity: 'user', before: null, after: { email: email.toLowerCase(), roles: ['practitioner'], serviceCodes: ['SLT'], active: true } });
    });

    it('refuses the same email again, whatever its case (409)', async () => {
      const res = await call('POST', '/admin/users', { email: email.toUpperCase(), displayName: 'Twin', roles: ['coordinator'] });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/^email: /);
    });

    const valid = () => ({ email: `new.${randomUUID().slice(0, 8)}@trust.nhs.uk`, displayName: 'New Person', roles: ['coordinator'] as unknown });
    it.each<[string, () => unknown, RegExp]>([
      ['no email', () => ({ ...valid(), email: undefined }), /email/],
      ['an email without a domain', () => ({ ...valid(), email: 'pat@' }), /email must be an email address/],
      ['an email that is a number', () => ({ ...valid(), email: 42 }), /email/],
      ['a blank display name', () => ({ ...valid(), displayName: '   ' }), /displayName/],
      ['no roles', () => ({ ...valid(), roles: [] }), /roles must name at least one role/],
      ['roles as a string', () => ({ ...valid(), roles: 'admin' }), /roles must be an array/],
      ['roles null', () => ({ ...valid(), roles: null }), /roles/],
      ['an unknown role', () => ({ ...valid(), roles: ['superuser'] }), /roles must each be one of coordinator, practitioner/],
      ['a repeated role', () => ({ ...valid(), roles: ['coordinator', 'coordinator'] }), /roles must not repeat/],
      ['a practitioner without a service', () => ({ ...valid(), roles: ['practitioner'] }), /serviceCodes: a user with the practitioner role needs at least one service/],
      ['a service lead with no services', () => ({ ...valid(), roles: ['service_lead'], serviceCodes: [] }), /serviceCodes: .*service_lead/],
      ['a service that does not exist', () => ({ ...valid(), roles: ['practitioner'], serviceCodes: ['SLT', 'NOPE'] }), /serviceCodes: unknown service NOPE/],
      ['a lower-case service code', () => ({ ...valid(), roles: ['practitioner'], serviceCodes: ['slt'] }), /serviceCodes must each be a service code/],
      ['serviceCodes null', () => ({ ...valid(), serviceCodes: null }), /serviceCodes/],
      ['a password smuggled in', () => ({ ...valid(), password: 'x'.repeat(20) }), /password: unknown property/],
    ])('refuses a user with %s (400 naming the field)', async (_what, body, field) => {
      expect400(await call('POST', '/admin/users', body()), field);
    });

    it('404s an unknown id and 400s a malformed one', async () => {
      expect((await call('GET', `/admin/users/${randomUUID()}`)).status).toBe(404);
      expect((await call('PATCH', `/admin/users/${randomUUID()}`, { displayName: 'Nobody' })).status).toBe(404);
      expect((await call('POST', `/admin/users/${randomUUID()}/deactivate`)).status).toBe(404);
      expect((await call('POST', `/admin/users/${randomUUID()}/password`, { password: 'a long enough passphrase' })).status).toBe(404);
      expect400(await call('GET', '/admin/users/not-a-uuid'), /^id must be a UUID/);
    });

    it('changes roles, services and name, auditing before and after', async () => {
      const res = await call('PATCH', `/admin/users/${userId}`, { displayName: 'Pat Lead', roles: ['practitioner', 'service_lead'], serviceCodes: ['SLT', 'OT'] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ displayName: 'Pat Lead', roles: ['practitioner', 'service_lead'], serviceCodes: ['SLT', 'OT'] });
      const row = await audited(userId, 'user.update');
      expect(row.actor_id).toBe(adminId);
      expect(row.before).toMatchObject({ displayName: 'Pat Practitioner', roles: ['practitioner'], serviceCodes: ['SLT'] });
      expect(row.after).toMatchObject({ displayName: 'Pat Lead', roles: ['practitioner', 'service_lead'], serviceCodes: ['SLT', 'OT'] });
    });

    it('refuses an update that names nothing, or nulls, or leaves a practitioner without services', async () => {
      expect400(await call('PATCH', `/admin/users/${userId}`, {}), /^body: give at least one of/);
      expect400(await call('PATCH', `/admin/users/${userId}`, { roles: null }), /roles/);
      expect400(await call('PATCH', `/admin/users/${userId}`, { serviceCodes: [] }), /serviceCodes: a user with the practitioner or service_lead role/);
      expect400(await call('PATCH', `/admin/users/${userId}`, { active: false }), /active: unknown property/);
    });

    it('does not let an admin remove their own admin role or deactivate themselves (409, nothing changed)', async () => {
      const before = await call('GET', `/admin/users/${adminId}`);
      const demote = await call('PATCH', `/admin/users/${adminId}`, { roles: ['coordinator'] });
      expect(demote.status).toBe(409);
      expect(demote.body.message).toMatch(/own admin role/);
      const self = await call('POST', `/admin/users/${adminId}/deactivate`);
      expect(self.status).toBe(409);
      expect(self.body.message).toMatch(/cannot deactivate yourself/);
      expect((await call('POST', `/admin/users/${adminId}/password`, { password: 'a long enough passphrase' })).status).toBe(409);
      expect((await call('GET', `/admin/users/${adminId}`)).body).toEqual(before.body);
    });

    it('sets and resets a password as an argon2id hash, ends the user\'s sessions, and logs no hash', async () => {
      expect400(await call('POST', `/admin/users/${userId}/password`, { password: 'short' }), /^password must be at least 12 characters/);
      expect400(await call('POST', `/admin/users/${userId}/password`, {}), /password/);
      expect400(await call('POST', `/admin/users/${userId}/password`, { password: 'password1234' }), /^password is a commonly used password/);
      expect400(await call('POST', `/admin/users/${userId}/password`, { password: email.toLowerCase() }), /^password must not be your email address/);

      await stack.ds.query(`INSERT INTO sessions (token_hash, user_id, method, expires_at) VALUES ($1, $2, 'password', now() + interval '1 hour')`, [randomUUID().replace(/-/g, ''), userId]);
      const set = await call('POST', `/admin/users/${userId}/password`, { password: 'correct horse battery staple' });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({ id: userId, passwordSet: true, sessionsEnded: 1 });
      const [stored] = await stack.ds.query(`SELECT password_hash, password_changed_at FROM users WHERE id = $1`, [userId]);
      expect(stored.password_hash).toMatch(/^\$argon2id\$/);
      expect(stored.password_changed_at).toBeTruthy();
      expect((await stack.ds.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [userId]))).toHaveLength(0);

      const first = await audited(userId, 'user.password_set');
      expect(first).toMatchObject({ actor_id: adminId, before: { passwordSet: false }, after: { passwordSet: true, sessionsEnded: 1 } });
      expect((await call('POST', `/admin/users/${userId}/password`, { password: 'another long passphrase' })).status).toBe(200);
      expect(await audited(userId, 'user.password_reset')).toMatchObject({ before: { passwordSet: true }, after: { passwordSet: true } });
      const logged = await stack.ds.query(`SELECT before::text || after::text AS t FROM audit_events WHERE entity_id = $1`, [userId]);
      expect(logged.map((r: any) => r.t).join()).not.toMatch(/argon2|horse|passphrase/);
    });

    it('a reset lets a locked-out user sign in at once with the new password', async () => {
      const signIn = (password: string) => raw.post('/auth/sign-in', null, { email, password });
      for (let i = 0; i < 5; i++) await signIn('not the password at all');
      expect((await signIn('another long passphrase')).status).toBe(423);
      expect((await call('POST', `/admin/users/${userId}/password`, { password: 'a brand new long passphrase' })).status).toBe(200);
      expect((await signIn('a brand new long passphrase')).status).toBe(200);
      // Leave no session behind: the next test counts the sessions deactivation ends.
      await stack.ds.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
    });

    it('deactivates (ending sessions) and reactivates, never deleting, each audited; repeating is a 409', async () => {
      await stack.ds.query(`INSERT INTO sessions (token_hash, user_id, method, expires_at) VALUES ($1, $2, 'password', now() + interval '1 hour')`, [randomUUID().replace(/-/g, ''), userId]);
      const off = await call('POST', `/admin/users/${userId}/deactivate`);
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await stack.ds.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [userId]))).toHaveLength(0);
      expect(await audited(userId, 'user.deactivate')).toMatchObject({ actor_id: adminId, before: { active: true }, after: { active: false, sessionsEnded: 1 } });
      expect((await call('POST', `/admin/users/${userId}/deactivate`)).status).toBe(409);
      // Still listed (the audit log names them), just inactive.
      expect((await call('GET', '/admin/users')).body.find((u: any) => u.id === userId)).toMatchObject({ active: false });

      const on = await call('POST', `/admin/users/${userId}/reactivate`);
      expect(on.status).toBe(200);
      expect(on.body.active).toBe(true);
      expect(await audited(userId, 'user.reactivate')).toMatchObject({ before: { active: false }, after: { active: true } });
      expect((await call('POST', `/admin/users/${userId}/reactivate`)).status).toBe(409);
    });
  });

  describe('services', () => {
    const code = `Z${suffix.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 16);

    it('creates a service and refuses a duplicate code (409)', async () => {
      const res = await call('POST', '/admin/services', { code, name: ' Dietetics ' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code, name: 'Dietetics', active: true });
      expect(await audited(code, 'service.create')).toMatchObject({ actor_id: adminId, entity: 'service', after: { code, name: 'Dietetics', active: true } });
      expect((await call('POST', '/admin/services', { code, name: 'Again' })).status).toBe(409);
    });

    it.each<[string, unknown, RegExp]>([
      ['a lower-case code', { code: 'diet', name: 'Dietetics' }, /^code must be a service code/],
      ['a one-letter code', { code: 'D', name: 'Dietetics' }, /^code must be a service code/],
      ['no name', { code: 'DIET2' }, /name/],
      ['a blank name', { code: 'DIET2', name: '  ' }, /name must not be blank/],
      ['an unknown property', { code: 'DIET2', name: 'Dietetics', colour: 'red' }, /colour: unknown property/],
    ])('refuses a service with %s (400 naming the field)', async (_w, body, field) => {
      expect400(await call('POST', '/admin/services', body), field);
    });

    it('renames and deactivates, audited; lists it (inactive) for admins and refuses it to new members', async () => {
      const res = await call('PATCH', `/admin/services/${code}`, { name: 'Dietetics and nutrition', active: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Dietetics and nutrition', active: false });
      expect(await audited(code, 'service.update')).toMatchObject({ before: { name: 'Dietetics', active: true }, after: { name: 'Dietetics and nutrition', active: false } });
      expect((await call('GET', '/admin/services')).body.find((s: any) => s.code === code)).toMatchObject({ active: false });
      expect400(
        await call('POST', '/admin/users', { email: `diet.${suffix}@trust.nhs.uk`, displayName: 'Dee', roles: ['practitioner'], serviceCodes: [code] }),
        new RegExp(`serviceCodes: service ${code} is inactive`),
      );
    });

    it('404s an unknown service and 400s a malformed code or an empty change', async () => {
      expect((await call('PATCH', '/admin/services/NOSUCH', { name: 'x' })).status).toBe(404);
      expect400(await call('PATCH', '/admin/services/not-a-code', { name: 'x' }), /^code must be a service code/);
      expect400(await call('PATCH', `/admin/services/${code}`, {}), /^body: give at least one of name, active/);
      expect400(await call('PATCH', `/admin/services/${code}`, { active: 'no' }), /^active must be true or false/);
      expect400(await call('PATCH', `/admin/services/${code}`, { name: null }), /name/);
    });
  });

  describe('local authorities', () => {
    const code = `E99${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

    it('creates an LA by GSS code and refuses a duplicate (409)', async () => {
      const res = await call('POST', '/admin/local-authorities', { code, name: 'Test Borough', returnAddress: 'SEND.Team@Test-Borough.gov.uk' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ code, name: 'Test Borough', returnAddress: 'send.team@test-borough.gov.uk' });
      expect(await audited(code, 'local_authority.create')).toMatchObject({ actor_id: adminId, entity: 'local_authority', after: { code, name: 'Test Borough' } });
      expect((await call('POST', '/admin/local-authorities', { code, name: 'Again' })).status).toBe(409);
      expect((await call('GET', '/local-authorities', undefined, USERS.coordinator)).body.map((la: any) => la.code)).toContain(code);
    });

    it.each<[string, unknown, RegExp]>([
      ['an 8-character code', { code: 'E0600002', name: 'X' }, /^code must be a GSS code/],
      ['a code from no country', { code: 'X06000023', name: 'X' }, /^code must be a GSS code/],
      ['a lower-case code', { code: 'e06000023', name: 'X' }, /^code must be a GSS code/],
      ['no name', { code: 'E06999999' }, /name/],
      ['a return address that is not an email', { code: 'E06999999', name: 'X', returnAddress: 'the town hall' }, /^returnAddress must be an email address/],
    ])('refuses an LA with %s (400 naming the field)', async (_w, body, field) => {
      expect400(await call('POST', '/admin/local-authorities', body), field);
    });

    it('updates name and return address (null clears it), audited', async () => {
      const res = await call('PATCH', `/admin/local-authorities/${code}`, { name: 'Test Borough Council', returnAddress: null });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Test Borough Council', returnAddress: null });
      expect(await audited(code, 'local_authority.update')).toMatchObject({
        before: { name: 'Test Borough', returnAddress: 'send.team@test-borough.gov.uk' }, after: { name: 'Test Borough Council', returnAddress: null },
      });
    });

    it('404s an unknown LA and 400s a malformed code or change', async () => {
      expect((await call('PATCH', '/admin/local-authorities/E99999999X', { name: 'x' })).status).toBe(404);
      expect400(await call('PATCH', '/admin/local-authorities/bad code', { name: 'x' }), /^code must be a local authority code/);
      expect400(await call('PATCH', `/admin/local-authorities/${code}`, {}), /^body: give at least one of name, returnAddress/);
      expect400(await call('PATCH', `/admin/local-authorities/${code}`, { returnAddress: 'nope' }), /^returnAddress must be an email address/);
      expect400(await call('PATCH', `/admin/local-authorities/${code}`, { code: 'E06000001' }), /code: unknown property/);
    });
  });

  it('answered every call above without a 5xx', () => {
    expect(seen.filter((s) => s.status >= 500)).toEqual([]);
    expect(seen.length).toBeGreaterThan(50);
  });
});
