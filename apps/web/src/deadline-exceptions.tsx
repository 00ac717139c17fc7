import { useEffect, useRef, useState, type FormEvent } from 'react';
import { STATUTORY_EXCEPTION_KINDS, STATUTORY_EXCEPTIONS, type StatutoryExceptionKind } from '@sendflow/calendar';
import { api, ApiError, errorText, formatDate } from './api-client';

export interface RecordedDeadlineException {
  type: 'pause' | 'extension';
  id?: string;
  kind: StatutoryExceptionKind;
  from?: string;
  to?: string;
  days?: number;
  evidence: string;
  recordedBy: string;
  recordedAt: string;
}

/** The statutory deadline of one request: the date before any exception, the date now, and the reg 8(2) exceptions behind the difference. */
export function DeadlineSummary({ baseDueDate, statutoryDueDate, exceptions }: { baseDueDate: string | null; statutoryDueDate: string; exceptions: RecordedDeadlineException[] }) {
  const moved = baseDueDate && baseDueDate !== statutoryDueDate;
  return (
    <section aria-labelledby="deadline-heading">
      <h2 id="deadline-heading">Statutory deadline</h2>
      <dl className="summary-list">
        <div><dt>Six weeks from receipt</dt><dd>{formatDate(baseDueDate ?? statutoryDueDate)}</dd></div>
        <div><dt>Due now</dt><dd>{formatDate(statutoryDueDate)}{moved ? <span className="hint"> (moved by the exceptions below)</span> : null}</dd></div>
      </dl>
      <h3>Recorded exceptions (reg 8(2))</h3>
      {exceptions.length === 0 ? <p>None recorded.</p> : (
        <table className="exceptions-table">
          <caption className="visually-hidden">Statutory exceptions recorded for this request</caption>
          <thead><tr><th scope="col">Exception</th><th scope="col">Dates or days</th><th scope="col">Evidence</th><th scope="col">Recorded</th></tr></thead>
          <tbody>
            {exceptions.map((x, i) => (
              <tr key={x.id ?? i}>
                <td>
                  <strong>{x.type === 'pause' ? 'Pause' : 'Extension'}</strong>: {STATUTORY_EXCEPTIONS[x.kind]?.label ?? x.kind}
                  <span className="hint">{STATUTORY_EXCEPTIONS[x.kind]?.ref}</span>
                </td>
                <td>{x.type === 'pause' ? `${formatDate(x.from)} to ${formatDate(x.to)}` : `${x.days} day${x.days === 1 ? '' : 's'} added`}</td>
                <td className="evidence">{x.evidence}</td>
                <td>{x.recordedBy}<span className="hint">{formatDate(x.recordedAt)}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type Field = 'type' | 'kind' | 'from' | 'to' | 'days' | 'evidence';
const FIELDS: Field[] = ['type', 'kind', 'from', 'to', 'days', 'evidence'];
const FIELD_LABEL: Record<Field, string> = { type: 'Type', kind: 'Exception', from: 'First day of the pause', to: 'Last day of the pause', days: 'Days to add', evidence: 'Evidence' };

/** `to: 2026-03-01 must not be before from (2026-03-02)` -> `to`; the API names the field first. */
function fieldOf(message: string): Field | null {
  const m = /^([a-z]+)\b/.exec(message);
  return m && (FIELDS as string[]).includes(m[1]) ? (m[1] as Field) : null;
}

/** An Idempotency-Key: a retry of the same submission records the exception once. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The coordinator records a reg 8(2) pause or extension, with its evidence. Errors follow the
 * GOV.UK pattern: a summary that takes focus and links to each field, the message again by the field.
 */
export function RecordExceptionForm({ requestId, onRecorded }: { requestId: string; onRecorded: (dueDate: string) => void }) {
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<'pause' | 'extension'>('pause');
  const [kind, setKind] = useState<StatutoryExceptionKind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [days, setDays] = useState('');
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => { if (general || Object.keys(errors).length) summary.current?.focus(); }, [general, errors]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(null);
    const found: Partial<Record<Field, string>> = {};
    if (!kind) found.kind = 'Choose which reg 8(2) exception applies';
    if (type === 'pause') {
      if (!from) found.from = 'Enter the first day of the pause';
      if (!to) found.to = 'Enter the last day of the pause';
    } else if (!/^\d+$/.test(days.trim()) || Number(days) < 1) {
      found.days = 'Enter the number of days to add, a whole number of at least 1';
    }
    if (!evidence.trim()) found.evidence = 'Enter the evidence that shows the exception applies';
    setErrors(found);
    if (Object.keys(found).length) return;
    const body = type === 'pause'
      ? { type, kind, from, to, evidence }
      : { type, kind, days: Number(days), evidence };
    setBusy(true);
    try {
      const updated = await api<{ statutoryDueDate: string }>(`/requests/${encodeURIComponent(requestId)}/statutory-exceptions`, {
        method: 'POST', body, headers: { 'idempotency-key': key.current },
      });
      key.current = newKey();
      setOpen(false);
      setKind(''); setFrom(''); setTo(''); setDays(''); setEvidence('');
      onRecorded(updated.statutoryDueDate);
    } catch (err) {
      const byField: Partial<Record<Field, string>> = {};
      const messages = err instanceof ApiError && err.issues.length ? err.issues.map((i) => i.message) : [errorText(err)];
      const loose: string[] = [];
      for (const m of messages) {
        const f = fieldOf(m);
        if (f && !byField[f]) byField[f] = sentence(m, f);
        else loose.push(m);
      }
      setErrors(byField);
      setGeneral(loose.length ? loose.join(' ') : null);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return <p><button type="button" className="button button-secondary" onClick={() => setOpen(true)}>Record a pause or extension</button></p>;
  }

  const messages = [...FIELDS.filter((f) => errors[f]).map((f) => ({ field: f as Field | null, message: errors[f]! })), ...(general ? [{ field: null, message: general }] : [])];
  const fieldClass = (f: Field) => `field${errors[f] ? ' field-error' : ''}`;
  const describedBy = (f: Field, hint?: boolean) => [hint ? `ex-${f}-hint` : '', errors[f] ? `ex-${f}-error` : ''].filter(Boolean).join(' ') || undefined;
  const errorText_ = (f: Field) => errors[f] && <span className="error-message" id={`ex-${f}-error`}><span className="visually-hidden">Error:</span> {errors[f]}</span>;

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="ex-heading">
      <h3 id="ex-heading">Record a pause or extension</h3>
      <p className="hint">Only the three exceptions in reg 8(2) of the SEND Regulations 2014 can move the six-week deadline. Waiting lists and school holidays cannot.</p>
      {messages.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="ex-error-title">
          <h2 id="ex-error-title">There is a problem</h2>
          <ul>
            {messages.map((m) => (
              <li key={m.message}>{m.field
                ? <a href={`#ex-${m.field}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(`ex-${m.field}`)?.focus(); }}>{m.message}</a>
                : m.message}</li>
            ))}
          </ul>
        </div>
      )}
      <fieldset className={fieldClass('type')}>
        <legend>Type</legend>
        {errorText_('type')}
        <div className="field checkbox">
          <input id="ex-type" type="radio" name="ex-type" value="pause" checked={type === 'pause'} onChange={() => setType('pause')} />
          <label htmlFor="ex-type">Pause: the clock stops for a run of days</label>
        </div>
        <div className="field checkbox">
          <input id="ex-type-extension" type="radio" name="ex-type" value="extension" checked={type === 'extension'} onChange={() => setType('extension')} />
          <label htmlFor="ex-type-extension">Extension: a number of days is added</label>
        </div>
      </fieldset>
      <div className={fieldClass('kind')}>
        <label htmlFor="ex-kind">Exception</label>
        {errorText_('kind')}
        <select id="ex-kind" value={kind} onChange={(e) => setKind(e.target.value as StatutoryExceptionKind)} aria-invalid={errors.kind ? true : undefined} aria-describedby={describedBy('kind')}>
          <option value="">Choose an exception</option>
          {STATUTORY_EXCEPTION_KINDS.map((k) => <option key={k} value={k}>{capitalise(STATUTORY_EXCEPTIONS[k].label)} ({STATUTORY_EXCEPTIONS[k].ref.replace('SEND Regulations 2014 ', '')})</option>)}
        </select>
      </div>
      {type === 'pause' ? (
        <div className="row">
          {(['from', 'to'] as const).map((f) => (
            <div key={f} className={fieldClass(f)}>
              <label htmlFor={`ex-${f}`}>{FIELD_LABEL[f]}</label>
              {errorText_(f)}
              <input id={`ex-${f}`} type="date" value={f === 'from' ? from : to} onChange={(e) => (f === 'from' ? setFrom(e.target.value) : setTo(e.target.value))}
                aria-invalid={errors[f] ? true : undefined} aria-describedby={describedBy(f)} />
            </div>
          ))}
        </div>
      ) : (
        <div className={fieldClass('days')}>
          <label htmlFor="ex-days">{FIELD_LABEL.days}</label>
          <span className="hint" id="ex-days-hint">Calendar days added to the deadline</span>
          {errorText_('days')}
          <input id="ex-days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} className="input-short"
            aria-invalid={errors.days ? true : undefined} aria-describedby={describedBy('days', true)} />
        </div>
      )}
      <div className={fieldClass('evidence')}>
        <label htmlFor="ex-evidence">{FIELD_LABEL.evidence}</label>
        <span className="hint" id="ex-evidence-hint">What shows the exception applies, for example “Letter from parent: family abroad 2 to 30 March”</span>
        {errorText_('evidence')}
        <textarea id="ex-evidence" rows={3} value={evidence} onChange={(e) => setEvidence(e.target.value)}
          aria-invalid={errors.evidence ? true : undefined} aria-describedby={describedBy('evidence', true)} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>Record exception</button>
        <button type="button" className="button button-secondary" onClick={() => { setOpen(false); setErrors({}); setGeneral(null); }}>Cancel</button>
      </div>
    </form>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `to: 2026-03-01 must not be before from (...)` -> `Last day of the pause: 2026-03-01 must not be before ...`. */
function sentence(message: string, field: Field): string {
  const rest = message.slice(field.length).replace(/^:\s*/, '');
  return `${FIELD_LABEL[field]}: ${rest}`;
}
