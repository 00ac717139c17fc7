import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * Structured JSON logs (pino) with a request id on every line. Redaction is configuration, not
 * care: cookies, tokens, passwords and the child's identifiers are censored wherever they appear
 * in a logged object, request bodies are never logged, and URLs are logged without their query
 * string (a search may carry a name).
 */
export const REDACT_PATHS = [
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]',
  ...['password', 'currentPassword', 'newPassword', 'email', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'evidence', 'body', 'data']
    .flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

const requestContext = new AsyncLocalStorage<{ reqId: string }>();

export function createRootLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'sendflow-api' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The request id once per line: pino-http's own line carries it in its child logger's bindings.
    mixin: (obj: object, _level: number, logger: Logger) => {
      const ctx = requestContext.getStore();
      return ctx && !('reqId' in obj) && !('reqId' in logger.bindings()) ? { reqId: ctx.reqId } : {};
    },
  }, destination);
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** pino-http: one line per request (method, route path without query, status, ms) and the X-Request-Id header. */
export function httpLogging(logger: Logger) {
  const http = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    quietReqLogger: true,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    http(req, res);
    requestContext.run({ reqId: String((req as Request & { id?: unknown }).id) }, next);
  };
}

/** Nest's logger on pino, so framework and app lines share the format, the redaction and the request id. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) { this.logger.info({ context }, String(message)); }
  error(message: unknown, trace?: string, context?: string) { this.logger.error({ context, trace: trace?.split('\n').slice(0, 5).join('\n') }, String(message)); }
  warn(message: unknown, context?: string) { this.logger.warn({ context }, String(message)); }
  debug(message: unknown, context?: string) { this.logger.debug({ context }, String(message)); }
  verbose(message: unknown, context?: string) { this.logger.trace({ context }, String(message)); }
  fatal(message: unknown, context?: string) { this.logger.fatal({ context }, String(message)); }
}
