/** A small fetch wrapper: every call names the demo user it acts as. */
export interface HttpResult<T = any> { status: number; body: T }

export function httpClient(baseUrl: string) {
  const call = async <T = any>(method: string, path: string, as: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(as ? { 'x-sendflow-user': as } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
    return { status: res.status, body: parsed as T };
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
