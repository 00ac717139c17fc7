import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@sendflow/domain';

export const ROLES_KEY = 'sendflow:roles';
export const PUBLIC_KEY = 'sendflow:public';

/** Who may call a route. A route with neither this nor @Public() is refused for everyone. */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const Public = () => SetMetadata(PUBLIC_KEY, true);
export const OPS_TOKEN_KEY = 'sendflow:ops-token';
/** Also open to a scraper holding METRICS_TOKEN (`Authorization: Bearer ...`), which has no session. */
export const AllowOpsToken = () => SetMetadata(OPS_TOKEN_KEY, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);

/** The caller's session (id, sign-in method, expiry) for the auth routes that act on it. */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest().sendflowSession);
