/**
 * The one fetch wrapper the browser uses. The session travels in an HTTP-only cookie the page
 * never sees; every call that changes something also sends the session's CSRF token, which the
 * sign-in and session answers carry. A 401 means the session has ended: the app shows sign-in.
 * Errors are ApiError with the API's field `issues` ({ field, message }[] from a 400), so forms
 * can put each message against its field (ui/form-errors.ts).
 */
import { onSessionEnded as onClientSessionEnded, setCsrfToken } from './client';

export interface Issue { field: string; message: string }

export class ApiError extends Error {
  /** `body` is the whole error answer, for the few that carry more than a message (the intake 409 names the existing request). */
  constructor(readonly status: number, message: string, readonly issues: Issue[] = [], readonly body?: unknown) {
    super(message);
  }
}

let csrfToken = '';
let onSessionEnded: (() => void) | null = null;

/** Called with each session answer (sign-in, GET /auth/session), and with null on sign-out. */
export function rememberCsrfToken(token: string | null) {
  csrfToken = token ?? '';
  setCsrfToken(token); // the generated client (api/client.ts) sends it too
}

/** The app's handler for a 401 from any call: the session expired or was ended elsewhere. */
export function onUnauthorized(handler: (() => void) | null) {
  onSessionEnded = handler;
  onClientSessionEnded(handler);
}

export interface ApiInit { method?: string; body?: unknown; quiet401?: boolean; headers?: Record<string, string>; signal?: AbortSignal }

export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    signal: init.signal,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
  if (!res.ok) {
    const problem = parsed && typeof parsed === 'object' ? (parsed as { message?: unknown; issues?: unknown }) : {};
    const raw = problem.message;
    const message = Array.isArray(raw) ? raw.map(String).join('; ') : raw !== undefined ? String(raw) : `${res.status} ${res.statusText}`;
    if (res.status === 401 && !init.quiet401) onSessionEnded?.();
    throw new ApiError(res.status, message, Array.isArray(problem.issues) ? (problem.issues as Issue[]) : [], parsed);
  }
  return parsed as T;
}

/** The CSRF header for a call made outside `api()` (an upload through XMLHttpRequest, for its progress events). */
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

/** A query string from the set values only: `qs({ a: 1, b: '' })` -> `?a=1`. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Saves what the API answers with `Accept: text/csv` (the same route as the JSON) as a file. The
 * session cookie goes with it; a refusal is an ApiError like any other call.
 */
export async function downloadCsv(path: string, fileName: string): Promise<void> {
  await downloadFile(path, 'text/csv', fileName, 'CSV');
}

/** Fetches a file the API answers (CSV, PDF) and hands it to the browser as a download named `fileName`. */
export async function downloadFile(path: string, accept: string, fileName: string, what = 'file'): Promise<void> {
  const res = await fetch(`/api${path}`, { headers: { accept }, credentials: 'same-origin' });
  if (!res.ok) {
    let issues: Issue[] = [];
    let detail = `${res.status} ${res.statusText}`;
    try {
      const body = JSON.parse(await res.text()) as { message?: unknown; issues?: Issue[] };
      issues = Array.isArray(body.issues) ? body.issues : [];
      if (body.message !== undefined) detail = Array.isArray(body.message) ? body.message.join('; ') : String(body.message);
    } catch { /* not JSON: the status says enough */ }
    if (res.status === 401) onSessionEnded?.();
    throw new ApiError(res.status, `The ${what} could not be downloaded (${detail})`, issues);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
