import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseApiConfig } from './api-config';

const base = { DATABASE_URL: 'postgres://x@h/db' };
const key = Buffer.alloc(32, 7).toString('base64');
const notAnImage = join(tmpdir(), `sendflow-api-config-${process.pid}.txt`);
writeFileSync(notAnImage, 'not an image');

/** One bad value for every variable the API checks, with the reason its message gives. */
const BAD: [string, string, RegExp][] = [
  ['DATABASE_URL', 'mysql://x', /postgres:\/\/ URL/],
  ['DATABASE_SCHEMA', 'bad schema', /schema name/],
  ['DATABASE_POOL_SIZE', '0', /at least 1/],
  ['DATABASE_ACQUIRE_TIMEOUT_MS', 'soon', /whole number/],
  ['DATABASE_STATEMENT_TIMEOUT_MS', '5', /at least 100/],
  ['TEMPORAL_PAYLOAD_KEY', Buffer.alloc(16).toString('base64'), /32 bytes/],
  ['TEMPORAL_PAYLOAD_KEY_ID', 'k 1', /letters, digits/],
  ['TEMPORAL_PAYLOAD_OLD_KEYS', 'nonsense', /id:base64key/],
  ['TEMPORAL_ADDRESS', 'no-port', /host:port/],
  ['TEMPORAL_NAMESPACE', 'has space', /namespace name/],
  ['TEMPORAL_TASK_QUEUE', 'a queue', /letters, digits/],
  ['TEMPORAL_TLS', 'maybe', /true or false/],
  ['TEMPORAL_TLS_CLIENT_CERT_PATH', '/nonexistent/cert.pem', /cannot be read/],
  ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', '/nonexistent/ca.pem', /cannot be read/],
  ['TEMPORAL_TLS_SERVER_NAME', 'bad name', /host name/],
  ['TRUST_NAME', 'x'.repeat(201), /at most 200/],
  ['TRUST_LOGO_PATH', notAnImage, /PNG or JPEG/],
  ['SESSION_IDLE_MINUTES', 'abc', /positive number/],
  ['SESSION_ABSOLUTE_HOURS', '0', /positive number/],
  ['COOKIE_SECURE', 'maybe', /true or false/],
  ['SIGN_IN_MAX_FAILURES', '-1', /positive number/],
  ['SIGN_IN_LOCKOUT_MINUTES', 'x', /positive number/],
  ['SIGN_IN_IP_MAX_FAILURES', '0', /positive number/],
  ['SIGN_IN_IP_WINDOW_MINUTES', '1e3', /positive number/],
  ['PASSWORD_SIGN_IN', 'sometimes', /true or false/],
  ['OIDC_ISSUER', 'not a url', /absolute URL/],
  ['OIDC_REDIRECT_URI', '/relative', /absolute URL/],
  ['OIDC_GROUP_MAP', '{', /not valid JSON/],
  ['RAG_RED_DAYS', 'five', /whole number of days/],
  ['RAG_AMBER_DAYS', '-2', /whole number of days/],
  ['RECEIPT_CUTOFF', '25:00', /HH:mm/],
  ['DELIVERY_MAX_ATTEMPTS', '0', /at least 1/],
  ['DELIVERY_RETRY_INITIAL_SECONDS', '0.5', /whole number/],
  ['DELIVERY_ATTEMPT_TIMEOUT_SECONDS', '2', /at least 5/],
  ['API_PORT', '70000', /at most 65535/],
  ['BODY_LIMIT', 'lots', /size such as/],
  ['IMPORT_BODY_LIMIT', '20 gb', /size such as/],
  ['CORS_ORIGINS', 'https://ok.example, not-an-origin', /origins separated by commas/],
  ['TRUST_PROXY', 'a;b', /hop count/],
  ['LOG_LEVEL', 'loud', /Invalid option/],
  ['TEMPORAL_CALL_TIMEOUT_MS', '1', /at least 100/],
  ['TASK_COMPLETION_WAIT_MS', 'soon', /whole number/],
  ['IDEMPOTENCY_TTL_HOURS', '1', /at least 24/],
  ['METRICS_TOKEN', 'short', /at least 32 characters/],
  ['SEED_DEMO', 'perhaps', /true or false/],
  ['AUDIT_READ_WINDOW_SECONDS', '-1', /whole number/],
  ['WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS', '5', /at least 10/],
  ['DEFAULT_SOP_KEY', 'Not A Key', /SOP key/],
  ['DOCUMENT_MAX_BYTES', '10', /at least 1024/],
  ['DOCUMENT_STORAGE', 'disk', /postgres or s3/],
  ['S3_ENDPOINT', 'ftp://x', /http\(s\):\/\/ URL/],
  ['S3_REGION', 'EU West', /region name/],
  ['S3_BUCKET', 'Bad_Bucket', /bucket name/],
  ['S3_FORCE_PATH_STYLE', 'sometimes', /true or false/],
  ['S3_KEY_PREFIX', 'a b', /letters, digits/],
  ['S3_SSE', 'yes', /AES256/],
  ['S3_TIMEOUT_MS', '10', /at least 100/],
];

const messageOf = (env: Record<string, string>): string => {
  try {
    parseApiConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return '';
};

describe('the API configuration (one schema, checked at start-up)', () => {
  it.each(BAD)('names %s=%j and why', (name, value, why) => {
    const line = messageOf({ ...base, [name]: value }).split('\n').find((l) => l.startsWith(`  ${name}: `));
    expect(line).toMatch(why);
    expect(line).not.toContain(value.length > 3 ? value : '\u0000'); // the reason, never the value (it may be a secret)
  });

  it('lists every bad variable at once', () => {
    const env = Object.fromEntries(BAD.filter(([n]) => n !== 'DATABASE_URL').map(([n, v]) => [n, v]));
    const lines = messageOf({ ...base, ...env }).split('\n').slice(1);
    for (const [name] of BAD.filter(([n]) => n !== 'DATABASE_URL')) expect(lines.some((l) => l.startsWith(`  ${name}`))).toBe(true);
  });

  it('checks variables against each other, alongside the single-variable errors', () => {
    const message = messageOf({ ...base, API_PORT: 'x', RAG_RED_DAYS: '8', RAG_AMBER_DAYS: '6', PASSWORD_SIGN_IN: 'false', NODE_ENV: 'production',
      OIDC_CLIENT_ID: 'app', TEMPORAL_TLS_CLIENT_KEY_PATH: __filename, DOCUMENT_STORAGE: 's3', S3_ACCESS_KEY_ID: 'AKIA' });
    for (const expected of [
      /API_PORT: must be a whole number/, /RAG_AMBER_DAYS: must be a whole number of days greater than RAG_RED_DAYS \(8\)/,
      /PASSWORD_SIGN_IN: PASSWORD_SIGN_IN=false needs OIDC_ISSUER/, /TEMPORAL_PAYLOAD_KEY: is required in production/,
      /TEMPORAL_TLS_CLIENT_CERT_PATH: TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH go together/,
      /S3_BUCKET: is required when DOCUMENT_STORAGE=s3/, /S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/,
    ]) expect(message).toMatch(expected);
    expect(messageOf({ ...base, OIDC_ISSUER: 'https://idp.example/' })).toMatch(/OIDC_CLIENT_ID: is required when OIDC_ISSUER is set[\s\S]*OIDC_CLIENT_SECRET[\s\S]*OIDC_REDIRECT_URI/);
  });

  it('needs DATABASE_URL', () => {
    expect(messageOf({})).toMatch(/DATABASE_URL: .*\(required\)/);
  });

  it('fills every default, and a blank value counts as unset', () => {
    const blank = Object.fromEntries(BAD.filter(([n]) => n !== 'DATABASE_URL').map(([n]) => [n, ' ']));
    const c = parseApiConfig({ ...base, ...blank });
    expect(c).toEqual(parseApiConfig(base));
    expect(c).toMatchObject({
      DATABASE_ACQUIRE_TIMEOUT_MS: 5_000, DATABASE_STATEMENT_TIMEOUT_MS: 15_000, TEMPORAL_PAYLOAD_KEY_ID: 'k1', TEMPORAL_PAYLOAD_OLD_KEYS: [],
      TRUST_NAME: 'SENDflow NHS Trust', TRUST_ADDRESS: [], SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12, PASSWORD_SIGN_IN: true,
      OIDC_SCOPES: 'openid profile email', OIDC_GROUPS_CLAIM: 'groups', OIDC_GROUP_MAP: {}, OIDC_POST_SIGN_IN_URL: '/',
      RAG_RED_DAYS: 5, RAG_AMBER_DAYS: 10, RECEIPT_CUTOFF: { cutOff: '17:00', timeZone: 'Europe/London', nonWorkingDayRollsForward: true },
      API_PORT: 3000, API_HOST: '127.0.0.1', BODY_LIMIT: '256kb', IMPORT_BODY_LIMIT: '20mb', CORS_ORIGINS: [], TRUST_PROXY: false, LOG_LEVEL: 'info',
      TEMPORAL_CALL_TIMEOUT_MS: 3_000, TASK_COMPLETION_WAIT_MS: 10_000, IDEMPOTENCY_TTL_HOURS: 24, SEED_DEMO: false, AUDIT_READ_WINDOW_SECONDS: 300,
      DEFAULT_SOP_KEY: 'ehcna-health-advice', DOCUMENT_MAX_BYTES: 10 * 1024 * 1024, DOCUMENT_STORAGE: 'postgres', S3_TIMEOUT_MS: 5_000,
    });
    for (const unset of ['DATABASE_POOL_SIZE', 'TEMPORAL_PAYLOAD_KEY', 'TEMPORAL_ADDRESS', 'TEMPORAL_TASK_QUEUE', 'TRUST_LOGO_PATH', 'COOKIE_SECURE', 'OIDC_ISSUER',
      'DELIVERY_MAX_ATTEMPTS', 'METRICS_TOKEN', 'WORKFLOW_CONTINUE_AS_NEW_AFTER_EVENTS', 'S3_BUCKET']) expect(c).not.toHaveProperty(unset, expect.anything());
  });

  it('reads good values into typed settings', () => {
    const c = parseApiConfig({ ...base, TEMPORAL_PAYLOAD_KEY: key, TEMPORAL_PAYLOAD_OLD_KEYS: `k0:${key}`, TRUST_ADDRESS: '1 Health Way | Bristol', RECEIPT_CUTOFF: 'none',
      CORS_ORIGINS: 'https://a.example, http://127.0.0.1:5173', TRUST_PROXY: '2', SEED_DEMO: '1', DELIVERY_MAX_ATTEMPTS: '3', OIDC_GROUP_MAP: '{"g":{"roles":["admin"]}}' });
    expect(c).toMatchObject({ TEMPORAL_PAYLOAD_OLD_KEYS: [['k0', key]], TRUST_ADDRESS: ['1 Health Way', 'Bristol'], RECEIPT_CUTOFF: { cutOff: null },
      CORS_ORIGINS: ['https://a.example', 'http://127.0.0.1:5173'], TRUST_PROXY: 2, SEED_DEMO: true, DELIVERY_MAX_ATTEMPTS: 3, OIDC_GROUP_MAP: { g: { roles: ['admin'], services: [] } } });
    expect(parseApiConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
  });
});
