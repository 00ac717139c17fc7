import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { AUDIT_RESULTS, type AuditResult, type AuditRoundResponse } from '@sendflow/domain';
import { useAdviceDocuments, useAuditRound, useLocalAuthorities, useScoreAuditItem } from '../api/hooks';
import { ErrorSummary, type SummaryItem } from '../ui/error-summary';
import { Choice, ChoiceGroup, Textarea } from '../ui/fields';
import { errorText } from '../api/http';
import { BackLink, Button, ButtonGroup, formatDate, Loading, NotificationBanner, Tag } from '../ui/parts';
import { useIsAuditor } from './report-parts';

const RESULT_LABEL: Record<AuditResult, string> = { pass: 'Pass', fail: 'Fail', not_applicable: 'Not applicable' };
const enc = encodeURIComponent;

const schema = z.object({
  scores: z.array(z.object({
    result: z.enum(AUDIT_RESULTS, { message: 'Choose pass, fail or not applicable' }).nullable()
      .refine((v) => v !== null, 'Choose pass, fail or not applicable'),
    comment: z.string().max(2000, 'Comment must be 2000 characters or fewer'),
  })),
});
/** Unchosen radios are null in the form; the schema's output has every result chosen. */
type Values = z.input<typeof schema>;
type Chosen = z.output<typeof schema>;
const idOf = (i: number) => `score-${i}`;

/**
 * /reports/audit-rounds/:id/items/:requestId — an auditor scores one sampled advice against the
 * round's own criteria (recorded when it opened) while reading the advice as the LA received it
 * (the compiled document's HTML preview). Saving moves on to the next item not yet scored.
 * Others, and closed rounds, see the scores read-only beside the same preview.
 */
export function AuditScorePage() {
  const { id = '', requestId = '' } = useParams();
  const round = useAuditRound(id);
  if (round.isPending) return <Loading what="the audit round" />;
  if (round.error) return <><BackLink to="/reports/audit-rounds">Audit rounds</BackLink><p className="nhsuk-error-message" role="alert">{round.error.message}</p></>;
  const item = round.data.items.find((i) => i.requestId === requestId);
  if (!item) return <><BackLink to={`/reports/audit-rounds/${id}`}>{round.data.title}</BackLink><h1>Not in this round</h1><p>This request is not in the round's sample.</p></>;
  return <ScoreItem round={round.data} requestId={requestId} key={requestId} />;
}

function ScoreItem({ round, requestId }: { round: AuditRoundResponse; requestId: string }) {
  const navigate = useNavigate();
  const location = useLocation();
  const isAuditor = useIsAuditor();
  const editable = isAuditor && round.status === 'open';
  const item = round.items.find((i) => i.requestId === requestId)!;
  const score = useScoreAuditItem(round.id);
  const laName = useLocalAuthorities().data?.find((la) => la.code === item.localAuthorityCode)?.name ?? item.localAuthorityCode;
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const existing = new Map(item.scores.map((s) => [s.criterionId, s]));
  const { register, handleSubmit, formState: { errors, isSubmitting } } = useForm<Values, unknown, Chosen>({
    resolver: zodResolver(schema), shouldFocusError: false,
    defaultValues: { scores: round.criteria.map((c) => ({ result: (existing.get(c.id)?.result as AuditResult | undefined) ?? null, comment: existing.get(c.id)?.comment ?? '' })) },
  });
  useEffect(() => { window.scrollTo(0, 0); }, [requestId]);

  const next = round.items.find((i) => i.position > item.position && i.scores.length < round.criteria.length)
    ?? round.items.find((i) => i.requestId !== requestId && i.scores.length < round.criteria.length);

  const submit = handleSubmit(async (v) => {
    setServerError(null);
    try {
      await score.mutateAsync({ requestId, body: { scores: round.criteria.map((c, i) => ({
        criterionId: c.id, result: v.scores[i].result, ...(v.scores[i].comment.trim() ? { comment: v.scores[i].comment.trim() } : {}),
      })) } });
      if (next) navigate(`/reports/audit-rounds/${round.id}/items/${next.requestId}`, { state: { saved: item.position } });
      else setSaved(true);
    } catch (err) {
      setServerError(errorText(err));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  const summary: SummaryItem[] = [
    ...round.criteria.flatMap((c, i) => {
      const e = errors.scores?.[i];
      return [e?.result?.message && { fieldId: idOf(i), message: `${c.text}: ${e.result.message.toLowerCase()}` }, e?.comment?.message && { fieldId: `${idOf(i)}-comment`, message: `${c.text}: ${e.comment.message.toLowerCase()}` }]
        .filter(Boolean) as SummaryItem[];
    }),
    ...(serverError ? [{ message: serverError }] : []),
  ];
  const savedFrom = (location.state as { saved?: number } | null)?.saved;

  return (
    <>
      <BackLink to={`/reports/audit-rounds/${round.id}`}>{round.title}</BackLink>
      <h1>Advice {item.position} of {round.items.length}</h1>
      <p className="nhsuk-lede-text">{round.title}: returned {formatDate(item.returnedAt)} to {laName}.</p>
      {savedFrom && !saved && <NotificationBanner success>Scores for advice {savedFrom} saved. This is the next advice not yet scored.</NotificationBanner>}
      {saved && <NotificationBanner success>Scores saved. Every sampled advice is scored: <Link to={`/reports/audit-rounds/${round.id}`}>go back to the round to close it</Link>.</NotificationBanner>}
      <ErrorSummary items={summary} focusKey={attempt} />
      <div className="app-score-grid">
        <AdvicePreview requestId={requestId} />
        <div className="app-review-checklist">
          {editable ? (
            <form onSubmit={submit} noValidate aria-label={`Scores for advice ${item.position}`}>
              <h2>Score against the criteria</h2>
              {round.criteria.map((c, i) => (
                <div className="app-criterion" key={c.id}>
                  <ChoiceGroup id={idOf(i)} legend={c.text} type="radio" small inline error={errors.scores?.[i]?.result?.message}>
                    {AUDIT_RESULTS.map((r) => (
                      <Choice key={r} id={`${idOf(i)}-${r}`} type="radio" value={r} label={RESULT_LABEL[r]} {...register(`scores.${i}.result`)} />
                    ))}
                  </ChoiceGroup>
                  <Textarea id={`${idOf(i)}-comment`} label={<>Comment (optional)<span className="nhsuk-u-visually-hidden"> on {c.text}</span></>} rows={2}
                    {...register(`scores.${i}.comment`)} error={errors.scores?.[i]?.comment?.message} />
                </div>
              ))}
              <ButtonGroup>
                <Button type="submit" disabled={isSubmitting}>{next ? 'Save and score the next advice' : 'Save scores'}</Button>
              </ButtonGroup>
            </form>
          ) : (
            <>
              <h2>Scores</h2>
              {round.status === 'closed' ? <p>The round is closed; its scores are final.</p> : <p>Only auditors score advice.</p>}
              <dl className="nhsuk-summary-list">
                {round.criteria.map((c) => {
                  const s = existing.get(c.id);
                  return (
                    <div className="nhsuk-summary-list__row" key={c.id}>
                      <dt className="nhsuk-summary-list__key">{c.text}</dt>
                      <dd className="nhsuk-summary-list__value">
                        {s ? <Tag colour={s.result === 'pass' ? 'green' : s.result === 'fail' ? 'red' : 'grey'}>{RESULT_LABEL[s.result]}</Tag> : 'Not scored'}
                        {s?.comment && <p className="nhsuk-body-s app-prewrap">{s.comment}</p>}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            </>
          )}
        </div>
      </div>
    </>
  );
}

/** The compiled advice as the LA received it: the latest advice version's HTML preview (no script, no external loads). */
function AdvicePreview({ requestId }: { requestId: string }) {
  const docs = useAdviceDocuments(requestId);
  const advice = docs.data?.filter((d) => d.kind === 'advice') ?? [];
  const latest = advice[advice.length - 1];
  return (
    <section className="app-score-preview" aria-labelledby="advice-heading">
      <h2 id="advice-heading">The advice being scored</h2>
      {docs.isPending && <Loading what="the advice" />}
      {docs.error && <p className="nhsuk-error-message" role="alert">{docs.error.message}</p>}
      {docs.data && !latest && <p>No compiled advice is stored for this request, so there is nothing to show here. Score it from the request's own record.</p>}
      {latest && (
        <>
          <p className="nhsuk-body-s">Version {latest.version}, issued {formatDate(latest.createdAt)}{advice.length > 1 ? ` (${advice.length} versions were issued; the latest is shown)` : ''}.
            {' '}<a href={`/api/requests/${enc(requestId)}/advice-documents/${enc(latest.id)}/download?format=pdf`} download>Download the PDF<span className="nhsuk-u-visually-hidden"> of advice version {latest.version}</span></a></p>
          <iframe title={`The health advice, version ${latest.version}`} src={`/api/requests/${enc(requestId)}/advice-documents/${enc(latest.id)}/preview`} />
        </>
      )}
    </section>
  );
}
