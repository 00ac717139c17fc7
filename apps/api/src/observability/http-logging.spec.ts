import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import pino from 'pino';
import { httpLogging, REDACT_PATHS } from './logger';

/** A pino logger writing JSON lines into an array, configured as the API's root logger is. */
function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(JSON.parse(String(chunk))); cb(); } });
  return { lines, logger: pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink) };
}

function fakeExchange(url: string, headers: Record<string, string> = {}) {
  const res = Object.assign(new EventEmitter(), { statusCode: 200, headers: {} as Record<string, string>, setHeader(k: string, v: string) { this.headers[k] = v; } });
  const req = { method: 'POST', url, originalUrl: url, headers } as unknown as Request;
  return { req, res: res as unknown as Response & typeof res };
}

async function serve(logger: pino.Logger, url: string, status: number, headers?: Record<string, string>, err?: Error) {
  const { req, res } = fakeExchange(url, headers);
  let nextCalled = false;
  httpLogging(logger)(req, res, (() => { nextCalled = true; }) as NextFunction);
  res.statusCode = status;
  if (err) res.emit('error', err); else res.emit('finish');
  res.emit('close'); // a second completion event must not log twice
  await new Promise((r) => setImmediate(r));
  return { req, res, nextCalled };
}

describe('httpLogging: one line per request', () => {
  it('writes method, path without query, status and time under the request id, once', async () => {
    const { lines, logger } = capture('info');
    const { res, nextCalled } = await serve(logger, '/api/requests?search=Alex', 201, { cookie: 'sendflow_session=abc' });
    expect(nextCalled).toBe(true);
    expect(lines).toHaveLength(1);
    const id = res.headers['X-Request-Id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request completed', reqId: id, req: { id, method: 'POST', path: '/api/requests' }, res: { statusCode: 201 } });
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines[0])).not.toContain('Alex');
    expect(JSON.stringify(lines[0])).not.toContain('abc');
  });

  it('keeps a well-formed X-Request-Id from the caller and replaces a malformed one', async () => {
    const { logger } = capture('info');
    expect((await serve(logger, '/api/health', 200, { 'x-request-id': 'lb-123.4:5' })).res.headers['X-Request-Id']).toBe('lb-123.4:5');
    expect((await serve(logger, '/api/health', 200, { 'x-request-id': 'bad id\n' })).res.headers['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs 4xx at warn, 5xx and stream errors at error with the error, and nothing below the level', async () => {
    const { lines, logger } = capture('warn');
    await serve(logger, '/api/requests', 201);
    expect(lines).toHaveLength(0);
    await serve(logger, '/api/requests', 404);
    await serve(logger, '/api/requests', 503);
    await serve(logger, '/api/requests', 200, {}, new Error('socket hang up'));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[40, 'request completed'], [50, 'request errored'], [50, 'request errored']]);
    expect(lines[1].err).toMatchObject({ message: 'failed with status code 503' });
    expect(lines[2].err).toMatchObject({ message: 'socket hang up' });
  });
});

