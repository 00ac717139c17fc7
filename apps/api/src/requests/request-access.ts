import type { Actor } from '@sendflow/domain';

const SERVICE_SCOPED_ROLES = new Set(['practitioner', 'service_lead']);

/** The services an actor is confined to, or null when one of their roles sees every request. */
export function serviceScopeOf(actor: Actor): { services: string[] } | null {
  const unscoped = actor.roles.some((r) => !SERVICE_SCOPED_ROLES.has(r));
  return unscoped ? null : { services: actor.services };
}

/** Whether the actor may see a request allocated to these services (the one rule every feature applies). */
export function canSeeRequest(actor: Actor, allocated: string[]): boolean {
  const scope = serviceScopeOf(actor);
  return !scope || allocated.some((s) => scope.services.includes(s));
}
