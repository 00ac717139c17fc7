import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { monthsBetween, type RagColour } from '@sendflow/domain';
import { usePipeline, useServiceFlow, useServices } from '../api/hooks';
import { ApiError } from '../api/http';
import { ErrorSummary, type SummaryItem } from '../ui/error-summary';
import { TextInput } from '../ui/fields';
import { Button, formatDate, Loading, Table, Tag } from '../ui/parts';
import { ChartBeside, CsvButton, Definition, num, pct, ReportsNav, SERIES_COLOURS, useMayOpenRequests } from './report-parts';

const RAG_FILL: Record<RagColour, string> = { red: '#d5281b', amber: '#ed8b00', green: '#007f3b' };
const RAG_TAG = { red: 'red', amber: 'orange', green: 'green' } as const;
const RAG_LABEL: Record<RagColour, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
const idOf = (f: string) => `pipeline-${f}`;

function defaultPeriod(): { from: string; to: string } {
  const now = new Date();
  const month = (back: number) => {
    const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  };
  return { from: month(11), to: month(0) };
}

/**
 * /reports/pipeline — the work in flight and how services move it: open requests by days left
 * and colour, those predicted to breach (the rule in words on the screen, and each service's
 * median it uses), rework rate by service and approvals per service per month for a period in
 * the URL. Every chart has its table; every table its CSV.
 */
export function PipelinePage() {
  const [params, setParams] = useSearchParams();
  const fallback = defaultPeriod();
  const period = { from: params.get('from') ?? fallback.from, to: params.get('to') ?? fallback.to };
  const pipeline = usePipeline();
  const flow = useServiceFlow(period);
  const services = new Map((useServices().data ?? []).map((s) => [s.code, s.name]));
  const nameOf = (code: string) => services.get(code) ?? code;
  const mayOpen = useMayOpenRequests();

  const problems: SummaryItem[] = flow.error instanceof ApiError && flow.error.issues.length
    ? flow.error.issues.map((i) => ({ fieldId: ['from', 'to'].includes(i.field) ? idOf(i.field) : null, message: i.message }))
    : flow.error ? [{ fieldId: null, message: flow.error.message }] : [];
  const errorOf = (f: string) => problems.find((p) => p.fieldId === idOf(f))?.message;

  function show(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setParams(new URLSearchParams({ from: String(form.get('from') ?? '').trim(), to: String(form.get('to') ?? '').trim() }));
  }

  const p = pipeline.data;
  const f = flow.data;
  const flowServices = f ? [...new Set(f.throughput.map((t) => t.serviceCode))].sort() : [];
  const flowMonths = f && /^\d{4}-\d{2}$/.test(f.from) && monthsBetween(f.from, f.to) > 0 ? monthKeys(f.from, f.to) : [];
  const throughputByMonth = flowMonths.map((m) => ({
    name: m, ...Object.fromEntries(flowServices.map((s) => [s, f?.throughput.find((t) => t.month === m && t.serviceCode === s)?.approved ?? 0])),
  }));

  return (
    <>
      <h1>Pipeline</h1>
      <ReportsNav />
      <ErrorSummary items={problems} focusKey={flow.error} />

      <h2>Open requests by days left</h2>
      {pipeline.isPending && <Loading what="the open requests" />}
      {pipeline.error && <p className="nhsuk-error-message" role="alert">{pipeline.error.message}</p>}
      {p && (
        <>
          <p className="nhsuk-body-l" data-testid="pipeline-colours">
            {(['red', 'amber', 'green'] as const).map((c, i) => <span key={c}>{i > 0 && ', '}<Tag colour={RAG_TAG[c]}>{RAG_LABEL[c]}</Tag> {p.colours.counts[c] ?? 0}</span>)}
            {' '}open requests on {formatDate(p.asOf)}.
          </p>
          <p>{p.colours.rule}</p>
          <div className="app-figure-actions"><CsvButton path="/reports/pipeline?table=days-left" fileName={`pipeline-days-left-${p.asOf}.csv`}>Download CSV<span className="nhsuk-u-visually-hidden"> of open requests by days left</span></CsvButton></div>
          <ChartBeside chart={
            <ResponsiveContainer width="100%" height={300}>
              <BarChart data={p.byDaysLeft.map((d) => ({ name: d.daysLeft, count: d.count, colour: d.colour }))} margin={{ top: 8, right: 8, bottom: 16, left: 0 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" label={{ value: 'Days left (negative: past the date)', position: 'insideBottom', offset: -8 }} />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="count" name="Open requests" isAnimationActive={false}>
                  {p.byDaysLeft.map((d) => <Cell key={d.daysLeft} fill={RAG_FILL[d.colour]} />)}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          }>
            <Table caption="Open requests by days left to the statutory date" head={['Days left', 'Colour', 'Open requests']}>
              {p.byDaysLeft.length === 0 && <tr className="nhsuk-table__row"><td className="nhsuk-table__cell" colSpan={3}>No open requests.</td></tr>}
              {p.byDaysLeft.map((d) => (
                <tr className="nhsuk-table__row" key={d.daysLeft}>
                  <th scope="row" className="nhsuk-table__header">{d.daysLeft < 0 ? `${-d.daysLeft} past` : d.daysLeft}</th>
                  <td className="nhsuk-table__cell">{RAG_LABEL[d.colour]}</td>
                  <td className="nhsuk-table__cell">{d.count}</td>
                </tr>
              ))}
            </Table>
          </ChartBeside>

          <h2>Predicted to breach</h2>
          <div className="nhsuk-inset-text" data-testid="prediction-rule"><p><strong>The rule:</strong> {p.prediction.rule}</p></div>
          <div className="app-figure-actions">
            <h3 className="nhsuk-u-margin-bottom-0">Each service's recent median, allocation to approval</h3>
            <CsvButton path="/reports/pipeline?table=service-medians" fileName={`pipeline-service-medians-${p.asOf}.csv`}>Download CSV<span className="nhsuk-u-visually-hidden"> of service medians</span></CsvButton>
          </div>
          <Table caption={`Approvals in the last ${p.prediction.windowDays} days`} captionHidden head={['Service', 'Median days, allocation to approval', 'Approvals it is learnt from']}>
            {p.prediction.serviceMedians.length === 0 && <tr className="nhsuk-table__row"><td className="nhsuk-table__cell" colSpan={3}>No approvals in the last {p.prediction.windowDays} days, so nothing is predicted.</td></tr>}
            {p.prediction.serviceMedians.map((m) => (
              <tr className="nhsuk-table__row" key={m.serviceCode}>
                <th scope="row" className="nhsuk-table__header">{nameOf(m.serviceCode)}</th>
                <td className="nhsuk-table__cell">{num(m.medianDays)}</td>
                <td className="nhsuk-table__cell">{m.sample}</td>
              </tr>
            ))}
          </Table>
          <div className="app-figure-actions">
            <h3 className="nhsuk-u-margin-bottom-0" data-testid="predicted-count">{p.predictedToBreach.length} {p.predictedToBreach.length === 1 ? 'request is' : 'requests are'} predicted to breach</h3>
            <CsvButton path="/reports/pipeline?table=predicted" fileName={`pipeline-predicted-${p.asOf}.csv`}>Download CSV<span className="nhsuk-u-visually-hidden"> of requests predicted to breach</span></CsvButton>
          </div>
          {p.predictedToBreach.length > 0 && (
            <Table caption="Requests predicted to breach, soonest due first" captionHidden head={['Request', 'Local authority', 'Due', 'Days left', 'Services behind (days since allocation, median, days still needed)']}>
              {p.predictedToBreach.map((r) => (
                <tr className="nhsuk-table__row" key={r.requestId}>
                  <th scope="row" className="nhsuk-table__header">{mayOpen ? <Link to={`/requests/${r.requestId}`}>Request {r.requestId.slice(0, 8)}</Link> : `Request ${r.requestId.slice(0, 8)}`}</th>
                  <td className="nhsuk-table__cell">{r.localAuthorityCode}</td>
                  <td className="nhsuk-table__cell">{formatDate(r.dueDate)}</td>
                  <td className="nhsuk-table__cell">{r.daysLeft}</td>
                  <td className="nhsuk-table__cell">
                    <ul className="nhsuk-list">{r.services.map((s) => (
                      <li key={s.serviceCode}>{nameOf(s.serviceCode)}: {s.elapsedDays} days since allocation, median {s.medianDays}, needs about {s.expectedDaysLeft} more</li>
                    ))}</ul>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}

      <h2>How services move the work</h2>
      <form aria-label="Choose the period" className="nhsuk-card app-card-form" onSubmit={show} noValidate key={params.toString()}>
        <div className="nhsuk-card__content">
          <div className="app-filter-grid">
            <TextInput id={idOf('from')} name="from" label="From month" hint="For example 2026-01" width={10} defaultValue={period.from} error={errorOf('from')} />
            <TextInput id={idOf('to')} name="to" label="To month" hint="For example 2026-12" width={10} defaultValue={period.to} error={errorOf('to')} />
          </div>
          <Button type="submit">Show figures</Button>
        </div>
      </form>
      {flow.isPending && <Loading what="rework and throughput" />}
      {f && (
        <>
          <div className="app-figure-actions">
            <h3 className="nhsuk-u-margin-bottom-0">Rework rate by service, {f.from} to {f.to}</h3>
            <CsvButton path={`/reports/service-flow?from=${f.from}&to=${f.to}&table=rework`} fileName={`service-flow-rework-${f.from}-to-${f.to}.csv`}>Download CSV<span className="nhsuk-u-visually-hidden"> of rework rate by service</span></CsvButton>
          </div>
          <ChartBeside chart={
            <ResponsiveContainer width="100%" height={280}>
              <BarChart data={f.rework.map((r) => ({ name: r.serviceCode, rate: r.reworkRate ?? 0 }))} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis unit="%" />
                <Tooltip />
                <Bar dataKey="rate" name="Rework rate" fill="#330072" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          }>
            <Table caption={`Rework rate by service, ${f.from} to ${f.to}`} head={['Service', 'Approved', 'Sent back for rework first', 'Rework rate']}>
              {f.rework.length === 0 && <tr className="nhsuk-table__row"><td className="nhsuk-table__cell" colSpan={4}>No contribution was approved in the period.</td></tr>}
              {f.rework.map((r) => (
                <tr className="nhsuk-table__row" key={r.serviceCode}>
                  <th scope="row" className="nhsuk-table__header">{nameOf(r.serviceCode)}</th>
                  <td className="nhsuk-table__cell">{r.reviewed}</td>
                  <td className="nhsuk-table__cell">{r.reworked}</td>
                  <td className="nhsuk-table__cell">{pct(r.reworkRate)}</td>
                </tr>
              ))}
            </Table>
          </ChartBeside>

          <div className="app-figure-actions">
            <h3 className="nhsuk-u-margin-bottom-0">Throughput: contributions approved per service per month</h3>
            <CsvButton path={`/reports/service-flow?from=${f.from}&to=${f.to}&table=throughput`} fileName={`service-flow-throughput-${f.from}-to-${f.to}.csv`}>Download CSV<span className="nhsuk-u-visually-hidden"> of throughput per service per month</span></CsvButton>
          </div>
          <ChartBeside chart={
            <ResponsiveContainer width="100%" height={320}>
              <BarChart data={throughputByMonth} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {flowServices.map((s, i) => <Bar key={s} dataKey={s} name={nameOf(s)} stackId="services" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} isAnimationActive={false} />)}
              </BarChart>
            </ResponsiveContainer>
          }>
            <Table caption={`Contributions approved per service per month, ${f.from} to ${f.to}`} head={['Month', ...flowServices.map(nameOf), 'All services']}>
              {throughputByMonth.map((m) => {
                const counts = flowServices.map((s) => Number((m as Record<string, unknown>)[s] ?? 0));
                return (
                  <tr className="nhsuk-table__row" key={m.name}>
                    <th scope="row" className="nhsuk-table__header">{m.name}</th>
                    {counts.map((c, i) => <td className="nhsuk-table__cell" key={i}>{c}</td>)}
                    <td className="nhsuk-table__cell"><strong>{counts.reduce((a, b) => a + b, 0)}</strong></td>
                  </tr>
                );
              })}
            </Table>
          </ChartBeside>
          <Definition><p>{f.definition}</p></Definition>
        </>
      )}
    </>
  );
}

function monthKeys(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  for (let n = monthsBetween(from, to); n > 0; n--) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}
