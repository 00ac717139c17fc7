import { useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import {
  FIELD_KINDS, formDefinition, SHIPPED_BUNDLE, SHIPPED_FORMS, type FieldKind, type FormBundle, type FormDefinition,
} from '@sendflow/domain';
import { ApiError, errorText } from '../api/http';
import { useUser } from '../app/session';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { FormRenderer } from '../forms/form-renderer';
import { ErrorSummary, ProblemSummary } from '../ui/error-summary';
import { Checkbox, Select, Textarea, TextInput } from '../ui/fields';
import { BackLink, Button, ButtonGroup, formatDate, Loading, NotificationBanner, SummaryList } from '../ui/parts';
import {
  addField, addVariant, KIND_LABEL, LEAF_KINDS, moveField, optionsFromLines, removeField, updateVariant, withKind,
  type Def, type FieldIn, type LeafIn, type RuleIn, type VariantIn,
} from './form-edit';
import { criteriaApi, formsApi, statusTag, VERSION_STATUS_LABEL, type FormVersionDetail } from './forms-api';

const useCriteria = () => useQuery({ queryKey: ['audit-criteria'], queryFn: () => criteriaApi.list() });

/** /forms/:id — one form version: a SOP manager designs a draft beside its live preview; everyone else sees the preview. */
export function FormDesignerPage() {
  const id = useParams().id!;
  const user = useUser();
  const { data, error, isPending, refetch } = useQuery({ queryKey: ['form', id], queryFn: () => formsApi.get(id) });
  const [generation, setGeneration] = useState(0);
  if (isPending) return <Loading what="the form" />;
  if (!data) return <ProblemSummary error={error} />;
  const editable = data.status === 'draft' && user.roles.includes('sop_manager');
  // A reload after someone else's save starts the editor again from what they saved.
  const reload = async () => { await refetch(); setGeneration((g) => g + 1); };
  return editable
    ? <FormEditor key={`${data.id}:${generation}`} version={data} onReload={reload} />
    : <FormVersionView version={data} manager={user.roles.includes('sop_manager')} />;
}

function Heading({ version, title }: { version: FormVersionDetail; title: string }) {
  return (
    <>
      <BackLink to="/forms">All forms</BackLink>
      <h1>
        <span className="nhsuk-caption-l">{version.key}, version {version.version}</span>
        {title} <span className={statusTag(version.status)}>{VERSION_STATUS_LABEL[version.status]}</span>
      </h1>
    </>
  );
}

/** The preview's bundle: the shipped forms (a comment form names one) and the published criteria. */
function usePreviewBundle(def: FormDefinition | null): FormBundle {
  const criteria = useCriteria().data?.find((v) => v.status === 'published');
  return useMemo(() => ({
    forms: { ...SHIPPED_FORMS, ...(def ? { [def.key]: def } : {}) },
    criteria: criteria ? { version: criteria.version, items: criteria.items } : SHIPPED_BUNDLE.criteria,
  }), [def, criteria]);
}

function Preview({ def, outcome }: { def: FormDefinition; outcome: string }) {
  const bundle = usePreviewBundle(def);
  const [checked, setChecked] = useState<string | null>(null);
  return (
    <section className="app-form-preview" aria-labelledby="form-preview-heading">
      <h2 id="form-preview-heading">Preview{outcome !== 'default' ? `: when the outcome is “${outcome}”` : ''}</h2>
      <p className="nhsuk-hint">What a person working the step sees. Try it: the same checks run here as on the server. Nothing is sent.</p>
      {checked && <NotificationBanner success title="Preview">{checked}</NotificationBanner>}
      <FormRenderer
        key={JSON.stringify([def, outcome])}
        idPrefix="preview"
        definition={def}
        outcome={outcome}
        bundle={bundle}
        onSubmit={async () => setChecked('These answers pass the form’s checks.')}
        footer={<Button type="submit" variant="secondary">Check the answers</Button>}
      />
    </section>
  );
}

/** A published or retired version (or a draft for a reader): what it asks, and the next steps a manager can take. */
function FormVersionView({ version, manager }: { version: FormVersionDetail; manager: boolean }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [problem, setProblem] = useState<unknown>(null);
  const [outcome, setOutcome] = useState('default');
  const act = async (work: () => Promise<{ id: string }>) => {
    try {
      const v = await work();
      await qc.invalidateQueries({ queryKey: ['forms'] });
      await qc.invalidateQueries({ queryKey: ['form'] });
      navigate(`/forms/${v.id}`);
    } catch (e) {
      setProblem(e);
    }
  };
  return (
    <>
      <Heading version={version} title={version.definition.title} />
      <ProblemSummary error={problem} />
      <SummaryList rows={[
        { key: 'Published', value: formatDate(version.publishedAt) },
        ...(version.retiredAt ? [{ key: 'Retired', value: formatDate(version.retiredAt) }] : []),
        { key: 'Outcome variants', value: version.definition.variants.map((v) => v.outcome).join(', ') },
      ]} />
      {manager && (
        <ButtonGroup>
          {version.status !== 'draft' && <Button onClick={() => act(() => formsApi.newDraft(version.id))}>Create a new draft from this version</Button>}
          {version.status === 'published' && <Button variant="warning" onClick={() => act(() => formsApi.retire(version.id))}>Retire this version</Button>}
        </ButtonGroup>
      )}
      <VariantPicker variants={version.definition.variants} value={outcome} onChange={setOutcome} />
      <Preview def={version.definition} outcome={outcome} />
    </>
  );
}

function VariantPicker({ variants, value, onChange }: { variants: readonly { outcome: string }[]; value: string; onChange: (o: string) => void }) {
  if (variants.length < 2) return null;
  return (
    <Select id="variant" label="Show the variant for" value={value} onChange={(e) => onChange(e.target.value)}
      options={variants.map((v) => ({ value: v.outcome, label: v.outcome === 'default' ? 'Default (every outcome without its own)' : `Outcome “${v.outcome}”` }))} />
  );
}

type Issue = { field: string; message: string };
/** Words a screen reader needs after the visible ones (which stay first in the button's name). */
const Hidden = ({ children }: { children: ReactNode }) => <span className="nhsuk-u-visually-hidden">{children}</span>;

function FormEditor({ version, onReload }: { version: FormVersionDetail; onReload: () => Promise<void> }) {
  const qc = useQueryClient();
  const [def, setDef] = useState<Def>(version.definition);
  const [revision, setRevision] = useState(version.revision);
  const [dirty, setDirty] = useState(false);
  const [vi, setVi] = useState(0);
  const [errors, setErrors] = useState<Issue[]>([]);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [newOutcome, setNewOutcome] = useState('');
  const { guard, release } = useUnsavedChanges(dirty, 'your changes to this form');

  const parsed = useMemo(() => formDefinition.safeParse(def), [def]);
  const localIssues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: `${i.path.join('.') || 'form'}: ${i.message}` }));
  const edit = (next: Def) => { setDef(next); setDirty(true); setNotice(null); };
  const variant = def.variants[Math.min(vi, def.variants.length - 1)];
  const topIds = variant.sections.flatMap((s) => s.fields.map((f) => f.id));

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409 && /since revision/.test(e.message)) setConflict(true);
    setErrors(e instanceof ApiError && e.issues.length ? e.issues : [{ field: '', message: errorText(e) }]);
    setAttempt((n) => n + 1);
  };
  const save = async () => {
    setBusy(true);
    try {
      const saved = await formsApi.save(version.id, def, revision);
      setRevision(saved.revision);
      setDirty(false);
      setErrors([]);
      setNotice(`Draft saved (revision ${saved.revision}).`);
      void qc.invalidateQueries({ queryKey: ['forms'] });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    if (dirty) {
      setErrors([{ field: '', message: 'Save your changes before publishing: publishing takes the saved draft.' }]);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await formsApi.publish(version.id, revision);
      release();
      await qc.invalidateQueries({ queryKey: ['forms'] });
      await qc.invalidateQueries({ queryKey: ['form', version.id] });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const reload = async () => {
    release();
    await onReload();
  };

  return (
    <>
      {guard}
      <Heading version={{ ...version, revision }} title={def.title || version.key} />
      <ErrorSummary items={errors.map((e) => ({ message: e.message }))} focusKey={attempt} />
      {conflict && (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">Someone else saved this draft</h2>
          <p>Your changes were not saved, so nothing of theirs was overwritten. Reload to see their version, then make your changes again.</p>
          <Button variant="secondary" onClick={reload}>Reload the saved draft</Button>
        </div>
      )}
      {notice && <NotificationBanner success title="Saved">{notice}</NotificationBanner>}
      <p className="nhsuk-body-s">{dirty ? <strong>Unsaved changes.</strong> : 'No unsaved changes.'} Revision {revision}, last saved {formatDate(version.updatedAt)}.</p>
      <ButtonGroup>
        <Button onClick={save} disabled={busy}>Save draft</Button>
        <Button variant="secondary" onClick={publish} disabled={busy || !parsed.success}>Publish</Button>
      </ButtonGroup>

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half app-form-designer">
          <h2>Design</h2>
          <TextInput id="form-title" label="Title" value={def.title} onChange={(e) => edit({ ...def, title: e.target.value })} />
          <Textarea id="form-description" label="Description (optional)" rows={2} value={def.description ?? ''} onChange={(e) => edit({ ...def, description: e.target.value || undefined })} />
          {localIssues.length > 0 && (
            <div className="nhsuk-inset-text" role="status" aria-live="polite">
              <h3 className="nhsuk-heading-s">To fix before this form can be published</h3>
              <ul>{localIssues.slice(0, 10).map((i) => <li key={i.message}>{i.message}</li>)}</ul>
            </div>
          )}

          <h3>Outcome variants</h3>
          <p className="nhsuk-hint">A step’s outcome can ask different questions (sending back for rework needs comments). “default” serves every outcome without its own.</p>
          <VariantPicker variants={def.variants} value={variant.outcome} onChange={(o) => setVi(def.variants.findIndex((v) => v.outcome === o))} />
          <div className="app-inline-form">
            <TextInput id="new-variant" label="Add a variant for outcome" hint="The outcome id as the SOP step names it, for example rework" width={20}
              value={newOutcome} onChange={(e) => setNewOutcome(e.target.value.trim())} />
            <Button variant="secondary" small disabled={!newOutcome || def.variants.some((v) => v.outcome === newOutcome)}
              onClick={() => { edit(addVariant(def, newOutcome)); setVi(def.variants.length); setNewOutcome(''); }}>Add variant</Button>
          </div>
          {variant.outcome !== 'default' && (
            <Button variant="warning" small onClick={() => { edit({ ...def, variants: def.variants.filter((_, i) => i !== vi) }); setVi(0); }}>Remove the “{variant.outcome}” variant</Button>
          )}
          <Checkbox id="variant-strict" label="Refuse answers this variant does not ask for" checked={variant.strict ?? false}
            onChange={(e) => edit(updateVariant(def, vi, (v) => { v.strict = e.target.checked; }))} />

          {variant.sections.map((section, si) => (
            <fieldset className="nhsuk-fieldset app-form-section" key={si}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Section {si + 1}</legend>
              <TextInput id={`section-${si}-title`} label="Section heading (optional)" value={section.title ?? ''}
                onChange={(e) => edit(updateVariant(def, vi, (v) => { v.sections[si].title = e.target.value || undefined; }))} />
              <ol className="app-field-list">
                {section.fields.map((f, fi) => (
                  <li key={`${si}-${fi}`} className="app-field-card">
                    <FieldEditor prefix={`f-${si}-${fi}`} field={f}
                      onChange={(nf) => edit(updateVariant(def, vi, (v) => { v.sections[si].fields[fi] = nf; }))} />
                    <ButtonGroup>
                      <Button variant="secondary" small disabled={si === 0 && fi === 0} onClick={() => edit(moveField(def, vi, si, fi, -1))}>Move up<Hidden> “{f.label}”</Hidden></Button>
                      <Button variant="secondary" small disabled={si === variant.sections.length - 1 && fi === section.fields.length - 1} onClick={() => edit(moveField(def, vi, si, fi, 1))}>Move down<Hidden> “{f.label}”</Hidden></Button>
                      <Button variant="warning" small onClick={() => edit(removeField(def, vi, si, fi))}>Remove<Hidden> “{f.label}”</Hidden></Button>
                    </ButtonGroup>
                  </li>
                ))}
              </ol>
              <ButtonGroup>
                <Button variant="secondary" small onClick={() => edit(addField(def, vi, si))}>Add a question to section {si + 1}</Button>
                {variant.sections.length > 1 && section.fields.length === 0 && (
                  <Button variant="warning" small onClick={() => edit(updateVariant(def, vi, (v) => { v.sections.splice(si, 1); }))}>Remove section {si + 1}</Button>
                )}
              </ButtonGroup>
            </fieldset>
          ))}
          <Button variant="secondary" small onClick={() => edit(updateVariant(def, vi, (v) => { v.sections.push({ fields: [] }); }))}>Add a section</Button>

          <RulesEditor variant={variant} topIds={topIds} onChange={(rules) => edit(updateVariant(def, vi, (v) => { v.rules = rules; }))} />
        </div>
        <div className="nhsuk-grid-column-one-half">
          {parsed.success
            ? <Preview def={parsed.data} outcome={variant.outcome} />
            : <p className="nhsuk-body">The preview shows once the form has no problems to fix.</p>}
        </div>
      </div>
    </>
  );
}

/** One question: what kind, its key in the answer, its words, and what the kind needs. */
function FieldEditor({ prefix, field, onChange, leafOnly }: { prefix: string; field: FieldIn | LeafIn; onChange: (f: FieldIn) => void; leafOnly?: boolean }) {
  const f = field as FieldIn;
  const set = (patch: Partial<Record<string, unknown>>) => onChange({ ...f, ...patch } as FieldIn);
  const kinds = (leafOnly ? LEAF_KINDS : FIELD_KINDS) as readonly FieldKind[];
  return (
    <div>
      <Select id={`${prefix}-kind`} label="Kind" value={f.kind} onChange={(e) => onChange(withKind(f, e.target.value as FieldKind))}
        options={kinds.map((k) => ({ value: k, label: KIND_LABEL[k] }))} />
      <TextInput id={`${prefix}-label`} label="Question" value={f.label} onChange={(e) => set({ label: e.target.value })} />
      <TextInput id={`${prefix}-id`} label="Answer key" hint="How the answer is stored; keep it when rewording the question" width={20} value={f.id}
        onChange={(e) => set({ id: e.target.value.trim() })} />
      <TextInput id={`${prefix}-hint`} label="Help text (optional)" value={f.hint ?? ''} onChange={(e) => set({ hint: e.target.value || undefined })} />
      <Checkbox id={`${prefix}-required`} label="An answer is required" checked={f.required ?? false} onChange={(e) => set({ required: e.target.checked })} />
      {(f.kind === 'text' || f.kind === 'longText' || f.kind === 'sectionComments') && (
        <TextInput id={`${prefix}-max`} label="Longest answer (characters)" inputMode="numeric" width={5} value={String(f.maxLength ?? '')}
          onChange={(e) => set({ maxLength: /^\d+$/.test(e.target.value) ? Number(e.target.value) : undefined })} />
      )}
      {f.kind === 'choice' && (
        <>
          <Textarea id={`${prefix}-options`} label="Options, one per line" rows={3} defaultValue={f.options.map((o) => o.label).join('\n')}
            onBlur={(e) => set({ options: optionsFromLines(e.target.value, f.options) })} />
          <Checkbox id={`${prefix}-multiple`} label="Several may be chosen" checked={f.multiple ?? false} onChange={(e) => set({ multiple: e.target.checked })} />
        </>
      )}
      {f.kind === 'sectionComments' && (
        <Select id={`${prefix}-of`} label="Comments on the sections of" value={f.ofForm} onChange={(e) => set({ ofForm: e.target.value })}
          options={Object.values(SHIPPED_FORMS).map((d) => ({ value: d.key, label: d.title }))} />
      )}
      {f.kind === 'group' && (
        <fieldset className="nhsuk-fieldset app-group-fields">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Questions in the group</legend>
          <Checkbox id={`${prefix}-repeat`} label="Answered as rows (add another)" checked={Boolean(f.repeat)}
            onChange={(e) => set({ repeat: e.target.checked ? { min: f.required ? 1 : 0, max: 20 } : undefined })} />
          {f.repeat && (
            <div className="app-inline-form">
              <TextInput id={`${prefix}-min`} label="Fewest rows" inputMode="numeric" width={2} value={String(f.repeat.min)}
                onChange={(e) => set({ repeat: { ...f.repeat!, min: Number(e.target.value) || 0 } })} />
              <TextInput id={`${prefix}-maxrows`} label="Most rows" inputMode="numeric" width={2} value={String(f.repeat.max)}
                onChange={(e) => set({ repeat: { ...f.repeat!, max: Number(e.target.value) || 1 } })} />
            </div>
          )}
          <ol className="app-field-list">
            {f.fields.map((g, gi) => (
              <li key={gi} className="app-field-card">
                <FieldEditor prefix={`${prefix}-g${gi}`} field={g} leafOnly onChange={(ng) => set({ fields: f.fields.map((x, i) => (i === gi ? ng : x)) })} />
                {f.fields.length > 1 && <Button variant="warning" small onClick={() => set({ fields: f.fields.filter((_, i) => i !== gi) })}>Remove “{g.label}” from the group</Button>}
              </li>
            ))}
          </ol>
          <Button variant="secondary" small onClick={() => set({ fields: [...f.fields, { id: `item${f.fields.length + 1}`, kind: 'text', label: 'New question', required: false }] })}>Add a question to the group</Button>
        </fieldset>
      )}
    </div>
  );
}

/** "Required when": a question only some answers need (a reason when approving over a failed criterion). */
function RulesEditor({ variant, topIds, onChange }: { variant: VariantIn; topIds: string[]; onChange: (rules: RuleIn[]) => void }) {
  const rules = variant.rules ?? [];
  const checklists = variant.sections.flatMap((s) => s.fields).filter((f) => f.kind === 'criteria').map((f) => f.id);
  const whenOptions = [...topIds.map((id) => ({ value: `field:${id}`, label: `the answer to ${id} is …` })), ...checklists.map((id) => ({ value: `fail:${id}`, label: `any criterion in ${id} failed` }))];
  const set = (ri: number, r: RuleIn) => onChange(rules.map((x, i) => (i === ri ? r : x)));
  return (
    <section aria-labelledby="rules-heading">
      <h3 id="rules-heading">Rules</h3>
      <p className="nhsuk-hint">Make an optional question required when another answer has a value.</p>
      {rules.map((r, ri) => {
        const whenValue = 'anyFailIn' in r.when ? `fail:${r.when.anyFailIn}` : `field:${r.when.field}`;
        return (
          <fieldset className="nhsuk-fieldset app-field-card" key={ri}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Rule {ri + 1}</legend>
            <Select id={`rule-${ri}-field`} label="Require" value={r.field} onChange={(e) => set(ri, { ...r, field: e.target.value })} options={topIds.map((id) => ({ value: id, label: id }))} />
            <Select id={`rule-${ri}-when`} label="When" value={whenValue} options={whenOptions}
              onChange={(e) => {
                const [kind, id] = e.target.value.split(':');
                set(ri, { ...r, when: kind === 'fail' ? { anyFailIn: id } : { field: id, equals: 'when' in r && 'equals' in r.when ? r.when.equals : true } });
              }} />
            {'field' in r.when && (
              <TextInput id={`rule-${ri}-equals`} label="Equals" hint="yes or no for a yes-or-no question; otherwise the option’s value" width={20}
                value={typeof r.when.equals === 'boolean' ? (r.when.equals ? 'yes' : 'no') : r.when.equals}
                onChange={(e) => {
                  const v = e.target.value;
                  const field = (r.when as { field: string }).field;
                  const isYesNo = variant.sections.flatMap((s) => s.fields).some((f) => f.id === field && f.kind === 'yesNo');
                  set(ri, { ...r, when: { field, equals: isYesNo && (v === 'yes' || v === 'no') ? v === 'yes' : v } });
                }} />
            )}
            <TextInput id={`rule-${ri}-message`} label="Message when missing" value={r.message} onChange={(e) => set(ri, { ...r, message: e.target.value })} />
            <Button variant="warning" small onClick={() => onChange(rules.filter((_, i) => i !== ri))}>Remove rule {ri + 1}</Button>
          </fieldset>
        );
      })}
      {topIds.length > 1 && (
        <Button variant="secondary" small onClick={() => onChange([...rules, { kind: 'requiredWhen', field: topIds[topIds.length - 1], when: { field: topIds[0], equals: true }, message: 'is required' }])}>Add a rule</Button>
      )}
    </section>
  );
}
