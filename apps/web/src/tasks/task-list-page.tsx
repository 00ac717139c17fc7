import { useState, type ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { mayAssignTask, mayClaimTask, mayReleaseTask } from '@sendflow/domain';
import { useClaimTask, useTasks, type TaskFilter } from '../api/hooks';
import { errorText } from '../api/http';
import type { SessionUser, TaskListItem } from '../api/types';
import { useUser } from '../app/session';
import { ProblemSummary } from '../ui/error-summary';
import { formatDate, Loading, NotificationBanner, Table, Tabs } from '../ui/parts';
import { BulkReassign } from './bulk-reassign';
import { AssignControl, assigneeText, mayAssign } from './task-assignment';
import { DaysLeftTag } from './task-page';

type ListedTask = TaskListItem;

const TABS = [
  { id: 'mine', label: 'My tasks' },
  { id: 'queue', label: 'Unassigned' },
  { id: 'all', label: 'All open' },
];
const FILTER: Record<string, TaskFilter['assignee']> = { mine: 'me', queue: 'unassigned', all: undefined };

/**
 * /tasks — a worker's tasks in tabs (`?tab=mine|queue|all`: the ones they hold, their services' queue,
 * everything open they can see), each opening at /tasks/:id. Claim and release per row; a service
 * lead or the coordinator assigns one task or selects many and moves them at once. `?requestId=`
 * narrows to one request. Which buttons appear is decided by libs/domain's task-access rules.
 */
export function TaskListPage() {
  const [params] = useSearchParams();
  return (
    <>
      <h1>My tasks</h1>
      {/* One request's tasks (from its page): all of them, whoever holds them. */}
      {params.get('requestId') ? <TaskTable empty="No open tasks for this request." /> : <Tabs title="Tasks" tabs={TABS}>{(tab) => <TaskTable key={tab} assignee={FILTER[tab]} empty={tab === 'queue' ? 'Nothing is waiting in your services’ queue.' : 'You have no open tasks.'}
        emptyHint={tab === 'mine' ? <QueueHint /> : undefined} />}</Tabs>}
    </>
  );
}

/** /review — the QA reviewer's queue: open quality reviews with the child, LA reference and days left. */
export function ReviewQueue() {
  return (
    <>
      <h1>Review queue</h1>
      <TaskTable form="qa_review" empty="There are no drafts waiting for review." />
    </>
  );
}

/**
 * Under an empty "My tasks": what waits unassigned (counted from the queue's first page), so a
 * practitioner whose new work nobody has handed out yet sees it from the page they land on.
 */
function QueueHint() {
  const { data } = useTasks({ assignee: 'unassigned' });
  const n = data?.items.length ?? 0;
  if (!data || n === 0) return null;
  const count = data.nextCursor ? `More than ${n} tasks are` : n === 1 ? '1 task is' : `${n} tasks are`;
  return <p>{count} waiting in your services’ queue: <Link to="?tab=queue" replace>see the unassigned tasks</Link>.</p>;
}

function TaskTable({ assignee, form, empty, emptyHint }: { assignee?: TaskFilter['assignee']; form?: string; empty: string; emptyHint?: ReactNode }) {
  const user = useUser();
  const [params] = useSearchParams();
  const location = useLocation();
  const requestId = params.get('requestId') ?? undefined;
  // Pages of 50 in due-date order; the page is in the URL (`cursor`), so a reload or a link shows the same tasks.
  const cursor = params.get('cursor') ?? undefined;
  const { data: page, error, isPending } = useTasks({ requestId, assignee, form, cursor });
  const data = page?.items;
  const pageHref = (next: string | null) => {
    const p = new URLSearchParams(params);
    if (next) p.set('cursor', next); else p.delete('cursor');
    return `?${p.toString()}`;
  };
  const [done, setDone] = useState<string | null>((location.state as { done?: string } | null)?.done ?? null);
  const [selected, setSelected] = useState<string[]>([]);
  const claim = useClaimTask();
  const selectable = (data ?? []).filter((t) => mayAssign(user, t));

  async function take(t: ListedTask, release: boolean) {
    setDone(null);
    try {
      await claim.mutateAsync({ taskId: t.id, release });
      setDone(release ? `“${t.label}” is back in the queue.` : `You now hold “${t.label}”.`);
    } catch { /* shown from claim.error */ }
  }

  return (
    <>
      {requestId && <p>Showing tasks for one request. <Link to="?">Show all</Link> · <Link to={`/requests/${requestId}`}>View the request</Link></p>}
      {done && <NotificationBanner success>{done}</NotificationBanner>}
      <ProblemSummary error={error ?? claim.error} />
      {isPending && <Loading what="tasks" />}
      {data && data.length === 0 && <><p>{empty}</p>{emptyHint}</>}
      {data && data.length > 0 && (
        <Table captionHidden caption="Open tasks" head={[
          ...(selectable.length ? [<span className="nhsuk-u-visually-hidden" key="s">Select</span>] : []),
          'Task', 'Child', 'LA reference', 'Days left', 'Target', 'Held by', <span className="nhsuk-u-visually-hidden" key="a">Actions</span>,
        ]}>
          {data.map((t) => (
            <tr className="nhsuk-table__row" key={t.id}>
              {selectable.length > 0 && (
                <td className="nhsuk-table__cell">
                  {mayAssign(user, t) && (
                    <div className="nhsuk-checkboxes nhsuk-checkboxes--small"><div className="nhsuk-checkboxes__item">
                      <input className="nhsuk-checkboxes__input" type="checkbox" id={`sel-${t.id}`} checked={selected.includes(t.id)}
                        onChange={(e) => setSelected(e.target.checked ? [...selected, t.id] : selected.filter((x) => x !== t.id))} />
                      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`sel-${t.id}`}><span className="nhsuk-u-visually-hidden">Select {t.label} for {t.request?.laReference}</span></label>
                    </div></div>
                  )}
                </td>
              )}
              <td className="nhsuk-table__cell">
                <Link to={`/tasks/${t.id}`} state={{ from: `${location.pathname}${location.search}` }}>{t.label}{t.serviceCode ? ` (${t.serviceCode})` : ''}</Link>
                {t.attempt > 1 && <span className="nhsuk-body-s"> attempt {t.attempt}</span>}
              </td>
              <td className="nhsuk-table__cell">{t.request ? `${t.request.child.givenName} ${t.request.child.familyName}` : '—'}</td>
              <td className="nhsuk-table__cell">{t.request?.laReference ?? '—'}</td>
              <td className="nhsuk-table__cell"><DaysLeftTag days={t.daysLeft} /></td>
              <td className="nhsuk-table__cell">{formatDate(t.dueDate)}</td>
              <td className="nhsuk-table__cell"><span className="assignee">{assigneeText(user, t)}</span></td>
              <td className="nhsuk-table__cell">
                <RowActions user={user} task={t} busy={claim.isPending} onTake={(release) => void take(t, release)} onAssigned={setDone} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {(cursor || page?.nextCursor) && (
        <nav className="app-pager" aria-label="Task pages">
          {cursor && <Link to={pageHref(null)}>First page</Link>}
          {page?.nextCursor && <Link to={pageHref(page.nextCursor)} rel="next">Next page</Link>}
        </nav>
      )}
      {selectable.length > 0 && (
        <BulkReassign user={user} tasks={selectable} selected={selected} onDone={(message) => { setSelected([]); setDone(message); }} />
      )}
      {claim.error && <p className="nhsuk-error-message">{errorText(claim.error)}</p>}
    </>
  );
}

function RowActions({ user, task, busy, onTake, onAssigned }: {
  user: SessionUser; task: ListedTask; busy: boolean; onTake: (release: boolean) => void; onAssigned: (m: string) => void;
}) {
  const person = { roles: user.roles, services: user.services, userId: user.id };
  const canClaim = task.assigneeId !== user.id && mayClaimTask(person, task);
  const canRelease = !!task.assigneeId && mayReleaseTask(person, task);
  return (
    <>
      {canClaim && <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy} onClick={() => onTake(false)}>Claim<span className="nhsuk-u-visually-hidden"> {task.label}</span></button>}
      {canRelease && <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy} onClick={() => onTake(true)}>Release<span className="nhsuk-u-visually-hidden"> {task.label}</span></button>}
      {mayAssignTask(person, task) && <AssignControl task={task} onAssigned={onAssigned} />}
    </>
  );
}
