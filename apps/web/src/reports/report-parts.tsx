import { useState, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { mayUse } from '../app/roles';
import { useUser } from '../app/session';
import { downloadCsv } from '../api/http';
import { Button } from '../ui/parts';

/** The dashboard's screens; the audit rounds are listed for everyone who reads reports, worked by auditors. */
const SCREENS = [
  { to: '/reports', label: 'Timeliness', end: true },
  { to: '/reports/pipeline', label: 'Pipeline' },
  { to: '/reports/quality', label: 'Quality audit' },
  { to: '/reports/audit-rounds', label: 'Audit rounds' },
  { to: '/reports/board', label: 'Board report' },
];

/** Links between the dashboard's screens, in the NHS tabs' look (each is its own page, so plain links). */
export function ReportsNav() {
  return (
    <nav className="nhsuk-tabs app-reports-nav" aria-label="Reports">
      <ul className="nhsuk-tabs__list">
        {SCREENS.map((s) => (
          <li key={s.to} className="nhsuk-tabs__list-item">
            <NavLink to={s.to} end={s.end} className="nhsuk-tabs__tab">{s.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Only auditors run audit rounds (the API's guard is the authority; this hides buttons that would be refused). */
export function useIsAuditor(): boolean {
  return useUser().roles.includes('auditor');
}

/** Whether the signed-in user may open request pages (a link from a report to a request is only offered then). */
export function useMayOpenRequests(): boolean {
  return mayUse(useUser().roles, '/requests');
}

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);
export const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

/**
 * "Download CSV" for one figure: the same route with `Accept: text/csv`. A failure is shown beside
 * the button (role alert) rather than lost.
 */
export function CsvButton({ path, fileName, children = 'Download CSV' }: { path: string; fileName: string; children?: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button type="button" variant="secondary" small onClick={async () => {
        setError(null);
        try { await downloadCsv(path, fileName); } catch (e) { setError(e instanceof Error ? e.message : 'The CSV could not be downloaded'); }
      }}>{children}</Button>
      {error && <p className="nhsuk-error-message" role="alert">{error}</p>}
    </>
  );
}

/** A chart (hidden from screen readers) beside the table that carries every one of its figures. */
export function ChartBeside({ chart, children }: { chart: ReactNode; children: ReactNode }) {
  return (
    <div className="app-report-grid">
      <figure className="app-report-chart" aria-hidden="true">{chart}</figure>
      {children}
    </div>
  );
}

/** The "how this is counted" disclosure every figure carries. */
export function Definition({ children }: { children: ReactNode }) {
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">How these figures are counted</span></summary>
      <div className="nhsuk-details__text">{children}</div>
    </details>
  );
}

/** Colours from the NHS palette, distinguishable in greyscale by order; charts never carry meaning the tables lack. */
export const SERIES_COLOURS = ['#005eb8', '#007f3b', '#d5281b', '#ffb81c', '#330072', '#00a499', '#ae2573', '#4c6272', '#7c2855', '#003087'];
