import { ConfigError } from '@sendflow/platform';
import { parseWorkerConfig } from './worker-config';

const base = { DATABASE_URL: 'postgres://x@h/db' };

/** One bad value for every variable the worker checks, with the reason its message gives. */
const BAD: [string, string, RegExp][] = [
  ['DATABASE_URL', 'mysql://x', /postgres:\/\/ URL/],
  ['DATABASE_POOL_SIZE', '500', /at most 200/],
  ['DATABASE_ACQUIRE_TIMEOUT_MS', 'soon', /whole number/],
  ['TEMPORAL_PAYLOAD_KEY', 'c2hvcnQ=', /32 bytes/],
  ['TEMPORAL_PAYLOAD_OLD_KEYS', 'k0', /id:base64key/],
  ['TEMPORAL_ADDRESS', 'localhost', /host:port/],
  ['TEMPORAL_TLS', 'maybe', /true or false/],
  ['TEMPORAL_TLS_CLIENT_KEY_PATH', '/nonexistent/key.pem', /cannot be read/],
  ['TRUST_LOGO_PATH', '/nonexistent/logo.png', /cannot be read/],
  ['TRUST_ADDRESS', 'x'.repeat(1001), /at most 1000/],
  ['SMTP_HOST', 'smtp host', /host name/],
  ['SMTP_PORT', '99999', /at most 65535/],
  ['SMTP_SECURE', 'maybe', /true or false/],
  ['SMTP_REQUIRE_TLS', 'perhaps', /true or false/],
  ['SMTP_TLS_REJECT_UNAUTHORIZED', 'nah', /true or false/],
  ['SMTP_FROM', 'nobody', /an address/],
  ['SECURE_MAIL_SUBJECT_MARKER', 'x'.repeat(41), /at most 40/],
  ['RETURN_WEBHOOK_URL', 'ftp://la.example', /http\(s\):\/\/ URL/],
  ['NOTIFICATION_DIGEST_TIME', '24:00', /HH:MM/],
  ['WORKER_METRICS_ADDRESS', '9464', /host:port/],
  ['WORKER_SHARED_MODULES', 'no', /on or off/],
  ['WORKER_MAX_CACHED_WORKFLOWS', '0', /at least 1/],
];

const messageOf = (env: Record<string, string>): string => {
  try {
    parseWorkerConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return '';
};

describe('the worker configuration (one schema, checked before the worker connects to anything)', () => {
  it.each(BAD)('refuses to start on %s=%j, naming it and why', (name, value, why) => {
    const message = messageOf({ ...base, [name]: value });
    expect(message).toMatch(/^invalid worker configuration:\n/);
    expect(message.split('\n').find((l) => l.startsWith(`  ${name}: `))).toMatch(why);
  });

  it('lists every bad variable at once, with the checks across variables', () => {
    const env = Object.fromEntries(BAD.filter(([n]) => n !== 'DATABASE_URL').map(([n, v]) => [n, v]));
    const lines = messageOf({ ...base, ...env, NODE_ENV: 'production', TEMPORAL_PAYLOAD_KEY: '' }).split('\n').slice(1);
    for (const [name] of BAD.filter(([n]) => !['DATABASE_URL', 'TEMPORAL_PAYLOAD_KEY'].includes(n))) expect(lines.some((l) => l.startsWith(`  ${name}: `))).toBe(true);
    expect(lines).toContain('  TEMPORAL_PAYLOAD_KEY: is required in production: workflow payloads carry special-category data');
    expect(messageOf({})).toMatch(/DATABASE_URL: .*\(required\)/);
  });

  it('fills every default, and a blank value counts as unset', () => {
    const blank = Object.fromEntries(BAD.filter(([n]) => n !== 'DATABASE_URL').map(([n]) => [n, '']));
    const c = parseWorkerConfig({ ...base, ...blank });
    expect(c).toEqual(parseWorkerConfig(base));
    expect(c).toMatchObject({
      DATABASE_ACQUIRE_TIMEOUT_MS: 5_000, TEMPORAL_PAYLOAD_KEY_ID: 'k1', TRUST_NAME: 'SENDflow NHS Trust', SMTP_SECURE: false, SMTP_REQUIRE_TLS: true,
      SMTP_TLS_REJECT_UNAUTHORIZED: true, SMTP_FROM: 'sendflow@localhost', SECURE_MAIL_SUBJECT_MARKER: '[secure]',
      NOTIFICATION_DIGEST_TIME: { hour: 7, minute: 0 }, WORKER_SHARED_MODULES: 'on',
    });
    for (const unset of ['SMTP_HOST', 'SMTP_PORT', 'RETURN_WEBHOOK_URL', 'WORKER_METRICS_ADDRESS', 'WORKER_MAX_CACHED_WORKFLOWS', 'TRUST_LOGO_PATH']) expect(c).not.toHaveProperty(unset, expect.anything());
  });

  it('reads good values', () => {
    expect(parseWorkerConfig({ ...base, NOTIFICATION_DIGEST_TIME: '6:30', SMTP_FROM: 'SEND advice <send.advice@trust.example.nhs.uk>', SECURE_MAIL_SUBJECT_MARKER: 'none',
      WORKER_METRICS_ADDRESS: '127.0.0.1:9464', WORKER_MAX_CACHED_WORKFLOWS: '500', SMTP_SECURE: 'yes' })).toMatchObject({
      NOTIFICATION_DIGEST_TIME: { hour: 6, minute: 30 }, SECURE_MAIL_SUBJECT_MARKER: '', WORKER_METRICS_ADDRESS: '127.0.0.1:9464', WORKER_MAX_CACHED_WORKFLOWS: 500, SMTP_SECURE: true,
    });
  });
});
