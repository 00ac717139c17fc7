import { z } from 'zod';
import { ROLES, SERVICE_CODE_PATTERN, type Role } from '@sendflow/domain';

const grantSchema = z.object({
  roles: z.array(z.enum(ROLES)).default([]),
  services: z.array(z.string().regex(SERVICE_CODE_PATTERN, 'a service code such as SLT')).default([]),
}).strict();

/** `{"<group id>": {"roles": [...], "services": [...]}}`: what membership of each IdP group grants. */
export const groupMapSchema = z.record(z.string().min(1), grantSchema);
export type GroupMap = z.infer<typeof groupMapSchema>;

export interface Grant { roles: Role[]; services: string[] }

/** Parses OIDC_GROUP_MAP; the error names the variable and the offending key. */
export function parseGroupMap(raw: string | undefined): GroupMap {
  if (!raw || raw.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('OIDC_GROUP_MAP is not valid JSON');
  }
  const parsed = groupMapSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`OIDC_GROUP_MAP${first.path.length ? `.${first.path.join('.')}` : ''}: ${first.message}`);
  }
  return parsed.data;
}

/**
 * The union of the grants of every group the user is in, in a stable order. Groups the map does
 * not name grant nothing; a claim that is not a list of strings grants nothing.
 */
export function grantForGroups(groups: unknown, map: GroupMap): Grant {
  const list = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : typeof groups === 'string' ? [groups] : [];
  const roles = new Set<Role>();
  const services = new Set<string>();
  for (const g of list) {
    const grant = Object.prototype.hasOwnProperty.call(map, g) ? map[g] : undefined;
    grant?.roles.forEach((r) => roles.add(r));
    grant?.services.forEach((s) => services.add(s));
  }
  return { roles: ROLES.filter((r) => roles.has(r)), services: [...services].sort() };
}
