/** A small fetch wrapper: every call names the demo user it acts as (`x-sendflow-user`). */

export interface DemoUser { email: string; displayName: string; roles: string[]; serviceCodes: string[] }
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
  timeline: { seq: number; kind: string; at: string; summary: string }[];
  deadlineExplanation: { rule: string; text: string }[];
}
export interface FormsInfo { forms: { id: string; title: string }[]; auditCriteria: { id: string; text: string }[] }

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let actingUser = '';
export function setActingUser(email: string) {
  actingUser = email;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (actingUser) headers['x-sendflow-user'] = actingUser;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/api${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
  if (!res.ok) {
    const message = parsed && typeof parsed === 'object' && 'message' in parsed ? String((parsed as { message: unknown }).message) : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
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
