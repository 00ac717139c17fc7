import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { useAuditRounds, useOpenAuditRound } from '../api/hooks';
import { ErrorSummary } from '../ui/error-summary';
import { DateInput, datePartsToIso, emptyDate, TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { Button, formatDate, Loading, Table, Tag } from '../ui/parts';
import { ReportsNav, useIsAuditor } from './report-parts';

const isoDate = (what: string, example: string) => z.object({ day: z.string(), month: z.string(), year: z.string() })
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(datePartsToIso(d)), `Enter the ${what} as a real date, for example ${example}`);
/** The form's own words for what the API's contract (openAuditRoundBody) checks again. */
const schema = z.object({
  title: z.string().trim().min(1, 'Enter a title for the round, for example "January to June 2026"').max(200, 'Title must be 200 characters or fewer'),
  periodFrom: isoDate('first day of the period', '1 1 2026'),
  periodTo: isoDate('last day of the period', '30 6 2026'),
  sampleSize: z.string().trim().regex(/^\d+$/, 'Enter the sample size as a whole number, for example 20')
    .refine((v) => Number(v) >= 1 && Number(v) <= 500, 'Sample size must be between 1 and 500'),
  seed: z.string().trim().max(64, 'Seed must be 64 characters or fewer').regex(/^[\w.-]*$/, 'Seed may use letters, digits, _ . and - only'),
}).refine((v) => datePartsToIso(v.periodFrom) <= datePartsToIso(v.periodTo), { path: ['periodTo'], message: 'The last day must not be before the first day' });
type Values = z.infer<typeof schema>;
const FIELDS = ['title', 'periodFrom', 'periodTo', 'sampleSize', 'seed'] as const;
const idOf = (f: string) => `ar-${f.split('.')[0]}`;

/**
 * /reports/audit-rounds — the quality audit cycle: every round with its progress, and (auditors)
 * the form that opens a round. Opening draws the sample at once; the seed is shown on the round so
 * anyone can draw it again and see the same requests.
 */
export function AuditRoundsPage() {
  const rounds = useAuditRounds();
  const isAuditor = useIsAuditor();
  return (
    <>
      <h1>Audit rounds</h1>
      <ReportsNav />
      <p>An audit round scores a random sample of the health advice returned in a period against the trust's quality criteria.
        The sample is drawn from a seed, so the same seed over the same period always gives the same sample.</p>
      {rounds.isPending && <Loading what="the audit rounds" />}
      {rounds.error && <p className="nhsuk-error-message" role="alert">{rounds.error.message}</p>}
      {rounds.data && (rounds.data.items.length === 0 ? <p>No audit round has been opened yet.</p> : (
        <Table caption="Audit rounds, newest period first" head={['Round', 'Period', 'Sample', 'Scored', 'Status']}>
          {rounds.data.items.map((r) => (
            <tr className="nhsuk-table__row" key={r.id}>
              <th scope="row" className="nhsuk-table__header"><Link to={`/reports/audit-rounds/${r.id}`}>{r.title}</Link></th>
              <td className="nhsuk-table__cell">{formatDate(r.periodFrom)} to {formatDate(r.periodTo)}</td>
              <td className="nhsuk-table__cell">{r.items} of {r.sampleSize} asked</td>
              <td className="nhsuk-table__cell">{r.scored} of {r.items}</td>
              <td className="nhsuk-table__cell">{r.status === 'open' ? <Tag colour="blue">Open</Tag> : <Tag colour="grey">Closed</Tag>}</td>
            </tr>
          ))}
        </Table>
      ))}
      {isAuditor && <OpenRoundForm />}
    </>
  );
}

function OpenRoundForm() {
  const navigate = useNavigate();
  const open = useOpenAuditRound();
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { register, control, handleSubmit, setError, formState: { errors, isSubmitting } } = useForm<Values>({
    resolver: zodResolver(schema), shouldFocusError: false,
    defaultValues: { title: '', periodFrom: emptyDate, periodTo: emptyDate, sampleSize: '20', seed: '' },
  });
  const submit = handleSubmit(async (v) => {
    setLoose([]);
    try {
      const round = await open.mutateAsync({
        title: v.title.trim(), periodFrom: datePartsToIso(v.periodFrom), periodTo: datePartsToIso(v.periodTo), sampleSize: Number(v.sampleSize),
        ...(v.seed.trim() ? { seed: v.seed.trim() } : {}),
      });
      navigate(`/reports/audit-rounds/${round.id}`, { state: { opened: true } });
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: FIELDS }));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));
  return (
    <form className="nhsuk-card app-card-form" aria-labelledby="open-round-title" onSubmit={submit} noValidate>
      <div className="nhsuk-card__content">
        <h2 id="open-round-title">Open an audit round</h2>
        <ErrorSummary items={summaryItems(errors, FIELDS, idOf, loose)} focusKey={attempt} />
        <TextInput id={idOf('title')} label="Title" hint="How the round is named on the dashboard and in the board report" {...register('title')} error={errors.title?.message} />
        <Controller control={control} name="periodFrom" render={({ field }) => (
          <DateInput id={idOf('periodFrom')} legend="First day of the period" hint="Advice returned on or after this day. For example, 1 1 2026"
            value={field.value} onChange={field.onChange} onBlur={field.onBlur} error={errors.periodFrom?.message ?? errors.periodFrom?.root?.message} />
        )} />
        <Controller control={control} name="periodTo" render={({ field }) => (
          <DateInput id={idOf('periodTo')} legend="Last day of the period" hint="Advice returned on or before this day. For example, 30 6 2026"
            value={field.value} onChange={field.onChange} onBlur={field.onBlur} error={errors.periodTo?.message ?? errors.periodTo?.root?.message} />
        )} />
        <TextInput id={idOf('sampleSize')} label="Sample size" hint="How many returned advice documents to score (1 to 500). Fewer are drawn if fewer were returned."
          inputMode="numeric" width={4} {...register('sampleSize')} error={errors.sampleSize?.message} />
        <TextInput id={idOf('seed')} label="Seed (optional)" hint="Leave blank and one is chosen and recorded. Enter a round's seed to draw its sample again."
          width={20} {...register('seed')} error={errors.seed?.message} />
        <Button type="submit" disabled={isSubmitting}>Open round and draw the sample</Button>
      </div>
    </form>
  );
}
