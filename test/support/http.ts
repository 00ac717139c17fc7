/**
 * A small fetch wrapper: every call names the demo user it acts as. The first call as a user signs
 * in through POST /api/auth/sign-in with the run's DEMO_PASSWORD; later calls send that session's
 * cookie and CSRF token, so every test exercises the real session path. `as: null` sends no session.
 */
export interface HttpResult<T = any> { status: number; body: T; headers?: Headers }

export interface TestSession { cookie: string; csrfToken: string }

const sessions = new Map<string, Promise<TestSession>>();

/** Signs in with a password and returns the session cookie (`name=value`) and CSRF token; throws unless 200. */
export async function signIn(baseUrl: string, email: string, password: string, headers: Record<string, string> = {}): Promise<TestSession> {
  const res = await fetch(`${baseUrl}/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${text}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('sendflow_session='));
  if (!cookie) throw new Error(`sign-in as ${email} set no session cookie`);
  return { cookie, csrfToken: JSON.parse(text).csrfToken };
}

/** The cached session of a demo user for this API (signed in on first use). */
export function sessionFor(baseUrl: string, email: string): Promise<TestSession> {
  const key = `${baseUrl}\n${email.toLowerCase()}`;
  let session = sessions.get(key);
  if (!session) {
    const password = process.env.DEMO_PASSWORD;
    if (!password) throw new Error('DEMO_PASSWORD is not set: start the stack with startStack() (or run `npm test`), which sets it');
    session = signIn(baseUrl, email, password);
    session.catch(() => sessions.delete(key));
    sessions.set(key, session);
  }
  return session;
}

/** Drops cached sessions (after a test signs a user out or changes their password). */
export function forgetSessions(baseUrl?: string): void {
  for (const key of [...sessions.keys()]) if (!baseUrl || key.startsWith(`${baseUrl}\n`)) sessions.delete(key);
}

export function httpClient(baseUrl: string) {
  const call = async <T = any>(method: string, path: string, as: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> => {
    const session = as ? await sessionFor(baseUrl, as) : null;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
  return {
    get: <T = any>(path: string, as: string | null) => call<T>('GET', path, as),
    post: <T = any>(path: string, as: string | null, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, as, body, headers),
    call,
  };
}

export const USERS = {
  coordinator: 'coordinator@demo.sendflow.nhs.uk',
  slt: 'slt@demo.sendflow.nhs.uk',
  ot: 'ot@demo.sendflow.nhs.uk',
  paed: 'paed@demo.sendflow.nhs.uk',
  qa: 'qa@demo.sendflow.nhs.uk',
  leadSlt: 'lead.slt@demo.sendflow.nhs.uk',
  sop: 'sop@demo.sendflow.nhs.uk',
  auditor: 'auditor@demo.sendflow.nhs.uk',
  admin: 'admin@demo.sendflow.nhs.uk',
} as const;

/** Polls until `check` returns a value; projections are written by activities, a moment after the Update. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, { timeoutMs = 30000, intervalMs = 200, what = 'condition' } = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
