import { useEffect, useId, useState } from 'react';
import { mayAssignTask } from '@sendflow/domain';
import { api, errorText, type SessionUser, type Task } from './api-client';

export interface ServiceMember { userId: string; displayName: string; roles: string[] }
/** Task fields the assignment screens read beyond the shared `Task` shape. */
export interface AssignableTask extends Task { role?: string; serviceScoped?: boolean; assigneeId?: string | null; assigneeName?: string | null }

// Members change rarely; one fetch per service per page load is plenty. Failures are not kept,
// so a later user of the same tab is asked afresh.
const membersCache = new Map<string, Promise<ServiceMember[]>>();
function membersOf(code: string, path = `/services/${encodeURIComponent(code)}/members`): Promise<ServiceMember[]> {
  let found = membersCache.get(code);
  if (!found) {
    found = api<ServiceMember[]>(path);
    found.catch(() => membersCache.delete(code));
    membersCache.set(code, found);
  }
  return found;
}

/** The same rule the workflow's validator and the API apply (libs/domain task access): a lead their services' work, the coordinator any. */
export function mayAssign(user: SessionUser | undefined, task: AssignableTask): boolean {
  if (!user || task.status !== 'open' || !task.role) return false;
  return mayAssignTask(user, { role: task.role, serviceScoped: !!task.serviceScoped, serviceCode: task.serviceCode ?? null });
}

/** Who can take a task: its service's members, or for work that belongs to no service, everyone with its role. */
function candidatesFor(task: AssignableTask): Promise<ServiceMember[]> {
  return task.serviceScoped ? membersOf(task.serviceCode!) : membersOf(`role:${task.role}`, `/staff?role=${encodeURIComponent(task.role!)}`);
}

export function assigneeText(user: SessionUser | undefined, task: AssignableTask): string {
  if (!task.assigneeId) return task.status === 'open' ? 'Unassigned' : '—';
  if (user && task.assigneeId === user.id) return `${user.displayName} (you)`;
  return task.assigneeName ?? 'Someone no longer listed';
}

/** Choose a member of the task's service who holds the task's role, or return it to the service's queue. */
export function AssignControl({ task, onAssigned }: { task: AssignableTask; onAssigned: (message: string) => void }) {
  const id = useId();
  const [members, setMembers] = useState<ServiceMember[] | null>(null);
  const [choice, setChoice] = useState(task.assigneeId ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    candidatesFor(task)
      .then((list) => { if (live) setMembers(task.role ? list.filter((m) => m.roles.includes(task.role!)) : list); })
      .catch((e) => { if (live) setError(errorText(e)); });
    return () => { live = false; };
  }, [task.serviceCode, task.role, task.serviceScoped]);
  useEffect(() => setChoice(task.assigneeId ?? ''), [task.assigneeId]);

  async function assign() {
    setBusy(true);
    setError(null);
    try {
      await api(`/tasks/${encodeURIComponent(task.id)}/assign`, { method: 'POST', body: { assigneeId: choice || null } });
      const name = members?.find((m) => m.userId === choice)?.displayName;
      const queue = task.serviceScoped ? `anyone in ${task.serviceCode}` : `anyone with the ${task.role?.replace(/_/g, ' ')} role`;
      onAssigned(name ? `“${task.label}” assigned to ${name}.` : `“${task.label}” is unassigned: ${queue} can pick it up.`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={`assign${error ? ' field-error' : ''}`}>
      <label htmlFor={`${id}-assignee`} className="visually-hidden">Assign “{task.label}” to</label>
      {error && <span className="error-message" id={`${id}-error`}><span className="visually-hidden">Error:</span> {error}</span>}
      <select id={`${id}-assignee`} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={!members || busy}
        aria-describedby={error ? `${id}-error` : undefined}>
        <option value="">Unassigned</option>
        {members?.map((m) => <option key={m.userId} value={m.userId}>{m.displayName}</option>)}
      </select>{' '}
      <button type="button" className="button button-secondary button-small" disabled={!members || busy || choice === (task.assigneeId ?? '')} onClick={() => void assign()}>
        Assign<span className="visually-hidden"> “{task.label}”</span>
      </button>
    </div>
  );
}
