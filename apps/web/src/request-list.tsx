import { useState } from 'react';
import { api, formatDate, type RequestSummary, type SessionUser } from './api-client';
import { ErrorSummary } from './error-summary';
import { NewRequestForm } from './new-request-form';
import { usePoll } from './use-poll';

export const statusText = (s: string) => s.replace(/[_.]/g, ' ');

export function RequestList({ user }: { user: SessionUser }) {
  const { data, error, reload } = usePoll(() => api<{ items: RequestSummary[]; nextCursor: string | null }>('/requests?limit=200'), 'requests');
  const isCoordinator = user.roles.includes('coordinator');
  const [created, setCreated] = useState<RequestSummary | null>(null);

  return (
    <>
      <h1>Requests</h1>
      {created && (
        <p className="notice" role="status">
          Request <a href={`#/requests/${created.id}`}>{created.laReference}</a> saved. It is due on {formatDate(created.statutoryDueDate)}.
        </p>
      )}
      {isCoordinator && <NewRequestForm onCreated={(r) => { setCreated(r); void reload(); }} />}
      <ErrorSummary message={error} />
      {!data && !error && <p>Loading requests…</p>}
      {data && (
        <table>
          <caption>{data.nextCursor ? `The first ${data.items.length} open requests, earliest due first` : `${data.items.length} open request${data.items.length === 1 ? '' : 's'}, earliest due first`}</caption>
          <thead>
            <tr>
              <th scope="col">LA reference</th>
              <th scope="col">Child</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <tr key={r.id}>
                <td><a href={`#/requests/${r.id}`}>{r.laReference}</a> <span className="hint">{r.localAuthorityCode}</span></td>
                <td>{r.child.givenName} {r.child.familyName}</td>
                <td><span className="tag">{statusText(r.status)}</span></td>
                <td>
                  {formatDate(r.statutoryDueDate)}
                  {r.overdue && <> <strong className="tag tag-red">Overdue</strong></>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
