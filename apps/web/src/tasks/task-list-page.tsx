import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTasks } from '../api/hooks';
import type { Task } from '../api/types';
import { useUser } from '../app/session';
import { ProblemSummary } from '../ui/error-summary';
import { formatDate, Loading, NotificationBanner, Table } from '../ui/parts';
import { AssignControl, assigneeText, mayAssign } from './task-assignment';
import { TaskForm } from './task-form';

/**
 * /tasks — open tasks the user may complete (and, for a service lead, their services' work to
 * assign). `?requestId=` narrows to one request; `?task=` is the task open in the form below.
 * `only` narrows further (the review queue shows QA review tasks).
 */
export function TaskListPage({ title = 'My tasks', only, empty = 'You have no open tasks.' }: { title?: string; only?: (t: Task) => boolean; empty?: string }) {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const requestId = params.get('requestId') ?? undefined;
  const { data: all, error, isPending } = useTasks({ requestId });
  const data = all && only ? all.filter(only) : all;
  const [done, setDone] = useState<string | null>(null);
  const selectedId = params.get('task');
  const selected = data?.find((t) => t.id === selectedId) ?? null;
  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('task', id); else next.delete('task');
    setParams(next);
  };

  return (
    <>
      <h1>{title}</h1>
      {requestId && <p>Showing tasks for one request. <Link to="?">Show all</Link> · <Link to={`/requests/${requestId}`}>View the request</Link></p>}
      {done && <NotificationBanner success>{done}</NotificationBanner>}
      <ProblemSummary error={error} />
      {isPending && <Loading what="tasks" />}
      {data && data.length === 0 && <p>{empty}</p>}
      {data && data.length > 0 && (
        <Table head={['Task', 'Service', 'Due', 'Assigned to', 'Request', <span className="nhsuk-u-visually-hidden" key="a">Action</span>]}>
          {data.map((t) => (
            <tr className={`nhsuk-table__row${t.id === selectedId ? ' app-row--selected' : ''}`} key={t.id} aria-selected={t.id === selectedId}>
              <td className="nhsuk-table__cell">{t.label}{t.attempt > 1 && <span className="nhsuk-body-s"> (attempt {t.attempt})</span>}</td>
              <td className="nhsuk-table__cell">{t.serviceCode ?? '—'}</td>
              <td className="nhsuk-table__cell">{formatDate(t.dueDate)}</td>
              <td className="nhsuk-table__cell">
                <span className="assignee">{assigneeText(user, t)}</span>
                {mayAssign(user, t) && <AssignControl task={t} onAssigned={setDone} />}
              </td>
              <td className="nhsuk-table__cell"><Link to={`/requests/${t.requestId}`}>View request<span className="nhsuk-u-visually-hidden"> for {t.label}</span></Link></td>
              <td className="nhsuk-table__cell">
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => { setDone(null); select(t.id); }}>
                  Open task: {t.label}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {selected && (
        <TaskForm key={selected.id} task={selected} onCancel={() => select(null)}
          onCompleted={(outcome) => { select(null); setDone(`“${selected.label}” completed: ${outcome}.`); }} />
      )}
      {selectedId && data && !selected && <p>That task is no longer open for you. It may have been completed or reassigned.</p>}
    </>
  );
}
