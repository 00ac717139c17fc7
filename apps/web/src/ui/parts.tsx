/** NHS design-system display parts: tags, summary lists, tabs (in the URL), banners, back links, buttons. */
import type { ComponentProps, ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';

export type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export function Tag({ colour, children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={`nhsuk-tag${colour ? ` nhsuk-tag--${colour}` : ''}`}>{children}</strong>;
}

/** A summary list: `rows` of [key, value, optional action]. */
export function SummaryList({ rows, noBorder }: { rows: { key: ReactNode; value: ReactNode; action?: ReactNode }[]; noBorder?: boolean }) {
  return (
    <dl className={`nhsuk-summary-list${noBorder ? ' nhsuk-summary-list--no-border' : ''}`}>
      {rows.map((r, i) => (
        <div className="nhsuk-summary-list__row" key={i}>
          <dt className="nhsuk-summary-list__key">{r.key}</dt>
          <dd className="nhsuk-summary-list__value">{r.value}</dd>
          {r.action && <dd className="nhsuk-summary-list__actions">{r.action}</dd>}
        </div>
      ))}
    </dl>
  );
}

/**
 * Tabs whose selected tab is a search parameter (`?tab=`), so a link or reload opens the same tab.
 * Rendered as NHS tabs markup with links (no client script needed).
 */
export function Tabs({ title, param = 'tab', tabs, children }: {
  title: string; param?: string; tabs: { id: string; label: string }[]; children: (selected: string) => ReactNode;
}) {
  const [params] = useSearchParams();
  const selected = tabs.some((t) => t.id === params.get(param)) ? params.get(param)! : tabs[0].id;
  const hrefFor = (id: string) => {
    const next = new URLSearchParams(params);
    next.set(param, id);
    // A page position belongs to the tab it was read on.
    next.delete('cursor');
    return `?${next.toString()}`;
  };
  return (
    <div className="nhsuk-tabs">
      <h2 className="nhsuk-tabs__title">{title}</h2>
      <ul className="nhsuk-tabs__list">
        {tabs.map((t) => (
          <li key={t.id} className={`nhsuk-tabs__list-item${t.id === selected ? ' nhsuk-tabs__list-item--selected' : ''}`}>
            <Link className="nhsuk-tabs__tab" to={hrefFor(t.id)} aria-current={t.id === selected ? 'page' : undefined} replace>{t.label}</Link>
          </li>
        ))}
      </ul>
      <div className="nhsuk-tabs__panel">{children(selected)}</div>
    </div>
  );
}

/** A notification banner: `success` is announced (role status) — use for "saved", "assigned". */
export function NotificationBanner({ success, title, children }: { success?: boolean; title?: string; children: ReactNode }) {
  return (
    <div className={`nhsuk-notification-banner${success ? ' nhsuk-notification-banner--success' : ''}`}
      role={success ? 'status' : 'region'} aria-labelledby={success ? undefined : 'banner-title'}>
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="banner-title">{title ?? (success ? 'Success' : 'Important')}</h2>
      </div>
      <div className="nhsuk-notification-banner__content"><p className="nhsuk-notification-banner__heading">{children}</p></div>
    </div>
  );
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return <div className="nhsuk-back-link"><Link className="nhsuk-back-link__link" to={to}>{children}</Link></div>;
}

export function Button({ variant, small, className, ...rest }: ComponentProps<'button'> & { variant?: 'secondary' | 'reverse' | 'warning' | 'login'; small?: boolean }) {
  const cls = ['nhsuk-button', variant ? `nhsuk-button--${variant}` : '', small ? 'nhsuk-button--small' : '', className ?? ''].filter(Boolean).join(' ');
  return <button type="button" data-module="nhsuk-button" {...rest} className={cls} />;
}

export const ButtonGroup = ({ children }: { children: ReactNode }) => <div className="nhsuk-button-group">{children}</div>;

/** A full-width table with an optional caption; cells are ordinary <tr>/<td> with NHS classes added by CSS scope. */
export function Table({ caption, head, children, captionHidden }: { caption?: ReactNode; captionHidden?: boolean; head: ReactNode[]; children: ReactNode }) {
  return (
    <table className="nhsuk-table" role="table">
      {caption && <caption className={`nhsuk-table__caption${captionHidden ? ' nhsuk-u-visually-hidden' : ''}`}>{caption}</caption>}
      <thead className="nhsuk-table__head"><tr className="nhsuk-table__row">{head.map((h, i) => <th scope="col" className="nhsuk-table__header" key={i}>{h}</th>)}</tr></thead>
      <tbody className="nhsuk-table__body">{children}</tbody>
    </table>
  );
}

export const Loading = ({ what }: { what: string }) => <p className="nhsuk-body" role="status">Loading {what}…</p>;

/** `2027-01-12` -> `12 January 2027` (dates are calendar dates, so format in UTC); instants with the time. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return d.toLocaleString('en-GB', dateOnly
    ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
    : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export const humanise = (s: string) => s.replace(/[_.]/g, ' ');
