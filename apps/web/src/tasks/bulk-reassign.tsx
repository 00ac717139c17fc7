import { useState } from 'react';
import type { ReassignResult } from '@sendflow/domain';
import { useReassignTasks, useStaff } from '../api/hooks';
import { errorText } from '../api/http';
import type { SessionUser, TaskListItem } from '../api/types';
import { Table } from '../ui/parts';

/**
 * Moving many tasks at once (POST /api/tasks/reassign): the selected rows to one person, or every
 * open task someone holds (someone away) to another. The API checks each task as one assignment;
 * the answer per task is shown, a failure on one does not stop the others.
 */
export function BulkReassign({ user, tasks, selected, onDone }: {
  user: SessionUser; tasks: TaskListItem[]; selected: string[]; onDone: (message: string) => void;
}) {
  // Whose names to offer: the lead's service's members, or (coordinator) the people of the tasks' service or role.
  const first = tasks.find((t) => selected.includes(t.id)) ?? tasks[0];
  const by = user.services.length && !user.roles.includes('coordinator') ? { service: user.services[0] }
    : first.serviceScoped && first.serviceCode ? { service: first.serviceCode } : { role: first.role ?? 'practitioner' };
  const staff = useStaff(by).data ?? [];
  const reassign = useReassignTasks();
  const [to, setTo] = useState('');
  const [from, setFrom] = useState('');
  const [results, setResults] = useState<ReassignResult | null>(null);
  const name = (id: string | null) => (id ? staff.find((s) => s.userId === id)?.displayName ?? 'them' : 'the queue');
  const label = (taskId: string) => tasks.find((t) => t.id === taskId)?.label ?? taskId;

  async function move(body: { taskIds: string[] } | { fromUserId: string }) {
    setResults(null);
    try {
      const r = await reassign.mutateAsync({ ...body, toUserId: to || null });
      setResults(r);
      onDone(`${r.moved} task${r.moved === 1 ? '' : 's'} moved to ${name(to || null)}${r.failed ? `; ${r.failed} could not be moved` : ''}.`);
    } catch { /* shown from reassign.error */ }
  }

  return (
    <section className="nhsuk-card app-bulk" aria-labelledby="bulk-heading">
      <div className="nhsuk-card__content">
        <h2 id="bulk-heading" className="nhsuk-heading-s">Move tasks to someone else</h2>
        {reassign.error && <p className="nhsuk-error-message">{errorText(reassign.error)}</p>}
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="bulk-to">Give them to</label>
          <select className="nhsuk-select" id="bulk-to" value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Nobody (back to the queue)</option>
            {staff.map((s) => <option key={s.userId} value={s.userId}>{s.displayName}</option>)}
          </select>
        </div>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!selected.length || reassign.isPending}
          onClick={() => void move({ taskIds: selected })}>
          Move the {selected.length} selected task{selected.length === 1 ? '' : 's'}
        </button>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="bulk-from">Or move all open tasks of</label>
          <select className="nhsuk-select" id="bulk-from" value={from} onChange={(e) => setFrom(e.target.value)}>
            <option value="">Choose a person</option>
            {staff.map((s) => <option key={s.userId} value={s.userId}>{s.displayName}</option>)}
          </select>
        </div>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={!from || from === to || reassign.isPending}
          onClick={() => void move({ fromUserId: from })}>
          Move all open tasks of {from ? name(from) : 'this person'}
        </button>
        {results && (
          <Table caption="What happened to each task" head={['Task', 'Result']}>
            {results.results.map((r) => (
              <tr className="nhsuk-table__row" key={r.taskId}>
                <td className="nhsuk-table__cell">{label(r.taskId)}</td>
                <td className="nhsuk-table__cell">{r.status === 'moved' ? 'Moved' : `Not moved: ${r.message ?? r.status}`}</td>
              </tr>
            ))}
          </Table>
        )}
      </div>
    </section>
  );
}
