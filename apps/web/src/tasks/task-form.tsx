import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { FORMS, validateFormData, type FormId } from '@sendflow/domain';
import { useCompleteTask, useForms, useServices } from '../api/hooks';
import { ApiError, errorText } from '../api/http';
import type { Task } from '../api/types';
import type { DraftAutosave } from './draft-autosave';
import { ProFormaView, SECTION_TITLES } from './pro-forma-view';
import { ErrorSummary, type SummaryItem } from '../ui/error-summary';
import { Choice, ChoiceGroup, DateInput, datePartsToIso, emptyDate, FieldGroup, isoToDateParts, type DateParts } from '../ui/fields';
import { Button, ButtonGroup, formatDate } from '../ui/parts';

type TaskFacts = Pick<Task, 'id' | 'label' | 'serviceCode' | 'form' | 'outcomes' | 'dueDate' | 'attempt'>;
interface Props {
  task: TaskFacts;
  onCompleted: (outcomeLabel: string) => void;
  onCancel: () => void;
  /** What the form starts from: the saved draft, else the prefill (triage's services; the previous attempt on rework). */
  initial?: { outcome?: string | null; data?: unknown } | null;
  /** On rework: the reviewer's comment per pro forma section, shown beside that section. */
  sectionComments?: Record<string, string>;
  /** On a quality review: the pro forma being reviewed, shown beside the checklist. */
  underReview?: unknown;
  autosave?: DraftAutosave;
  /** On the task page, whose header already names the task, its service and dates. */
  embedded?: boolean;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const rows = (v: unknown) => (Array.isArray(v) ? v.map(rec) : []);

const today = () => new Date().toISOString().slice(0, 10);

/** The API's `data.x.y` issue paths -> this form's input ids (so the summary links to the field). */
const FIELD_IDS: Record<string, string> = {
  'data.author.name': 'pf-authorName', 'data.author.role': 'pf-authorRole', 'data.author.registration': 'pf-registration',
  'data.healthNeeds': 'pf-healthNeeds', 'data.impactOnDailyLife': 'pf-impactOnDailyLife', 'data.strengths': 'pf-strengths',
  'data.outcomesSought': 'pf-outcomesSought', 'data.preparingForAdulthood': 'pf-preparingForAdulthood', 'data.views': 'pf-views',
  'data.reason': 'tf-reason', 'data.signpost': 'tf-signpost', 'data.sentTo': 'tf-sent-to', 'data.method': 'tf-method', 'data.comments': 'tf-comments',
  'data.date': 'tf-date', 'data.overrideReason': 'tf-override',
};
const OTHER_LABELS: Record<string, string> = {
  reason: 'Reason', signpost: 'Where the LA should ask instead', date: 'Date checked', sentTo: 'Sent to', method: 'Sent by',
  comments: 'Comments', overrideReason: 'Why approve despite a failed criterion', services: 'Services to allocate', criteria: 'Audit checklist',
  'author.name': 'Author name', 'author.role': 'Author role', 'author.registration': 'Professional registration',
};
/** A person's words for an issue's field (`data.provision.0.who` -> "Provision 1: who"), for the error summary. */
function labelForIssue(field: string, criteria: { id: string; text: string }[]): string {
  const path = field.replace(/^data\.?/, '');
  if (OTHER_LABELS[path]) return OTHER_LABELS[path];
  const row = /^(sourcesOfInformation|provision)\.(\d+)\.(\w+)$/.exec(path);
  if (row) return row[1] === 'provision' ? `Provision ${Number(row[2]) + 1}: ${row[3]}` : `${row[3] === 'date' ? 'Date of source' : 'Source'} ${Number(row[2]) + 1}`;
  const crit = /^criteria\.(\w+)/.exec(path);
  if (crit) return criteria.find((c) => c.id === crit[1])?.text ?? crit[1];
  return SECTION_TITLES[path.split('.')[0]] ?? path;
}
/** "Enter health needs" for a missing answer (NHS error style); otherwise the label and the schema's words. */
function issueText(field: string, message: string, criteria: { id: string; text: string }[]): string {
  const label = labelForIssue(field, criteria);
  if (/^is required$|^Too small: expected (string|array)|received undefined/.test(message)) return `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  const words = message.replace(/^data\.[\w.]+:\s*/, '');
  return `${label}: ${words}`;
}

function idForIssue(field: string): string | null {
  if (FIELD_IDS[field]) return FIELD_IDS[field];
  // Quality review: a criterion not recorded -> its pass/fail group; a fail without a comment -> its comment.
  const crit = /^data\.criteria\.([a-z_]+)(?:\.(result|comment))?$/.exec(field);
  if (crit) return crit[2] === 'comment' ? `qa-${crit[1]}-comment` : `qa-${crit[1]}`;
  const src = /^data\.sourcesOfInformation\.(\d+)\.(source|date)$/.exec(field);
  if (src) return src[2] === 'source' ? `pf-source-${src[1]}` : `pf-source-date-${src[1]}`;
  const prov = /^data\.provision\.(\d+)\.(what|who|frequency|review)$/.exec(field);
  if (prov) return `pf-prov-${prov[2]}-${prov[1]}`;
  return null;
}

function Checkboxes({ legend, options, value, onChange }: {
  legend: string; options: { id: string; label: string }[]; value: string[]; onChange: (v: string[]) => void;
}) {
  return (
    <fieldset className="nhsuk-fieldset nhsuk-form-group">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
      <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
      {options.map((o) => (
        <div className="nhsuk-checkboxes__item" key={o.id}>
          <input
            className="nhsuk-checkboxes__input"
            id={`cb-${legend}-${o.id}`.replace(/\W+/g, '-')}
            type="checkbox"
            checked={value.includes(o.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, o.id] : value.filter((x) => x !== o.id))}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`cb-${legend}-${o.id}`.replace(/\W+/g, '-')}>{o.label}</label>
        </div>
      ))}
      </div>
    </fieldset>
  );
}

/** Drops blank optional strings so the server sees them as absent. */
const opt = (s: string) => (s.trim() ? s : undefined);

export function TaskForm({ task, onCompleted, onCancel, initial, sectionComments = {}, underReview, autosave, embedded }: Props) {
  const init = rec(initial?.data);
  const initialOutcome = initial?.outcome && task.outcomes.some((o) => o.id === initial.outcome) ? initial.outcome : task.outcomes[0]?.id ?? '';
  const [outcome, setOutcome] = useState(initialOutcome);
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const complete_ = useCompleteTask();
  const services = (useServices(task.form === 'triage' || task.form === 'allocation').data ?? []).filter((x) => x.active);
  const criteria = useForms(task.form === 'qa_review').data?.auditCriteria ?? [];
  const errorFor = (id: string) => problems.find((p) => p.fieldId === id)?.message;

  // triage / allocation
  const [complete, setComplete] = useState(typeof init.complete === 'boolean' ? init.complete : true);
  const [chosen, setChosen] = useState<string[]>(strs(task.form === 'allocation' ? init.services : init.knownServices));
  const [reason, setReason] = useState(str(init.reason));
  const [signpost, setSignpost] = useState(str(init.signpost));
  // qa_review: each criterion pass or fail (a fail with its comment); an override reason to approve over a fail
  const [verdicts, setVerdicts] = useState<Record<string, { result: '' | 'pass' | 'fail'; comment: string }>>(() =>
    Object.fromEntries(Object.entries(rec(init.criteria)).map(([id, v]) => {
      const r = rec(v).result;
      return [id, { result: r === 'pass' || r === 'fail' ? r : '', comment: str(rec(v).comment) }];
    })));
  const [comments, setComments] = useState(str(init.comments));
  const [overrideReason, setOverrideReason] = useState(str(init.overrideReason));
  const [reviewSectionComments, setReviewSectionComments] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(rec(init.sectionComments)).map(([k, v]) => [k, str(v)])));
  const verdict = (id: string) => verdicts[id] ?? { result: '' as const, comment: '' };
  const anyFailed = criteria.some((c) => verdict(c.id).result === 'fail');
  // pro_forma answered "not known to this service"
  const [checkedOn, setCheckedOn] = useState<DateParts>(() => (str(init.date) ? isoToDateParts(str(init.date)) : emptyDate));
  // return_to_la
  const [method, setMethod] = useState(str(init.method) || 'email');
  const [sentTo, setSentTo] = useState(str(init.sentTo));
  // pro_forma
  const [pf, setPf] = useState(() => {
    const author = rec(init.author);
    return {
      authorName: str(author.name), authorRole: str(author.role), registration: str(author.registration), healthNeeds: str(init.healthNeeds),
      impactOnDailyLife: str(init.impactOnDailyLife), strengths: str(init.strengths), outcomesSought: str(init.outcomesSought),
      preparingForAdulthood: str(init.preparingForAdulthood), views: str(init.views),
    };
  });
  const [sources, setSources] = useState(() => {
    const saved = rows(init.sourcesOfInformation).map((r) => ({ source: str(r.source), date: str(r.date) }));
    return saved.length ? saved : [{ source: '', date: today() }];
  });
  const [provision, setProvision] = useState(() => {
    const saved = rows(init.provision).map((r) => ({ what: str(r.what), who: str(r.who), frequency: str(r.frequency), review: str(r.review) }));
    return saved.length ? saved : [{ what: '', who: '', frequency: '', review: '' }];
  });


  function buildData(): Record<string, unknown> {
    switch (task.form) {
      case 'triage':
        return outcome === 'not_known' ? { reason, signpost } : { complete, knownServices: chosen };
      case 'allocation':
        return { services: chosen };
      case 'qa_review':
        return {
          // Unrecorded criteria are left out, so the API names each one against its field.
          criteria: Object.fromEntries(criteria.flatMap((c) => {
            const v = verdict(c.id);
            return v.result ? [[c.id, { result: v.result, ...(v.result === 'fail' && opt(v.comment) ? { comment: v.comment } : {}) }]] : [];
          })),
          ...(opt(comments) ? { comments } : {}),
          ...(Object.values(reviewSectionComments).some(opt)
            ? { sectionComments: Object.fromEntries(Object.entries(reviewSectionComments).filter(([, v]) => opt(v))) } : {}),
          ...(outcome === 'approved' && anyFailed && opt(overrideReason) ? { overrideReason } : {}),
        };
      case 'return_to_la':
        return { method, sentTo };
      case 'delivery_failed':
        return outcome === 'recorded' ? { method, sentTo } : {};
      case 'pro_forma':
        if (outcome === 'not_known') return { reason, date: datePartsToIso(checkedOn), signpost };
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

  // Every change reaches the autosave (which waits for a pause in typing before it saves).
  const dataJson = JSON.stringify(buildData());
  useEffect(() => { autosave?.changed(outcome, JSON.parse(dataJson) as Record<string, unknown>); }, [autosave, outcome, dataJson]);

  const toSummary = (issues: { field: string; message: string }[]) =>
    issues.map((i) => ({ fieldId: idForIssue(i.field), message: issueText(i.field, i.message, criteria) }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setProblems([]);
    const data = buildData();
    // The shared schema first, so every missing section is listed at once without a round trip.
    if (task.form in FORMS) {
      const checked = validateFormData(task.form as FormId, outcome, data);
      if (!checked.ok) { setProblems(toSummary(checked.issues)); setAttempt((n) => n + 1); return; }
    }
    try {
      await autosave?.flush();
      await complete_.mutateAsync({ taskId: task.id, outcome, data });
      autosave?.stop();
      onCompleted(task.outcomes.find((o) => o.id === outcome)?.label ?? outcome);
    } catch (err) {
      // Each API issue against its field where the form has one; the rest in the summary alone.
      setProblems(err instanceof ApiError && err.issues.length
        ? toSummary(err.issues)
        : [{ message: errorText(err) }]);
      setAttempt((n) => n + 1);
    }
  }

  /** The reviewer's comment on one section, beside it (rework). */
  const note = (section: string) => sectionComments[section] ? (
    <div className="nhsuk-inset-text app-reviewer-note" id={`note-${section}`}>
      <span className="nhsuk-u-visually-hidden">Reviewer's comment on {SECTION_TITLES[section] ?? section}: </span>
      <strong>Reviewer:</strong> {sectionComments[section]}
    </div>
  ) : null;

  const serviceOptions = services.map((s) => ({ id: s.code, label: `${s.name} (${s.code})` }));
  const pfText = (key: keyof typeof pf, label: string, multiline = true, hint?: string) => (
    <FieldGroup key={key} id={`pf-${key}`} label={label} hint={hint} error={errorFor(`pf-${key}`)}>
      {multiline
        ? <textarea className="nhsuk-textarea" id={`pf-${key}`} rows={3} value={pf[key]} onChange={(e) => setPf({ ...pf, [key]: e.target.value })} />
        : <input className="nhsuk-input" id={`pf-${key}`} value={pf[key]} onChange={(e) => setPf({ ...pf, [key]: e.target.value })} />}
    </FieldGroup>
  );

  let fields: ReactNode = null;
  if (task.form === 'triage' && outcome === 'not_known') {
    fields = (
      <>
        <FieldGroup id="tf-reason" label="Reason" error={errorFor('tf-reason')}><textarea className="nhsuk-textarea" id="tf-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} /></FieldGroup>
        <FieldGroup id="tf-signpost" label="Signposted to" error={errorFor('tf-signpost')}><input className="nhsuk-input" id="tf-signpost" value={signpost} onChange={(e) => setSignpost(e.target.value)} /></FieldGroup>
      </>
    );
  } else if (task.form === 'triage') {
    fields = (
      <>
        <div className="nhsuk-form-group"><div className="nhsuk-checkboxes nhsuk-checkboxes--small"><div className="nhsuk-checkboxes__item">
          <input className="nhsuk-checkboxes__input" id="tf-complete" type="checkbox" checked={complete} onChange={(e) => setComplete(e.target.checked)} />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="tf-complete">The request has all the information needed</label>
        </div></div></div>
        <Checkboxes legend="Services that know the child" options={serviceOptions} value={chosen} onChange={setChosen} />
      </>
    );
  } else if (task.form === 'allocation') {
    fields = <Checkboxes legend="Services to allocate" options={serviceOptions} value={chosen} onChange={setChosen} />;
  } else if (task.form === 'qa_review') {
    const checklist = (
      <>
        <h3>Audit checklist</h3>
        {criteria.map((c) => {
          const v = verdict(c.id);
          const set = (next: Partial<typeof v>) => setVerdicts({ ...verdicts, [c.id]: { ...v, ...next } });
          return (
            <ChoiceGroup key={c.id} id={`qa-${c.id}`} legend={c.text} type="radio" small error={errorFor(`qa-${c.id}`)}>
              <Choice id={`qa-${c.id}-pass`} type="radio" name={`qa-${c.id}`} label="Pass" checked={v.result === 'pass'} onChange={() => set({ result: 'pass' })} />
              <Choice id={`qa-${c.id}-fail`} type="radio" name={`qa-${c.id}`} label="Fail" checked={v.result === 'fail'} onChange={() => set({ result: 'fail' })} />
              {v.result === 'fail' && (
                <FieldGroup id={`qa-${c.id}-comment`} label="What needs to change" error={errorFor(`qa-${c.id}-comment`)}>
                  <textarea className="nhsuk-textarea" id={`qa-${c.id}-comment`} rows={2} value={v.comment} onChange={(e) => set({ comment: e.target.value })} />
                </FieldGroup>
              )}
            </ChoiceGroup>
          );
        })}
        <FieldGroup id="tf-comments" label={outcome === 'rework' ? 'Comments for the author' : 'Comments (optional)'} error={errorFor('tf-comments')}>
          <textarea className="nhsuk-textarea" id="tf-comments" rows={3} value={comments} onChange={(e) => setComments(e.target.value)} />
        </FieldGroup>
        {outcome === 'approved' && anyFailed && (
          <FieldGroup id="tf-override" label="Why approve despite a failed criterion" hint="Recorded for the audit cycle" error={errorFor('tf-override')}>
            <textarea className="nhsuk-textarea" id="tf-override" rows={2} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
          </FieldGroup>
        )}
      </>
    );
    fields = underReview ? (
      <div className="app-review-grid">
        <section className="app-review-draft" aria-labelledby="draft-heading">
          <h3 id="draft-heading">The draft under review</h3>
          <ProFormaView data={underReview} comments={reviewSectionComments} onComment={(section, text) => setReviewSectionComments({ ...reviewSectionComments, [section]: text })} />
        </section>
        <div className="app-review-checklist">{checklist}</div>
      </div>
    ) : checklist;
  } else if (task.form === 'pro_forma' && outcome === 'not_known') {
    fields = (
      <>
        <FieldGroup id="tf-reason" label="Why the child is not known to this service" error={errorFor('tf-reason')}><textarea className="nhsuk-textarea" id="tf-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} /></FieldGroup>
        <DateInput id="tf-date" legend="Date checked" value={checkedOn} onChange={setCheckedOn} error={errorFor('tf-date')} />
        <FieldGroup id="tf-signpost" label="Where the LA should ask instead" error={errorFor('tf-signpost')}><input className="nhsuk-input" id="tf-signpost" value={signpost} onChange={(e) => setSignpost(e.target.value)} /></FieldGroup>
      </>
    );
  } else if (task.form === 'return_to_la' || (task.form === 'delivery_failed' && outcome === 'recorded')) {
    fields = (
      <>
        <FieldGroup id="tf-method" label="Sent by">
          <select className="nhsuk-select" id="tf-method" value={method} onChange={(e) => setMethod(e.target.value)}>
            <option value="email">Email</option>
            <option value="portal">Portal</option>
            <option value="post">Post</option>
          </select>
        </FieldGroup>
        <FieldGroup id="tf-sent-to" label="Sent to" error={errorFor('tf-sent-to')}><input className="nhsuk-input" id="tf-sent-to" value={sentTo} onChange={(e) => setSentTo(e.target.value)} /></FieldGroup>
      </>
    );
  } else if (task.form === 'pro_forma') {
    fields = (
      <>
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Author</legend>
          {note('author')}
          {pfText('authorName', 'Author name', false)}
          {pfText('authorRole', 'Author role', false)}
          {pfText('registration', 'Professional registration (optional)', false)}
        </fieldset>
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Sources of information</legend>
          {note('sourcesOfInformation')}
          {sources.map((s, i) => (
            <div className="app-row" key={i}>
              <FieldGroup id={`pf-source-${i}`} label={`Source ${i + 1}`} error={errorFor(`pf-source-${i}`)}>
                <input className="nhsuk-input" id={`pf-source-${i}`} value={s.source} onChange={(e) => setSources(sources.map((x, j) => (j === i ? { ...x, source: e.target.value } : x)))} />
              </FieldGroup>
              <FieldGroup id={`pf-source-date-${i}`} label={`Date of source ${i + 1}`} error={errorFor(`pf-source-date-${i}`)}>
                <input className="nhsuk-input nhsuk-input--width-10" id={`pf-source-date-${i}`} type="date" value={s.date} onChange={(e) => setSources(sources.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))} />
              </FieldGroup>
              {sources.length > 1 && (
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setSources(sources.filter((_, j) => j !== i))}>
                  Remove<span className="nhsuk-u-visually-hidden"> source {i + 1}</span>
                </button>
              )}
            </div>
          ))}
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setSources([...sources, { source: '', date: today() }])}>Add another source</button>
        </fieldset>
        {note('healthNeeds')}
        {pfText('healthNeeds', 'Health needs')}
        {note('impactOnDailyLife')}
        {pfText('impactOnDailyLife', 'Impact on daily life')}
        {note('strengths')}
        {pfText('strengths', 'Strengths')}
        {note('outcomesSought')}
        {pfText('outcomesSought', 'Outcomes sought')}
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Provision</legend>
          {note('provision')}
          {provision.map((p, i) => (
            <div className="app-row" key={i}>
              {(['what', 'who', 'frequency', 'review'] as const).map((k) => (
                <FieldGroup key={k} id={`pf-prov-${k}-${i}`} label={`Provision ${i + 1}: ${k}`} error={errorFor(`pf-prov-${k}-${i}`)}>
                  <input className="nhsuk-input" id={`pf-prov-${k}-${i}`} value={p[k]} onChange={(e) => setProvision(provision.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)))} />
                </FieldGroup>
              ))}
              {provision.length > 1 && (
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setProvision(provision.filter((_, j) => j !== i))}>
                  Remove<span className="nhsuk-u-visually-hidden"> provision {i + 1}</span>
                </button>
              )}
            </div>
          ))}
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setProvision([...provision, { what: '', who: '', frequency: '', review: '' }])}>Add more provision</button>
        </fieldset>
        {note('preparingForAdulthood')}
        {pfText('preparingForAdulthood', 'Preparing for adulthood (optional)')}
        {note('views')}
        {pfText('views', 'Views of the child and family')}
      </>
    );
  }

  const outcomeChoice = (
      task.outcomes.length > 1 && (
        <fieldset className="nhsuk-fieldset nhsuk-form-group">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Outcome</legend>
          <div className="nhsuk-radios nhsuk-radios--small">
          {task.outcomes.map((o) => (
            <div className="nhsuk-radios__item" key={o.id}>
              <input className="nhsuk-radios__input" id={`outcome-${o.id}`} type="radio" name="outcome" value={o.id} checked={outcome === o.id} onChange={() => setOutcome(o.id)} />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={`outcome-${o.id}`}>{o.label}</label>
            </div>
          ))}
          </div>
        </fieldset>
      )
  );

  return (
    <form className="nhsuk-card app-card-form" onSubmit={submit} noValidate aria-labelledby="task-form-heading">
      <div className="nhsuk-card__content">
      <h2 id="task-form-heading" className={embedded ? 'nhsuk-u-visually-hidden' : undefined}>{task.label}</h2>
      {!embedded && <p className="nhsuk-hint">{task.serviceCode ? `${task.serviceCode} · ` : ''}Due {formatDate(task.dueDate)}{task.attempt > 1 ? ` · attempt ${task.attempt}` : ''}</p>}
      <ErrorSummary items={problems} focusKey={attempt} />
      {/* A reviewer decides after reading the draft and the checklist; everyone else chooses what they are answering first. */}
      {task.form !== 'qa_review' && outcomeChoice}
      {fields}
      {task.form === 'qa_review' && outcomeChoice}
      <ButtonGroup>
        <Button type="submit" disabled={complete_.isPending}>
          {task.outcomes.length === 1 ? task.outcomes[0].label : 'Complete task'}
        </Button>
        <Button variant="secondary" onClick={onCancel}>Cancel</Button>
      </ButtonGroup>
      </div>
    </form>
  );
}
