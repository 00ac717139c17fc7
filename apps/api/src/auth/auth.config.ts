import { z } from 'zod';
import { envBool, envPositive, type EnvRefinement } from '@sendflow/platform';

// Minutes and hours were only required to be positive; a ceiling of a year keeps the seconds finite.
const YEAR_MINUTES = 366 * 24 * 60;

/** Sign-in and session settings: one fragment of the API's environment schema (api-config.ts). */
export const authEnv = z.object({
  SESSION_IDLE_MINUTES: envPositive(YEAR_MINUTES).default(30),
  SESSION_ABSOLUTE_HOURS: envPositive(YEAR_MINUTES / 60).default(12),
  COOKIE_SECURE: envBool.optional(),
  SIGN_IN_MAX_FAILURES: envPositive(1_000_000).default(5),
  SIGN_IN_LOCKOUT_MINUTES: envPositive(YEAR_MINUTES).default(15),
  SIGN_IN_IP_MAX_FAILURES: envPositive(1_000_000).default(50),
  SIGN_IN_IP_WINDOW_MINUTES: envPositive(YEAR_MINUTES).default(15),
  /** Off where staff sign in only through the organisation's identity provider (OIDC). */
  PASSWORD_SIGN_IN: envBool.default(true),
});

export type AuthEnv = z.output<typeof authEnv> & { NODE_ENV?: string };

export const refineAuthEnv: EnvRefinement = (c, ctx) => {
  if (c.PASSWORD_SIGN_IN === false && !c.OIDC_ISSUER) {
    ctx.addIssue({ code: 'custom', path: ['PASSWORD_SIGN_IN'], message: 'PASSWORD_SIGN_IN=false needs OIDC_ISSUER: otherwise nobody could sign in' });
  }
};

/** Sign-in and session settings, from the API's configuration checked at start-up. */
export class AuthConfig {
  readonly idleTimeoutSeconds: number;
  readonly absoluteTimeoutSeconds: number;
  readonly cookieSecure: boolean;
  readonly maxFailures: number;
  readonly lockoutSeconds: number;
  readonly ipMaxFailures: number;
  readonly ipWindowSeconds: number;
  readonly passwordSignIn: boolean;

  constructor(c: AuthEnv) {
    this.idleTimeoutSeconds = Math.round(c.SESSION_IDLE_MINUTES * 60);
    this.absoluteTimeoutSeconds = Math.round(c.SESSION_ABSOLUTE_HOURS * 3600);
    this.cookieSecure = c.COOKIE_SECURE ?? c.NODE_ENV === 'production';
    this.maxFailures = Math.round(c.SIGN_IN_MAX_FAILURES);
    this.lockoutSeconds = Math.round(c.SIGN_IN_LOCKOUT_MINUTES * 60);
    this.ipMaxFailures = Math.round(c.SIGN_IN_IP_MAX_FAILURES);
    this.ipWindowSeconds = Math.round(c.SIGN_IN_IP_WINDOW_MINUTES * 60);
    this.passwordSignIn = c.PASSWORD_SIGN_IN;
  }

  /** last_seen_at is written at most this often, so reads do not each cost a write. */
  get touchIntervalSeconds(): number {
    return Math.max(1, Math.min(60, Math.floor(this.idleTimeoutSeconds / 10)));
  }
}
