/**
 * A small fetch wrapper. The session travels in an HTTP-only cookie the page never sees; every
 * call that changes something also sends the session's CSRF token, which the sign-in and session
 * answers carry. A 401 means the session has ended: the app shows the sign-in page again.
 */
import { onSessionEnded as onClientSessionEnded, setCsrfToken } from './api/client';

export interface DemoUser { email: string; displayName: string; roles: string[]; serviceCodes: string[] }
export interface SessionUser { id: string; email: string; displayName: string; roles: string[]; services: string[] }
export interface SessionInfo { user: SessionUser; method: 'password' | 'oidc'; csrfToken: string; expiresAt: string; idleTimeoutSeconds: number }
export interface SignInOptions { password: boolean; oidc: boolean }
export interface Issue { field: string; message: string }
export interface LocalAuthority { code: string; name: string }
export interface Service { code: string; name: string; active: boolean }
export interface Child { givenName: string; familyName: string; dateOfBirth: string; nhsNumber?: string | null }
export interface RequestSummary {
  id: string;
  laReference: string;
  localAuthorityCode: string;
  child: Child;
  status: string;
  overdue: boolean;
  statutoryDueDate: string;
  allocatedServices: string[];
  receivedAt: string;
}
export interface Outcome { id: string; label: string }
export interface Task {
  id: string;
  requestId: string;
  label: string;
  serviceCode: string | null;
  form: string;
  outcomes: Outcome[];
  status: string;
  outcome?: string | null;
  dueDate: string | null;
  attempt: number;
}
export interface RequestDetail extends RequestSummary {
  tasks: Task[];
  timeline: { id: string; seq: number; kind: string; at: string; summary: string }[];
  deadlineExplanation: { rule: string; text: string }[];
}
export interface FormsInfo { forms: { id: string; title: string }[]; auditCriteria: { id: string; text: string }[] }

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly issues: Issue[] = []) {
    super(message);
  }
}

let csrfToken = '';
let onSessionEnded: (() => void) | null = null;

/** Called with each session answer (sign-in, GET /auth/session), and with null on sign-out. */
export function rememberSession(session: SessionInfo | null) {
  csrfToken = session?.csrfToken ?? '';
  setCsrfToken(session?.csrfToken ?? null); // the generated client (api/client.ts) sends it too
}

/** The app's handler for a 401 from any call: the session expired or was ended elsewhere. */
export function onUnauthorized(handler: (() => void) | null) {
  onSessionEnded = handler;
  onClientSessionEnded(handler);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; quiet401?: boolean; headers?: Record<string, string> } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
  if (!res.ok) {
    const problem = parsed && typeof parsed === 'object' ? (parsed as { message?: unknown; issues?: unknown }) : {};
    const message = problem.message !== undefined ? String(problem.message) : `${res.status} ${res.statusText}`;
    if (res.status === 401 && !init.quiet401) onSessionEnded?.();
    throw new ApiError(res.status, message, Array.isArray(problem.issues) ? (problem.issues as Issue[]) : []);
  }
  return parsed as T;
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** `2027-01-12` -> `12 January 2027` (dates are calendar dates, so format in UTC). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return d.toLocaleString('en-GB', dateOnly
    ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
    : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
