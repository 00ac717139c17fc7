import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { REJECTION } from '@sendflow/workflows';
import { databaseDataError, DependencyUnavailableException, isDatabaseUnavailable, TemporalDeadlineError } from './unavailable';

/** Seconds a client is told to wait after a 503 from a dependency that is down. */
const RETRY_AFTER_SECONDS = 5;

/**
 * One error shape for every route: `{ statusCode, error, message, issues? }`. Workflow
 * rejections keep their reason and become 400/403/404/409; anything unexpected is a 500 whose
 * body says nothing internal and whose log line carries no request data.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body, retryAfter } = this.toProblem(exception);
    if (status >= 500) this.logger.error(`${status} ${exception instanceof Error ? `${exception.name}: ${exception.message.slice(0, 200)}` : 'unknown error'}`);
    if (res.headersSent) return;
    if (status === 503) res.setHeader('Retry-After', String(retryAfter ?? RETRY_AFTER_SECONDS));
    res.status(status).json(body);
  }

  /** Public so a route answering per item (bulk reassignment) reports each item's failure as this filter would. */
  toProblem(exception: unknown): { status: number; body: Record<string, unknown>; retryAfter?: number } {
    if (exception instanceof DependencyUnavailableException) {
      return { status: 503, retryAfter: exception.retryAfterSeconds, body: { statusCode: 503, error: reason(503), message: flatten((exception.getResponse() as { message?: unknown }).message), ...exception.details } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const r = exception.getResponse();
      const body = typeof r === 'string' ? { message: r } : (r as Record<string, unknown>);
      return { status, body: { statusCode: status, ...body, error: reason(status), message: flatten(body.message) } };
    }
    if (exception instanceof WorkflowUpdateFailedError && exception.cause instanceof ApplicationFailure) {
      const status = ({ [REJECTION.badInput]: 400, [REJECTION.forbidden]: 403, [REJECTION.conflict]: 409, [REJECTION.notFound]: 404 } as Record<string, number>)[exception.cause.type ?? ''] ?? 409;
      const issues = exception.cause.details?.[0];
      return { status, body: { statusCode: status, error: reason(status), message: exception.cause.message, ...(Array.isArray(issues) ? { issues } : {}) } };
    }
    if (exception instanceof WorkflowNotFoundError) {
      return { status: 409, body: { statusCode: 409, error: 'Conflict', message: 'The request is no longer running' } };
    }
    if (exception instanceof ServiceError || exception instanceof TemporalDeadlineError) {
      // Not "nothing was saved": a call that timed out may still have reached the workflow.
      return { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'The workflow service did not answer in time; try again shortly (with the same Idempotency-Key for a change)' } };
    }
    if (isDatabaseUnavailable(exception)) {
      return { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; try again shortly. A change sent just now may or may not have been saved: retry it with the same Idempotency-Key' } };
    }
    const dataError = databaseDataError(exception);
    if (dataError === 'data') return { status: 400, body: { statusCode: 400, error: reason(400), message: 'body: a value cannot be stored (out of range or not valid for its field)' } };
    if (dataError === 'unique') return { status: 409, body: { statusCode: 409, error: reason(409), message: 'This conflicts with a record that already exists' } };
    if (dataError === 'integrity') return { status: 409, body: { statusCode: 409, error: reason(409), message: 'This refers to or conflicts with records in a way that is not allowed' } };
    const typed = exception as { type?: string; status?: number; statusCode?: number };
    if (typed?.type === 'entity.too.large') return { status: 413, body: { statusCode: 413, error: 'Payload Too Large', message: 'Request body is too large' } };
    if (typed?.type === 'entity.parse.failed') return { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'body: not valid JSON' } };
    // body-parser's other client errors (unsupported charset or content encoding, corrupt or aborted body) keep their 4xx.
    const exposed = exception as { expose?: boolean; message?: string };
    if (exposed?.expose === true && typeof typed.status === 'number' && typed.status >= 400 && typed.status < 500) {
      return { status: typed.status, body: { statusCode: typed.status, error: reason(typed.status), message: `body: ${String(exposed.message ?? 'could not be read')}` } };
    }
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong; the error has been logged' } };
  }
}

/** The HTTP reason phrase ("Bad Request"), the same on every error whoever raised it. */
function reason(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function flatten(message: unknown): string {
  return Array.isArray(message) ? message.join('; ') : String(message ?? '');
}
