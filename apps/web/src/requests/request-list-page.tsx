import { Link, useLocation } from 'react-router';
import { useLocalAuthorities, useRequests } from '../api/hooks';
import type { RequestSummary } from '../api/types';
import { useUser } from '../app/session';
import { ProblemSummary } from '../ui/error-summary';
import { formatDate, Loading, NotificationBanner, Table, Tabs, Tag } from '../ui/parts';
import { StatusTag } from './status';

const CLOSED = ['returned', 'not_known', 'cancelled'];

/** The requests list (the coordinator's home until the caseload lands): open and closed tabs in the URL. */
export function RequestListPage() {
  const user = useUser();
  const open = useRequests('open');
  const closed = useRequests('closed');
  const error = open.error ?? closed.error;
  const isPending = open.isPending || closed.isPending;
  const data = open.data && closed.data ? { items: [...open.data.items, ...closed.data.items], more: Boolean(open.data.nextCursor || closed.data.nextCursor) } : undefined;
  const las = useLocalAuthorities().data;
  const created = (useLocation().state as { created?: RequestSummary } | null)?.created;
  const laName = (code: string) => las?.find((l) => l.code === code)?.name ?? code;

  return (
    <>
      <h1>Requests</h1>
      {created && (
        <NotificationBanner success title="Request saved">
          Request <Link to={`/requests/${created.id}`}>{created.laReference}</Link> saved. It is due on {formatDate(created.statutoryDueDate)}.
        </NotificationBanner>
      )}
      {user.roles.includes('coordinator') && <p><Link className="nhsuk-button" to="/requests/new">New request</Link></p>}
      <ProblemSummary error={error} />
      {isPending && <Loading what="requests" />}
      {data && (
        <Tabs title="Requests" tabs={[{ id: 'open', label: 'Open' }, { id: 'closed', label: 'Closed' }]}>
          {(tab) => {
            const items = data.items.filter((r) => CLOSED.includes(r.status) === (tab === 'closed'));
            const more = data.more ? ' (the first 200 of each tab)' : '';
            return items.length === 0 ? <p>No {tab} requests.</p> : (
              <Table caption={`${items.length} ${tab} request${items.length === 1 ? '' : 's'}, earliest due first${more}`} head={['LA reference', 'Child', 'Status', 'Due']}>
                {items.map((r) => (
                  <tr className="nhsuk-table__row" key={r.id}>
                    <td className="nhsuk-table__cell"><Link to={`/requests/${r.id}`}>{r.laReference}</Link><br /><span className="nhsuk-body-s">{laName(r.localAuthorityCode)}</span></td>
                    <td className="nhsuk-table__cell">{r.child.givenName} {r.child.familyName}</td>
                    <td className="nhsuk-table__cell"><StatusTag status={r.status} /></td>
                    <td className="nhsuk-table__cell">{formatDate(r.statutoryDueDate)}{r.overdue && <> <Tag colour="red">Overdue</Tag></>}</td>
                  </tr>
                ))}
              </Table>
            );
          }}
        </Tabs>
      )}
    </>
  );
}
