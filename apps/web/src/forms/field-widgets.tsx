import { useEffect, useRef, useState, type ComponentType } from 'react';
import { Controller, useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import type { FieldKind, FormField } from '@sendflow/domain';
import { Button } from '../ui/parts';
import { Choice, ChoiceGroup, DateInput, describedBy, ErrorMessage, FieldGroup, type DateParts } from '../ui/fields';
import { fieldDomId, optionDomId } from './field-paths';
import { emptyRow } from './form-values';
import { useDomId, useFieldIssue, useRenderer } from './renderer-context';

/**
 * One NHS-styled widget per field kind, bound to react-hook-form by the field's data path. Each
 * widget's element (or fieldset) carries the id `fieldDomId(path)`, so the error summary links to
 * it and focus lands in it. Registered in `WIDGETS`, typed so a new field kind without a widget
 * does not compile.
 */
export interface WidgetProps<F extends FormField = FormField> {
  field: F;
  path: string;
  /** Required now: by the field itself, or by a rule that holds (an override reason after a fail). */
  required: boolean;
  /** A top-level field of the form (a section of the pro forma), shown with a bolder label. */
  top?: boolean;
}
type Of<K extends FieldKind> = WidgetProps<Extract<FormField, { kind: K }>>;

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
export const labelText = (label: string, required: boolean) => (required ? label : `${label} (optional)`);

function TextWidget({ field, path, required, top }: Of<'text'>) {
  const { register } = useFormContext();
  const id = useDomId(path);
  const error = useFieldIssue(path);
  return (
    <FieldGroup id={id} label={labelText(field.label, required)} hint={field.hint} error={error} size={top ? 's' : undefined}>
      <input id={id} type="text" {...register(path)} className={`nhsuk-input${error ? ' nhsuk-input--error' : ''}`}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, field.hint, error)} />
    </FieldGroup>
  );
}

/** A textarea with the NHS character count's words once most of the room is used. */
function LongTextWidget({ field, path, required, top }: Of<'longText'>) {
  const { register, control } = useFormContext();
  const value = useWatch({ control, name: path }) as unknown;
  const id = useDomId(path);
  const error = useFieldIssue(path);
  const left = field.maxLength - (typeof value === 'string' ? value.length : 0);
  const near = left <= field.maxLength * 0.2;
  const countId = `${id}-count`;
  return (
    <FieldGroup id={id} label={labelText(field.label, required)} hint={field.hint} error={error} size={top ? 's' : undefined}>
      <textarea id={id} rows={top ? 5 : 3} {...register(path)}
        className={`nhsuk-textarea${error || left < 0 ? ' nhsuk-textarea--error' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={[describedBy(id, field.hint, error), near ? countId : ''].filter(Boolean).join(' ') || undefined} />
      {near && (
        <div id={countId} className={left < 0 ? 'nhsuk-error-message' : 'nhsuk-hint nhsuk-character-count__message'}>
          {left < 0 ? `You have ${-left} character${left === -1 ? '' : 's'} too many` : `You have ${left} character${left === 1 ? '' : 's'} remaining`}
        </div>
      )}
    </FieldGroup>
  );
}

function DateWidget({ field, path, required }: Of<'date'>) {
  const { control } = useFormContext();
  const id = useDomId(path);
  const error = useFieldIssue(path);
  return (
    <Controller control={control} name={path} render={({ field: f }) => (
      <DateInput id={id} legend={labelText(field.label, required)} hint={field.hint ?? 'For example, 15 3 2026'} error={error}
        value={{ day: '', month: '', year: '', ...(f.value as Partial<DateParts> | undefined) }} onChange={f.onChange} onBlur={f.onBlur} />
    )} />
  );
}

function YesNoWidget({ field, path, required }: Of<'yesNo'>) {
  const { register } = useFormContext();
  const { prefix } = useRenderer();
  return (
    <ChoiceGroup id={useDomId(path)} legend={labelText(field.label, required)} hint={field.hint} error={useFieldIssue(path)} type="radio" small inline>
      <Choice id={optionDomId(path, 'yes', prefix)} type="radio" value="yes" label="Yes" {...register(path)} />
      <Choice id={optionDomId(path, 'no', prefix)} type="radio" value="no" label="No" {...register(path)} />
    </ChoiceGroup>
  );
}

/** Checkboxes whose value is the list of ticked options (react-hook-form's own checkbox binding gives a boolean for a list of one). */
function CheckboxList({ path, legend, hint, options }: { path: string; legend: string; hint?: string; options: { value: string; label: string; key: string | number }[] }) {
  const { control } = useFormContext();
  const { prefix } = useRenderer();
  const id = useDomId(path);
  const error = useFieldIssue(path);
  return (
    <Controller control={control} name={path} render={({ field: f }) => {
      const ticked = Array.isArray(f.value) ? (f.value as string[]) : [];
      return (
        <ChoiceGroup id={id} legend={legend} hint={hint} error={error} type="checkbox" small>
          {options.length === 0 && <p className="nhsuk-body-s">None to choose from.</p>}
          {options.map((o, i) => (
            <Choice key={o.key} ref={i === 0 ? f.ref : undefined} id={optionDomId(path, o.key, prefix)} type="checkbox" label={o.label}
              checked={ticked.includes(o.value)} onBlur={f.onBlur}
              onChange={(e) => f.onChange(e.target.checked ? [...ticked, o.value] : ticked.filter((x) => x !== o.value))} />
          ))}
        </ChoiceGroup>
      );
    }} />
  );
}

function ChoiceWidget({ field, path, required }: Of<'choice'>) {
  const { register } = useFormContext();
  const { prefix } = useRenderer();
  const id = useDomId(path);
  const error = useFieldIssue(path);
  const legend = labelText(field.label, required);
  if (field.multiple) {
    return <CheckboxList path={path} legend={legend} hint={field.hint} options={field.options.map((o, i) => ({ ...o, key: i }))} />;
  }
  return (
    <ChoiceGroup id={id} legend={legend} hint={field.hint} error={error} type="radio" small>
      {field.options.map((o, i) => <Choice key={o.value} id={optionDomId(path, i, prefix)} type="radio" value={o.value} label={o.label} {...register(path)} />)}
    </ChoiceGroup>
  );
}

function ServicesWidget({ field, path, required }: Of<'services'>) {
  const { services } = useRenderer();
  const { control } = useFormContext();
  const chosen = useWatch({ control, name: path }) as unknown;
  // Active services, and any already chosen that has since been retired (so it can be unticked).
  const shown = services.filter((s) => s.active || (Array.isArray(chosen) && chosen.includes(s.code)));
  return <CheckboxList path={path} legend={labelText(field.label, required)} hint={field.hint} options={shown.map((s) => ({ value: s.code, label: `${s.name} (${s.code})`, key: s.code }))} />;
}

function GroupWidget({ field, path, required }: Of<'group'>) {
  const id = useDomId(path);
  const error = useFieldIssue(path);
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" id={id} aria-describedby={describedBy(id, field.hint, error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{labelText(field.label, required)}</legend>
        {field.hint && <div className="nhsuk-hint" id={`${id}-hint`}>{field.hint}</div>}
        <ErrorMessage id={id} error={error} />
        {field.repeat ? <Rows field={field} path={path} /> : field.fields.map((l) => <FieldWidget key={l.id} field={l} path={`${path}.${l.id}`} required={l.required} />)}
      </fieldset>
    </div>
  );
}

/** A repeating group's rows, each a fieldset of its own with a remove button; an add button below. */
function Rows({ field, path }: { field: Extract<FormField, { kind: 'group' }>; path: string }) {
  const { control } = useFormContext();
  const { bundle, prefix } = useRenderer();
  const { fields: rows, append, remove } = useFieldArray({ control, name: path, keyName: '_key' });
  const addRef = useRef<HTMLButtonElement>(null);
  const min = Math.max(field.repeat?.min ?? 0, field.required ? 1 : 0);
  const max = field.repeat?.max ?? 100;
  const name = lower(field.label);
  return (
    <>
      {rows.map((row, i) => (
        <fieldset key={row._key} className="nhsuk-fieldset app-repeat-row" id={fieldDomId(`${path}.${i}`, prefix)}>
          <legend className="nhsuk-fieldset__legend app-repeat-row__legend">{field.label} {i + 1}</legend>
          {/* Two answers sit side by side (a source and its date); more are stacked, so each has room to read. */}
          <div className={field.fields.length <= 2 ? 'app-row' : undefined}>
            {field.fields.map((l) => <FieldWidget key={l.id} field={l} path={`${path}.${i}.${l.id}`} required={l.required} />)}
          </div>
          {rows.length > min && (
            <Button small variant="secondary" onClick={() => { remove(i); addRef.current?.focus(); }}>
              Remove<span className="nhsuk-u-visually-hidden"> {name} {i + 1}</span>
            </Button>
          )}
        </fieldset>
      ))}
      {rows.length < max && (
        // Focus moves into the new row's first field (react-hook-form's append does that).
        <Button ref={addRef} small variant="secondary" onClick={() => append(emptyRow(field, bundle))}>
          Add another<span className="nhsuk-u-visually-hidden"> row to {name}</span>
        </Button>
      )}
    </>
  );
}

/** Pass or fail per active audit criterion of the request's criteria version; a fail opens its comment. */
function CriteriaWidget({ field, path, required }: Of<'criteria'>) {
  const { bundle } = useRenderer();
  const id = useDomId(path);
  const error = useFieldIssue(path);
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`} id={id}>
      <h3>{labelText(field.label, required)}</h3>
      {field.hint && <div className="nhsuk-hint">{field.hint}</div>}
      <ErrorMessage id={id} error={error} />
      {bundle.criteria.items.filter((c) => c.active !== false).map((c) => <Verdict key={c.id} path={`${path}.${c.id}`} text={c.text} />)}
    </div>
  );
}

function Verdict({ path, text }: { path: string; text: string }) {
  const { register, control } = useFormContext();
  const { prefix } = useRenderer();
  const result = useWatch({ control, name: `${path}.result` }) as unknown;
  const commentPath = `${path}.comment`;
  const commentId = useDomId(commentPath);
  const commentError = useFieldIssue(commentPath);
  return (
    <ChoiceGroup id={useDomId(path)} legend={text} error={useFieldIssue(path)} type="radio" small inline>
      <Choice id={optionDomId(`${path}.result`, 'pass', prefix)} type="radio" value="pass" label="Pass" {...register(`${path}.result`)} />
      <Choice id={optionDomId(`${path}.result`, 'fail', prefix)} type="radio" value="fail" label="Fail" {...register(`${path}.result`)} />
      {result === 'fail' && (
        <div className="app-verdict-comment">
          <FieldGroup id={commentId} label="What needs to change" error={commentError}>
            <textarea id={commentId} rows={2} {...register(commentPath)} className={`nhsuk-textarea${commentError ? ' nhsuk-textarea--error' : ''}`}
              aria-invalid={commentError ? true : undefined} aria-describedby={describedBy(commentId, undefined, commentError)} />
          </FieldGroup>
        </div>
      )}
    </ChoiceGroup>
  );
}

/** A comment per section of the form under review; beside the draft when the renderer has it (see FormRenderer `reviewed`). */
function SectionCommentsWidget({ field, path, required }: Of<'sectionComments'>) {
  const { bundle } = useRenderer();
  const of = bundle.forms[field.ofForm];
  const sections = of ? of.variants.find((v) => v.outcome === 'default')?.sections.flatMap((s) => s.fields) ?? [] : [];
  return (
    <fieldset className="nhsuk-fieldset nhsuk-form-group" id={useDomId(path)}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{labelText(field.label, required)}</legend>
      {sections.map((s) => <SectionCommentBox key={s.id} path={`${path}.${s.id}`} label={s.label} />)}
    </fieldset>
  );
}

/** One section's comment, folded away until wanted (open when it has words, or a problem). */
export function SectionCommentBox({ path, label }: { path: string; label: string }) {
  const { register, getValues } = useFormContext();
  const id = useDomId(path);
  const error = useFieldIssue(path);
  const [open, setOpen] = useState(() => Boolean(getValues(path)));
  useEffect(() => { if (error) setOpen(true); }, [error]);
  return (
    <details className="nhsuk-details app-section-comment" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">Comment on {lower(label)}</span></summary>
      <div className="nhsuk-details__text">
        <FieldGroup id={id} label={`Comment for the author on ${lower(label)} (optional)`} error={error}>
          <textarea id={id} rows={2} {...register(path)} className={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`}
            aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, undefined, error)} />
        </FieldGroup>
      </div>
    </details>
  );
}

const WIDGETS = {
  text: TextWidget,
  longText: LongTextWidget,
  date: DateWidget,
  yesNo: YesNoWidget,
  choice: ChoiceWidget,
  services: ServicesWidget,
  group: GroupWidget,
  criteria: CriteriaWidget,
  sectionComments: SectionCommentsWidget,
} satisfies { [K in FieldKind]: ComponentType<Of<K>> };

export function FieldWidget(props: WidgetProps) {
  const Widget = WIDGETS[props.field.kind] as ComponentType<WidgetProps>;
  return <Widget {...props} />;
}
