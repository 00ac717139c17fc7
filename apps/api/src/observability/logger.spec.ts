import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACT_PATHS } from './logger';

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
