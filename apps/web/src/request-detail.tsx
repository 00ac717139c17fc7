import { api, formatDate, type RequestDetail } from './api-client';
import { ErrorSummary } from './error-summary';
import { statusText } from './request-list';
import { usePoll } from './use-poll';

export function RequestDetailView({ id }: { id: string }) {
  const { data: r, error } = usePoll(() => api<RequestDetail>(`/requests/${encodeURIComponent(id)}`), id, 4000);

  return (
    <>
      <p><a href="#/requests">Back to requests</a></p>
      <ErrorSummary message={error} />
      {!r && !error && <p>Loading request…</p>}
      {r && (
        <>
          <h1>{r.laReference} <span className="hint">{r.localAuthorityCode}</span></h1>
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
              {r.deadlineExplanation?.map((s, i) => <li key={`${s.rule}-${i}`}>{s.text}</li>)}
            </ul>
          </section>

          <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">Tasks</h2>
            <p><a href={`#/tasks?requestId=${encodeURIComponent(r.id)}`}>My tasks for this request</a></p>
            {r.tasks?.length ? (
              <table>
                <thead>
                  <tr><th scope="col">Task</th><th scope="col">Service</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Due</th></tr>
                </thead>
                <tbody>
                  {r.tasks.map((t) => (
                    <tr key={t.id}>
                      <td>{t.label}{t.attempt > 1 && <span className="hint"> (attempt {t.attempt})</span>}</td>
                      <td>{t.serviceCode ?? '—'}</td>
                      <td>{t.status}</td>
                      <td>{t.outcome ?? '—'}</td>
                      <td>{formatDate(t.dueDate)}</td>
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
                <li key={e.seq}><span className="hint">{formatDate(e.at)}</span> {e.summary}</li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}
