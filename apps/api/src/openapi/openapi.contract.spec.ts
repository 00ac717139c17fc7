import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocumentOffline } from './openapi.document';

/**
 * The HTTP contract as the web app sees it: the committed client is what the API's zod contracts
 * generate today, and the OpenAPI document describes every answer. No server, no database: the
 * document is built in Nest's preview mode.
 */

/** Public routes: no session needed, so no 401/403 from the access guard. */
const PUBLIC = new Set(['GET /api/health', 'GET /api/demo/users', 'GET /api/auth/options', 'POST /api/auth/sign-in', 'GET /api/auth/session', 'GET /api/auth/oidc/start', 'GET /api/auth/oidc/callback']);
/** Routes that answer a redirect or nothing: no JSON body to describe. */
const NO_BODY = new Set(['204', '302']);
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

type Operation = { parameters?: { in: string }[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> };

describe('HTTP contract (OpenAPI from the zod schemas)', () => {
  let doc: OpenAPIObject;
  const operations: [string, Operation][] = [];

  beforeAll(async () => {
    doc = await buildOpenApiDocumentOffline();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) {
        const op = (item as Record<string, Operation | undefined>)[m];
        if (op) operations.push([`${m.toUpperCase()} ${path}`, op]);
      }
    }
  });

  it('the committed web client is current (if not: run `npm run api:generate` and commit apps/web/src/api)', () => {
    // A child process: openapi-typescript's dependencies are ES modules, which Node loads and Jest does not.
    const check = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/openapi/generate-web-client.cli.ts', '--check'], { encoding: 'utf8', timeout: 120_000 });
    if (check.status !== 0) throw new Error(check.stderr.trim() || `the check exited with ${check.status ?? check.signal}`);
  });

  it('lists every route', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it('gives every success status of every route a response schema', () => {
    const missing = operations.flatMap(([key, op]) => {
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2') || s.startsWith('3'));
      if (!success.length) return [`${key}: no success response`];
      // A download's body is the file itself: any content type with a schema describes it.
      return success.filter((s) => !NO_BODY.has(s) && !Object.values(op.responses[s].content ?? {}).some((c) => c.schema)).map((s) => `${key} ${s}: no schema`);
    });
    expect(missing).toEqual([]);
  });

  it('declares the errors each route can answer, all with the Problem schema', () => {
    const missing = operations.flatMap(([key, op]) => {
      const has = (s: string) => s in op.responses;
      const takesInput = !!op.requestBody || (op.parameters ?? []).some((p) => p.in === 'path' || p.in === 'query');
      return [
        ...(!PUBLIC.has(key) && !(has('401') && has('403')) ? [`${key}: 401 and 403 (@AllowRoles declares them)`] : []),
        ...(takesInput && !has('400') ? [`${key}: 400 for invalid input`] : []),
        ...(op.requestBody && !(has('413') && has('415')) ? [`${key}: 413 for a body over the limit, 415 for an unsupported charset or encoding`] : []),
      ];
    });
    expect(missing).toEqual([]);
    const notProblem = operations.flatMap(([key, op]) => Object.entries(op.responses)
      .filter(([s]) => Number(s) >= 400)
      .filter(([, r]) => !/Problem/.test(r.content?.['application/json']?.schema?.$ref ?? ''))
      .map(([s]) => `${key} ${s}`));
    expect(notProblem).toEqual([]);
  });

  it("writes null as OpenAPI 3.0 does (type and nullable), never JSON Schema's type list, so a DTO's own string | null is not read as string[]", () => {
    const lists: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
      else if (v && typeof v === 'object') {
        if (Array.isArray((v as { type?: unknown }).type)) lists.push(at);
        for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
      }
    };
    walk(doc, '#');
    expect(lists).toEqual([]);
    const caseload = doc.components?.schemas?.CaseloadResponseDto as { properties: Record<string, unknown> };
    expect(caseload.properties.nextCursor).toEqual({ type: 'string', nullable: true });
  });
});
