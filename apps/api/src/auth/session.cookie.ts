import type { CookieOptions, Request, Response } from 'express';
import type { AuthConfig } from './auth.config';

export const SESSION_COOKIE = 'sendflow_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * HTTP-only so page scripts never see the token; SameSite=Strict because the web app calls the
 * API from its own origin only, so no cross-site request ever needs to carry it (the OIDC
 * callback, which arrives cross-site, sets it rather than reads it); Path=/api because nothing
 * else needs it.
 */
export function sessionCookieOptions(config: AuthConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, path: '/api', maxAge: config.absoluteTimeoutSeconds * 1000 };
}

export function setSessionCookie(res: Response, token: string, config: AuthConfig): void {
  res.cookie(SESSION_COOKIE, token, sessionCookieOptions(config));
}

export function clearSessionCookie(res: Response, config: AuthConfig): void {
  const { maxAge: _maxAge, ...options } = sessionCookieOptions(config);
  res.clearCookie(SESSION_COOKIE, options);
}

/** One of the API's own cookies from the Cookie header (no cookie-parser: these are the only cookies it reads). */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
  }
  return null;
}
