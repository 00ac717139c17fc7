import { useEffect, useId, useState } from 'react';
import { mayAssignTask } from '@sendflow/domain';
import { useAssignTask, useStaff } from '../api/hooks';
import { errorText } from '../api/http';
import type { SessionUser, TaskListItem } from '../api/types';
import { ErrorMessage } from '../ui/fields';

/** The same rule the workflow's validator and the API apply (libs/domain task access): a lead their services' work, the coordinator any. */
export function mayAssign(user: SessionUser | undefined, task: TaskListItem): boolean {
  if (!user || task.status !== 'open' || !task.role) return false;
  return mayAssignTask(user, { role: task.role, serviceScoped: !!task.serviceScoped, serviceCode: task.serviceCode ?? null });
}

export function assigneeText(user: SessionUser | undefined, task: TaskListItem): string {
  if (!task.assigneeId) return task.status === 'open' ? 'Unassigned' : '—';
  if (user && task.assigneeId === user.id) return `${user.displayName} (you)`;
  return task.assigneeName ?? 'Someone no longer listed';
}

/** Choose who takes a task (its service's members holding its role, or anyone with its role), or return it to the queue. */
export function AssignControl({ task, onAssigned }: { task: TaskListItem; onAssigned: (message: string) => void }) {
  const id = useId();
  const staff = useStaff(task.serviceScoped ? { service: task.serviceCode! } : { role: task.role! });
  const members = staff.data && (task.role ? staff.data.filter((m) => m.roles.includes(task.role!)) : staff.data);
  const assign = useAssignTask();
  const [choice, setChoice] = useState(task.assigneeId ?? '');
  useEffect(() => setChoice(task.assigneeId ?? ''), [task.assigneeId]);
  const error = staff.error ?? assign.error;

  async function submit() {
    try {
      await assign.mutateAsync({ taskId: task.id, assigneeId: choice || null });
      const name = members?.find((m) => m.userId === choice)?.displayName;
      const queue = task.serviceScoped ? `anyone in ${task.serviceCode}` : `anyone with the ${task.role?.replace(/_/g, ' ')} role`;
      onAssigned(name ? `“${task.label}” assigned to ${name}.` : `“${task.label}” is unassigned: ${queue} can pick it up.`);
    } catch { /* shown from assign.error */ }
  }

  return (
    <div className={`app-assign${error ? ' nhsuk-form-group--error' : ''}`}>
      <label htmlFor={`${id}-assignee`} className="nhsuk-u-visually-hidden">Assign “{task.label}” to</label>
      <ErrorMessage id={`${id}-assignee`} error={error ? errorText(error) : undefined} />
      <select id={`${id}-assignee`} className="nhsuk-select" value={choice} onChange={(e) => setChoice(e.target.value)} disabled={!members || assign.isPending}
        aria-describedby={error ? `${id}-assignee-error` : undefined}>
        <option value="">Unassigned</option>
        {members?.map((m) => <option key={m.userId} value={m.userId}>{m.displayName}</option>)}
      </select>{' '}
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!members || assign.isPending || choice === (task.assigneeId ?? '')} onClick={() => void submit()}>
        Assign<span className="nhsuk-u-visually-hidden"> “{task.label}”</span>
      </button>
    </div>
  );
}
