import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics for the API (GET /api/metrics). Labels are route patterns, methods and
 * statuses — never ids, paths with ids or anything about a child.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'sendflow_api_' });

export const httpDuration = new Histogram({
  name: 'sendflow_http_request_duration_seconds', help: 'HTTP request latency by route pattern',
  labelNames: ['method', 'route', 'status'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
});
export const temporalCalls = new Counter({
  name: 'sendflow_temporal_calls_total', help: 'Temporal client calls made under a bound, by outcome',
  labelNames: ['call', 'outcome'] as const, registers: [registry],
});
/** Where intake's time goes, per step, so a slow dependency shows by name (and the benchmark can split a post's latency). */
export const intakeStepDuration = new Histogram({
  name: 'sendflow_intake_step_duration_seconds',
  help: 'POST /api/requests by step: lookup (one statement), workflow_start (the bounded Temporal call), insert (row and audit record, one statement)',
  labelNames: ['step'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
});
/** The session lookup every signed-in request makes before anything else. */
export const sessionLookupDuration = new Histogram({
  name: 'sendflow_session_lookup_duration_seconds', help: 'Reading the caller\'s session and user (one statement) on each signed-in request',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
});
export const idempotentReplays = new Counter({ name: 'sendflow_idempotent_replays_total', help: 'Answers replayed for a repeated Idempotency-Key', registers: [registry] });
export const stuckActivities = new Gauge({
  name: 'sendflow_stuck_activities', help: 'Open activity incidents: non-retryable, or retrying and failed in the last 10 minutes',
  labelNames: ['kind'] as const, registers: [registry],
});

/** Records each request's latency under its route pattern once the answer is sent. */
export function httpMetrics(req: Request, res: Response, next: NextFunction) {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const route = (req as Request & { route?: { path?: string } }).route?.path;
    end({ method: req.method, route: route ? `${req.baseUrl}${route}` : 'unmatched', status: String(res.statusCode) });
  });
  next();
}
