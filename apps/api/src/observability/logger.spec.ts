import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createRootLogger, httpLogging, REDACT_PATHS } from './logger';

describe('log redaction is configuration', () => {
  it('censors credentials and the child\'s identifiers wherever a logged object carries them', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    log.info({
      req: { headers: { cookie: 'sendflow_session=abc', authorization: 'Bearer t', 'x-csrf-token': 'c' } },
      password: 'p', child: { givenName: 'Alex', familyName: 'Example', nhsNumber: '9434765919', dateOfBirth: '2018-04-12' },
      dto: { data: { healthNeeds: 'x' } }, requestId: 'kept',
    }, 'msg');
    const out = lines.join('');
    for (const secret of ['abc', 'Bearer t', '"c"', '"p"', 'Alex', 'Example', '9434765919', '2018-04-12', 'healthNeeds']) expect(out).not.toContain(secret);
    expect(out).toContain('"requestId":"kept"');
  });
});

describe('request id on every line, once', () => {
  it('puts the request id once on the request line and on lines logged while the request runs', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const logger = createRootLogger('info', sink);
    const middleware = httpLogging(logger);
    const server = createServer((req, res) => middleware(req as never, res as never, () => { logger.info('inside the request'); res.statusCode = 204; res.end(); }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/requests?q=Alex`, { headers: { 'x-request-id': 'req-1' } });
      expect(res.headers.get('x-request-id')).toBe('req-1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.match(/"reqId"/g)).toHaveLength(1);
      expect(JSON.parse(line).reqId).toBe('req-1');
      expect(line).not.toContain('Alex');
    }
  });
});
