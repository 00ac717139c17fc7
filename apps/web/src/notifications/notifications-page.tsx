import { Link } from 'react-router';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications, type NotificationItem } from '../api/hooks';
import { mayUse } from '../app/roles';
import { useUser } from '../app/session';
import { ProblemSummary } from '../ui/error-summary';
import { Button, formatDate, Loading, Table, Tag, type TagColour } from '../ui/parts';

const KIND: Record<string, { label: string; colour: TagColour }> = {
  reminder: { label: 'Reminder', colour: 'blue' }, escalation: { label: 'Escalation', colour: 'orange' }, overdue: { label: 'Overdue', colour: 'red' }, action: { label: 'Notice', colour: 'grey' },
};

/** /notifications — the signed-in user's reminders and escalations, newest first; read one or all. */
export function NotificationsPage() {
  const user = useUser();
  const { data, error, isPending } = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const seesRequests = mayUse(user.roles, '/requests');

  return (
    <>
      <h1>Notifications</h1>
      <p>Reminders and escalations from the requests you work on. <Link to="/account/notifications">Choose how they reach you by email</Link>.</p>
      <ProblemSummary error={error ?? markRead.error ?? markAll.error} />
      {isPending && <Loading what="your notifications" />}
      {data && (
        <>
          <p role="status">{data.unread === 0 ? 'You have no unread notifications.' : `You have ${data.unread} unread notification${data.unread === 1 ? '' : 's'}.`}</p>
          {data.unread > 0 && <p><Button variant="secondary" onClick={() => markAll.mutate()} disabled={markAll.isPending}>Mark all as read</Button></p>}
          {data.items.length ? (
            <Table caption="Your latest 100 notifications, newest first" captionHidden head={['Notification', 'When', 'Request', '']}>
              {data.items.map((n) => <Row key={n.id} n={n} seesRequests={seesRequests} onRead={() => markRead.mutate(n.id)} busy={markRead.isPending} />)}
            </Table>
          ) : <p>Nothing yet.</p>}
        </>
      )}
    </>
  );
}

function Row({ n, seesRequests, onRead, busy }: { n: NotificationItem; seesRequests: boolean; onRead: () => void; busy: boolean }) {
  const kind = KIND[n.kind] ?? KIND.action;
  return (
    <tr className={`nhsuk-table__row${n.readAt ? '' : ' app-unread'}`}>
      <td className="nhsuk-table__cell">
        <Tag colour={kind.colour}>{kind.label}</Tag> {n.readAt ? n.message : <strong>{n.message}</strong>}
        {!n.readAt && <span className="nhsuk-u-visually-hidden"> (unread)</span>}
      </td>
      <td className="nhsuk-table__cell">{formatDate(n.createdAt)}</td>
      <td className="nhsuk-table__cell">{n.requestId && seesRequests ? <Link to={`/requests/${encodeURIComponent(n.requestId)}`}>Open the request</Link> : '—'}</td>
      <td className="nhsuk-table__cell">
        {n.readAt ? <span className="nhsuk-body-s">Read</span> : (
          <Button variant="secondary" small onClick={onRead} disabled={busy}>Mark as read<span className="nhsuk-u-visually-hidden">: {n.message}</span></Button>
        )}
      </td>
    </tr>
  );
}
