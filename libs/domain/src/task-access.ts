
/**
 * Who may do what with a task: ONE set of rules, used by the workflow's Update validators, the
 * API (which answers 404 for what the caller may not see) and the web app (which offers only the
 * buttons that will work). Pure and deterministic, so the workflow sandbox can import it.
 */
export interface TaskAccessFacts {
  role: string;
  serviceScoped: boolean;
  serviceCode: string | null;
  assigneeId?: string | null;
}

/** Anyone's roles and services: the acting user, or a person a task may be given to. */
type Person = { roles: readonly string[]; services: readonly string[]; userId?: string };

const hasRole = (p: Person, role: string) => p.roles.includes(role);

/** May complete the task, save its draft, claim it: holds the task's role (and its service, when service-scoped). */
export function mayActOnTask(person: Person, task: TaskAccessFacts): boolean {
  return hasRole(person, task.role) && (!task.serviceScoped || (task.serviceCode !== null && person.services.includes(task.serviceCode)));
}

/** A service lead oversees their services' work (service-scoped or a review of it), whatever its role. */
export function leadsTaskService(person: Person, task: TaskAccessFacts): boolean {
  return hasRole(person, 'service_lead') && task.serviceCode !== null && person.services.includes(task.serviceCode);
}

/** May see the task at all (list, detail, draft): anyone who may act on it, and its service's lead. */
export function maySeeTask(person: Person, task: TaskAccessFacts): boolean {
  return mayActOnTask(person, task) || leadsTaskService(person, task);
}

/**
 * May give the task to someone else (or back to the queue): a lead of the task's service for
 * service work; the coordinator for work that belongs to no service, and, as the person who
 * holds the whole caseload, for any task (a practitioner away: move all their work).
 */
export function mayAssignTask(person: Person, task: TaskAccessFacts): boolean {
  if (hasRole(person, 'coordinator')) return true;
  return task.serviceScoped ? leadsTaskService(person, task) : false;
}

/** May take the task for themselves: may act on it, and nobody else holds it (a lead may take it from anyone). */
export function mayClaimTask(person: Person & { userId: string }, task: TaskAccessFacts): boolean {
  if (!mayActOnTask(person, task)) return false;
  return !task.assigneeId || task.assigneeId === person.userId || mayAssignTask(person, task);
}

/** May put the task back in the queue: the person holding it, or someone who may assign it. */
export function mayReleaseTask(person: Person & { userId: string }, task: TaskAccessFacts): boolean {
  return (!!task.assigneeId && task.assigneeId === person.userId) || mayAssignTask(person, task);
}

/** Whether `assignee` could complete the task; the reason names the field when not. */
export function assigneeFitsTask(assignee: Person, task: TaskAccessFacts): { ok: true } | { ok: false; message: string } {
  if (!hasRole(assignee, task.role)) return { ok: false, message: `the user does not hold the ${task.role} role the task needs` };
  if (task.serviceScoped && (!task.serviceCode || !assignee.services.includes(task.serviceCode))) {
    return { ok: false, message: `the user is not a member of service ${task.serviceCode}` };
  }
  return { ok: true };
}
