import { useState } from 'react';
import { api, formatDate, type RequestDetail, type SessionUser } from './api-client';
import { DeadlineSummary, RecordExceptionForm, type RecordedDeadlineException } from './deadline-exceptions';
import { ErrorSummary } from './error-summary';
import { statusText } from './request-list';
import { AssignControl, assigneeText, mayAssign, type AssignableTask } from './task-assignment';
import { usePoll } from './use-poll';

/** The detail answer's deadline and assignment fields, beyond the list's shape. */
interface RequestWithDeadline extends Omit<RequestDetail, 'tasks' | 'deadlineExplanation'> {
  baseDueDate: string | null;
  deadlineExceptions: RecordedDeadlineException[];
  deadlineExplanation: { rule: string; text: string; date?: string; ref?: string }[];
  tasks: AssignableTask[];
}

const CLOSED = ['returned', 'not_known', 'cancelled'];

export function RequestDetailView({ id, user }: { id: string; user?: SessionUser }) {
  const { data: r, error, reload } = usePoll(() => api<RequestWithDeadline>(`/requests/${encodeURIComponent(id)}`), id, 4000);
  const [notice, setNotice] = useState<string | null>(null);
  const isCoordinator = !!user?.roles.includes('coordinator');

  return (
    <>
      <p><a href="#/requests">Back to requests</a></p>
      <ErrorSummary message={error} />
      {!r && !error && <p>Loading request…</p>}
      {r && (
        <>
          <h1>{r.laReference} <span className="hint">{r.localAuthorityCode}</span></h1>
          {notice && <p className="notice" role="status">{notice}</p>}
          <dl className="summary-list">
            <div><dt>Child</dt><dd>{r.child.givenName} {r.child.familyName}</dd></div>
            <div><dt>Date of birth</dt><dd>{formatDate(r.child.dateOfBirth)}</dd></div>
            <div><dt>Status</dt><dd><span className="tag">{statusText(r.status)}</span></dd></div>
            <div><dt>Received</dt><dd>{formatDate(r.receivedAt)}</dd></div>
            <div>
              <dt>Statutory due date</dt>
              <dd>{formatDate(r.statutoryDueDate)}{r.overdue && <> <strong className="tag tag-red">Overdue</strong></>}</dd>
            </div>
            <div><dt>Services</dt><dd>{r.allocatedServices?.length ? r.allocatedServices.join(', ') : 'None allocated yet'}</dd></div>
          </dl>

          <section aria-labelledby="why-due">
            <h2 id="why-due">Why is this due on {formatDate(r.statutoryDueDate)}?</h2>
            <ul>
              {r.deadlineExplanation?.map((s, i) => <li key={`${s.rule}-${i}`}>{s.text}{s.ref && <span className="hint"> ({s.ref})</span>}</li>)}
            </ul>
          </section>

          <DeadlineSummary baseDueDate={r.baseDueDate} statutoryDueDate={r.statutoryDueDate} exceptions={r.deadlineExceptions ?? []} />
          {isCoordinator && !CLOSED.includes(r.status) && (
            <RecordExceptionForm requestId={r.id} onRecorded={(due) => {
              setNotice(`Exception recorded. The request is now due on ${formatDate(due)}.`);
              void reload();
            }} />
          )}

          <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">Tasks</h2>
            <p><a href={`#/tasks?requestId=${encodeURIComponent(r.id)}`}>My tasks for this request</a></p>
            {r.tasks?.length ? (
              <table>
                <thead>
                  <tr><th scope="col">Task</th><th scope="col">Service</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Due</th><th scope="col">Assigned to</th></tr>
                </thead>
                <tbody>
                  {r.tasks.map((t) => (
                    <tr key={t.id}>
                      <td>{t.label}{t.attempt > 1 && <span className="hint"> (attempt {t.attempt})</span>}</td>
                      <td>{t.serviceCode ?? '—'}</td>
                      <td>{t.status}</td>
                      <td>{t.outcome ?? '—'}</td>
                      <td>{formatDate(t.dueDate)}</td>
                      <td>
                        <span className="assignee">{assigneeText(user, t)}</span>
                        {mayAssign(user, t) && <AssignControl task={t} onAssigned={(m) => { setNotice(m); void reload(); }} />}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : <p>No tasks yet.</p>}
          </section>

          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <ol className="timeline">
              {r.timeline?.map((e) => (
                <li key={e.id}><span className="hint">{formatDate(e.at)}</span> {e.summary}</li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}
