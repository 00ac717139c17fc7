import { createHash, timingSafeEqual } from 'node:crypto';
import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@sendflow/domain';
import { SessionService } from '../auth/session.service';
import { OPS_TOKEN_KEY, PUBLIC_KEY, ROLES_KEY } from './access.decorators';
import { apiConfig } from '../config/api-config';

/** A constant-time comparison of the bearer token with METRICS_TOKEN (unset: no token is accepted). */
function opsTokenMatches(header: unknown): boolean {
  const expected = apiConfig().METRICS_TOKEN;
  if (!expected || typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = createHash('sha256').update(header.slice(7)).digest();
  return timingSafeEqual(given, createHash('sha256').update(expected).digest());
}

/**
 * Resolves the acting user from the session cookie (401 without a live session), checks the
 * CSRF header on requests that change something (403), and enforces each route's declared roles
 * (403); undeclared routes are denied. Guards run before validation, so a caller without the
 * role learns nothing about the body's shape.
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly sessions: SessionService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed) throw new ForbiddenException('This route declares no access rule, so it is closed');
    const req = ctx.switchToHttp().getRequest();
    if (this.reflector.getAllAndOverride<boolean>(OPS_TOKEN_KEY, targets) && opsTokenMatches(req.headers?.authorization)) return true;
    const session = await this.sessions.resolve(req);
    this.sessions.checkCsrf(req, session);
    if (!session.actor.roles.some((r) => allowed.includes(r))) throw new ForbiddenException(`Needs one of the roles: ${allowed.join(', ')}`);
    req.actor = session.actor;
    req.sendflowSession = session;
    return true;
  }
}
