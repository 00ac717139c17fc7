import { useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { STATUTORY_EXCEPTION_KINDS, STATUTORY_EXCEPTIONS, type StatutoryExceptionKind } from '@sendflow/calendar';
import { useRecordException } from '../api/hooks';
import type { RecordedDeadlineException } from '../api/types';
import { ErrorSummary } from '../ui/error-summary';
import { Choice, ChoiceGroup, DateInput, datePartsToIso, emptyDate, Select, Textarea, TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { Button, ButtonGroup, formatDate, SummaryList, Table } from '../ui/parts';

/** The statutory deadline of one request: the date before any exception, the date now, and the reg 8(2) exceptions behind the difference. */
export function DeadlineSummary({ baseDueDate, statutoryDueDate, exceptions }: { baseDueDate: string | null; statutoryDueDate: string; exceptions: RecordedDeadlineException[] }) {
  const moved = baseDueDate && baseDueDate !== statutoryDueDate;
  const label = (k: string) => STATUTORY_EXCEPTIONS[k as StatutoryExceptionKind];
  return (
    <section aria-labelledby="deadline-heading">
      <h2 id="deadline-heading">Statutory deadline</h2>
      <SummaryList rows={[
        { key: 'Six weeks from receipt', value: formatDate(baseDueDate ?? statutoryDueDate) },
        { key: 'Due now', value: <>{formatDate(statutoryDueDate)}{moved ? <span className="nhsuk-body-s"> (moved by the exceptions below)</span> : null}</> },
      ]} />
      <h3>Recorded exceptions (reg 8(2))</h3>
      {exceptions.length === 0 ? <p>None recorded.</p> : (
        <Table caption="Statutory exceptions recorded for this request" captionHidden head={['Exception', 'Dates or days', 'Evidence', 'Recorded']}>
          {exceptions.map((x, i) => (
            <tr className="nhsuk-table__row" key={x.id ?? i}>
              <td className="nhsuk-table__cell">
                <strong>{x.type === 'pause' ? 'Pause' : 'Extension'}</strong>: {label(x.kind)?.label ?? x.kind}
                <br /><span className="nhsuk-body-s">{label(x.kind)?.ref}</span>
              </td>
              <td className="nhsuk-table__cell">{x.type === 'pause' ? `${formatDate(x.from)} to ${formatDate(x.to)}` : `${x.days} day${x.days === 1 ? '' : 's'} added`}</td>
              <td className="nhsuk-table__cell app-evidence">{x.evidence}</td>
              <td className="nhsuk-table__cell">{x.recordedBy}<br /><span className="nhsuk-body-s">{formatDate(x.recordedAt)}</span></td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

const LABEL = { type: 'Type', kind: 'Exception', from: 'First day of the pause', to: 'Last day of the pause', days: 'Days to add', evidence: 'Evidence' } as const;
const FIELDS = Object.keys(LABEL) as (keyof typeof LABEL)[];
const idOf = (f: string) => `ex-${f}`;
const day = z.object({ day: z.string(), month: z.string(), year: z.string() });
const isDay = (d: z.infer<typeof day>) => /^\d{4}-\d{2}-\d{2}$/.test(datePartsToIso(d));

// Only what the form can tell; the date range and the rules of reg 8(2) are the API's to judge.
const schema = z.object({
  type: z.enum(['pause', 'extension']),
  kind: z.string().min(1, 'Choose which reg 8(2) exception applies'),
  from: day,
  to: day,
  days: z.string(),
  evidence: z.string().trim().min(1, 'Enter the evidence that shows the exception applies'),
}).superRefine((v, ctx) => {
  if (v.type === 'pause') {
    if (!isDay(v.from)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'Enter the first day of the pause as a real date' });
    if (!isDay(v.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Enter the last day of the pause as a real date' });
  } else if (!/^\d+$/.test(v.days.trim()) || Number(v.days) < 1) {
    ctx.addIssue({ code: 'custom', path: ['days'], message: 'Enter the number of days to add, a whole number of at least 1' });
  }
});
type Values = z.infer<typeof schema>;
const defaults: Values = { type: 'pause', kind: '', from: emptyDate, to: emptyDate, days: '', evidence: '' };

/** An Idempotency-Key: a retry of the same submission records the exception once. */
const newKey = () => crypto.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The coordinator records a reg 8(2) pause or extension, with its evidence. */
export function RecordExceptionForm({ requestId, onRecorded }: { requestId: string; onRecorded: (dueDate: string) => void }) {
  const [open, setOpen] = useState(false);
  const record = useRecordException(requestId);
  const key = useRef(newKey());
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { register, control, handleSubmit, watch, reset, setError, formState: { errors } } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: defaults, shouldFocusError: false });
  const type = watch('type');

  const submit = handleSubmit(async (v) => {
    setLoose([]);
    const body = v.type === 'pause'
      ? { type: v.type, kind: v.kind, from: datePartsToIso(v.from), to: datePartsToIso(v.to), evidence: v.evidence }
      : { type: v.type, kind: v.kind, days: Number(v.days), evidence: v.evidence };
    try {
      const updated = await record.mutateAsync({ body, idempotencyKey: key.current });
      key.current = newKey();
      reset(defaults);
      setOpen(false);
      onRecorded(updated.statutoryDueDate);
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: FIELDS, labels: LABEL }));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  if (!open) return <p><Button variant="secondary" onClick={() => setOpen(true)}>Record a pause or extension</Button></p>;

  return (
    <form className="nhsuk-card app-card-form" onSubmit={submit} noValidate aria-labelledby="ex-heading">
      <div className="nhsuk-card__content">
        <h3 id="ex-heading">Record a pause or extension</h3>
        <p className="nhsuk-hint">Only the three exceptions in reg 8(2) of the SEND Regulations 2014 can move the six-week deadline. Waiting lists and school holidays cannot.</p>
        <ErrorSummary items={summaryItems(errors, FIELDS, idOf, loose)} focusKey={attempt} />
        <ChoiceGroup id="ex-type" legend="Type" type="radio" error={errors.type?.message}>
          <Choice id="ex-type-pause" type="radio" value="pause" label="Pause: the clock stops for a run of days" {...register('type')} />
          <Choice id="ex-type-extension" type="radio" value="extension" label="Extension: a number of days is added" {...register('type')} />
        </ChoiceGroup>
        <Select id="ex-kind" label="Exception" error={errors.kind?.message} {...register('kind')}
          options={[{ value: '', label: 'Choose an exception' }, ...STATUTORY_EXCEPTION_KINDS.map((k) => ({ value: k, label: `${capitalise(STATUTORY_EXCEPTIONS[k].label)} (${STATUTORY_EXCEPTIONS[k].ref.replace('SEND Regulations 2014 ', '')})` }))]} />
        {type === 'pause' ? (
          (['from', 'to'] as const).map((f) => (
            <Controller key={f} control={control} name={f} render={({ field }) => (
              <DateInput id={idOf(f)} legend={LABEL[f]} hint="For example, 2 3 2027" error={errors[f]?.message ?? errors[f]?.root?.message} value={field.value} onChange={field.onChange} onBlur={field.onBlur} />
            )} />
          ))
        ) : (
          <TextInput id="ex-days" label={LABEL.days} hint="Calendar days added to the deadline" inputMode="numeric" width={3} error={errors.days?.message} {...register('days')} />
        )}
        <Textarea id="ex-evidence" label={LABEL.evidence} rows={3} hint="What shows the exception applies, for example “Letter from parent: family abroad 2 to 30 March”"
          error={errors.evidence?.message} {...register('evidence')} />
        <ButtonGroup>
          <Button type="submit" disabled={record.isPending}>Record exception</Button>
          <Button variant="secondary" onClick={() => { setOpen(false); reset(defaults); setLoose([]); }}>Cancel</Button>
        </ButtonGroup>
      </div>
    </form>
  );
}
