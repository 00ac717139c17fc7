import { useEffect, useMemo, useState, type FormHTMLAttributes, type ReactNode } from 'react';
import { FormProvider, useForm, useFormContext, useWatch, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import {
  formSchema, variantFields, variantFor,
  type FormBundle, type FormDefinition, type FormField, type FormRule, type FormVariant,
} from '@sendflow/domain';
import { useServices } from '../api/hooks';
import { ErrorSummary, type SummaryItem } from '../ui/error-summary';
import { AnswerView } from './answer-view';
import { applyApiIssues } from './api-issues';
import { errorEntries, fieldDomId, FIELD_ID_PREFIX, issueText, resolvePath } from './field-paths';
import { FieldWidget, SectionCommentBox } from './field-widgets';
import { toData, variantData, type FormValues } from './form-values';
import { Renderer, useRenderer, type RendererContext } from './renderer-context';

/**
 * Any form definition as an NHS-styled form (or, `readOnly`, as an answer to read), validated in
 * the browser by the same zod schema the API and the workflow use (`formSchema`) through
 * react-hook-form's zod resolver. Missing answers are listed in an error summary at the top, each
 * linked to its field, and shown beside the field; the API's 400 `issues` (`data.x.y`) land on the
 * same fields. The answer's `outcome` picks the variant: switching it keeps what was typed.
 */
export interface FormRendererProps {
  definition: FormDefinition;
  outcome: string;
  bundle: FormBundle;
  /** Editing: the starting values (`toFormValues` of a draft, a prefill or a previous attempt). */
  defaultValues?: FormValues;
  /** Read-only: the answer to show. */
  readOnly?: boolean;
  answer?: unknown;
  /** Something shown above a top-level field, by field id (the reviewer's comment on that section). */
  fieldNotes?: Record<string, ReactNode>;
  /** Every change of the values (and once with the starting values), e.g. for the draft's autosave. */
  onChange?: (values: FormValues) => void;
  /** Called with the validated data; an ApiError thrown here is shown against its fields. */
  onSubmit?: (data: Record<string, unknown>) => Promise<void>;
  /**
   * The answer a `sectionComments` field comments on: shown read-only beside the rest of the form,
   * with each section's comment box under it (a quality review beside its draft).
   */
  reviewed?: { answer: unknown; outcome?: string | null; title?: string };
  /** Before the fields (after the error summary), and after them (the outcome, the buttons). */
  header?: ReactNode;
  footer?: ReactNode;
  formProps?: Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'noValidate'>;
  idPrefix?: string;
}

export function FormRenderer(props: FormRendererProps) {
  if (props.readOnly) return <ReadOnlyAnswer {...props} />;
  return <EditableForm {...props} />;
}

function needsServices(def: FormDefinition, bundle: FormBundle): boolean {
  const kinds = (d?: FormDefinition) => (d?.variants ?? []).flatMap((v) => variantFields(v)).flatMap((f) => (f.kind === 'group' ? f.fields : [f]));
  const all = kinds(def);
  const reviewedForms = all.flatMap((f) => (f.kind === 'sectionComments' ? [bundle.forms[f.ofForm]] : []));
  return [...all, ...reviewedForms.flatMap(kinds)].some((f) => f.kind === 'services');
}

function ReadOnlyAnswer({ definition, outcome, bundle, answer, fieldNotes, idPrefix }: FormRendererProps) {
  const services = useServices(needsServices(definition, bundle)).data ?? [];
  return <AnswerView definition={definition} outcome={outcome} bundle={bundle} answer={answer} services={services} fieldNotes={fieldNotes} idPrefix={idPrefix ?? 'v'} />;
}

function EditableForm({
  definition, outcome, bundle, defaultValues = NONE, fieldNotes = NONE, onChange, onSubmit, reviewed, header, footer, formProps, idPrefix = FIELD_ID_PREFIX,
}: FormRendererProps) {
  const variant = variantFor(definition, outcome);
  const resolver = useMemo<Resolver<FormValues>>(() => {
    const check = zodResolver(formSchema(definition, outcome, bundle) as z.ZodType<Record<string, unknown>, FormValues>);
    // The schema sees what would be sent (dates as YYYY-MM-DD, yes/no as true/false), not the widgets' state.
    return (values, context, options) => check(variantData(variant, values), context, options as never) as ReturnType<Resolver<FormValues>>;
  }, [definition, outcome, bundle, variant]);
  const methods = useForm<FormValues>({ defaultValues, resolver, mode: 'onSubmit', reValidateMode: 'onChange', shouldFocusError: false });
  const { formState: { errors }, clearErrors, setError, handleSubmit } = methods;
  const services = useServices(needsServices(definition, bundle)).data ?? [];
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);

  // Problems of the outcome no longer chosen would point at fields no longer shown.
  useEffect(() => { clearErrors(); setLoose([]); }, [outcome, clearErrors]);

  const ctx = useMemo<RendererContext>(() => ({ prefix: idPrefix, definition, variant, bundle, services, fieldNotes }), [idPrefix, definition, variant, bundle, services, fieldNotes]);

  const submit = handleSubmit(async (data) => {
    setLoose([]);
    try {
      await onSubmit?.(data as Record<string, unknown>);
    } catch (err) {
      setLoose(applyApiIssues(err, variant, bundle, (path, e) => setError(path, e)));
      setAttempt((n) => n + 1);
    }
  }, () => { setLoose([]); setAttempt((n) => n + 1); });

  const items: SummaryItem[] = [
    ...errorEntries(errors).map(({ path, message }) => {
      const r = resolvePath(variant, bundle, path);
      return { fieldId: r ? fieldDomId(path, idPrefix) : null, message: issueText(r, message) };
    }),
    ...loose.map((message) => ({ message })),
  ];

  const commentsField = reviewed ? variantFields(variant).find((f) => f.kind === 'sectionComments' && bundle.forms[f.ofForm]) : undefined;
  const fields = variant.sections.map((section, i) => (
    <div key={i} className="app-form-section">
      {section.title && <h3>{section.title}</h3>}
      {section.fields.filter((f) => f !== commentsField).map((f) => <TopField key={f.id} field={f} />)}
    </div>
  ));

  return (
    <FormProvider {...methods}>
      <Renderer.Provider value={ctx}>
        <form noValidate onSubmit={(e) => void submit(e)} {...formProps}>
          <ErrorSummary items={items} focusKey={attempt} />
          {onChange && <ChangeReporter onChange={onChange} />}
          {header}
          {commentsField?.kind === 'sectionComments' && reviewed ? (
            <div className="app-review-grid">
              <section className="app-review-draft" aria-labelledby={`${idPrefix}-reviewed-heading`}>
                <h3 id={`${idPrefix}-reviewed-heading`}>{reviewed.title ?? `The ${lower(bundle.forms[commentsField.ofForm].title)} under review`}</h3>
                <AnswerView definition={bundle.forms[commentsField.ofForm]} outcome={reviewed.outcome ?? 'default'} bundle={bundle} answer={reviewed.answer}
                  services={services} level={4} idPrefix={`${idPrefix}-reviewed`}
                  after={(f) => (commentable(bundle.forms[commentsField.ofForm]).has(f.id) ? <SectionCommentBox path={`${commentsField.id}.${f.id}`} label={f.label} /> : null)} />
              </section>
              <div className="app-review-checklist">{fields}</div>
            </div>
          ) : fields}
          {footer}
        </form>
      </Renderer.Provider>
    </FormProvider>
  );
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
// One empty object, so a form without notes does not make a new context on every render.
const NONE: Record<string, never> = {};

/** The sections a sectionComments field can take a comment on: its form's default variant (what the schema allows). */
const commentable = (of: FormDefinition) => new Set(variantFields(variantFor(of, 'default')).map((f) => f.id));

function ChangeReporter({ onChange }: { onChange: (values: FormValues) => void }) {
  const values = useWatch();
  const json = JSON.stringify(values);
  useEffect(() => { onChange(JSON.parse(json) as FormValues); }, [json, onChange]);
  return null;
}

/** A field some rule requires is asked only when its rule holds here (or it already has an answer). */
function TopField({ field }: { field: FormField }) {
  const { definition, variant } = useRenderer();
  const conditional = definition.variants.some((v) => v.rules.some((r) => r.field === field.id));
  if (!conditional) return <WithNote field={field} required={field.required} />;
  return <ConditionalField field={field} rule={variant.rules.find((r) => r.field === field.id)} />;
}

function ConditionalField({ field, rule }: { field: FormField; rule?: FormRule }) {
  const { control } = useFormContext();
  const { variant } = useRenderer();
  const source = rule ? ('anyFailIn' in rule.when ? rule.when.anyFailIn : rule.when.field) : field.id;
  const [sourceValue, own] = useWatch({ control, name: [source, field.id] }) as [unknown, unknown];
  const holds = rule ? ruleHolds(rule, variant, sourceValue) : false;
  const answered = toData([field], { [field.id]: own })[field.id] !== undefined;
  if (!holds && !answered) return null;
  return <WithNote field={field} required={field.required || holds} />;
}

function ruleHolds(rule: FormRule, variant: FormVariant, sourceValue: unknown): boolean {
  if ('anyFailIn' in rule.when) {
    return Object.values((sourceValue ?? {}) as Record<string, { result?: unknown } | undefined>).some((v) => v?.result === 'fail');
  }
  const source = variantFields(variant).find((f) => f.id === (rule.when as { field: string }).field);
  return source ? toData([source], { [source.id]: sourceValue })[source.id] === rule.when.equals : false;
}

function WithNote({ field, required }: { field: FormField; required: boolean }) {
  const { fieldNotes } = useRenderer();
  return (
    <>
      {fieldNotes[field.id]}
      <FieldWidget field={field} path={field.id} required={required} top />
    </>
  );
}
