import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@sendflow/domain';
import { sessionLookupDuration } from '../observability/metrics';
import { AuthConfig } from './auth.config';
import type { SessionView } from './auth.dto';
import { clearSessionCookie, CSRF_HEADER, readCookie, SESSION_COOKIE, setSessionCookie } from './session.cookie';
import { csrfTokenFor, newSessionToken, safeEqual, sha256Hex } from './session-token.util';
import { SessionsRepository, type SignInMethod } from './sessions.repository';

export interface ResolvedSession {
  id: string;
  token: string;
  method: SignInMethod;
  email: string;
  expiresAt: Date;
  actor: Actor;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling, from the session cookie; and the CSRF check for requests that change something. */
@Injectable()
export class SessionService {
  constructor(private readonly repo: SessionsRepository, private readonly config: AuthConfig) {}

  async resolve(req: Request): Promise<ResolvedSession> {
    const token = readCookie(req, SESSION_COOKIE);
    if (!token) throw new UnauthorizedException('Not signed in: sign in with POST /api/auth/sign-in');
    const timer = sessionLookupDuration.startTimer();
    const row = await this.repo.find(sha256Hex(token), this.config.idleTimeoutSeconds, this.config.touchIntervalSeconds).finally(() => timer());
    if (!row) throw new UnauthorizedException('Not signed in: the session is not known (signed out or replaced); sign in again');
    if (!row.live || !row.user.active) {
      await this.repo.delete(row.id);
      throw new UnauthorizedException(row.user.active ? 'Your session has expired: sign in again' : 'This account is no longer active');
    }
    if (row.stale) await this.repo.touch(row.id);
    return {
      id: row.id, token, method: row.method, email: row.user.email, expiresAt: row.expiresAt,
      actor: { userId: row.userId, displayName: row.user.displayName, roles: row.user.roles, services: row.user.services },
    };
  }

  /** SameSite=Strict already keeps the cookie off cross-site requests; the header is the second lock. */
  checkCsrf(req: Request, session: ResolvedSession): void {
    if (SAFE_METHODS.has(req.method.toUpperCase())) return;
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(session.token))) {
      throw new ForbiddenException(`${CSRF_HEADER} header: missing or not this session's CSRF token (GET /api/auth/session gives it)`);
    }
  }

  /** Creates the session row inside the caller's transaction; set the cookie (issueCookie) once that commits. */
  async start(m: EntityManager, userId: string, method: SignInMethod): Promise<{ id: string; token: string; expiresAt: Date }> {
    const token = newSessionToken();
    await this.repo.purgeExpired(m, this.config.idleTimeoutSeconds);
    const { id, expiresAt } = await this.repo.create(m, sha256Hex(token), userId, method, this.config.absoluteTimeoutSeconds);
    return { id, token, expiresAt };
  }

  issueCookie(res: Response, token: string): void {
    setSessionCookie(res, token, this.config);
  }

  clearCookie(res: Response): void {
    clearSessionCookie(res, this.config);
  }

  async end(m: EntityManager, sessionId: string): Promise<void> {
    await this.repo.delete(sessionId, m);
  }

  async endOthers(m: EntityManager, userId: string, keepId: string | null): Promise<number> {
    return this.repo.deleteOthers(m, userId, keepId);
  }

  /** A session presented with a sign-in is replaced, not left to linger beside the new one. */
  async endPresented(m: EntityManager, req: Request): Promise<void> {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await this.repo.deleteByTokenHash(sha256Hex(token), m);
  }

  view(s: { token: string; method: SignInMethod; expiresAt: Date; email: string; actor: Actor }): SessionView {
    return {
      user: { id: s.actor.userId, email: s.email, displayName: s.actor.displayName, roles: s.actor.roles, services: s.actor.services },
      method: s.method,
      csrfToken: csrfTokenFor(s.token),
      expiresAt: new Date(s.expiresAt).toISOString(),
      idleTimeoutSeconds: this.config.idleTimeoutSeconds,
    };
  }
}
