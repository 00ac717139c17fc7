import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen';

/**
 * The typed API client. Paths, parameters, bodies and answers come from schema.gen.ts, which
 * `npm run api:generate` derives from the API's zod contracts: nothing here restates a type.
 *
 * The session travels in an HTTP-only cookie (credentials: same-origin); every call that changes
 * something also sends the session's CSRF token. Errors are the API's Problem: `ApiProblem`
 * carries its status, message and field issues, for showing each issue against its field.
 */

export type Schemas = components['schemas'];
export type Problem = Schemas['ProblemDto'];
export type FieldIssue = Schemas['FieldIssue'];
export type ApiPaths = paths;

/** An error answer: the status, the API's message (naming the field), and one issue per invalid field. */
export class ApiProblem extends Error {
  readonly issues: FieldIssue[];
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.message);
    this.name = 'ApiProblem';
    this.issues = problem.issues ?? [];
  }

  /** The messages for one field (`child.givenName`) or, with `prefix`, for it and everything inside it. */
  issuesFor(field: string, { prefix = false } = {}): string[] {
    return this.issues.filter((i) => i.field === field || (prefix && i.field.startsWith(`${field}.`))).map((i) => i.message);
  }

  /** Whatever an error body is (a Problem, text, nothing), as an ApiProblem. */
  static from(response: Response, body: unknown): ApiProblem {
    const b = body && typeof body === 'object' ? (body as Partial<Problem>) : {};
    const issues = Array.isArray(b.issues) ? b.issues.filter((i): i is FieldIssue => !!i && typeof i.field === 'string' && typeof i.message === 'string') : undefined;
    return new ApiProblem(response.status, {
      statusCode: response.status,
      error: typeof b.error === 'string' ? b.error : response.statusText,
      message: typeof b.message === 'string' ? b.message : `${response.status} ${response.statusText}`,
      ...(issues ? { issues } : {}),
    });
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken = '';
let sessionEnded: (() => void) | null = null;

/** The session's CSRF token (from sign-in or GET /api/auth/session); null on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token ?? '';
}

/** Called on any 401: the session expired or was ended elsewhere, so the app shows sign-in again. */
export function onSessionEnded(handler: (() => void) | null): void {
  sessionEnded = handler;
}

const session: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method) && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ response, schemaPath }) {
    // The sign-in and session probes answer 401 as part of their contract, not as a session that ended.
    if (response.status === 401 && schemaPath !== '/api/auth/sign-in' && schemaPath !== '/api/auth/session') sessionEnded?.();
    return response;
  },
};

/** A client for an API at `baseUrl` (the web app's own origin by default; tests pass a server's). */
export function createApiClient(baseUrl = '', fetchImpl?: (input: Request) => Promise<Response>): Client<paths> {
  const c = createClient<paths>({ baseUrl, credentials: 'same-origin', headers: { accept: 'application/json' }, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  c.use(session);
  return c;
}

/** The web app's client: `await unwrap(api.GET('/api/admin/users/{id}', { params: { path: { id } } }))`. */
export const api = createApiClient();

type Answer<T> = { data: T; error?: never; response: Response } | { data?: never; error: unknown; response: Response };

/** The answer's data, or an ApiProblem thrown for any error status. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiProblem.from(response, error);
  return data as T;
}
