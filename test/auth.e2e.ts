import { createHash, randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { hashPassword } from '@sendflow/persistence';
import { createApp } from '../apps/api/src/app.factory';
import { sessionFor, USERS } from './support/http';
import { freePort, oidcSignIn, startTestOidcProvider, type TestOp } from './support/oidc';
import { startStack, type Stack } from './support/stack';
import { uniqueSuffix } from './support/test-env';

/**
 * Sign-in, sessions, CSRF, lock-out, rate limit, password change and OIDC, through the API on the
 * real database. Each test signs in from its own client address (X-Forwarded-For from a
 * documentation range, trusted from loopback only in this file), so the per-address limit of
 * one test never touches another, nor the other test files sharing the database.
 */
describe('sign-in and sessions (API + PostgreSQL)', () => {
  let stack: Stack;
  const saved: Record<string, string | undefined> = {};
  const setEnv = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (!(k in saved)) saved[k] = process.env[k];
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  };
  const IP_LIMIT = 12;
  let ipCounter = 0;
  const newIp = () => `2001:db8::${(++ipCounter).toString(16)}:${process.pid.toString(16)}`;

  interface Res { status: number; body: any; headers: Headers; setCookie: string[] }
  const http = async (method: string, path: string, opts: { ip?: string; cookie?: string; csrf?: string; body?: unknown; base?: string } = {}): Promise<Res> => {
    const res = await fetch(`${opts.base ?? stack.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}),
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.csrf ? { 'x-csrf-token': opts.csrf } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
    return { status: res.status, body, headers: res.headers, setCookie: res.headers.getSetCookie() };
  };
  const sessionCookie = (res: Res) => res.setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('sendflow_session='));
  const tokenHash = (cookie: string) => createHash('sha256').update(cookie.split('=')[1]).digest('hex');

  const signIn = async (email: string, password: string, ip = newIp()) => {
    const res = await http('POST', '/auth/sign-in', { ip, body: { email, password } });
    return { ...res, cookie: sessionCookie(res) ?? '', csrf: res.body?.csrfToken as string };
  };

  /** A user of this test only, with a known password. */
  const makeUser = async (opts: { password?: string | null; roles?: string[]; active?: boolean } = {}) => {
    const email = `auth-${uniqueSuffix()}@test.sendflow.nhs.uk`;
    const password = opts.password === undefined ? `Correct horse ${uniqueSuffix()}` : opts.password;
    const rows = await stack.ds.query(
      `INSERT INTO users (email, display_name, roles, service_codes, password_hash, active) VALUES ($1, 'Test User', $2, '{}', $3, $4) RETURNING id`,
      [email, opts.roles ?? ['coordinator'], password ? await hashPassword(password) : null, opts.active ?? true],
    );
    return { id: rows[0].id as string, email, password: password ?? '' };
  };

  const auditRows = (action: string, where: { entityId?: string | null; actorId?: string; since?: string } = {}) =>
    stack.ds.query(
      `SELECT id, actor_id, action, entity, entity_id, after FROM audit_events
        WHERE action = $1 AND ($2::text IS NULL OR entity_id = $2) AND ($3::text IS NULL OR actor_id = $3) AND id > $4::bigint ORDER BY id`,
      [action, where.entityId ?? null, where.actorId ?? null, where.since ?? '0'],
    );
  const lastAuditId = async () => (await stack.ds.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_events`))[0].id as string;

  beforeAll(async () => {
    setEnv({ TRUST_PROXY: 'loopback', SIGN_IN_IP_MAX_FAILURES: String(IP_LIMIT), COOKIE_SECURE: undefined, SESSION_IDLE_MINUTES: undefined, SESSION_ABSOLUTE_HOURS: undefined, OIDC_ISSUER: undefined });
    stack = await startStack({ withWorker: false });
  });
  afterAll(async () => {
    await stack?.close();
    setEnv(Object.fromEntries(Object.entries(saved)));
  });

  describe('password sign-in', () => {
    it('signs in: 200 with the user and a CSRF token, an HTTP-only SameSite=Strict cookie on /api, and an audit row', async () => {
      const u = await makeUser();
      const since = await lastAuditId();
      const res = await signIn(u.email.toUpperCase(), u.password);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user: { id: u.id, email: u.email, displayName: 'Test User', roles: ['coordinator'], services: [] },
        method: 'password', csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresAt: expect.any(String), idleTimeoutSeconds: 1800,
      });
      const set = res.setCookie.find((c) => c.startsWith('sendflow_session='))!;
      const attrs = set.split(';').map((a) => a.trim().toLowerCase());
      expect(attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api', `max-age=${12 * 3600}`]));
      expect(attrs).not.toContain('secure');
      expect(set.split(';')[0]).toMatch(/^sendflow_session=[A-Za-z0-9_-]{43}$/);

      const session = await http('GET', '/auth/session', { cookie: res.cookie });
      expect(session.status).toBe(200);
      expect(session.body.user.id).toBe(u.id);
      expect(session.body.csrfToken).toBe(res.csrf);
      expect((await http('GET', '/me', { cookie: res.cookie })).body).toMatchObject({ userId: u.id, roles: ['coordinator'] });

      // Stored as a hash, with a 12-hour absolute expiry.
      const rows = await stack.ds.query(`SELECT user_id, method, extract(epoch FROM expires_at - created_at)::int AS life FROM sessions WHERE token_hash = $1`, [tokenHash(res.cookie)]);
      expect(rows).toEqual([{ user_id: u.id, method: 'password', life: 12 * 3600 }]);
      expect(await stack.ds.query(`SELECT 1 FROM sessions WHERE token_hash = $1`, [res.cookie.split('=')[1]])).toEqual([]);

      const audit = await auditRows('auth.sign_in', { entityId: u.id, since });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: u.id, entity: 'user', after: { method: 'password', clientIp: expect.stringContaining('2001:db8::') } });
    });

    it('answers an unknown email and a wrong password with the same 401, and records both without the password', async () => {
      const u = await makeUser();
      const since = await lastAuditId();
      const wrong = await signIn(u.email, 'not the password at all');
      const unknown = await signIn(`nobody-${uniqueSuffix()}@test.sendflow.nhs.uk`, 'not the password at all');
      const noPassword = await signIn((await makeUser({ password: null })).email, 'not the password at all');
      const inactive = await makeUser({ active: false });
      const inactiveRes = await signIn(inactive.email, inactive.password);
      for (const res of [wrong, unknown, noPassword, inactiveRes]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual(wrong.body);
        expect(res.setCookie).toEqual([]);
      }
      expect(wrong.body.message).toBe('Email or password is not right');

      const failures = await auditRows('auth.sign_in_failed', { since });
      expect(failures.map((r: any) => [r.actor_id, r.entity_id, r.after.reason])).toEqual([
        ['anonymous', u.id, 'wrong_password'],
        ['anonymous', null, 'unknown_account'],
        ['anonymous', expect.any(String), 'no_password'],
        ['anonymous', inactive.id, 'inactive_account'],
      ]);
      expect(JSON.stringify(failures)).not.toContain('not the password at all');
      expect(JSON.stringify(failures)).not.toContain(inactive.password);
    });

    it('takes about as long for an unknown email as for a wrong password (both verify an Argon2id hash)', async () => {
      const u = await makeUser();
      const ip = newIp();
      const time = async (email: string) => {
        const t0 = performance.now();
        expect((await signIn(email, 'wrong password here', ip)).status).toBe(401);
        return performance.now() - t0;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 4; i++) {
        known.push(await time(u.email));
        unknown.push(await time(`nobody-${uniqueSuffix()}@test.sendflow.nhs.uk`));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      // Without the decoy hash an unknown email would answer in a fraction of the time.
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
    });

    it('refuses a missing or malformed body with 400 naming the field', async () => {
      const missing = await http('POST', '/auth/sign-in', { ip: newIp(), body: { password: 'x' } });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toMatch(/email/);
      const extra = await http('POST', '/auth/sign-in', { ip: newIp(), body: { email: 'a@b.c', password: 'x', remember: true } });
      expect(extra.status).toBe(400);
      expect(extra.body.message).toMatch(/remember/);
      const number = await http('POST', '/auth/sign-in', { ip: newIp(), body: { email: 'a@b.c', password: 12345 } });
      expect(number.status).toBe(400);
      expect(number.body.message).toMatch(/password/);
    });

    it('GET /auth/session without a session: 401', async () => {
      const res = await http('GET', '/auth/session');
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/Not signed in/);
    });
  });

  describe('lock-out and rate limit', () => {
    it(`locks an account after 5 failures in a row (423 with Retry-After), refuses the right password while locked, and records the lock`, async () => {
      const u = await makeUser();
      const since = await lastAuditId();
      const ip = newIp();
      for (let i = 1; i <= 4; i++) expect((await signIn(u.email, `wrong ${i}`, ip)).status).toBe(401);
      const fifth = await signIn(u.email, 'wrong 5', ip);
      expect(fifth.status).toBe(423);
      expect(fifth.body.message).toMatch(/locked; try again in 15 minutes/);
      expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(14 * 60);

      const right = await signIn(u.email, u.password, newIp());
      expect(right.status).toBe(423);
      expect(right.setCookie).toEqual([]);

      const locks = await auditRows('auth.lockout', { entityId: u.id, since });
      expect(locks).toHaveLength(1);
      expect(locks[0].after).toMatchObject({ failures: 5 });
      expect((await auditRows('auth.sign_in_failed', { entityId: u.id, since })).map((r: any) => r.after.reason)).toEqual(['wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'wrong_password', 'locked']);

      // When the lock runs out, the right password works and the count starts again.
      await stack.ds.query(`UPDATE sign_in_lockouts SET locked_until = now() - interval '1 second' WHERE locked_until > now() - interval '1 minute' AND locked_until IS NOT NULL AND account_key = $1`, [accountKey(u.email)]);
      expect((await signIn(u.email, u.password)).status).toBe(200);
      expect(await stack.ds.query(`SELECT 1 FROM sign_in_lockouts WHERE account_key = $1`, [accountKey(u.email)])).toEqual([]);
    });

    it('locks an unknown email exactly like a real one, so a lock reveals nothing', async () => {
      const email = `nobody-${uniqueSuffix()}@test.sendflow.nhs.uk`;
      const ip = newIp();
      const answers = [];
      for (let i = 1; i <= 6; i++) answers.push((await signIn(email, `wrong ${i}`, ip)).status);
      expect(answers).toEqual([401, 401, 401, 401, 423, 423]);
    });

    it('a successful sign-in resets the count', async () => {
      const u = await makeUser();
      const ip = newIp();
      for (let i = 0; i < 4; i++) expect((await signIn(u.email, 'wrong', ip)).status).toBe(401);
      expect((await signIn(u.email, u.password, ip)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await signIn(u.email, 'wrong', ip)).status).toBe(401);
      expect((await signIn(u.email, u.password, ip)).status).toBe(200);
    });

    it(`rate-limits one client address after ${IP_LIMIT} failures (429 with Retry-After), even with the right password, while other addresses sign in`, async () => {
      const u = await makeUser();
      const ip = newIp();
      const since = await lastAuditId();
      for (let i = 0; i < IP_LIMIT; i++) expect((await signIn(`spray-${i}-${uniqueSuffix()}@test.sendflow.nhs.uk`, 'Password123!', ip)).status).toBe(401);
      const limited = await signIn(u.email, u.password, ip);
      expect(limited.status).toBe(429);
      expect(limited.body.message).toMatch(/from this address/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await signIn(u.email, u.password, newIp())).status).toBe(200);
      const noted = await auditRows('auth.rate_limited', { since });
      expect(noted).toHaveLength(1);
      expect(noted[0].entity_id).toBe(ip);
      // The count lives in PostgreSQL, so every API replica refuses the same address.
      const rows = await stack.ds.query(`SELECT count(*)::int AS n FROM sign_in_failures WHERE client_ip = $1`, [ip]);
      expect(rows[0].n).toBe(IP_LIMIT);
    });
  });

  describe('CSRF', () => {
    it('requires the session\'s token in x-csrf-token on every POST, and not on GET', async () => {
      const u = await makeUser({ roles: ['coordinator'] });
      const a = await signIn(u.email, u.password);
      const b = await signIn(u.email, u.password);
      expect(a.csrf).not.toBe(b.csrf);
      expect((await http('GET', '/me', { cookie: a.cookie })).status).toBe(200);
      for (const path of ['/auth/sign-out', '/auth/password', '/requests']) {
        const none = await http('POST', path, { cookie: a.cookie, body: {} });
        expect({ path, status: none.status }).toEqual({ path, status: 403 });
        expect(none.body.message).toMatch(/x-csrf-token/);
        const other = await http('POST', path, { cookie: a.cookie, csrf: b.csrf, body: {} });
        expect({ path, status: other.status }).toEqual({ path, status: 403 });
      }
      // Nothing happened: the session is still live.
      expect((await http('GET', '/auth/session', { cookie: a.cookie })).status).toBe(200);
    });
  });

  describe('sign-out', () => {
    it('ends the session: 204, the cookie is cleared, the row is gone, the old cookie gets 401, and it is recorded', async () => {
      const u = await makeUser();
      const s = await signIn(u.email, u.password);
      const since = await lastAuditId();
      const res = await http('POST', '/auth/sign-out', { cookie: s.cookie, csrf: s.csrf });
      expect(res.status).toBe(204);
      const cleared = res.setCookie.find((c) => c.startsWith('sendflow_session='))!;
      expect(cleared).toMatch(/^sendflow_session=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(await stack.ds.query(`SELECT 1 FROM sessions WHERE token_hash = $1`, [tokenHash(s.cookie)])).toEqual([]);
      const after = await http('GET', '/me', { cookie: s.cookie });
      expect(after.status).toBe(401);
      expect(after.body.message).toMatch(/Not signed in/);
      expect(await auditRows('auth.sign_out', { entityId: u.id, actorId: u.id, since })).toHaveLength(1);
    });

    it('a new sign-in replaces the session it was sent with', async () => {
      const u = await makeUser();
      const first = await signIn(u.email, u.password);
      const second = await http('POST', '/auth/sign-in', { ip: newIp(), cookie: first.cookie, body: { email: u.email, password: u.password } });
      expect(second.status).toBe(200);
      expect((await http('GET', '/me', { cookie: first.cookie })).status).toBe(401);
      expect((await http('GET', '/me', { cookie: sessionCookie(second) })).status).toBe(200);
    });
  });

  describe('password change', () => {
    it('names the field for each policy breach', async () => {
      const u = await makeUser();
      const s = await signIn(u.email, u.password);
      const change = (body: unknown) => http('POST', '/auth/password', { cookie: s.cookie, csrf: s.csrf, body });
      const cases: [unknown, RegExp][] = [
        [{ currentPassword: u.password, newPassword: 'short' }, /^newPassword must be at least 12 characters$/],
        [{ currentPassword: u.password, newPassword: u.email }, /newPassword must not be your email address/],
        [{ currentPassword: u.password, newPassword: u.password }, /newPassword must differ from the current password/],
        [{ currentPassword: u.password, newPassword: 'aaaaaaaaaaaaaaaa' }, /newPassword must not be one character repeated/],
        [{ currentPassword: u.password, newPassword: 'Password1234' }, /newPassword is a commonly used password/],
        [{ currentPassword: u.password }, /newPassword/],
        [{ newPassword: 'a perfectly good passphrase' }, /currentPassword/],
        [{ currentPassword: u.password, newPassword: 'x'.repeat(257) }, /newPassword must be at most 256 characters/],
        [{ currentPassword: 'not my password', newPassword: 'a perfectly good passphrase' }, /^currentPassword is not right$/],
      ];
      for (const [body, message] of cases) {
        const res = await change(body);
        expect({ body, status: res.status, message: res.body.message }).toEqual({ body, status: 400, message: expect.stringMatching(message) });
      }
      const issue = await change({ currentPassword: u.password, newPassword: 'short' });
      expect(issue.body.issues).toEqual([{ field: 'newPassword', message: 'newPassword must be at least 12 characters' }]);
      // Still the old password.
      expect((await signIn(u.email, u.password)).status).toBe(200);
    });

    it('changes the password, ends the user\'s other sessions, keeps this one, and records it without either password', async () => {
      const u = await makeUser();
      const a = await signIn(u.email, u.password);
      const b = await signIn(u.email, u.password);
      const since = await lastAuditId();
      const newPassword = `A new passphrase ${uniqueSuffix()}`;
      const res = await http('POST', '/auth/password', { cookie: a.cookie, csrf: a.csrf, body: { currentPassword: u.password, newPassword } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ otherSessionsEnded: 1 });
      expect((await http('GET', '/me', { cookie: a.cookie })).status).toBe(200);
      expect((await http('GET', '/me', { cookie: b.cookie })).status).toBe(401);
      expect((await signIn(u.email, u.password)).status).toBe(401);
      expect((await signIn(u.email, newPassword)).status).toBe(200);
      const audit = await auditRows('auth.password_change', { entityId: u.id, actorId: u.id, since });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(newPassword);
      expect(JSON.stringify(audit)).not.toContain(u.password);
      const stored = await stack.ds.query(`SELECT password_hash FROM users WHERE id = $1`, [u.id]);
      expect(stored[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });

    it('a wrong current password counts towards the lock-out', async () => {
      const u = await makeUser();
      const s = await signIn(u.email, u.password);
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await http('POST', '/auth/password', { cookie: s.cookie, csrf: s.csrf, body: { currentPassword: `guess ${i}`, newPassword: 'a perfectly good passphrase' } })).status);
      }
      expect(statuses).toEqual([400, 400, 400, 400, 423]);
      expect((await signIn(u.email, u.password)).status).toBe(423);
    });

    it('an account without a password (OIDC only) cannot change one: 409', async () => {
      const u = await makeUser({ password: null });
      const token = randomBytes(32).toString('base64url');
      await stack.ds.query(`INSERT INTO sessions (token_hash, user_id, method, expires_at) VALUES ($1, $2, 'oidc', now() + interval '1 hour')`, [createHash('sha256').update(token).digest('hex'), u.id]);
      const cookie = `sendflow_session=${token}`;
      const csrf = (await http('GET', '/auth/session', { cookie })).body.csrfToken;
      const res = await http('POST', '/auth/password', { cookie, csrf, body: { currentPassword: 'anything', newPassword: 'a perfectly good passphrase' } });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/identity provider/);
    });
  });

  describe('expiry', () => {
    it('ends a session unused for the idle timeout (30 minutes), deleting its row', async () => {
      const u = await makeUser();
      const s = await signIn(u.email, u.password);
      await stack.ds.query(`UPDATE sessions SET last_seen_at = now() - interval '30 minutes 1 second' WHERE token_hash = $1`, [tokenHash(s.cookie)]);
      const res = await http('GET', '/me', { cookie: s.cookie });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/expired/);
      expect(await stack.ds.query(`SELECT 1 FROM sessions WHERE token_hash = $1`, [tokenHash(s.cookie)])).toEqual([]);
    });

    it('use keeps a session alive: a request moves last_seen_at forward', async () => {
      const u = await makeUser();
      const s = await signIn(u.email, u.password);
      await stack.ds.query(`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE token_hash = $1`, [tokenHash(s.cookie)]);
      expect((await http('GET', '/me', { cookie: s.cookie })).status).toBe(200);
      const rows = await stack.ds.query(`SELECT extract(epoch FROM now() - last_seen_at)::int AS age FROM sessions WHERE token_hash = $1`, [tokenHash(s.cookie)]);
      expect(rows[0].age).toBeLessThan(60);
    });

    it('ends a session at its absolute expiry however busy it is', async () => {
      const u = await makeUser();
      const s = await signIn(u.email, u.password);
      await stack.ds.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [tokenHash(s.cookie)]);
      const res = await http('GET', '/auth/session', { cookie: s.cookie });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/expired/);
    });

    it('a deactivated user\'s session stops working at once', async () => {
      const u = await makeUser();
      const s = await signIn(u.email, u.password);
      await stack.ds.query(`UPDATE users SET active = false WHERE id = $1`, [u.id]);
      const res = await http('GET', '/me', { cookie: s.cookie });
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/no longer active/);
    });
  });

  describe('the demo users', () => {
    it('sign in with the run\'s DEMO_PASSWORD, and the demo list names only demo accounts', async () => {
      const s = await sessionFor(stack.baseUrl, USERS.coordinator);
      expect((await http('GET', '/me', { cookie: s.cookie })).body.roles).toEqual(['coordinator']);
      const list = await http('GET', '/demo/users');
      expect(list.status).toBe(200);
      expect(list.body.length).toBeGreaterThan(0);
      expect(list.body.every((u: any) => u.email.endsWith('@demo.sendflow.nhs.uk'))).toBe(true);
    });
  });

  describe('configuration', () => {
    it('OIDC routes answer 404 when OIDC is not configured', async () => {
      expect((await http('GET', '/auth/oidc/start')).status).toBe(404);
      expect((await http('GET', '/auth/oidc/callback?code=x&state=y')).status).toBe(404);
    });

    it('PASSWORD_SIGN_IN=false (OIDC only): the options say so and password sign-in is refused, even with the right password', async () => {
      setEnv({ PASSWORD_SIGN_IN: 'false', OIDC_ISSUER: 'https://login.example.test/tenant/v2.0', OIDC_CLIENT_ID: 'sendflow', OIDC_CLIENT_SECRET: 'not-a-real-secret', OIDC_REDIRECT_URI: 'https://sendflow.example.test/api/auth/oidc/callback' });
      let app: INestApplication | null = null;
      try {
        app = await createApp();
        await app.listen(0, '127.0.0.1');
        const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api`;
        expect((await http('GET', '/auth/options', { base })).body).toEqual({ password: false, oidc: true });
        const u = await makeUser();
        const res = await http('POST', '/auth/sign-in', { base, body: { email: u.email, password: u.password } });
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/Password sign-in is turned off/);
        expect(res.setCookie.find((c) => c.startsWith('sendflow_session='))).toBeUndefined();
      } finally {
        await app?.close();
        setEnv({ PASSWORD_SIGN_IN: undefined, OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined, OIDC_REDIRECT_URI: undefined });
      }
    });

    it('COOKIE_SECURE=true adds Secure to the session cookie', async () => {
      setEnv({ COOKIE_SECURE: 'true' });
      let app: INestApplication | null = null;
      try {
        app = await createApp();
        await app.listen(0, '127.0.0.1');
        const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api`;
        const u = await makeUser();
        const res = await http('POST', '/auth/sign-in', { base, body: { email: u.email, password: u.password } });
        expect(res.status).toBe(200);
        expect(res.setCookie.find((c) => c.startsWith('sendflow_session='))).toMatch(/; Secure/);
      } finally {
        await app?.close();
        setEnv({ COOKIE_SECURE: undefined });
      }
    });
  });

  describe('OIDC (a real OpenID Provider on a local port)', () => {
    let op: TestOp;
    let app: INestApplication;
    let base: string;
    const clientSecret = randomBytes(16).toString('hex');
    const groups = { coordinators: 'grp-coord-0001', slt: 'grp-slt-0002', leads: 'grp-lead-0003', other: 'grp-other-0004' };
    // Subjects and addresses unique to this run: a developer's database keeps earlier runs' users.
    const run = uniqueSuffix();
    const sub = (name: string) => `${name}-${run}`;
    const mail = (name: string) => `${name}-${run}@trust.test`;

    beforeAll(async () => {
      const port = await freePort();
      const redirectUri = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
      op = await startTestOidcProvider({
        clientId: 'sendflow-test', clientSecret, redirectUri,
        accounts: {
          [sub('alice')]: { email: mail('alice'), name: 'Alice Coordinator', groups: [groups.coordinators, groups.other] },
          [sub('sam')]: { email: mail('sam'), name: 'Sasha Sign-on', groups: [groups.slt] },
          [sub('nobody')]: { email: mail('nobody'), name: 'No Groups', groups: [groups.other] },
          [sub('ada')]: { email: mail('ada'), name: 'Ada Linked', groups: [groups.leads, groups.slt] },
        },
      });
      setEnv({
        OIDC_ISSUER: op.issuer, OIDC_CLIENT_ID: 'sendflow-test', OIDC_CLIENT_SECRET: clientSecret, OIDC_REDIRECT_URI: redirectUri,
        OIDC_POST_SIGN_IN_URL: '/app/',
        OIDC_GROUP_MAP: JSON.stringify({
          [groups.coordinators]: { roles: ['coordinator'] },
          [groups.slt]: { roles: ['practitioner'], services: ['SLT'] },
          [groups.leads]: { roles: ['service_lead'], services: ['OT'] },
        }),
      });
      app = await createApp();
      await app.listen(port, '127.0.0.1');
      base = `http://127.0.0.1:${port}/api`;
    });
    afterAll(async () => {
      await app?.close();
      await op?.close();
      setEnv({ OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined, OIDC_REDIRECT_URI: undefined, OIDC_GROUP_MAP: undefined, OIDC_POST_SIGN_IN_URL: undefined });
    });

    it('start redirects to the IdP with PKCE (S256), state and nonce, and sets a one-time Lax cookie', async () => {
      const res = await http('GET', '/auth/oidc/start', { base, ip: newIp() });
      expect(res.status).toBe(302);
      const to = new URL(res.headers.get('location')!);
      expect(to.origin).toBe(op.issuer);
      expect(Object.fromEntries(to.searchParams)).toMatchObject({
        client_id: 'sendflow-test', response_type: 'code', code_challenge_method: 'S256', scope: 'openid profile email',
        code_challenge: expect.any(String), state: expect.any(String), nonce: expect.any(String),
      });
      const cookie = res.setCookie.find((c) => c.startsWith('sendflow_oidc='))!;
      expect(cookie.toLowerCase()).toEqual(expect.stringContaining('httponly'));
      expect(cookie.toLowerCase()).toEqual(expect.stringContaining('samesite=lax'));
      expect(cookie).toMatch(/Path=\/api\/auth\/oidc/);
    });

    it('signs a new user in: created from the ID token, roles and services from the group map, same session as a password sign-in', async () => {
      const since = await lastAuditId();
      const { callback } = await oidcSignIn(base, sub('sam'), { apiHeaders: { 'x-forwarded-for': newIp() } });
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe('/app/');
      const cookie = callback.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sendflow_session='))!;
      expect(cookie).toBeDefined();
      const session = await http('GET', '/auth/session', { base, cookie });
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({ method: 'oidc', user: { email: mail('sam'), displayName: 'Sasha Sign-on', roles: ['practitioner'], services: ['SLT'] } });
      const user = await stack.ds.query(`SELECT oidc_issuer, oidc_subject, password_hash FROM users WHERE email = $1`, [mail('sam')]);
      expect(user).toEqual([{ oidc_issuer: op.issuer, oidc_subject: sub('sam'), password_hash: null }]);
      expect(await auditRows('user.create_from_idp', { since })).toHaveLength(1);
      expect(await auditRows('auth.sign_in', { entityId: session.body.user.id, since })).toHaveLength(1);
      // A mutating call works with the session's CSRF token, as after a password sign-in.
      expect((await http('POST', '/auth/sign-out', { base, cookie, csrf: session.body.csrfToken })).status).toBe(204);
    });

    it('a second sign-in finds the same user by issuer and subject, and refreshes roles from the groups', async () => {
      await oidcSignIn(base, sub('alice'), { apiHeaders: { 'x-forwarded-for': newIp() } });
      const [{ id }] = await stack.ds.query(`SELECT id FROM users WHERE oidc_subject = $1`, [sub('alice')]);
      await stack.ds.query(`UPDATE users SET roles = '{auditor}' WHERE id = $1`, [id]);
      const since = await lastAuditId();
      const { callback } = await oidcSignIn(base, sub('alice'), { apiHeaders: { 'x-forwarded-for': newIp() } });
      const cookie = callback.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sendflow_session='))!;
      const session = await http('GET', '/auth/session', { base, cookie });
      expect(session.body.user).toMatchObject({ id, roles: ['coordinator'], services: [] });
      const updates = await auditRows('user.update_from_idp', { entityId: id, since });
      expect(updates).toHaveLength(1);
      expect(await stack.ds.query(`SELECT count(*)::int AS n FROM users WHERE oidc_subject = $1`, [sub('alice')])).toEqual([{ n: 1 }]);
    });

    it('links the first OIDC sign-in to an existing account with that email', async () => {
      const existing = await stack.ds.query(`INSERT INTO users (email, display_name, roles) VALUES ($1, 'Ada', '{coordinator}') RETURNING id`, [mail('ada')]);
      const { callback } = await oidcSignIn(base, sub('ada'), { apiHeaders: { 'x-forwarded-for': newIp() } });
      const cookie = callback.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sendflow_session='))!;
      const session = await http('GET', '/auth/session', { base, cookie });
      expect(session.body.user).toMatchObject({ id: existing[0].id, roles: ['practitioner', 'service_lead'], services: ['OT', 'SLT'] });
    });

    it('refuses a user whose groups map to no role: no session, back to the app with signInError=no_role, recorded', async () => {
      const since = await lastAuditId();
      const { callback } = await oidcSignIn(base, sub('nobody'), { apiHeaders: { 'x-forwarded-for': newIp() } });
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe('/app/?signInError=no_role');
      expect(callback.headers.getSetCookie().some((c) => c.startsWith('sendflow_session=') && !c.startsWith('sendflow_session=;'))).toBe(false);
      expect(await stack.ds.query(`SELECT 1 FROM users WHERE email = $1`, [mail('nobody')])).toEqual([]);
      const failed = await auditRows('auth.sign_in_failed', { since });
      expect(failed.map((r: any) => r.after)).toEqual([expect.objectContaining({ method: 'oidc', reason: 'no_role' })]);
    });

    it('refuses a callback without its start cookie, a replayed callback, and a forged state', async () => {
      const start = await http('GET', '/auth/oidc/start', { base, ip: newIp() });
      const ip = newIp();
      const noCookie = await http('GET', '/auth/oidc/callback?code=abc&state=def', { base, ip });
      expect(noCookie.headers.get('location')).toBe('/app/?signInError=expired');
      const loginCookie = start.setCookie.find((c) => c.startsWith('sendflow_oidc='))!.split(';')[0];
      const forged = await http('GET', '/auth/oidc/callback?code=abc&state=forged', { base, ip, cookie: loginCookie });
      expect(forged.headers.get('location')).toBe('/app/?signInError=invalid_response');
      const replay = await http('GET', '/auth/oidc/callback?code=abc&state=forged', { base, ip, cookie: loginCookie });
      expect(replay.headers.get('location')).toBe('/app/?signInError=expired');
      const idpError = await http('GET', '/auth/oidc/callback?error=access_denied&state=x', { base, ip, cookie: (await http('GET', '/auth/oidc/start', { base, ip: newIp() })).setCookie[0].split(';')[0] });
      expect(idpError.headers.get('location')).toBe('/app/?signInError=idp_error');
      // Refused callbacks count against the address like failed password sign-ins.
      expect((await stack.ds.query(`SELECT count(*)::int AS n FROM sign_in_failures WHERE client_ip = $1`, [ip]))[0].n).toBe(4);
    });

    it('an address over the sign-in limit is refused at the callback too', async () => {
      const ip = newIp();
      await stack.ds.query(`INSERT INTO sign_in_failures (client_ip) SELECT $1 FROM generate_series(1, $2)`, [ip, IP_LIMIT]);
      const { callback } = await oidcSignIn(base, sub('sam'), { apiHeaders: { 'x-forwarded-for': ip } });
      expect(callback.headers.get('location')).toBe('/app/?signInError=rate_limited');
    });

    it('the sign-in page is told OIDC is offered', async () => {
      expect((await http('GET', '/auth/options', { base })).body).toEqual({ password: true, oidc: true });
      expect((await http('GET', '/auth/options')).body).toEqual({ password: true, oidc: false });
    });
  });
});

function accountKey(email: string): string {
  return createHash('sha256').update(`sendflow-account:${email.trim().toLowerCase()}`).digest('hex');
}
