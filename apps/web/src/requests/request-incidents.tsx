import type { RequestDetail } from '../api/types';
import { formatDate } from '../ui/parts';

type Incident = RequestDetail['incidents'][number];

/**
 * A background step failed for this request and has not recovered (recorded by the worker in
 * activity_incidents). The request's workflow carries on, but this page may be missing what the
 * failed step would have saved, so say so before anyone acts on it, and say who can repair it.
 */
export function RequestIncidents({ incidents }: { incidents: Incident[] }) {
  if (!incidents.length) return null;
  const stuck = incidents.some((i) => i.nonRetryable);
  return (
    <div className="nhsuk-notification-banner app-incident-banner" role="region" aria-labelledby="incident-banner-title">
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="incident-banner-title">Important</h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <h3 className="nhsuk-notification-banner__heading">
          {stuck ? 'Part of this request could not be saved' : 'Part of this request is not saving yet'}
        </h3>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {incidents.map((i) => (
            <li key={i.id}>
              <strong>{i.what}</strong> failed on {formatDate(i.firstFailedAt)}
              {i.nonRetryable ? ' and cannot succeed by retrying' : `, and is still being retried (${i.attempts} attempts, last on ${formatDate(i.lastFailedAt)})`}.{' '}
              <span className="nhsuk-body-s">Reference {i.id}{i.errorCode ? `, database code ${i.errorCode}` : ''}.</span>
            </li>
          ))}
        </ul>
        <p>
          The request itself is safe and its deadlines still run, but this page may be missing tasks, dates or timeline
          entries{stuck ? '' : ' until the retry succeeds'}. Do not enter the work again.
        </p>
        <p className="nhsuk-u-margin-bottom-0">
          {stuck
            ? <>What to do: report it to the SENDflow service desk, quoting the reference{incidents.length > 1 ? 's' : ''}. The operator fixes the cause and repairs this request from its workflow history; the system's health check (<a href="/api/health">/api/health</a>) counts open incidents for them.</>
            : <>What to do: nothing yet. If this is still here in an hour, report it to the SENDflow service desk, quoting the reference{incidents.length > 1 ? 's' : ''}.</>}
        </p>
      </div>
    </div>
  );
}
