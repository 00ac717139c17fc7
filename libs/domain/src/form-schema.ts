import { z } from 'zod';
import { SERVICE_CODE_PATTERN } from './services';
import {
  variantFields, variantFor,
  type AuditCriterion, type FormBundle, type FormDefinition, type FormField, type FormVariant, type LeafField,
} from './form-definition';

/**
 * One schema generator for every place a form is validated: the API (400 naming `data.<field>`),
 * the workflow's Update validator (refused before it enters history) and the browser's
 * react-hook-form resolver. Messages are plain words a form can show beside the field.
 */
export const REQUIRED = 'is required';

const required = { error: (iss: { input?: unknown }) => (iss.input === undefined ? REQUIRED : undefined) };

function isCalendarDate(v: string): boolean {
  const [y, m, d] = v.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1900 && y <= 2100;
}

function textSchema(maxLength: number, isRequired: boolean): z.ZodType {
  const s = z.string(required).trim().max(maxLength, `must be at most ${maxLength} characters`);
  return isRequired ? s.min(1, REQUIRED) : s.optional();
}

function leafSchema(f: LeafField): z.ZodType {
  switch (f.kind) {
    case 'text':
    case 'longText':
      return textSchema(f.maxLength, f.required);
    case 'date': {
      const s = z.string(required).superRefine((v, ctx) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD' });
        else if (!isCalendarDate(v)) ctx.addIssue({ code: 'custom', message: 'must be a real date' });
      });
      return f.required ? s : s.optional();
    }
    case 'yesNo': {
      const s = z.boolean({ error: (iss) => (iss.input === undefined ? REQUIRED : 'must be yes or no') });
      return f.required ? s : s.optional();
    }
    case 'choice': {
      const values = f.options.map((o) => o.value) as [string, ...string[]];
      const one = z.enum(values, { error: (iss) => (iss.input === undefined ? REQUIRED : `must be one of ${values.join(', ')}`) });
      if (!f.multiple) return f.required ? one : one.optional();
      const many = z.array(one, required).max(values.length).refine((v) => new Set(v).size === v.length, 'must not repeat a choice');
      return f.required ? many.min(1, REQUIRED) : many.default([]);
    }
    case 'services': {
      // A copy of the exported pattern: zod resets a pattern's lastIndex before each test, and the worker's
      // sandbox freezes what the domain library exports (see the memo below).
      const codes = z.array(z.string().regex(new RegExp(SERVICE_CODE_PATTERN), 'must be a service code'), required).max(20)
        .refine((s) => new Set(s).size === s.length, 'must not repeat a service');
      return f.required ? codes.min(1, REQUIRED) : codes.default([]);
    }
  }
}

function criteriaSchema(criteria: readonly AuditCriterion[], isRequired: boolean): z.ZodType {
  const active = criteria.filter((c) => c.active !== false);
  // A fail must say why, so the author can act on it.
  const verdict = z.object({
    result: z.enum(['pass', 'fail'], { error: 'must be pass or fail' }),
    comment: z.string().trim().max(2000).optional(),
  }).superRefine((v, ctx) => {
    if (v.result === 'fail' && !v.comment) ctx.addIssue({ code: 'custom', path: ['comment'], message: 'a failed criterion needs a comment' });
  });
  // Every active criterion must be recorded; a missing one is named (`data.criteria.jargon_free`).
  const s = z.strictObject(Object.fromEntries(active.map((c) => [c.id, verdict.optional()])), required).superRefine((v, ctx) => {
    for (const c of active) {
      if (!v[c.id]) ctx.addIssue({ code: 'custom', path: [c.id], message: `record "${c.text}" as pass or fail` });
    }
  });
  return isRequired ? s : s.optional();
}

function fieldSchema(f: FormField, bundle: FormBundle): z.ZodType {
  switch (f.kind) {
    case 'group': {
      const row = z.object(Object.fromEntries(f.fields.map((g) => [g.id, leafSchema(g)])), required);
      if (!f.repeat) return f.required ? row : row.optional();
      const min = Math.max(f.repeat.min, f.required ? 1 : 0);
      const rows = z.array(row, required).min(min, min === 1 ? REQUIRED : `needs at least ${min}`).max(f.repeat.max, `at most ${f.repeat.max}`);
      return f.required ? rows : rows.optional();
    }
    case 'criteria':
      return criteriaSchema(bundle.criteria.items, f.required);
    case 'sectionComments': {
      const of = bundle.forms[f.ofForm];
      const keys = of ? variantFields(variantFor(of, 'default')).map((x) => x.id) : [];
      const comment = z.string().trim().min(1, REQUIRED).max(f.maxLength);
      const s = keys.length ? z.partialRecord(z.enum(keys as [string, ...string[]]), comment) : z.record(z.string().max(60), comment);
      return f.required ? s : s.optional();
    }
    default:
      return leafSchema(f);
  }
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && v.length === 0);

function variantSchema(v: FormVariant, bundle: FormBundle): z.ZodType {
  const shape = Object.fromEntries(variantFields(v).map((f) => [f.id, fieldSchema(f, bundle)]));
  const obj = v.strict ? z.strictObject(shape) : z.object(shape);
  if (!v.rules.length) return obj;
  return obj.superRefine((value: Record<string, unknown>, ctx) => {
    for (const rule of v.rules) {
      if (!blank(value[rule.field])) continue;
      if ('anyFailIn' in rule.when) {
        const verdicts = (value[rule.when.anyFailIn] ?? {}) as Record<string, { result?: string } | undefined>;
        const failed = Object.entries(verdicts).filter(([, c]) => c?.result === 'fail').map(([id]) => id);
        if (failed.length) ctx.addIssue({ code: 'custom', path: [rule.field], message: rule.message.replace('{failed}', failed.join(', ')) });
      } else if (value[rule.when.field] === rule.when.equals) {
        ctx.addIssue({ code: 'custom', path: [rule.field], message: rule.message });
      }
    }
  });
}

/**
 * Schemas are built on first use and memoised by what they are built from: the outcome's variant,
 * the criteria when it asks for them, and the fields of each form it comments on. Building is a
 * pure function of that key, so sharing the result between requests cannot change an answer, and
 * a request's pinned bundle (its own copy, from its input) finds the schema another request with
 * the same published forms built.
 *
 * The worker loads this module once into the workflow sandbox's shared context (`preloadModules`,
 * apps/worker/src/worker.factory.ts) and the SDK deep-freezes what shared modules export. Zod
 * completes a schema on first use, so no schema may be reachable from an export: the memo is this
 * module-private Map, which the freeze does not reach, and nothing is built when the module loads.
 */
const schemas = new Map<string, z.ZodType>();
/** Published form and criteria versions are few; past this, start again rather than grow (pure, so safe). */
const MEMO_LIMIT = 500;

function schemaKey(variant: FormVariant, bundle: FormBundle): string {
  const fields = variantFields(variant);
  const criteria = fields.some((f) => f.kind === 'criteria') ? bundle.criteria.items.filter((c) => c.active !== false).map((c) => [c.id, c.text]) : null;
  const commentedForms = fields.flatMap((f) => {
    if (f.kind !== 'sectionComments') return [];
    const of = bundle.forms[f.ofForm];
    return [[f.ofForm, of ? variantFields(variantFor(of, 'default')).map((x) => x.id) : null]];
  });
  return JSON.stringify([variant, criteria, commentedForms]);
}

/** The zod schema of a form's answer for a task outcome, within the bundle its request runs with. */
export function formSchema(def: FormDefinition, outcome: string, bundle: FormBundle): z.ZodType {
  const variant = variantFor(def, outcome);
  const key = schemaKey(variant, bundle);
  let schema = schemas.get(key);
  if (!schema) {
    if (schemas.size >= MEMO_LIMIT) schemas.clear();
    schemas.set(key, (schema = variantSchema(variant, bundle)));
  }
  return schema;
}

export interface FieldIssue { field: string; message: string }

/** Validates a task's data for the chosen outcome; issues name the field (`data.author.name`). */
export function validateWithDefinition(def: FormDefinition, outcome: string, data: unknown, bundle: FormBundle): { ok: true; value: unknown } | { ok: false; issues: FieldIssue[] } {
  const parsed = formSchema(def, outcome, bundle).safeParse(data ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({ field: ['data', ...i.path.map(String)].join('.'), message: i.message })),
  };
}
