export const ROLES = ['coordinator', 'practitioner', 'service_lead', 'qa_reviewer', 'sop_manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting. Service-scoped roles act only on work allocated to one of `services`. */
export interface Actor {
  userId: string;
  displayName: string;
  roles: Role[];
  services: string[];
}

/** The identity workflow-driven actions are recorded under (timers, system steps). */
export const SYSTEM_ACTOR: Actor = { userId: 'system', displayName: 'SENDflow', roles: [], services: [] };
