import type { NextFunction, Request, Response } from 'express';
import { findHostileInput, jsonDepthExceeds, MAX_INT, MAX_JSON_DEPTH, textProblem, type HostileInput } from '@sendflow/domain';
import { badRequestFrom } from './validation';

/**
 * The edge every route shares: hostile input (NUL, unpaired surrogates, impossible or absurd
 * dates, numbers beyond any column, prototype keys, `..` in references, JSON nested deeper than
 * MAX_JSON_DEPTH) is a 400 naming the field before a controller, validator, database or workflow
 * sees it. The rules themselves live in libs/domain (hostile-input.ts), shared with the contracts.
 */

/** An error body-parser passes on from `verify` (it keeps our `type`), answered as a 400 by jsonErrorsAsBadRequest. */
class HostileBodyError extends Error {
  readonly type = 'sendflow.hostile-input';
  constructor(readonly issue: HostileInput) { super(issue.message); }
}

/** body-parser `verify`: refuses a body nested too deep before JSON.parse runs. */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer): void {
  if (buf.length && jsonDepthExceeds(buf.toString('utf8'), MAX_JSON_DEPTH)) {
    throw new HostileBodyError({ field: 'body', message: `body: nested deeper than ${MAX_JSON_DEPTH} levels` });
  }
}

/** Error middleware: body-parser's parse and verify failures become 400s that name the field and quote nothing. */
export function jsonErrorsAsBadRequest(err: { type?: string; issue?: HostileInput } | undefined, _req: unknown, _res: unknown, next: NextFunction) {
  if (err?.type === 'entity.parse.failed') return next(badRequestFrom([{ field: 'body', message: 'body: not valid JSON' }]));
  if (err?.type === 'sendflow.hostile-input' && err.issue) return next(badRequestFrom([err.issue]));
  return next(err);
}

/** Query parameters that page or count: digits only, within a PostgreSQL integer. */
const COUNT_PARAMS = /^(limit|offset|page|pageSize|size|skip|take)$/i;

export function findHostileRequestInput(req: Pick<Request, 'path' | 'query' | 'body'>): HostileInput | null {
  for (const segment of req.path.split('/')) {
    let decoded: string;
    try { decoded = decodeURIComponent(segment); } catch { return { field: 'path', message: 'path: not valid percent-encoding' }; }
    const p = decoded === '..' || decoded === '.' ? 'must not contain . or .. segments' : textProblem(decoded);
    if (p) return { field: 'path', message: `path: ${p}` };
  }
  const query = (req.query ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) {
    if (COUNT_PARAMS.test(key) && typeof value === 'string' && value !== '' && (!/^\d{1,10}$/.test(value) || Number(value) > MAX_INT)) {
      return { field: key, message: `${key}: must be a whole number from 0 to ${MAX_INT}` };
    }
  }
  return findHostileInput(query, '') ?? (req.body !== undefined && typeof req.body === 'object' && req.body !== null ? findHostileInput(req.body, '') : null);
}

export function hostileInputGuard(req: Request, _res: Response, next: NextFunction) {
  const issue = findHostileRequestInput(req);
  next(issue ? badRequestFrom([issue]) : undefined);
}
