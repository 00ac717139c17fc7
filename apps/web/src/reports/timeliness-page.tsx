import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TIMELINESS_GROUPINGS, type TimelinessFigures, type TimelinessGrouping } from '@sendflow/domain';
import { useTimeliness } from '../api/hooks';
import { ApiError, downloadCsv } from '../api/http';
import { ErrorSummary, type SummaryItem } from '../ui/error-summary';
import { Select, TextInput } from '../ui/fields';
import { Button, ButtonGroup, Loading, Table } from '../ui/parts';
import { ReportsNav } from './report-parts';

const BY_LABEL: Record<TimelinessGrouping, string> = { month: 'Month due', service: 'Service', la: 'Local authority' };
const idOf = (f: string) => `timeliness-${f}`;

/** The last 12 months, this month included (YYYY-MM, the browser's calendar). */
function defaultPeriod(): { from: string; to: string } {
  const now = new Date();
  const month = (back: number) => {
    const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  };
  return { from: month(11), to: month(0) };
}

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : String(v));

/**
 * /reports — timeliness as issue 11 defines it, for SOP managers, auditors and the coordinator:
 * a chart of the percentage on time with the same figures in a table beside it (the table is the
 * accessible form of the chart), and the CSV the API answers for the same period. Period and
 * grouping are in the URL.
 */
export function TimelinessPage() {
  const [params, setParams] = useSearchParams();
  const fallback = defaultPeriod();
  const by = (TIMELINESS_GROUPINGS as readonly string[]).includes(params.get('by') ?? '') ? (params.get('by') as TimelinessGrouping) : 'month';
  const query = { from: params.get('from') ?? fallback.from, to: params.get('to') ?? fallback.to, by };
  const { data, error, isPending } = useTimeliness(query);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  const problems: SummaryItem[] = [
    ...(error instanceof ApiError && error.issues.length
      ? error.issues.map((i) => ({ fieldId: ['from', 'to', 'by'].includes(i.field) ? idOf(i.field) : null, message: i.message }))
      : error ? [{ fieldId: null, message: error.message }] : []),
    ...(downloadError ? [{ fieldId: null, message: downloadError }] : []),
  ];
  const errorOf = (f: string) => problems.find((p) => p.fieldId === idOf(f))?.message;

  function show(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setParams(new URLSearchParams({ from: String(form.get('from') ?? '').trim(), to: String(form.get('to') ?? '').trim(), by: String(form.get('by') ?? 'month') }));
  }

  async function download() {
    setDownloadError(null);
    try {
      await downloadCsv(`/reports/timeliness?${new URLSearchParams(query).toString()}`, `timeliness-by-${query.by}-${query.from}-to-${query.to}.csv`);
    } catch (err) {
      setDownloadError(err instanceof Error ? err.message : 'The CSV could not be downloaded');
    }
  }

  const rows = data?.rows ?? [];
  const chart = rows.map((r) => ({ name: r.key, percentOnTime: r.percentOnTime ?? 0 }));
  const cells = (f: TimelinessFigures) => [f.due, f.onTime, f.late, f.open, f.exceptions, f.notKnown, pct(f.percentOnTime), num(f.medianDaysToResponse), num(f.p90DaysToResponse)];

  return (
    <>
      <h1>Timeliness of health advice</h1>
      <ReportsNav />
      <p>Health advice returned within the statutory 6 weeks (SEND Regulations 2014, reg 8), by the month it was due, by service or by local authority.</p>
      <ErrorSummary items={problems} focusKey={error ?? downloadError} />
      <form aria-label="Choose the period" className="nhsuk-card app-card-form" onSubmit={show} noValidate key={params.toString()}>
        <div className="nhsuk-card__content">
          <div className="app-filter-grid">
            <TextInput id={idOf('from')} name="from" label="From month" hint="For example 2026-01" width={10} defaultValue={query.from} error={errorOf('from')} />
            <TextInput id={idOf('to')} name="to" label="To month" hint="For example 2026-12" width={10} defaultValue={query.to} error={errorOf('to')} />
            <Select id={idOf('by')} name="by" label="Figures by" defaultValue={by} error={errorOf('by')}
              options={TIMELINESS_GROUPINGS.map((g) => ({ value: g, label: BY_LABEL[g] }))} />
          </div>
          <ButtonGroup>
            <Button type="submit">Show figures</Button>
            <Button type="button" variant="secondary" onClick={download}>Download CSV</Button>
          </ButtonGroup>
        </div>
      </form>
      {isPending && <Loading what="the timeliness figures" />}
      {data && (
        <>
          <p className="nhsuk-body-l" data-testid="timeliness-total">
            {pct(data.total.percentOnTime)} on time from {data.from} to {data.to}: {data.total.onTime} on time, {data.total.late} late,
            {' '}{data.total.open} open, {data.total.exceptions} with a reg 8(2) exception, {data.total.notKnown} not known to health services.
          </p>
          <div className="app-report-grid">
            <figure className="app-report-chart" aria-hidden="true">
              <ResponsiveContainer width="100%" height={320}>
                <BarChart data={chart} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="name" />
                  <YAxis domain={[0, 100]} unit="%" />
                  <Tooltip />
                  <Bar dataKey="percentOnTime" name="On time" fill="#005eb8" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <Table caption={`Timeliness by ${BY_LABEL[by].toLowerCase()}, ${data.from} to ${data.to}`}
              head={[BY_LABEL[by], 'Due', 'On time', 'Late', 'Open', 'Exceptions', 'Not known', '% on time', 'Median days', '90th percentile days']}>
              {rows.map((r) => (
                <tr className="nhsuk-table__row" key={r.key}>
                  <th scope="row" className="nhsuk-table__header">{r.label}</th>
                  {cells(r).map((c, i) => <td className="nhsuk-table__cell" key={i}>{c}</td>)}
                </tr>
              ))}
              <tr className="nhsuk-table__row">
                <th scope="row" className="nhsuk-table__header">Total</th>
                {cells(data.total).map((c, i) => <td className="nhsuk-table__cell" key={i}><strong>{c}</strong></td>)}
              </tr>
            </Table>
          </div>
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">How these figures are counted</span></summary>
            <div className="nhsuk-details__text"><p>{data.definition}</p><p>Open and late are decided as of {data.asOf}.</p></div>
          </details>
        </>
      )}
    </>
  );
}
