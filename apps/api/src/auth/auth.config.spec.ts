import { parseApiConfig } from '../config/api-config';
import { AuthConfig } from './auth.config';

/** The settings as the API builds them: from its one checked environment. */
const auth = (env: Record<string, string>) => new AuthConfig(parseApiConfig({ DATABASE_URL: 'postgres://x@h/db', ...env }));

describe('AuthConfig', () => {
  it('has safe defaults', () => {
    expect({ ...auth({}) }).toEqual({
      idleTimeoutSeconds: 1800, absoluteTimeoutSeconds: 12 * 3600, cookieSecure: false,
      maxFailures: 5, lockoutSeconds: 900, ipMaxFailures: 50, ipWindowSeconds: 900, passwordSignIn: true,
    });
    expect(auth({ NODE_ENV: 'production', TEMPORAL_PAYLOAD_KEY: Buffer.alloc(32).toString('base64') }).cookieSecure).toBe(true);
    expect(auth({ NODE_ENV: 'production', TEMPORAL_PAYLOAD_KEY: Buffer.alloc(32).toString('base64'), COOKIE_SECURE: 'false' }).cookieSecure).toBe(false);
  });

  it('reads each setting', () => {
    const c = auth({ SESSION_IDLE_MINUTES: '5', SESSION_ABSOLUTE_HOURS: '1.5', COOKIE_SECURE: 'true', SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCKOUT_MINUTES: '1', SIGN_IN_IP_MAX_FAILURES: '7', SIGN_IN_IP_WINDOW_MINUTES: '2' });
    expect({ ...c }).toEqual({ idleTimeoutSeconds: 300, absoluteTimeoutSeconds: 5400, cookieSecure: true, maxFailures: 3, lockoutSeconds: 60, ipMaxFailures: 7, ipWindowSeconds: 120, passwordSignIn: true });
    expect(c.touchIntervalSeconds).toBe(30);
  });

  it('turns password sign-in off only where OIDC is configured', () => {
    expect(auth({ PASSWORD_SIGN_IN: 'false', OIDC_ISSUER: 'https://login.microsoftonline.com/t/v2.0', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URI: 'https://sendflow.example/api/auth/oidc/callback' }).passwordSignIn).toBe(false);
    expect(() => auth({ PASSWORD_SIGN_IN: 'false' })).toThrow(/PASSWORD_SIGN_IN: PASSWORD_SIGN_IN=false needs OIDC_ISSUER/);
  });

  it.each([
    ['PASSWORD_SIGN_IN', 'sometimes'],
    ['SESSION_IDLE_MINUTES', 'abc'],
    ['SESSION_ABSOLUTE_HOURS', '0'],
    ['SIGN_IN_MAX_FAILURES', '-1'],
    ['COOKIE_SECURE', 'maybe'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => auth({ [name]: value })).toThrow(new RegExp(`^invalid configuration:\\n  ${name}: `));
  });
});
