import type { Actor } from '@sendflow/domain';

/** Roles that see only the requests allocated to one of their services. */
const SERVICE_SCOPED_ROLES = new Set(['practitioner', 'service_lead']);

/** Null when the actor sees every request; otherwise the services whose requests they may see. */
export function scopeOf(actor: Actor): { services: string[] } | null {
  const unscoped = actor.roles.some((r) => !SERVICE_SCOPED_ROLES.has(r));
  return unscoped ? null : { services: actor.services };
}

/** Whether the actor may see a request allocated to these services (a service-scoped reader must share one). */
export function canSeeRequest(actor: Actor, allocated: string[]): boolean {
  const scope = scopeOf(actor);
  return !scope || allocated.some((s) => scope.services.includes(s));
}
