import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useLocalAuthorities, useRequest } from '../api/hooks';
import { useUser } from '../app/session';
import { AssignControl, assigneeText, mayAssign } from '../tasks/task-assignment';
import { ProblemSummary } from '../ui/error-summary';
import { BackLink, formatDate, humanise, Loading, NotificationBanner, SummaryList, Table, Tag } from '../ui/parts';
import { DeadlineSummary, RecordExceptionForm } from './deadline-exceptions';
import { RequestDocuments } from './request-documents';
import { StatusTag } from './status';

const CLOSED = ['returned', 'not_known', 'cancelled'];

/** /requests/:id — the child, the deadline and why, statutory exceptions, tasks with who holds them, the timeline. */
export function RequestDetailPage() {
  const id = useParams().id!;
  const user = useUser();
  const { data: r, error, isPending } = useRequest(id);
  const la = useLocalAuthorities().data?.find((l) => l.code === r?.localAuthorityCode);
  const [notice, setNotice] = useState<string | null>(null);
  const isCoordinator = user.roles.includes('coordinator');

  return (
    <>
      <BackLink to="/requests">Back to requests</BackLink>
      <ProblemSummary error={error} />
      {isPending && <Loading what="the request" />}
      {r && (
        <>
          <h1>{r.laReference} <span className="nhsuk-caption-l app-inline-caption">{la?.name ?? r.localAuthorityCode}</span></h1>
          {notice && <NotificationBanner success>{notice}</NotificationBanner>}
          <SummaryList rows={[
            { key: 'Child', value: `${r.child.givenName} ${r.child.familyName}` },
            { key: 'Date of birth', value: formatDate(r.child.dateOfBirth) },
            { key: 'Status', value: <StatusTag status={r.status} /> },
            { key: 'Received', value: formatDate(r.receivedAt) },
            { key: 'Statutory due date', value: <>{formatDate(r.statutoryDueDate)}{r.overdue && <> <Tag colour="red">Overdue</Tag></>}</> },
            { key: 'Services', value: r.allocatedServices?.length ? r.allocatedServices.join(', ') : 'None allocated yet' },
            { key: 'Date returned', value: r.returnedAt ? formatDate(r.returnedAt) : 'Not yet' },
          ]} />

          <section aria-labelledby="why-due">
            <h2 id="why-due">Why is this due on {formatDate(r.statutoryDueDate)}?</h2>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {r.deadlineExplanation?.map((s, i) => <li key={`${s.rule}-${i}`}>{s.text}{s.ref && <span className="nhsuk-body-s"> ({s.ref})</span>}</li>)}
            </ul>
          </section>

          <DeadlineSummary baseDueDate={r.baseDueDate} statutoryDueDate={r.statutoryDueDate} exceptions={r.deadlineExceptions ?? []} />
          {isCoordinator && !CLOSED.includes(r.status) && (
            <RecordExceptionForm requestId={r.id} onRecorded={(due) => setNotice(`Exception recorded. The request is now due on ${formatDate(due)}.`)} />
          )}

          <RequestDocuments requestId={r.id} isCoordinator={isCoordinator} />

          <p><Link to={`/requests/${encodeURIComponent(r.id)}/flow`}>See this request on its flow</Link> (the SOP version it runs on, the path taken, current steps and what is still ahead)</p>

          <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">Tasks</h2>
            {user.roles.some((x) => ['coordinator', 'practitioner', 'service_lead'].includes(x)) && (
              <p><Link to={`/tasks?requestId=${encodeURIComponent(r.id)}`}>My tasks for this request</Link></p>
            )}
            {r.tasks?.length ? (
              <Table head={['Task', 'Service', 'Status', 'Outcome', 'Due', 'Assigned to']}>
                {r.tasks.map((t) => (
                  <tr className="nhsuk-table__row" key={t.id}>
                    <td className="nhsuk-table__cell">{t.label}{t.attempt > 1 && <span className="nhsuk-body-s"> (attempt {t.attempt})</span>}</td>
                    <td className="nhsuk-table__cell">{t.serviceCode ?? '—'}</td>
                    <td className="nhsuk-table__cell">{humanise(t.status)}</td>
                    <td className="nhsuk-table__cell">{t.outcome ? humanise(t.outcome) : '—'}</td>
                    <td className="nhsuk-table__cell">{formatDate(t.dueDate)}</td>
                    <td className="nhsuk-table__cell">
                      <span className="assignee">{assigneeText(user, t)}</span>
                      {mayAssign(user, t) && <AssignControl task={t} onAssigned={setNotice} />}
                    </td>
                  </tr>
                ))}
              </Table>
            ) : <p>No tasks yet.</p>}
          </section>

          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <ol className="nhsuk-list app-timeline">
              {r.timeline?.map((e) => (
                <li key={e.id}><span className="nhsuk-body-s app-timeline__at">{formatDate(e.at)}</span> {e.summary}</li>
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}
