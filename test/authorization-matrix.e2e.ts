import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@sendflow/domain';
import { forgetSessions, httpClient, USERS } from './support/http';
import { startStack, type Stack } from './support/stack';

/**
 * Every route the running API exposes × every role (and no one signed in) gets the access
 * decision this table says. Routes are discovered from the live Express router, not listed by
 * hand, so a route added without a line here fails the test until someone decides who may call it.
 *
 * To add a route: one line in RULES, keyed `METHOD /api/path/:param` exactly as Express registers
 * it. The value is PUBLIC or the roles allowed; add `params`/`body` only when the defaults (a
 * random UUID for every path parameter, a code-shaped value for `:code`, `{}` as the body) would
 * not reach the access check, `anonymous` when a public route answers a caller without a session
 * with a set status, and `endsSession` for routes that sign the caller out.
 */

const PUBLIC = 'public' as const;
type Allow = typeof PUBLIC | readonly Role[];
interface Rule {
  allow: Allow;
  params?: Record<string, string>;
  body?: unknown;
  /** What a public route answers someone not signed in, when that is part of its contract. */
  anonymous?: number;
  /** The call ends the caller's session: sign the test users in again afterwards. */
  endsSession?: boolean;
}

const EVERYONE = ROLES;
const ADMIN: readonly Role[] = ['admin'];
const AUDIT_READERS: readonly Role[] = ['auditor', 'admin'];
/** Roles that work requests: they see request lists (service-scoped ones, their services only). */
const CASEWORK: readonly Role[] = ['coordinator', 'practitioner', 'service_lead', 'qa_reviewer'];
const SOP_READERS: readonly Role[] = ['sop_manager', 'coordinator', 'admin', 'auditor'];
const REPORT_READERS: readonly Role[] = ['sop_manager', 'auditor', 'coordinator'];

const RULES: Record<string, Allow | Rule> = {
  // Liveness and the demo sign-in picker (404 outside demo mode).
  'GET /api/health': PUBLIC,
  'GET /api/demo/users': PUBLIC,
  // Prometheus metrics: admins, or a scraper with METRICS_TOKEN (no session).
  'GET /api/metrics': ADMIN,

  // Sign-in. The session probe is open but says 401 to someone without a session.
  'GET /api/auth/options': PUBLIC,
  'POST /api/auth/sign-in': PUBLIC,
  'GET /api/auth/session': { allow: PUBLIC, anonymous: 401 },
  'POST /api/auth/sign-out': { allow: EVERYONE, endsSession: true },
  'POST /api/auth/password': EVERYONE,
  'GET /api/auth/oidc/start': PUBLIC,
  'GET /api/auth/oidc/callback': PUBLIC,

  // OpenAPI document and Swagger UI (served by @nestjs/swagger, outside Nest's guards).
  'GET /api/docs': PUBLIC,
  'GET /api/docs/': PUBLIC,
  'GET /api/docs/index.html': PUBLIC,
  'GET /api/docs/LICENSE': PUBLIC,
  'GET /api/docs/swagger-ui-init.js': PUBLIC,
  'GET /api/docs/docs/swagger-ui-init.js': PUBLIC,
  'GET /api/docs-json': PUBLIC,
  'GET /api/docs-yaml': PUBLIC,

  // Reference data every signed-in screen needs.
  'GET /api/services': EVERYONE,
  'GET /api/local-authorities': EVERYONE,
  'GET /api/forms': EVERYONE,
  'GET /api/me': EVERYONE,
  'GET /api/settings': EVERYONE,
  'GET /api/stages': [...CASEWORK, 'auditor'],

  // Requests.
  'POST /api/requests': ['coordinator'],
  'GET /api/requests': [...CASEWORK, 'auditor'],
  'GET /api/requests/:id': [...CASEWORK, 'auditor'],
  'GET /api/requests/:id/flow': [...CASEWORK, 'auditor'],
  'GET /api/requests/:id/live': ['coordinator'],
  'POST /api/requests/:id/statutory-exceptions': ['coordinator'],
  // The LA's documents: the coordinator attaches them; whoever may read the request reads them
  // (service-scoped roles only for their services' requests, a 404 otherwise).
  'POST /api/requests/:id/documents': ['coordinator'],
  'GET /api/requests/:id/documents': [...CASEWORK, 'auditor'],
  'GET /api/requests/:id/documents/:docId': [...CASEWORK, 'auditor'],

  // Tasks.
  'GET /api/tasks': CASEWORK,
  'GET /api/tasks/:id': CASEWORK,
  'POST /api/tasks/:id/complete': CASEWORK,
  'POST /api/tasks/:id/assign': ['coordinator', 'service_lead'],
  'POST /api/tasks/reassign': ['coordinator', 'service_lead'],
  'POST /api/tasks/:id/claim': CASEWORK,
  'POST /api/tasks/:id/release': CASEWORK,
  'GET /api/tasks/:id/draft': CASEWORK,
  'PUT /api/tasks/:id/draft': CASEWORK,
  // Members of a service, to choose an assignee: a lead's own services (404 for others), any for the coordinator.
  'GET /api/services/:code/members': ['coordinator', 'service_lead'],
  'GET /api/staff': ['coordinator'],

  // SOP versions.
  'GET /api/sops': SOP_READERS,
  'POST /api/sops': ['sop_manager'],
  'GET /api/sops/:id': SOP_READERS,
  'PUT /api/sops/:id': ['sop_manager'],
  'POST /api/sops/:id/drafts': ['sop_manager'],
  'POST /api/sops/:id/validate': SOP_READERS,
  'POST /api/sops/:id/publish': ['sop_manager'],
  'POST /api/sops/:id/retire': ['sop_manager'],
  'GET /api/sops/:id/diff/:otherId': SOP_READERS,
  // Forms and audit criteria as versioned data: SOP managers edit, every signed-in role reads what is published.
  'GET /api/form-versions': EVERYONE,
  'GET /api/form-versions/catalogue': EVERYONE,
  'POST /api/form-versions': ['sop_manager'],
  'GET /api/form-versions/:id': EVERYONE,
  'PUT /api/form-versions/:id': ['sop_manager'],
  'POST /api/form-versions/:id/drafts': ['sop_manager'],
  'POST /api/form-versions/:id/publish': ['sop_manager'],
  'POST /api/form-versions/:id/retire': ['sop_manager'],
  'GET /api/audit-criteria': EVERYONE,
  'POST /api/audit-criteria/:version/drafts': { allow: ['sop_manager'], params: { version: '999999' } },
  'GET /api/audit-criteria/:version': { allow: EVERYONE, params: { version: '999999' } },
  'PUT /api/audit-criteria/:version': { allow: ['sop_manager'], params: { version: '999999' } },
  'POST /api/audit-criteria/:version/publish': { allow: ['sop_manager'], params: { version: '999999' } },
  'POST /api/audit-criteria/:version/retire': { allow: ['sop_manager'], params: { version: '999999' } },

  // Audit log (read-only; there is deliberately no route that changes it).
  'GET /api/audit': AUDIT_READERS,

  // Compliance reports (aggregates, no child's data). Without a period the answer is a 400, which is past the access check.
  'GET /api/reports/timeliness': REPORT_READERS,
  'GET /api/reports/pipeline': REPORT_READERS,
  'GET /api/reports/service-flow': REPORT_READERS,
  'GET /api/reports/audit-pass-rates': REPORT_READERS,
  'GET /api/reports/board-report': REPORT_READERS,
  // The quality audit cycle: auditors run it, the other report readers see it.
  'POST /api/audit-rounds': ['auditor'],
  'GET /api/audit-rounds': REPORT_READERS,
  'GET /api/audit-rounds/:id': REPORT_READERS,
  'GET /api/audit-rounds/:id/redraw': REPORT_READERS,
  'PUT /api/audit-rounds/:id/items/:requestId': ['auditor'],
  'POST /api/audit-rounds/:id/close': ['auditor'],
  // Import of history: admin only (a JSON body is a 415, past the access check).
  'POST /api/imports/requests': ADMIN,

  // Administration.
  'GET /api/admin/users': ADMIN,
  'GET /api/admin/users/:id': ADMIN,
  'POST /api/admin/users': ADMIN,
  'PATCH /api/admin/users/:id': ADMIN,
  'POST /api/admin/users/:id/deactivate': ADMIN,
  'POST /api/admin/users/:id/reactivate': ADMIN,
  'POST /api/admin/users/:id/password': ADMIN,
  'GET /api/admin/services': ADMIN,
  'POST /api/admin/services': ADMIN,
  'PATCH /api/admin/services/:code': ADMIN,
  'GET /api/admin/local-authorities': ADMIN,
  'POST /api/admin/local-authorities': ADMIN,
  'PATCH /api/admin/local-authorities/:code': { allow: ADMIN, params: { code: 'E99999999' } },
  'GET /api/admin/local-authorities/:code/delivery': { allow: ADMIN, params: { code: 'E99999999' } },
  'PUT /api/admin/local-authorities/:code/delivery': { allow: ADMIN, params: { code: 'E99999999' } },

  // Documents sent to the LA: whoever may read the request (service-scoped users, their services only).
  'GET /api/requests/:id/advice-documents': [...CASEWORK, 'auditor'],
  'GET /api/requests/:id/advice-documents/:documentId/preview': [...CASEWORK, 'auditor'],
  'GET /api/requests/:id/advice-documents/:documentId/download': [...CASEWORK, 'auditor'],
  'POST /api/requests/:id/advice-documents/:documentId/manual-delivery': ['coordinator'],
  'POST /api/requests/:id/advice-documents/corrections': ['coordinator'],

  // Each user's own notifications.
  'GET /api/notifications': EVERYONE,
  'GET /api/notifications/unread-count': EVERYONE,
  'POST /api/notifications/:id/read': EVERYONE,
  'POST /api/notifications/read-all': EVERYONE,
  'GET /api/notifications/email-preference': EVERYONE,
  'PUT /api/notifications/email-preference': EVERYONE,
};

/** One demo user per role; `satisfies` makes a new role a compile error here until it has one. */
const PERSONAS = {
  coordinator: USERS.coordinator,
  practitioner: USERS.slt,
  service_lead: USERS.leadSlt,
  qa_reviewer: USERS.qa,
  sop_manager: USERS.sop,
  auditor: USERS.auditor,
  admin: USERS.admin,
} as const satisfies Record<Role, string>;

interface Route { method: string; path: string }

/** Every method + path registered on the Express app (Nest routes and anything mounted beside them). */
function discoverRoutes(stack: Stack): Route[] {
  const express = stack.app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const router = express.router ?? express._router;
  if (!router) throw new Error('Could not find the Express router: has the HTTP adapter changed?');
  const routes: Route[] = [];
  for (const layer of router.stack) {
    if (!layer.route) continue;
    if (typeof layer.route.path !== 'string') throw new Error(`Route with a non-string path (${String(layer.route.path)}): teach discoverRoutes about it`);
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on) routes.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path: layer.route.path });
    }
  }
  return routes;
}
interface Layer { route?: { path: unknown; methods: Record<string, boolean> } }

const keyOf = (r: Route) => `${r.method} ${r.path}`;
const ruleOf = (key: string): Rule => {
  const r = RULES[key];
  return typeof r === 'string' || Array.isArray(r) ? { allow: r as Allow } : (r as Rule);
};

/** A concrete URL for a route: its parameters filled with values that pass format checks but name nothing. */
function urlFor(route: Route, rule: Rule): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(rule.params?.[name] ?? (name === 'code' ? 'ZZ99' : randomUUID()))).replace(/^\/api/, '');
}

describe('authorization matrix: every route × every role', () => {
  let stack: Stack;
  let http: ReturnType<typeof httpClient>;
  let routes: Route[];

  beforeAll(async () => {
    stack = await startStack({ withWorker: false });
    http = httpClient(stack.baseUrl);
    routes = discoverRoutes(stack);
  });
  afterAll(async () => stack?.close());

  it('discovers the routes it is meant to police', () => {
    // A broken discovery would make every other assertion here vacuous.
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map(keyOf)).toEqual(expect.arrayContaining(['GET /api/health', 'POST /api/requests', 'GET /api/audit']));
  });

  it('has an access rule for every route the app exposes', () => {
    const missing = routes.map(keyOf).filter((k) => !(k in RULES));
    if (missing.length) {
      throw new Error(
        `These routes are exposed but have no line in RULES (test/authorization-matrix.e2e.ts).\n` +
        `Decide who may call each one and add it, e.g. 'POST /api/things': ['coordinator'] or PUBLIC:\n  ${missing.join('\n  ')}`,
      );
    }
  });

  it('has no rule for a route that no longer exists (so the table stays the truth)', () => {
    const exposed = new Set(routes.map(keyOf));
    const stale = Object.keys(RULES).filter((k) => !exposed.has(k));
    if (stale.length) throw new Error(`RULES names routes the app does not expose; remove or correct them:\n  ${stale.join('\n  ')}`);
  });

  it('gives every role, and no one signed in, exactly the access the table says', async () => {
    const wrong: string[] = [];
    const checked: string[] = [];
    for (const route of routes) {
      const key = keyOf(route);
      if (!(key in RULES)) continue;
      const rule = ruleOf(key);
      // app.all() routes answer every method; GET stands in for them.
      const method = route.method === 'ALL' ? 'GET' : route.method;
      const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? (rule.body ?? {}) : undefined;
      const url = urlFor(route, rule);

      const anon = await http.call(method, url, null, body);
      const anonExpected = rule.anonymous ?? (rule.allow === PUBLIC ? 'not 401/403/5xx' : 401);
      const anonOk = typeof anonExpected === 'number' ? anon.status === anonExpected : reached(anon.status);
      if (!anonOk) wrong.push(`${key} anonymous: got ${anon.status}, expected ${anonExpected} (${brief(anon.body)})`);

      for (const role of ROLES) {
        const res = await http.call(method, url, PERSONAS[role], body);
        const allowed = rule.allow === PUBLIC || rule.allow.includes(role);
        const ok = allowed ? reached(res.status) : res.status === 403;
        if (!ok) wrong.push(`${key} as ${role}: got ${res.status}, expected ${allowed ? 'not 401/403/5xx' : 403} (${brief(res.body)})`);
        if (rule.endsSession) forgetSessions(stack.baseUrl);
      }
      checked.push(key);
    }
    if (wrong.length) throw new Error(`${wrong.length} access decisions differ from RULES:\n  ${wrong.join('\n  ')}`);
    expect(checked.length).toBeGreaterThan(20);
  });
});

/** The call got past identity and access: whatever the handler said, it was not "who are you" or "not you", nor a crash. */
function reached(status: number): boolean {
  return status !== 401 && status !== 403 && status < 500;
}

function brief(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (text ?? '').slice(0, 160);
}
