import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useAuditRound, useAuditRoundRedraw, useCloseAuditRound, useLocalAuthorities } from '../api/hooks';
import { ErrorSummary } from '../ui/error-summary';
import { BackLink, Button, formatDate, Loading, NotificationBanner, SummaryList, Table, Tag } from '../ui/parts';
import { ReportsNav, useIsAuditor } from './report-parts';

/**
 * /reports/audit-rounds/:id — one round: its period, its seed (with a button that draws the seed
 * again and compares, so reproducibility is shown rather than claimed), the criteria it records,
 * the sample with each item's progress, and (auditors, open rounds) closing it.
 */
export function AuditRoundPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const round = useAuditRound(id);
  const isAuditor = useIsAuditor();
  const close = useCloseAuditRound(id);
  const [redraw, setRedraw] = useState(false);
  const redrawn = useAuditRoundRedraw(id, redraw);
  const [closeError, setCloseError] = useState<string | null>(null);
  const laNames = new Map((useLocalAuthorities().data ?? []).map((la) => [la.code, la.name]));

  if (round.isPending) return <Loading what="the audit round" />;
  if (round.error) return <><BackLink to="/reports/audit-rounds">Audit rounds</BackLink><p className="nhsuk-error-message" role="alert">{round.error.message}</p></>;
  const r = round.data;
  const criteria = r.criteria.length;
  const complete = r.items.filter((i) => i.scores.length >= criteria).length;
  const opened = (location.state as { opened?: boolean } | null)?.opened;

  return (
    <>
      <BackLink to="/reports/audit-rounds">Audit rounds</BackLink>
      <h1>{r.title}</h1>
      <ReportsNav />
      {opened && <NotificationBanner success>Round opened: {r.items.length} returned advice {r.items.length === 1 ? 'document was' : 'documents were'} drawn with seed {r.seed}.</NotificationBanner>}
      {close.isSuccess && <NotificationBanner success>Round closed. Its pass rates are on the quality audit dashboard.</NotificationBanner>}
      <ErrorSummary items={closeError ? [{ message: closeError }] : []} focusKey={closeError} />
      <SummaryList rows={[
        { key: 'Status', value: r.status === 'open' ? <Tag colour="blue">Open</Tag> : <Tag colour="grey">Closed {formatDate(r.closedAt)}</Tag> },
        { key: 'Period', value: `Advice returned from ${formatDate(r.periodFrom)} to ${formatDate(r.periodTo)}` },
        { key: 'Seed', value: <span className="app-seed" data-testid="round-seed">{r.seed}</span> },
        { key: 'Sample', value: `${r.items.length} drawn (${r.sampleSize} asked for)` },
        { key: 'Scored', value: `${complete} of ${r.items.length} fully scored` },
        { key: 'Opened', value: formatDate(r.openedAt) },
      ]} />

      <h2>Reproducibility</h2>
      <p>The sample is the advice returned in the period, ordered by a hash of the seed and each request's identifier. Drawing the seed again over the same period gives the same requests in the same order.</p>
      <Button type="button" variant="secondary" onClick={() => (redraw ? redrawn.refetch() : setRedraw(true))}>Draw the sample again with this seed</Button>
      <div aria-live="polite">
        {redrawn.isFetching && <Loading what="the sample drawn again" />}
        {redrawn.error && <p className="nhsuk-error-message">{redrawn.error.message}</p>}
        {redrawn.data && !redrawn.isFetching && (
          <div className={`nhsuk-inset-text${redrawn.data.matches ? '' : ' app-reviewer-note'}`} data-testid="redraw-result">
            <p>{redrawn.data.matches
              ? `Same sample: seed ${redrawn.data.seed} drew the same ${redrawn.data.redrawn.length} requests in the same order.`
              : `Different sample: seed ${redrawn.data.seed} now draws ${redrawn.data.redrawn.length} requests, ${redrawn.data.redrawn.filter((x) => redrawn.data.recorded.includes(x)).length} of them in the recorded sample. Advice returned in the period has changed since the round opened (for example a document was recorded late).`}</p>
          </div>
        )}
      </div>

      <h2>Criteria</h2>
      <p>The criteria as they stood when the round opened{r.criteriaVersion ? ` (the trust's audit criteria, version ${r.criteriaVersion})` : ''}, recorded with the round:</p>
      <ol className="nhsuk-list nhsuk-list--number">{r.criteria.map((c) => <li key={c.id}>{c.text}</li>)}</ol>

      <Table caption="The sample" head={['', 'Local authority', 'Returned', 'Scored', 'Result']}>
        {r.items.map((i) => {
          const fails = i.scores.filter((s) => s.result === 'fail').length;
          const done = i.scores.length >= criteria;
          return (
            <tr className="nhsuk-table__row" key={i.requestId}>
              <th scope="row" className="nhsuk-table__header">
                <Link to={`/reports/audit-rounds/${r.id}/items/${i.requestId}`}>
                  {r.status === 'open' && isAuditor ? 'Score' : 'View'} advice {i.position}
                </Link>
              </th>
              <td className="nhsuk-table__cell">{laNames.get(i.localAuthorityCode) ?? i.localAuthorityCode}</td>
              <td className="nhsuk-table__cell">{formatDate(i.returnedAt)}</td>
              <td className="nhsuk-table__cell">{i.scores.length} of {criteria} criteria</td>
              <td className="nhsuk-table__cell">{!done ? <Tag colour="white">Not finished</Tag> : fails ? <Tag colour="red">{fails} failed</Tag> : <Tag colour="green">All met</Tag>}</td>
            </tr>
          );
        })}
      </Table>

      {r.status === 'open' && isAuditor && (
        <>
          <h2>Close the round</h2>
          <p>Close the round when every sampled advice is scored on every criterion (not applicable is a score). Scores of a closed round are final.</p>
          <Button type="button" variant="warning" disabled={close.isPending} onClick={async () => {
            setCloseError(null);
            try { await close.mutateAsync(); } catch (e) { setCloseError(e instanceof Error ? e.message : String(e)); }
          }}>Close the round</Button>
        </>
      )}
    </>
  );
}
