import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAuditSearch, type AuditQuery } from '../api/hooks';
import { ApiError } from '../api/http';
import { ErrorSummary, type SummaryItem } from '../ui/error-summary';
import { DateInput, datePartsToIso, isoToDateParts, TextInput, type DateParts } from '../ui/fields';
import { Button, ButtonGroup, formatDate, Loading, Table } from '../ui/parts';

const FILTERS = ['requestId', 'userId', 'action', 'from', 'to'] as const;
const idOf = (f: string) => `audit-${f}`;

/**
 * /audit — the auditor's home: the audit log, newest first, searched by request, user, action and
 * date; every filter and the page (`cursor`) are in the URL. Each search is itself audited by the API.
 */
export function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const query: AuditQuery = Object.fromEntries([...FILTERS, 'cursor'].map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const { data, error, isPending, isFetching } = useAuditSearch(query);
  const [from, setFrom] = useState<DateParts>(isoToDateParts(query.from));
  const [to, setTo] = useState<DateParts>(isoToDateParts(query.to));

  const problems: SummaryItem[] = error instanceof ApiError && error.issues.length
    ? error.issues.map((i) => ({ fieldId: (FILTERS as readonly string[]).includes(i.field) ? idOf(i.field) : null, message: i.message }))
    : error ? [{ fieldId: error instanceof ApiError && /^to:/.test(error.message) ? idOf('to') : null, message: error.message }] : [];
  const errorOf = (f: string) => problems.find((p) => p.fieldId === idOf(f))?.message;

  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const f of ['requestId', 'userId', 'action'] as const) {
      const v = String(form.get(f) ?? '').trim();
      if (v) next.set(f, v);
    }
    if (datePartsToIso(from)) next.set('from', datePartsToIso(from));
    if (datePartsToIso(to)) next.set('to', datePartsToIso(to));
    setParams(next);
  }
  const pageLink = (cursor: string) => { const next = new URLSearchParams(params); next.set('cursor', cursor); return `?${next.toString()}`; };
  const firstPage = () => { const next = new URLSearchParams(params); next.delete('cursor'); return `?${next.toString()}`; };

  return (
    <>
      <h1>Audit log</h1>
      <p>Every read of a child’s record, every change and every sign-in, newest first. Your searches are recorded too.</p>
      <ErrorSummary items={problems} focusKey={error} />
      <form role="search" aria-label="Search the audit log" className="nhsuk-card app-card-form" onSubmit={search} noValidate key={params.toString()}>
        <div className="nhsuk-card__content">
          <div className="app-filter-grid">
            <TextInput id={idOf('requestId')} name="requestId" label="Request id" defaultValue={query.requestId} error={errorOf('requestId')} spellCheck={false} />
            <TextInput id={idOf('userId')} name="userId" label="User id" hint="Or system, anonymous" defaultValue={query.userId} error={errorOf('userId')} spellCheck={false} />
            <TextInput id={idOf('action')} name="action" label="Action" hint="For example request.read" defaultValue={query.action} error={errorOf('action')} spellCheck={false} />
          </div>
          <div className="app-filter-grid">
            <DateInput id={idOf('from')} legend="From" value={from} onChange={setFrom} error={errorOf('from')} />
            <DateInput id={idOf('to')} legend="To" value={to} onChange={setTo} error={errorOf('to')} />
          </div>
          <ButtonGroup>
            <Button type="submit">Search</Button>
            <Link className="nhsuk-button nhsuk-button--secondary" to="/audit">Clear filters</Link>
          </ButtonGroup>
        </div>
      </form>
      {isPending && <Loading what="the audit log" />}
      {data && (
        <>
          <Table caption={`${data.items.length} entr${data.items.length === 1 ? 'y' : 'ies'}${query.cursor ? ' (a later page)' : ''}${isFetching ? ', updating…' : ''}`}
            head={['When', 'Who', 'Action', 'What', 'Request']}>
            {data.items.map((a) => (
              <tr className="nhsuk-table__row" key={a.id}>
                <td className="nhsuk-table__cell app-nowrap">{formatDate(a.at)}</td>
                <td className="nhsuk-table__cell">{a.actor.displayName ?? a.actor.id}{a.actor.email && <><br /><span className="nhsuk-body-s">{a.actor.email}</span></>}</td>
                <td className="nhsuk-table__cell"><Link to={`?action=${encodeURIComponent(a.action)}`}>{a.action}</Link></td>
                <td className="nhsuk-table__cell">{a.entity}{a.entityId && <span className="nhsuk-body-s"> {a.entityId}</span>}</td>
                <td className="nhsuk-table__cell">{a.requestId ? <Link to={`?requestId=${a.requestId}`}>{a.requestId.slice(0, 8)}<span className="nhsuk-u-visually-hidden"> (show entries for this request)</span></Link> : '—'}</td>
              </tr>
            ))}
          </Table>
          <nav className="nhsuk-pagination" role="navigation" aria-label="Pagination">
            <ul className="nhsuk-list nhsuk-pagination__list">
              {query.cursor && <li className="nhsuk-pagination-item--previous"><Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={firstPage()}><span className="nhsuk-pagination__title">Newest entries</span></Link></li>}
              {data.nextCursor && <li className="nhsuk-pagination-item--next"><Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={pageLink(data.nextCursor)}><span className="nhsuk-pagination__title">Older entries</span></Link></li>}
            </ul>
          </nav>
        </>
      )}
    </>
  );
}
