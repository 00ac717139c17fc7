import { spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface TestOp { issuer: string; close(): Promise<void> }

/** Starts test/support/oidc-test-provider.mjs on a free local port. */
export async function startTestOidcProvider(config: { clientId: string; clientSecret: string; redirectUri: string; accounts: Record<string, Record<string, unknown>> }): Promise<TestOp> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-test-provider.mjs')], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, OP_CONFIG: JSON.stringify({ ...config, port }), NODE_ENV: 'test' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += String(d); });
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /OP_READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`test OIDC provider exited (${code}): ${stderr}`)));
  });
  return {
    issuer,
    close: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.stdin.end();
    }),
  };
}

/** A cookie jar just big enough for one browser's trip through the OP (paths ignored: one host each). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  store(url: string, res: Response): void {
    const host = new URL(url).host;
    const jar = this.jars.get(host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (expired || value === '') jar.delete(name); else jar.set(name, value);
    }
    this.jars.set(host, jar);
  }

  header(url: string): string {
    return [...(this.jars.get(new URL(url).host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }
}

/**
 * Drives a browser's OIDC sign-in without a browser: GET the API's start route, follow the
 * redirects to the OP, fill in the dev login form (and the consent form), and follow the
 * redirect back to the API's callback. Returns the callback's response.
 */
export async function oidcSignIn(apiBase: string, login: string, { jar = new CookieJar(), apiHeaders = {} }: { jar?: CookieJar; apiHeaders?: Record<string, string> } = {}): Promise<{ callback: Response; jar: CookieJar }> {
  let url = `${apiBase}/auth/oidc/start`;
  let init: RequestInit = { method: 'GET' };
  for (let hop = 0; hop < 20; hop++) {
    const extra = url.startsWith(apiBase) ? apiHeaders : {};
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> ?? {}), ...extra, cookie: jar.header(url) } });
    jar.store(url, res);
    if (url.startsWith(`${apiBase}/auth/oidc/callback`)) return { callback: res, jar };
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url).href;
      // The IdP sends the browser to the registered redirect URI; here that is the API under test.
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`OIDC trip stopped at ${url}: ${res.status} ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`OIDC trip: no form at ${url}`);
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.set(m[1], m[2]);
    if (/name="login"/.test(html)) { fields.set('login', login); fields.set('password', 'any'); }
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    init = { method: 'POST', body: fields.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('OIDC trip: too many hops');
}
