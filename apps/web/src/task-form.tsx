import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, errorText, formatDate, type FormsInfo, type Service, type Task } from './api-client';
import { ErrorSummary } from './error-summary';

interface Props { task: Task; onCompleted: (outcomeLabel: string) => void; onCancel: () => void }

const today = () => new Date().toISOString().slice(0, 10);

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <span className="hint" id={`${id}-hint`}>{hint}</span>}
      {children}
    </div>
  );
}

function Checkboxes({ legend, options, value, onChange }: {
  legend: string; options: { id: string; label: string }[]; value: string[]; onChange: (v: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((o) => (
        <div className="field checkbox" key={o.id}>
          <input
            id={`cb-${legend}-${o.id}`.replace(/\W+/g, '-')}
            type="checkbox"
            checked={value.includes(o.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, o.id] : value.filter((x) => x !== o.id))}
          />
          <label htmlFor={`cb-${legend}-${o.id}`.replace(/\W+/g, '-')}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Drops blank optional strings so the server sees them as absent. */
const opt = (s: string) => (s.trim() ? s : undefined);

export function TaskForm({ task, onCompleted, onCancel }: Props) {
  const [outcome, setOutcome] = useState(task.outcomes[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [services, setServices] = useState<Service[]>([]);
  const [criteria, setCriteria] = useState<FormsInfo['auditCriteria']>([]);

  // triage / allocation
  const [complete, setComplete] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [signpost, setSignpost] = useState('');
  // qa_review
  const [met, setMet] = useState<string[]>([]);
  const [comments, setComments] = useState('');
  // return_to_la
  const [method, setMethod] = useState('email');
  const [sentTo, setSentTo] = useState('');
  // pro_forma
  const [pf, setPf] = useState({ authorName: '', authorRole: '', registration: '', healthNeeds: '', impactOnDailyLife: '', strengths: '', outcomesSought: '', preparingForAdulthood: '', views: '' });
  const [sources, setSources] = useState([{ source: '', date: today() }]);
  const [provision, setProvision] = useState([{ what: '', who: '', frequency: '', review: '' }]);

  useEffect(() => {
    if (task.form === 'triage' || task.form === 'allocation') api<Service[]>('/services').then((s) => setServices(s.filter((x) => x.active))).catch((e) => setError(errorText(e)));
    if (task.form === 'qa_review') api<FormsInfo>('/forms').then((f) => setCriteria(f.auditCriteria)).catch((e) => setError(errorText(e)));
  }, [task.form]);

  function buildData(): Record<string, unknown> {
    switch (task.form) {
      case 'triage':
        return outcome === 'not_known' ? { reason, signpost } : { complete, knownServices: chosen };
      case 'allocation':
        return { services: chosen };
      case 'qa_review':
        // Interim until the review screen records pass/fail with a comment per criterion (issue 8 §7):
        // a ticked criterion passes; an unticked one fails, pointing at the general comments.
        return {
          criteria: Object.fromEntries(criteria.map((c) => [c.id, met.includes(c.id) ? { result: 'pass' } : { result: 'fail', comment: opt(comments) ? comments : 'Not met' }])),
          ...(opt(comments) ? { comments } : {}),
        };
      case 'return_to_la':
        return { method, sentTo };
      case 'pro_forma':
        return {
          author: { name: pf.authorName, role: pf.authorRole, ...(opt(pf.registration) ? { registration: pf.registration } : {}) },
          sourcesOfInformation: sources,
          healthNeeds: pf.healthNeeds,
          impactOnDailyLife: pf.impactOnDailyLife,
          strengths: pf.strengths,
          outcomesSought: pf.outcomesSought,
          provision,
          ...(opt(pf.preparingForAdulthood) ? { preparingForAdulthood: pf.preparingForAdulthood } : {}),
          views: pf.views,
        };
      default:
        return {};
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api(`/tasks/${task.id}/complete`, { method: 'POST', body: { outcome, data: buildData() } });
      onCompleted(task.outcomes.find((o) => o.id === outcome)?.label ?? outcome);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  const serviceOptions = services.map((s) => ({ id: s.code, label: `${s.name} (${s.code})` }));
  const pfText = (key: keyof typeof pf, label: string, multiline = true, hint?: string) => (
    <Field id={`pf-${key}`} label={label} hint={hint}>
      {multiline
        ? <textarea id={`pf-${key}`} rows={3} value={pf[key]} onChange={(e) => setPf({ ...pf, [key]: e.target.value })} />
        : <input id={`pf-${key}`} value={pf[key]} onChange={(e) => setPf({ ...pf, [key]: e.target.value })} />}
    </Field>
  );

  let fields: ReactNode = null;
  if (task.form === 'triage' && outcome === 'not_known') {
    fields = (
      <>
        <Field id="tf-reason" label="Reason"><textarea id="tf-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} /></Field>
        <Field id="tf-signpost" label="Signposted to"><input id="tf-signpost" value={signpost} onChange={(e) => setSignpost(e.target.value)} /></Field>
      </>
    );
  } else if (task.form === 'triage') {
    fields = (
      <>
        <div className="field checkbox">
          <input id="tf-complete" type="checkbox" checked={complete} onChange={(e) => setComplete(e.target.checked)} />
          <label htmlFor="tf-complete">The request has all the information needed</label>
        </div>
        <Checkboxes legend="Services that know the child" options={serviceOptions} value={chosen} onChange={setChosen} />
      </>
    );
  } else if (task.form === 'allocation') {
    fields = <Checkboxes legend="Services to allocate" options={serviceOptions} value={chosen} onChange={setChosen} />;
  } else if (task.form === 'qa_review') {
    fields = (
      <>
        <Checkboxes legend="Audit criteria met" options={criteria.map((c) => ({ id: c.id, label: c.text }))} value={met} onChange={setMet} />
        <Field id="tf-comments" label={outcome === 'rework' ? 'Comments for the author' : 'Comments (optional)'}>
          <textarea id="tf-comments" rows={3} value={comments} onChange={(e) => setComments(e.target.value)} />
        </Field>
      </>
    );
  } else if (task.form === 'return_to_la') {
    fields = (
      <>
        <Field id="tf-method" label="Sent by">
          <select id="tf-method" value={method} onChange={(e) => setMethod(e.target.value)}>
            <option value="email">Email</option>
            <option value="portal">Portal</option>
            <option value="post">Post</option>
          </select>
        </Field>
        <Field id="tf-sent-to" label="Sent to"><input id="tf-sent-to" value={sentTo} onChange={(e) => setSentTo(e.target.value)} /></Field>
      </>
    );
  } else if (task.form === 'pro_forma') {
    fields = (
      <>
        <fieldset>
          <legend>Author</legend>
          {pfText('authorName', 'Author name', false)}
          {pfText('authorRole', 'Author role', false)}
          {pfText('registration', 'Professional registration (optional)', false)}
        </fieldset>
        <fieldset>
          <legend>Sources of information</legend>
          {sources.map((s, i) => (
            <div className="row" key={i}>
              <Field id={`pf-source-${i}`} label={`Source ${i + 1}`}>
                <input id={`pf-source-${i}`} value={s.source} onChange={(e) => setSources(sources.map((x, j) => (j === i ? { ...x, source: e.target.value } : x)))} />
              </Field>
              <Field id={`pf-source-date-${i}`} label={`Date of source ${i + 1}`}>
                <input id={`pf-source-date-${i}`} type="date" value={s.date} onChange={(e) => setSources(sources.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))} />
              </Field>
            </div>
          ))}
          <button type="button" className="button button-secondary" onClick={() => setSources([...sources, { source: '', date: today() }])}>Add another source</button>
        </fieldset>
        {pfText('healthNeeds', 'Health needs')}
        {pfText('impactOnDailyLife', 'Impact on daily life')}
        {pfText('strengths', 'Strengths')}
        {pfText('outcomesSought', 'Outcomes sought')}
        <fieldset>
          <legend>Provision</legend>
          {provision.map((p, i) => (
            <div className="row" key={i}>
              {(['what', 'who', 'frequency', 'review'] as const).map((k) => (
                <Field key={k} id={`pf-prov-${k}-${i}`} label={`Provision ${i + 1}: ${k}`}>
                  <input id={`pf-prov-${k}-${i}`} value={p[k]} onChange={(e) => setProvision(provision.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)))} />
                </Field>
              ))}
            </div>
          ))}
          <button type="button" className="button button-secondary" onClick={() => setProvision([...provision, { what: '', who: '', frequency: '', review: '' }])}>Add more provision</button>
        </fieldset>
        {pfText('preparingForAdulthood', 'Preparing for adulthood (optional)')}
        {pfText('views', 'Views of the child and family')}
      </>
    );
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="task-form-heading">
      <h2 id="task-form-heading">{task.label}</h2>
      <p className="hint">{task.serviceCode ? `${task.serviceCode} · ` : ''}Due {formatDate(task.dueDate)}{task.attempt > 1 ? ` · attempt ${task.attempt}` : ''}</p>
      <ErrorSummary message={error} />
      {task.outcomes.length > 1 && (
        <fieldset>
          <legend>Outcome</legend>
          {task.outcomes.map((o) => (
            <div className="field checkbox" key={o.id}>
              <input id={`outcome-${o.id}`} type="radio" name="outcome" value={o.id} checked={outcome === o.id} onChange={() => setOutcome(o.id)} />
              <label htmlFor={`outcome-${o.id}`}>{o.label}</label>
            </div>
          ))}
        </fieldset>
      )}
      {fields}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {task.outcomes.length === 1 ? task.outcomes[0].label : 'Complete task'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
