import type { Role } from '@sendflow/domain';

/**
 * Role -> home page and role -> menu, in one place. A menu item appears only for roles whose
 * routes answer them (the API's @AllowRoles is the authority; this keeps people off dead ends).
 */
export interface MenuItem { to: string; label: string; roles: readonly Role[]; /** paths under `to` that also mark it current */ match?: string }

export const MENU: readonly MenuItem[] = [
  { to: '/requests', label: 'Requests', roles: ['coordinator', 'service_lead', 'practitioner', 'qa_reviewer', 'auditor'] },
  { to: '/tasks', label: 'My tasks', roles: ['coordinator', 'practitioner', 'service_lead'] },
  { to: '/review', label: 'Review queue', roles: ['qa_reviewer'] },
  { to: '/sops', label: 'SOPs', roles: ['sop_manager', 'coordinator', 'admin', 'auditor'] },
  { to: '/forms', label: 'Forms', roles: ['sop_manager'] },
  { to: '/audit-criteria', label: 'Audit criteria', roles: ['sop_manager'] },
  { to: '/admin/users', label: 'Users', roles: ['admin'] },
  { to: '/admin/services', label: 'Services', roles: ['admin'] },
  { to: '/admin/local-authorities', label: 'Local authorities', roles: ['admin'] },
  { to: '/audit', label: 'Audit log', roles: ['auditor', 'admin'] },
  { to: '/reports', label: 'Reports', roles: ['sop_manager', 'auditor', 'coordinator'] },
];

/** Each role's home, in priority order: someone with several roles lands on the first that applies. */
const HOME: readonly [Role, string][] = [
  ['coordinator', '/requests'],
  ['service_lead', '/tasks'],
  ['practitioner', '/tasks'],
  ['qa_reviewer', '/review'],
  ['sop_manager', '/sops'],
  ['admin', '/admin/users'],
  ['auditor', '/audit'],
];

export function homeFor(roles: readonly string[]): string {
  return HOME.find(([role]) => roles.includes(role))?.[1] ?? '/account/password';
}

export function menuFor(roles: readonly string[]): MenuItem[] {
  return MENU.filter((m) => m.roles.some((r) => roles.includes(r)));
}

export const mayUse = (roles: readonly string[], path: string) => menuFor(roles).some((m) => path === m.to || path.startsWith(`${m.to}/`));
