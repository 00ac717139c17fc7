import { useState } from 'react';
import { api, formatDate, type SessionUser } from './api-client';
import { ErrorSummary } from './error-summary';
import { AssignControl, assigneeText, mayAssign, type AssignableTask } from './task-assignment';
import { TaskForm } from './task-form';
import { usePoll } from './use-poll';

/** Open tasks the acting user may complete (and, for a service lead, their services' work to assign), optionally for one request. */
export function TaskList({ requestId, user }: { requestId?: string; user?: SessionUser }) {
  const query = requestId ? `?requestId=${encodeURIComponent(requestId)}` : '';
  const { data, error, reload } = usePoll(() => api<AssignableTask[]>(`/tasks${query}`), query);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const selected = data?.find((t) => t.id === selectedId) ?? null;

  return (
    <>
      <h1>My tasks</h1>
      {requestId && <p>Showing tasks for one request. <a href="#/tasks">Show all my tasks</a> · <a href={`#/requests/${requestId}`}>View the request</a></p>}
      {done && <p className="notice" role="status">{done}</p>}
      <ErrorSummary message={error} />
      {!data && !error && <p>Loading tasks…</p>}
      {data && data.length === 0 && <p>You have no open tasks.</p>}
      {data && data.length > 0 && (
        <table>
          <thead>
            <tr><th scope="col">Task</th><th scope="col">Service</th><th scope="col">Due</th><th scope="col">Assigned to</th><th scope="col">Request</th><th scope="col"><span className="visually-hidden">Action</span></th></tr>
          </thead>
          <tbody>
            {data.map((t) => (
              <tr key={t.id} aria-selected={t.id === selectedId}>
                <td>{t.label}{t.attempt > 1 && <span className="hint"> (attempt {t.attempt})</span>}</td>
                <td>{t.serviceCode ?? '—'}</td>
                <td>{formatDate(t.dueDate)}</td>
                <td>
                  <span className="assignee">{assigneeText(user, t)}</span>
                  {mayAssign(user, t) && <AssignControl task={t} onAssigned={(m) => { setDone(m); void reload(); }} />}
                </td>
                <td><a href={`#/requests/${t.requestId}`}>View request</a></td>
                <td>
                  <button type="button" className="button button-secondary" onClick={() => { setDone(null); setSelectedId(t.id); }}>
                    Open task: {t.label}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && (
        <TaskForm
          key={selected.id}
          task={selected}
          onCancel={() => setSelectedId(null)}
          onCompleted={(outcome) => {
            setSelectedId(null);
            setDone(`“${selected.label}” completed: ${outcome}.`);
            void reload();
          }}
        />
      )}
    </>
  );
}
