import { HttpException, HttpStatus, Injectable, Logger, UnprocessableEntityException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, of, switchMap, type Observable } from 'rxjs';
import type { Actor } from '@sendflow/domain';
import { apiConfig } from '../config/api-config';
import { idempotentReplays } from '../observability/metrics';
import { idempotencyKeyOf, requestHash } from './idempotency-key';
import { IdempotencyRepository, type IdempotencyScope } from './idempotency.repository';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REPLAYED_HEADERS = ['location', 'etag'];

/**
 * Idempotency-Key on every state-changing route, in one place. The first call with a key claims
 * it in PostgreSQL and runs; its answer (status, body, Location) is stored when sent. A repeat by
 * the same caller to the same method and path gets that answer again, whatever happened since;
 * concurrent repeats wait for the first (bounded) instead of running. The same key with another
 * body is a 422. Only 2xx answers are kept: a 4xx changed nothing, so the client may correct the
 * body and send it again under the same key; a 5xx's outcome is unknown, so a retry runs again —
 * the Temporal updateIds derived from the key keep the effect single.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly store: IdempotencyRepository) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (!CHANGES.has(req.method) || !req.actor) return next.handle();
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    if (!key) return next.handle();
    const scope: IdempotencyScope = { actorId: req.actor.userId, method: req.method, path: req.path, key };
    const hash = requestHash(req.body);
    return from(this.begin(scope, hash)).pipe(switchMap((stored) => {
      if (stored === 'run') {
        this.capture(res, scope);
        return next.handle();
      }
      res.status(stored.status);
      for (const [h, v] of Object.entries(stored.headers ?? {})) res.setHeader(h, v);
      res.setHeader('Idempotent-Replayed', 'true');
      idempotentReplays.inc();
      return of(stored.body);
    }));
  }

  /** 'run' when this call owns the key; otherwise the stored answer to replay (waiting, bounded, for one in flight). */
  private async begin(scope: IdempotencyScope, hash: string): Promise<'run' | { status: number; body: unknown; headers: Record<string, string> | null }> {
    const cfg = apiConfig();
    const waitMs = cfg.TASK_COMPLETION_WAIT_MS + cfg.TEMPORAL_CALL_TIMEOUT_MS + 5_000;
    const until = Date.now() + waitMs;
    let pause = 25;
    for (;;) {
      if (await this.store.claim(scope, hash, waitMs + 30_000, cfg.IDEMPOTENCY_TTL_HOURS)) return 'run';
      const row = await this.store.find(scope);
      if (row && row.requestHash !== hash) {
        throw new UnprocessableEntityException({ message: 'Idempotency-Key: already used for a different request body; use a new key for a new request', issues: [{ field: 'Idempotency-Key', message: 'Idempotency-Key: already used for a different request body' }] });
      }
      if (row?.state === 'done' && row.status !== null) return { status: row.status, body: row.body, headers: row.headers };
      if (Date.now() >= until) {
        throw new HttpException({ message: 'A request with this Idempotency-Key is still being processed; retry shortly for its answer' }, HttpStatus.CONFLICT);
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 250);
    }
  }

  /** Records the answer as it is sent, whichever path writes it (the controller or the error filter). */
  private capture(res: Response, scope: IdempotencyScope) {
    let done = false;
    const record = (body: unknown) => {
      if (done) return;
      done = true;
      const status = res.statusCode;
      const headers = Object.fromEntries(REPLAYED_HEADERS.flatMap((h) => { const v = res.getHeader(h); return v === undefined ? [] : [[h, String(v)]]; }));
      // Only an answer that records an effect is kept. A 4xx changed nothing (the client may fix
      // the body and send it again with the same key); a 5xx's outcome is unknown (a retry runs again).
      const write = status >= 200 && status < 300 ? this.store.complete(scope, status, body, headers) : this.store.release(scope);
      write.catch((e) => this.logger.warn(`could not store the answer for an idempotent call: ${e instanceof Error ? e.name : 'error'}`));
    };
    const json = res.json.bind(res);
    const send = res.send.bind(res);
    res.json = (body?: unknown) => { record(body); return json(body); };
    res.send = (body?: unknown) => { record(typeof body === 'string' ? safeJson(body) : body ?? null); return send(body); };
    // A connection dropped before any answer: release, so the retry runs rather than waits.
    res.on('close', () => { if (!done && !res.writableEnded) { done = true; this.store.release(scope).catch(() => undefined); } });
  }
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return text; }
}
