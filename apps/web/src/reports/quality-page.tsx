import { useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAuditPassRates } from '../api/hooks';
import { Select } from '../ui/fields';
import { formatDate, Loading, Table } from '../ui/parts';
import { ChartBeside, CsvButton, Definition, pct, ReportsNav, SERIES_COLOURS } from './report-parts';

/**
 * /reports/quality — the form trusts publish: each criterion's pass rate per closed audit round,
 * over time, and beside it the pass rate QA reviewers recorded on the same criterion in the round's
 * period. Criteria come from what each round recorded, so a criterion added or reworded later
 * appears from the round that used it.
 */
export function QualityPage() {
  const { data, error, isPending } = useAuditPassRates();
  const [params, setParams] = useSearchParams();
  const rounds = data?.rounds ?? [];
  const chosen = rounds.find((r) => r.roundId === params.get('round')) ?? rounds[rounds.length - 1];
  // One line per criterion id across rounds, labelled with the latest wording.
  const criteria = new Map<string, string>();
  for (const r of rounds) for (const c of r.criteria) criteria.set(c.criterionId, c.text);
  const overTime = rounds.map((r) => ({ name: r.title, ...Object.fromEntries(r.criteria.map((c) => [c.criterionId, c.passRate])) }));

  return (
    <>
      <h1>Quality audit</h1>
      <ReportsNav />
      <p>Each criterion's pass rate in every closed audit round, oldest first, with the pass rate quality reviewers recorded on the same criterion during the round's period.</p>
      {isPending && <Loading what="the audit results" />}
      {error && <p className="nhsuk-error-message" role="alert">{error.message}</p>}
      {data && rounds.length === 0 && <p>No audit round has been closed yet. Results appear here when an auditor closes a round.</p>}
      {data && rounds.length > 0 && (
        <>
          <div className="app-figure-actions">
            <h2 className="nhsuk-u-margin-bottom-0">Pass rate by criterion, round by round</h2>
            <CsvButton path="/reports/audit-pass-rates" fileName="audit-pass-rates.csv" />
          </div>
          <ChartBeside chart={
            <ResponsiveContainer width="100%" height={300 + 24 * criteria.size}>
              <LineChart data={overTime} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis domain={[0, 100]} unit="%" />
                <Tooltip />
                <Legend verticalAlign="bottom" wrapperStyle={{ fontSize: 13, lineHeight: '18px' }} />
                {[...criteria.entries()].map(([id, text], i) => (
                  <Line key={id} dataKey={id} name={text} stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeWidth={2} connectNulls isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          }>
            <Table caption="Audit pass rate by criterion and round" head={['Criterion', ...rounds.map((r) => r.title)]}>
              {[...criteria.entries()].map(([id, text]) => (
                <tr className="nhsuk-table__row" key={id}>
                  <th scope="row" className="nhsuk-table__header">{text}</th>
                  {rounds.map((r) => <td className="nhsuk-table__cell" key={r.roundId}>{pct(r.criteria.find((c) => c.criterionId === id)?.passRate)}</td>)}
                </tr>
              ))}
            </Table>
          </ChartBeside>

          <h2>Audit beside QA review, one round</h2>
          <form className="app-filter-grid" onSubmit={(e) => e.preventDefault()}>
            <Select id="quality-round" label="Round" value={chosen.roundId} options={rounds.map((r) => ({ value: r.roundId, label: r.title }))}
              onChange={(e) => setParams(new URLSearchParams({ round: e.target.value }), { replace: true })} />
          </form>
          <ChartBeside chart={
            <ResponsiveContainer width="100%" height={80 + 56 * chosen.criteria.length}>
              <BarChart data={chosen.criteria.map((c) => ({ name: c.text, audit: c.passRate, qa: c.qaReviewPassRate }))} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" domain={[0, 100]} unit="%" />
                <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12 }} interval={0} />
                <Tooltip />
                <Legend />
                <Bar dataKey="audit" name="Audit" fill="#005eb8" isAnimationActive={false} />
                <Bar dataKey="qa" name="QA review" fill="#ffb81c" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          }>
            <Table caption={`${chosen.title}: advice returned ${formatDate(chosen.periodFrom)} to ${formatDate(chosen.periodTo)}`}
              head={['Criterion', 'Pass', 'Fail', 'Not applicable', 'Audit pass rate', 'QA review pass rate', 'QA reviews']}>
              {chosen.criteria.map((c) => (
                <tr className="nhsuk-table__row" key={c.criterionId}>
                  <th scope="row" className="nhsuk-table__header">{c.text}</th>
                  <td className="nhsuk-table__cell">{c.pass}</td>
                  <td className="nhsuk-table__cell">{c.fail}</td>
                  <td className="nhsuk-table__cell">{c.notApplicable}</td>
                  <td className="nhsuk-table__cell">{pct(c.passRate)}</td>
                  <td className="nhsuk-table__cell">{pct(c.qaReviewPassRate)}</td>
                  <td className="nhsuk-table__cell">{c.qaReviews}</td>
                </tr>
              ))}
            </Table>
          </ChartBeside>
          <Definition><p>{data.definition}</p></Definition>
        </>
      )}
    </>
  );
}
