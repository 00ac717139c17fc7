import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@sendflow/domain';
import { ApiErrors } from '../common/api-errors.decorator';

export const ROLES_KEY = 'sendflow:roles';
export const PUBLIC_KEY = 'sendflow:public';

/**
 * Who may call a route. A route with neither this nor @Public() is refused for everyone. It also
 * documents the 401 (no session) and 403 (other roles, or no CSRF token) every such route can answer.
 */
export const AllowRoles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiErrors(401, 403));
export const Public = () => SetMetadata(PUBLIC_KEY, true);
export const OPS_TOKEN_KEY = 'sendflow:ops-token';
/** Also open to a scraper holding METRICS_TOKEN (`Authorization: Bearer ...`), which has no session. */
export const AllowOpsToken = () => SetMetadata(OPS_TOKEN_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);

/** The caller's session (id, sign-in method, expiry) for the auth routes that act on it. */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest().sendflowSession);
