import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: the cookie value. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * The session's CSRF token, derived from the session token so nothing more is stored: only a
 * page that can read the session endpoint's answer (same origin) learns it, and the cookie that
 * it derives from is HTTP-only.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`sendflow-csrf:${sessionToken}`, 'utf8').digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Lock-out key for a typed email: case and surrounding spaces do not make a new account. */
export function accountKey(email: string): string {
  return sha256Hex(`sendflow-account:${email.trim().toLowerCase()}`);
}
