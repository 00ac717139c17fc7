import { type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { RAG_COLOURS, type RagColour } from '@sendflow/domain';
import { type CaseloadQuery, type CreateResult, useCaseload, useLocalAuthorities, useServices, useSettings, useStages } from '../api/hooks';
import type { CaseloadItem } from '../api/types';
import { useUser } from '../app/session';
import { ProblemSummary } from '../ui/error-summary';
import { formatDate, Loading, NotificationBanner, Table, Tag, type TagColour } from '../ui/parts';
import { daysLeftText, RAG_LABEL, ragMeaning, ragReason } from './rag-reason';
import { StatusTag } from './status';

/** The caseload's URL parameters: the API's own names, so the URL is the query (`?colour=red&service=SLT&q=smith`). */
const FILTERS = ['localAuthorityCode', 'service', 'stage', 'colour', 'assignee', 'overdue', 'q'] as const;
const SORTS = [
  { id: 'dueDate', label: 'Statutory due date' },
  { id: 'daysLeft', label: 'Days left' },
  { id: 'received', label: 'Received' },
  { id: 'laReference', label: 'LA reference' },
] as const;
const RAG_TAG: Record<RagColour, TagColour> = { red: 'red', amber: 'orange', green: 'green' };
const PAGE_SIZE = '50';

/** /requests — the coordinator's caseload: what is due, how soon, and with whom. */
export function RequestListPage() {
  const user = useUser();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const tab = params.get('tab') === 'closed' ? 'closed' : 'open';
  const query: CaseloadQuery = { status: tab, limit: PAGE_SIZE };
  for (const k of [...FILTERS, 'sort', 'order', 'cursor'] as const) { const v = params.get(k); if (v) query[k] = v; }
  const { data, error, isPending, isPlaceholderData } = useCaseload(query);
  const las = useLocalAuthorities().data ?? [];
  const services = useServices().data ?? [];
  const settings = useSettings().data;
  const thresholds = data?.thresholds ?? settings?.ragThresholds;
  // The steps of the published SOP versions (a trust's own SOP too); a label two SOPs share for different steps says which step.
  const stageList = useStages().data ?? [];
  const stages = stageList.map((s) => ({ value: s.stage, label: stageList.some((o) => o !== s && o.label === s.label) ? `${s.label} (${s.stage})` : s.label }));
  const arrived = useLocation().state as { created?: CreateResult; attached?: number } | null;
  const created = arrived?.created;
  const attached = arrived?.attached ?? 0;

  /** A link to this page with some parameters changed; any change but paging goes back to page one. */
  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v === null || v === '') next.delete(k); else next.set(k, v); }
    if (!('cursor' in changes)) next.delete('cursor');
    const s = next.toString();
    return s ? `?${s}` : '?';
  };
  const applyFilters = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const changes: Record<string, string | null> = {};
    for (const k of FILTERS) if (k !== 'colour') changes[k] = String(form.get(k) ?? '').trim() || null;
    navigate(hrefWith(changes));
  };
  const filtered = FILTERS.some((k) => params.get(k));
  const sort = params.get('sort') ?? 'dueDate';
  const order = params.get('order') ?? 'asc';
  const colour = params.get('colour');

  return (
    <>
      <h1>Requests</h1>
      {created && (
        <NotificationBanner success title={created.existing ? 'Already recorded' : 'Request saved'}>
          Request <Link to={`/requests/${created.request.id}`}>{created.request.laReference}</Link> {created.existing ? 'was already recorded for this child' : 'saved'}. It is due on {formatDate(created.request.statutoryDueDate)}.
          {attached > 0 && ` ${attached} document${attached === 1 ? '' : 's'} attached.`}
        </NotificationBanner>
      )}
      {user.roles.includes('coordinator') && <p><Link className="nhsuk-button nhsuk-u-margin-bottom-3" to="/requests/new">New request</Link></p>}

      <nav className="app-caseload-tabs" aria-label="Open or closed requests">
        {(['open', 'closed'] as const).map((t) => (
          <Link key={t} className={`app-caseload-tab${t === tab ? ' app-caseload-tab--selected' : ''}`} aria-current={t === tab ? 'page' : undefined}
            to={hrefWith({ tab: t === 'open' ? null : t, colour: null })}>{t === 'open' ? 'Open' : 'Closed'}</Link>
        ))}
      </nav>

      {tab === 'open' && (
        <ul className="app-rag-counts" aria-label="Open requests by colour (choose one to show only those)">
          {RAG_COLOURS.map((c) => {
            const selected = colour === c;
            return (
              <li key={c}>
                <Link className={`app-rag-count app-rag-count--${c}${selected ? ' app-rag-count--selected' : ''}`} aria-current={selected ? 'true' : undefined}
                  to={hrefWith({ colour: selected ? null : c })}>
                  <span className="app-rag-count__number">{data?.counts ? data.counts[c] : '–'}</span>
                  <span className="app-rag-count__label">{RAG_LABEL[c]}{selected ? ' (showing only these)' : ''}</span>
                  <span className="app-rag-count__meaning">{thresholds ? ragMeaning(c, thresholds) : ''}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}

      <details className="nhsuk-details app-caseload-filters" open={filtered || undefined}>
        <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">Search and filter{filtered ? ' (filters on)' : ''}</span></summary>
        <div className="nhsuk-details__text">
          {/* keyed by the URL so the fields show what the URL says after back/forward */}
          <form key={params.toString()} onSubmit={applyFilters} role="search" aria-label="Caseload">
            <div className="app-filter-grid">
              <Field id="f-q" label="Search" hint="LA reference, child's name or NHS number">
                <input className="nhsuk-input" id="f-q" name="q" type="search" defaultValue={params.get('q') ?? ''} aria-describedby="f-q-hint" autoComplete="off" />
              </Field>
              <Choose id="f-la" name="localAuthorityCode" label="Local authority" value={params.get('localAuthorityCode')} options={las.map((l) => ({ value: l.code, label: l.name }))} />
              <Choose id="f-service" name="service" label="Service" value={params.get('service')} options={services.map((s) => ({ value: s.code, label: s.name }))} />
              <Choose id="f-stage" name="stage" label="Stage" value={params.get('stage')} options={stages} />
              <Choose id="f-assignee" name="assignee" label="Held by" value={params.get('assignee')}
                options={[{ value: user.id, label: 'Me' }, { value: 'unassigned', label: 'Nobody (waiting in a queue)' }]} />
              <Choose id="f-overdue" name="overdue" label="Statutory date" value={params.get('overdue')}
                options={[{ value: 'true', label: 'Overdue only' }, { value: 'false', label: 'Not overdue' }]} />
            </div>
            <div className="nhsuk-button-group">
              <button type="submit" className="nhsuk-button nhsuk-button--secondary">Apply</button>
              {filtered && <Link className="nhsuk-link" to={hrefWith(Object.fromEntries(FILTERS.map((k) => [k, null])))}>Clear search and filters</Link>}
            </div>
          </form>
        </div>
      </details>

      <ProblemSummary error={error} />
      {isPending && <Loading what="the caseload" />}
      {data && (
        <div aria-busy={isPlaceholderData || undefined}>
          <p className="nhsuk-body-s app-caseload-sort">
            Sort by{' '}
            {SORTS.map((s, i) => (
              <span key={s.id}>
                {i > 0 && ' · '}
                {s.id === sort
                  ? <Link to={hrefWith({ sort: s.id, order: order === 'asc' ? 'desc' : 'asc' })} aria-current="true"><strong>{s.label} {order === 'asc' ? '↑' : '↓'}</strong><span className="nhsuk-u-visually-hidden"> (sorted {order === 'asc' ? 'ascending' : 'descending'}; choose to reverse)</span></Link>
                  : <Link to={hrefWith({ sort: s.id, order: 'asc' })}>{s.label}</Link>}
              </span>
            ))}
          </p>
          {data.items.length === 0 ? (
            <p>{filtered || colour ? `No ${tab} requests match.` : `No ${tab} requests.`}</p>
          ) : (
            <Table caption={captionFor(tab, data.items.length, colour, filtered, params.get('cursor'))}
              head={tab === 'open'
                ? ['Colour', 'Request', 'Child', 'Stage and who has it', 'Services', 'Statutory due', 'LA deadline', 'Days left']
                : ['Status', 'Request', 'Child', 'Services', 'Statutory due', 'Returned', 'Days left']}>
              {data.items.map((r) => tab === 'open'
                ? <OpenRow key={r.id} r={r} reason={ragReason(r, data.thresholds)} />
                : <ClosedRow key={r.id} r={r} />)}
            </Table>
          )}
          <nav className="app-pager" aria-label="Pages">
            {params.get('cursor') && <Link to={hrefWith({ cursor: null })}>First page</Link>}
            {data.nextCursor && <Link to={hrefWith({ cursor: data.nextCursor })} rel="next">Next page</Link>}
          </nav>
        </div>
      )}
    </>
  );
}

function captionFor(tab: string, n: number, colour: string | null, filtered: boolean, cursor: string | null) {
  const what = `${n} ${colour ? `${colour} ` : ''}${tab} request${n === 1 ? '' : 's'}${filtered ? ' matching the search and filters' : ''}`;
  return `${what}${cursor ? ' (a later page)' : ''}`;
}

function OpenRow({ r, reason }: { r: CaseloadItem; reason: string }) {
  const holders = r.openTasks.map((t) => t.holder?.name ?? null);
  const holderText = holders.length === 0 ? '—' : [...new Set(holders.map((h) => h ?? 'Unassigned'))].join(', ');
  const urgent = r.rag === 'red';
  return (
    <tr className={`nhsuk-table__row app-rag-row app-rag-row--${r.rag ?? 'none'}`}>
      <td className="nhsuk-table__cell">
        {r.rag && <Tag colour={RAG_TAG[r.rag]}>{RAG_LABEL[r.rag]}</Tag>}
        <div className="nhsuk-body-s app-rag-reason">{reason}</div>
      </td>
      <td className="nhsuk-table__cell"><Link to={`/requests/${r.id}`}>{r.laReference}</Link><br /><span className="nhsuk-body-s">{r.localAuthorityName}</span></td>
      <td className="nhsuk-table__cell">{r.child.givenName} {r.child.familyName}<br /><span className="nhsuk-body-s">Born {formatDate(r.child.dateOfBirth)}</span></td>
      <td className="nhsuk-table__cell">{r.stage ?? '—'}<br /><span className="nhsuk-body-s">{holderText}</span></td>
      <td className="nhsuk-table__cell">{r.allocatedServices.length ? r.allocatedServices.join(', ') : <span className="nhsuk-body-s">Not allocated yet</span>}</td>
      <td className="nhsuk-table__cell app-nowrap">{formatDate(r.statutoryDueDate)}</td>
      <td className="nhsuk-table__cell app-nowrap">{formatDate(r.laDueDate)}</td>
      <td className={`nhsuk-table__cell app-days-left${urgent ? ' app-days-left--urgent' : ''}`}>{daysLeftText(r.daysLeft, r.overdue)}</td>
    </tr>
  );
}

function ClosedRow({ r }: { r: CaseloadItem }) {
  return (
    <tr className="nhsuk-table__row">
      <td className="nhsuk-table__cell"><StatusTag status={r.status} /></td>
      <td className="nhsuk-table__cell"><Link to={`/requests/${r.id}`}>{r.laReference}</Link><br /><span className="nhsuk-body-s">{r.localAuthorityName}</span></td>
      <td className="nhsuk-table__cell">{r.child.givenName} {r.child.familyName}</td>
      <td className="nhsuk-table__cell">{r.allocatedServices.join(', ') || '—'}</td>
      <td className="nhsuk-table__cell">{formatDate(r.statutoryDueDate)}</td>
      <td className="nhsuk-table__cell">{formatDate(r.returnedAt)}</td>
      <td className="nhsuk-table__cell">—</td>
    </tr>
  );
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={id}>{label}</label>
      {hint && <div className="nhsuk-hint" id={`${id}-hint`}>{hint}</div>}
      {children}
    </div>
  );
}

function Choose({ id, name, label, value, options }: { id: string; name: string; label: string; value: string | null; options: { value: string; label: string }[] }) {
  return (
    <Field id={id} label={label}>
      <select className="nhsuk-select" id={id} name={name} defaultValue={value ?? ''}>
        <option value="">Any</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}
