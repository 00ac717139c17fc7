import { Link, useLocation, useSearchParams } from 'react-router';
import { useAdminUsers } from '../api/hooks';
import { ProblemSummary } from '../ui/error-summary';
import { humanise, Loading, NotificationBanner, Table, Tag } from '../ui/parts';

/** /admin/users — the admin's home: everyone who can sign in, their roles and services; `?q=` filters by name or email. */
export function AdminUsersPage() {
  const { data, error, isPending } = useAdminUsers();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim().toLowerCase();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const shown = data?.filter((u) => !q || u.displayName.toLowerCase().includes(q) || u.email.includes(q));

  return (
    <>
      <h1>Users</h1>
      {notice && <NotificationBanner success>{notice}</NotificationBanner>}
      <p><Link className="nhsuk-button" to="/admin/users/new">Add a user</Link></p>
      <form role="search" className="app-filter" onSubmit={(e) => { e.preventDefault(); const v = new FormData(e.currentTarget).get('q') as string; setParams(v ? { q: v } : {}); }}>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="users-q">Find a user by name or email</label>
          <input className="nhsuk-input nhsuk-input--width-20" id="users-q" name="q" defaultValue={params.get('q') ?? ''} />{' '}
          <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">Search</button>
        </div>
      </form>
      <ProblemSummary error={error} />
      {isPending && <Loading what="users" />}
      {shown && (
        <Table caption={`${shown.length} user${shown.length === 1 ? '' : 's'}`} head={['Name', 'Email', 'Roles', 'Services', 'Status']}>
          {shown.map((u) => (
            <tr className="nhsuk-table__row" key={u.id}>
              <td className="nhsuk-table__cell"><Link to={`/admin/users/${u.id}`}>{u.displayName}</Link></td>
              <td className="nhsuk-table__cell">{u.email}</td>
              <td className="nhsuk-table__cell">{u.roles.map(humanise).join(', ')}</td>
              <td className="nhsuk-table__cell">{u.serviceCodes.join(', ') || '—'}</td>
              <td className="nhsuk-table__cell">{u.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Switched off</Tag>}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}
