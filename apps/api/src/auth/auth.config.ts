import { Injectable } from '@nestjs/common';

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false (got "${env[name]}")`);
}

/**
 * Sign-in and session settings, read once from the environment when the API starts; a bad value
 * stops the start with the variable's name rather than weakening a limit silently.
 */
@Injectable()
export class AuthConfig {
  readonly idleTimeoutSeconds: number;
  readonly absoluteTimeoutSeconds: number;
  readonly cookieSecure: boolean;
  readonly maxFailures: number;
  readonly lockoutSeconds: number;
  readonly ipMaxFailures: number;
  readonly ipWindowSeconds: number;
  /** Off where staff sign in only through the organisation's identity provider (OIDC). */
  readonly passwordSignIn: boolean;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.idleTimeoutSeconds = Math.round(positiveNumber(env, 'SESSION_IDLE_MINUTES', 30) * 60);
    this.absoluteTimeoutSeconds = Math.round(positiveNumber(env, 'SESSION_ABSOLUTE_HOURS', 12) * 3600);
    this.cookieSecure = flag(env, 'COOKIE_SECURE', env.NODE_ENV === 'production');
    this.maxFailures = Math.round(positiveNumber(env, 'SIGN_IN_MAX_FAILURES', 5));
    this.lockoutSeconds = Math.round(positiveNumber(env, 'SIGN_IN_LOCKOUT_MINUTES', 15) * 60);
    this.ipMaxFailures = Math.round(positiveNumber(env, 'SIGN_IN_IP_MAX_FAILURES', 50));
    this.ipWindowSeconds = Math.round(positiveNumber(env, 'SIGN_IN_IP_WINDOW_MINUTES', 15) * 60);
    this.passwordSignIn = flag(env, 'PASSWORD_SIGN_IN', true);
    if (!this.passwordSignIn && !env.OIDC_ISSUER) throw new Error('PASSWORD_SIGN_IN=false needs OIDC_ISSUER: otherwise nobody could sign in');
  }

  /** last_seen_at is written at most this often, so reads do not each cost a write. */
  get touchIntervalSeconds(): number {
    return Math.max(1, Math.min(60, Math.floor(this.idleTimeoutSeconds / 10)));
  }
}
