import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { maySeeTask } from '@sendflow/domain';
import { documentUrl, useRequest } from '../api/hooks';
import type { RequestDetail, RequestDetailTask, Task } from '../api/types';
import { useUser } from '../app/session';
import { mayUse } from '../app/roles';
import { AssignControl, assigneeText, mayAssign } from '../tasks/task-assignment';
import { ProblemSummary } from '../ui/error-summary';
import { BackLink, formatDate, humanise, Loading, NotificationBanner, SummaryList, Table, Tag, type TagColour } from '../ui/parts';
import { DeadlineSummary, RecordExceptionForm } from './deadline-exceptions';
import { AttachDocuments, formatSize } from './attach-documents';
import { daysLeftText, RAG_LABEL } from './rag-reason';
import { RequestDocuments } from './request-documents';
import { RequestIncidents } from './request-incidents';
import { StatusTag } from './status';

const CLOSED = ['returned', 'not_known', 'cancelled'];
const RAG_TAG: Record<string, TagColour> = { red: 'red', amber: 'orange', green: 'green' };
/** The rule H-tasks' target calculation records when it pulled a task's target back to the statutory date. */
const CAPPED_RULE = 'target.capped_at_statutory_deadline';

/** /requests/:id — the child and LA, the SOP, each service's branch, every task's dates, documents, the deadline and why, the timeline. */
export function RequestDetailPage() {
  const id = useParams().id!;
  const user = useUser();
  const { data: r, error, isPending } = useRequest(id);
  const location = useLocation();
  // A notice from the page that sent us here: a new request saved, or a task opened from this page completed.
  const arrivedState = location.state as { notice?: string; done?: string } | null;
  const arrived = arrivedState?.notice ?? arrivedState?.done ?? null;
  const [notice, setNotice] = useState<string | null>(arrived);
  const isCoordinator = user.roles.includes('coordinator');

  return (
    <>
      <BackLink to="/requests">Back to requests</BackLink>
      <ProblemSummary error={error} />
      {isPending && <Loading what="the request" />}
      {r && (
        <>
          <h1>{r.child.givenName} {r.child.familyName} <span className="nhsuk-caption-l app-inline-caption">{r.laReference}, {r.localAuthority.name}</span></h1>
          {notice && <NotificationBanner success>{notice}</NotificationBanner>}
          <RequestIncidents incidents={r.incidents ?? []} />
          <SummaryList rows={[
            { key: 'Child', value: `${r.child.givenName} ${r.child.familyName}` },
            { key: 'Date of birth', value: formatDate(r.child.dateOfBirth) },
            { key: 'NHS number', value: r.child.nhsNumber ? formatNhs(r.child.nhsNumber) : 'Not given' },
            { key: 'Local authority', value: `${r.localAuthority.name} (${r.localAuthority.code})` },
            { key: 'LA reference', value: r.laReference },
            { key: 'Status', value: <StatusTag status={r.status} /> },
            { key: 'Received', value: formatDate(r.receivedAt) },
            { key: 'Statutory due date', value: <>{formatDate(r.statutoryDueDate)}{!CLOSED.includes(r.status) && <> <DaysLeft r={r} /></>}</> },
            { key: "LA's own deadline", value: r.laDueDate ? formatDate(r.laDueDate) : 'None given' },
            { key: 'SOP', value: <SopText sop={r.sop} roles={user.roles} /> },
            { key: 'Date returned', value: r.returnedAt ? formatDate(r.returnedAt) : 'Not yet' },
          ]} />

          <BranchesSection r={r} />

          <p><Link to={`/requests/${encodeURIComponent(r.id)}/flow`}>See this request on its flow</Link> (the SOP version it runs on, the path taken, current steps and what is still ahead)</p>

          <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">Tasks</h2>
            {user.roles.some((x) => ['coordinator', 'practitioner', 'service_lead'].includes(x)) && (
              <p><Link to={`/tasks?requestId=${encodeURIComponent(r.id)}`}>My tasks for this request</Link></p>
            )}
            {r.tasks.length ? (
              <Table caption="Every task on this request, with its SOP target and the statutory date" captionHidden
                head={['Task', 'Service', 'Status', 'Target date', 'Statutory due', 'Assigned to']}>
                {r.tasks.map((t) => {
                  const legacy = t as unknown as Task; // the assign control reads the task list's shape (role, serviceScoped, assigneeId)
                  return (
                    <tr className="nhsuk-table__row" key={t.id}>
                      <td className="nhsuk-table__cell">
                        {/* Open the task from here when the shared rule lets this user see it (its page shows the answer once completed). */}
                        {maySeeTask(user, legacy)
                          ? <Link to={`/tasks/${encodeURIComponent(t.id)}`} state={{ from: location.pathname }}>{t.label}</Link>
                          : t.label}
                        {t.attempt > 1 && <span className="nhsuk-body-s"> (attempt {t.attempt})</span>}
                        {t.outcome && <><br /><span className="nhsuk-body-s">Outcome: {humanise(t.outcome)}</span></>}</td>
                      <td className="nhsuk-table__cell">{t.serviceCode ?? '—'}</td>
                      <td className="nhsuk-table__cell">{humanise(t.status)}{t.status === 'open' && t.late && <> <Tag colour="orange">Past target</Tag></>}
                        {t.completedAt && <><br /><span className="nhsuk-body-s">{formatDate(t.completedAt)}{t.completedByName ? ` by ${t.completedByName}` : ''}</span></>}</td>
                      <td className="nhsuk-table__cell">{formatDate(t.dueDate)}{isCapped(t) && <><br /><span className="nhsuk-body-s">capped at the statutory date</span></>}</td>
                      <td className="nhsuk-table__cell">{formatDate(t.statutoryDueDate)}</td>
                      <td className="nhsuk-table__cell">
                        <span className="assignee">{assigneeText(user, legacy)}</span>
                        {mayAssign(user, legacy) && <AssignControl task={legacy} onAssigned={setNotice} />}
                      </td>
                    </tr>
                  );
                })}
              </Table>
            ) : <p>No tasks yet.</p>}
          </section>

          <section aria-labelledby="la-documents-heading">
            <h2 id="la-documents-heading">Documents from the LA</h2>
            {r.documents.length ? (
              <Table caption="Documents attached to this request" captionHidden head={['Document', 'Type and size', 'Attached']}>
                {r.documents.map((d) => (
                  <tr className="nhsuk-table__row" key={d.id}>
                    <td className="nhsuk-table__cell"><a href={documentUrl(r.id, d.id)} download={d.filename}>{d.filename}<span className="nhsuk-u-visually-hidden"> (download)</span></a></td>
                    <td className="nhsuk-table__cell">{d.kind.toUpperCase()}, {formatSize(d.sizeBytes)}</td>
                    <td className="nhsuk-table__cell">{formatDate(d.uploadedAt)}{d.uploadedBy.name ? ` by ${d.uploadedBy.name}` : ''}</td>
                  </tr>
                ))}
              </Table>
            ) : <p>No documents attached.</p>}
            {isCoordinator && !CLOSED.includes(r.status) && <AttachDocuments requestId={r.id} onAttached={(n) => setNotice(`${n} document${n === 1 ? '' : 's'} attached.`)} />}
          </section>

          <RequestDocuments requestId={r.id} isCoordinator={isCoordinator} returned={r.status === 'returned'}
            services={(r.allocatedServices ?? []).map((code) => ({ code, name: r.branches.find((b) => b.serviceCode === code)?.serviceName ?? code }))}
            onReopened={(v) => setNotice(`Advice reopened. Version ${v} will be issued once the services chosen have amended their advice; then check it and send it from your tasks.`)} />

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

          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            {r.timeline.length ? (
              <ol className="nhsuk-list app-timeline" reversed>
                {[...r.timeline].reverse().map((e) => (
                  <li key={e.id}>
                    <span className="nhsuk-body-s app-timeline__at">
                      {formatDate(e.at)} · {e.actorName ?? 'SENDflow (automatic)'}{e.serviceCode ? ` · ${e.serviceCode}` : ''}
                    </span>
                    {e.summary}
                  </li>
                ))}
              </ol>
            ) : <p>Nothing has happened yet.</p>}
          </section>
        </>
      )}
    </>
  );
}

function DaysLeft({ r }: { r: RequestDetail }) {
  return (
    <>
      {r.rag && <Tag colour={RAG_TAG[r.rag]}>{RAG_LABEL[r.rag]}</Tag>}{' '}
      <span className={r.rag === 'red' ? 'app-days-left--urgent' : undefined}>{daysLeftText(r.daysLeft, r.daysLeft < 0)}</span>
    </>
  );
}

/** The SOP key and version; a link to the designer's read-only view for those who may open it. */
function SopText({ sop, roles }: { sop: RequestDetail['sop']; roles: readonly string[] }) {
  const text = `${sop.name ? `${sop.name} — ` : ''}${sop.key}, version ${sop.version}`;
  return mayUse(roles, '/sops') ? <Link to={`/sops/${sop.versionId}`}>{text}</Link> : <>{text}</>;
}

function BranchesSection({ r }: { r: RequestDetail }) {
  if (!r.branches.length) {
    return (
      <section aria-labelledby="branches-heading">
        <h2 id="branches-heading">Services</h2>
        <p>No services allocated yet.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="branches-heading">
      <h2 id="branches-heading">Services</h2>
      <Table caption="Each service's part of the advice" captionHidden head={['Service', 'Stage', 'With']}>
        {r.branches.map((b) => (
          <tr className="nhsuk-table__row" key={b.serviceCode}>
            <td className="nhsuk-table__cell">{b.serviceName ?? b.serviceCode} <span className="nhsuk-body-s">({b.serviceCode})</span></td>
            <td className="nhsuk-table__cell">{b.finished ? <Tag colour="green">Finished</Tag> : (b.stage ?? '—')}</td>
            <td className="nhsuk-table__cell">{b.finished ? '—' : (b.holder?.name ?? 'Unassigned')}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

function isCapped(t: RequestDetailTask): boolean {
  return Array.isArray(t.dueExplanation) && t.dueExplanation.some((s) => s?.rule === CAPPED_RULE);
}

const formatNhs = (n: string) => n.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
