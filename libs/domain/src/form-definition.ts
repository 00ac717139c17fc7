import { z } from 'zod';

/**
 * Forms are data: a form definition is what SOP managers design and publish, and what every
 * validator (API, the workflow's Update validator, the browser's react-hook-form resolver) turns
 * into one zod schema with `formSchema` (form-schema.ts). This file is the definition's own
 * contract: the designer's save and the API refuse anything that does not fit it.
 */
export const FORM_KEY = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be lower-case letters, digits or _');
/** A field's key in the submitted data (`data.<id>`); camelCase to match the shipped pro forma. */
export const FIELD_ID = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,59}$/, 'must start with a lower-case letter; letters, digits or _');

const fieldBase = {
  id: FIELD_ID,
  label: z.string().trim().min(1).max(200),
  hint: z.string().trim().max(1000).optional(),
  required: z.boolean().default(false),
};
const maxLength = z.number().int().min(1).max(20000);

export const textField = z.object({ ...fieldBase, kind: z.literal('text'), maxLength: maxLength.default(500) });
export const longTextField = z.object({ ...fieldBase, kind: z.literal('longText'), maxLength: maxLength.default(4000) });
/** A calendar date, submitted as YYYY-MM-DD (the browser shows day, month and year boxes). */
export const dateField = z.object({ ...fieldBase, kind: z.literal('date') });
export const yesNoField = z.object({ ...fieldBase, kind: z.literal('yesNo') });
export const choiceOption = z.object({ value: z.string().trim().min(1).max(80), label: z.string().trim().min(1).max(200) });
export const choiceField = z.object({
  ...fieldBase,
  kind: z.literal('choice'),
  options: z.array(choiceOption).min(1).max(50),
  /** Several may be chosen (checkboxes) rather than one (radios). */
  multiple: z.boolean().default(false),
});
/** The trust's services (codes), chosen as checkboxes; never the same service twice. */
export const servicesField = z.object({
  ...fieldBase,
  kind: z.literal('services'),
  /** Where the browser pre-ticks from: a field of an earlier task's answer (e.g. triage's known services). */
  prefillFrom: z.string().max(120).optional(),
});
/** A pass or fail verdict per audit criterion of the criteria version the request runs with; a fail needs a comment. */
export const criteriaField = z.object({ ...fieldBase, kind: z.literal('criteria') });
/** A comment per top-level field of another form (a reviewer commenting on the pro forma's sections). */
export const sectionCommentsField = z.object({
  ...fieldBase,
  kind: z.literal('sectionComments'),
  ofForm: FORM_KEY,
  maxLength: maxLength.default(2000),
});

const leafField = z.discriminatedUnion('kind', [textField, longTextField, dateField, yesNoField, choiceField, servicesField]);
/** A group of fields answered together (the author), or repeated (sources of information, provision). */
export const groupField = z.object({
  ...fieldBase,
  kind: z.literal('group'),
  fields: z.array(leafField).min(1).max(20),
  /** Absent: answered once. Present: rows, between min and max of them. */
  repeat: z.object({ min: z.number().int().min(0).max(50), max: z.number().int().min(1).max(100) }).optional(),
});

export const formField = z.discriminatedUnion('kind', [
  textField, longTextField, dateField, yesNoField, choiceField, servicesField, groupField, criteriaField, sectionCommentsField,
]);
export type FormField = z.infer<typeof formField>;
export type LeafField = z.infer<typeof leafField>;
export type GroupField = z.infer<typeof groupField>;
export type FieldKind = FormField['kind'];
export const FIELD_KINDS = ['text', 'longText', 'date', 'yesNo', 'choice', 'services', 'group', 'criteria', 'sectionComments'] as const satisfies readonly FieldKind[];

/**
 * A rule that a field-by-field schema cannot say. Paths are field ids (top level) or `group.field`.
 * `requiredWhen` makes an optional field required when another answer has a value, or when any
 * criterion of a criteria field failed (approving over a failed criterion needs a reason).
 */
export const formRule = z.object({
  kind: z.literal('requiredWhen'),
  field: FIELD_ID,
  when: z.union([
    z.object({ field: FIELD_ID, equals: z.union([z.string().max(120), z.boolean()]) }),
    z.object({ anyFailIn: FIELD_ID }),
  ]),
  message: z.string().trim().min(1).max(300),
});
export type FormRule = z.infer<typeof formRule>;

/** Why `field = equals` can never hold (so a rule on it could never apply), or null. */
function unreachable(field: FormField | undefined, equals: string | boolean): string | null {
  if (!field) return null;
  const said = JSON.stringify(equals);
  switch (field.kind) {
    case 'yesNo': return typeof equals === 'boolean' ? null : `"${field.id}" is answered yes or no, so it never equals ${said}`;
    case 'choice':
      if (field.multiple) return `"${field.id}" takes several choices; a rule can only test a single answer`;
      return typeof equals === 'string' && field.options.some((o) => o.value === equals) ? null : `"${field.id}" has no option ${said}`;
    case 'text': case 'longText': case 'date': return typeof equals === 'string' ? null : `"${field.id}" is text, so it never equals ${said}`;
    default: return `a rule cannot test "${field.id}" (${field.kind})`;
  }
}

export const formSection = z.object({
  title: z.string().trim().max(200).optional(),
  fields: z.array(formField).max(40),
});

/** What a form asks when the task ends with one outcome; `default` serves every outcome without its own. */
export const formVariant = z.object({
  outcome: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must be default or an outcome id'),
  sections: z.array(formSection).max(20),
  rules: z.array(formRule).max(20).default([]),
  /** Refuse answers this variant does not ask for (an acknowledgement carries nothing). */
  strict: z.boolean().default(false),
});
export type FormVariant = z.infer<typeof formVariant>;

export const formDefinition = z.object({
  key: FORM_KEY,
  title: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).optional(),
  variants: z.array(formVariant).min(1).max(10),
}).superRefine((def, ctx) => {
  const outcomes = def.variants.map((v) => v.outcome);
  if (!outcomes.includes('default')) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'needs a default variant' });
  outcomes.forEach((o, i) => {
    if (outcomes.indexOf(o) !== i) ctx.addIssue({ code: 'custom', path: ['variants', i, 'outcome'], message: `outcome "${o}" appears twice` });
  });
  def.variants.forEach((v, vi) => {
    const top = v.sections.flatMap((s) => s.fields);
    const ids = top.map((f) => f.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['variants', vi, 'fields'], message: `field "${id}" appears twice` });
    });
    for (const f of top) {
      if (f.kind === 'group') {
        const inner = f.fields.map((g) => g.id);
        inner.forEach((id, i) => {
          if (inner.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['variants', vi, 'fields'], message: `field "${f.id}.${id}" appears twice` });
        });
        if (f.repeat && f.repeat.min > f.repeat.max) ctx.addIssue({ code: 'custom', path: ['variants', vi, 'fields'], message: `"${f.id}" has more rows required than allowed` });
      }
      if (f.kind === 'choice') {
        const values = f.options.map((o) => o.value);
        if (new Set(values).size !== values.length) ctx.addIssue({ code: 'custom', path: ['variants', vi, 'fields'], message: `"${f.id}" repeats an option` });
      }
    }
    v.rules.forEach((r, ri) => {
      const refs = ['field' in r.when ? r.when.field : r.when.anyFailIn, r.field];
      for (const ref of refs) {
        if (!ids.includes(ref)) ctx.addIssue({ code: 'custom', path: ['variants', vi, 'rules', ri], message: `refers to "${ref}", which this variant does not ask for` });
      }
      if ('anyFailIn' in r.when) {
        const target = top.find((f) => f.id === (r.when as { anyFailIn: string }).anyFailIn);
        if (target && target.kind !== 'criteria') ctx.addIssue({ code: 'custom', path: ['variants', vi, 'rules', ri], message: `"${target.id}" is not an audit criteria field` });
      } else {
        // A rule that no answer can trigger never asks for its field: refuse it rather than publish a dead requirement.
        const problem = unreachable(top.find((f) => f.id === (r.when as { field: string }).field), r.when.equals);
        if (problem) ctx.addIssue({ code: 'custom', path: ['variants', vi, 'rules', ri], message: problem });
        const asked = top.find((f) => f.id === r.field);
        if (asked?.required) ctx.addIssue({ code: 'custom', path: ['variants', vi, 'rules', ri], message: `"${asked.id}" is always required, so the rule adds nothing` });
      }
    });
  });
});
export type FormDefinition = z.infer<typeof formDefinition>;
/** A definition as written (defaults not yet applied), e.g. the shipped forms in code. */
export type FormDefinitionInput = z.input<typeof formDefinition>;

/** One audit criterion of a criteria version (domain.md, "Quality audit criteria"). */
export const auditCriterion = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be lower-case letters, digits or _'),
  text: z.string().trim().min(1).max(300),
  active: z.boolean().default(true),
});
export type AuditCriterion = z.infer<typeof auditCriterion>;

/**
 * Everything a request's forms are validated against, pinned when its SOP version was published:
 * the form definitions by key and the audit criteria version. A running request keeps its bundle.
 */
export interface FormBundle {
  forms: Record<string, FormDefinition>;
  criteria: { version: number; items: readonly AuditCriterion[] };
}

/** Top-level fields of a variant, in order (sections only group them on screen). */
export const variantFields = (v: FormVariant): FormField[] => v.sections.flatMap((s) => s.fields);

/** The variant a task's outcome uses: its own, else the default. */
export function variantFor(def: FormDefinition, outcome: string): FormVariant {
  return def.variants.find((v) => v.outcome === outcome) ?? def.variants.find((v) => v.outcome === 'default') ?? def.variants[0];
}

/**
 * What a published SOP version pins: the version of each form its tasks use and of the audit
 * criteria. Published versions never change, so the numbers are enough to rebuild the bundle.
 */
export interface FormPins {
  forms: Record<string, number>;
  criteria: number;
}
