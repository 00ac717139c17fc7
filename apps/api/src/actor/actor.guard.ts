import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, Role } from '@sendflow/domain';
import { PUBLIC_KEY, ROLES_KEY } from './access.decorators';

export const ACTOR_HEADER = 'x-sendflow-user';

/**
 * Resolves the acting user and enforces each route's declared roles; undeclared routes are
 * denied. Identity today is the demo header (a seeded user's email), which the API accepts only
 * with AUTH_MODE=demo; sign-in with sessions and OIDC replaces it (issue 4).
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, @InjectDataSource() private readonly ds: DataSource) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed) throw new ForbiddenException('This route declares no access rule, so it is closed');
    const req = ctx.switchToHttp().getRequest();
    const actor = await this.resolve(req.headers[ACTOR_HEADER]);
    if (!actor.roles.some((r) => allowed.includes(r))) throw new ForbiddenException(`Needs one of the roles: ${allowed.join(', ')}`);
    req.actor = actor;
    return true;
  }

  private async resolve(header: unknown): Promise<Actor> {
    if (process.env.AUTH_MODE !== 'demo') throw new UnauthorizedException('Sign-in is not configured: set AUTH_MODE=demo for the demo identities');
    if (typeof header !== 'string' || header.length === 0 || header.length > 320) throw new UnauthorizedException(`${ACTOR_HEADER} header: name a user`);
    const rows: { id: string; display_name: string; roles: Role[]; service_codes: string[] }[] = await this.ds.query(
      `SELECT id, display_name, roles, service_codes FROM users WHERE lower(email) = lower($1) AND active`, [header],
    );
    if (rows.length === 0) throw new UnauthorizedException(`${ACTOR_HEADER} header: unknown or inactive user`);
    const u = rows[0];
    return { userId: u.id, displayName: u.display_name, roles: u.roles, services: u.service_codes };
  }
}
