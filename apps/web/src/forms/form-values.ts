import {
  variantFields,
  type FieldKind, type FormBundle, type FormDefinition, type FormField, type FormVariant,
} from '@sendflow/domain';
import { datePartsToIso, type DateParts } from '../ui/fields';

/**
 * An answer as the form holds it while someone types (react-hook-form's values) and as it is
 * sent (the data the shared schema validates). They differ where a widget needs its own shape:
 * a date is day, month and year boxes; yes/no is a pair of radios; a criterion's verdict keeps its
 * comment while the radios change. `toFormValues` and `toData` convert one kind at a time, and
 * forgive anything unexpected (a draft saved by an older form), so opening a task never fails.
 */
export type FormValues = Record<string, unknown>;
export type Verdict = { result: '' | 'pass' | 'fail'; comment: string };

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const blank = (v: unknown) => typeof v !== 'string' || !v.trim();

/** A stored date (or what was typed of one, saved as `year-month-day`) as its three boxes. */
export function datePartsOf(v: unknown): DateParts {
  const m = /^(\d*)-(\d*)-(\d*)$/.exec(str(v));
  if (!m) return { day: '', month: '', year: '' };
  const [, year, month, day] = m;
  const trim = (s: string) => (s.length === 2 && s.startsWith('0') ? s.slice(1) : s);
  return { day: trim(day), month: trim(month), year };
}

interface Conversion<F extends FormField = FormField> {
  toForm: (field: F, v: unknown, bundle: FormBundle) => unknown;
  /** undefined: not answered (the schema then says whether that is allowed). */
  toData: (field: F, v: unknown) => unknown;
}
type ByKind = { [K in FieldKind]: Conversion<Extract<FormField, { kind: K }>> };

const text: Conversion = { toForm: (_f, v) => str(v), toData: (_f, v) => (blank(v) ? undefined : v) };
const list: Conversion = { toForm: (_f, v) => strs(v), toData: (_f, v) => strs(v) };

const CONVERSIONS = {
  text,
  longText: text,
  date: {
    toForm: (_f, v) => datePartsOf(v),
    toData: (_f, v) => datePartsToIso({ day: '', month: '', year: '', ...(rec(v) as Partial<DateParts>) }) || undefined,
  },
  yesNo: {
    toForm: (_f, v) => (v === true ? 'yes' : v === false ? 'no' : ''),
    toData: (_f, v) => (v === 'yes' ? true : v === 'no' ? false : undefined),
  },
  choice: {
    toForm: (f, v) => (f.multiple ? strs(v) : str(v)),
    toData: (f, v) => (f.multiple ? strs(v) : blank(v) ? undefined : v),
  },
  services: list,
  group: {
    toForm: (f, v, bundle) => {
      const row = (r: unknown) => Object.fromEntries(f.fields.map((l) => [l.id, convert(l).toForm(l, rec(r)[l.id], bundle)]));
      if (!f.repeat) return row(v);
      const rows = Array.isArray(v) ? v.map(row) : [];
      // Room to start typing: as many empty rows as must be given (one, when the group is required).
      const min = Math.max(f.repeat.min, f.required ? 1 : 0);
      while (rows.length < min) rows.push(row({}));
      return rows;
    },
    toData: (f, v) => {
      const row = (r: unknown) => Object.fromEntries(f.fields.map((l) => [l.id, convert(l).toData(l, rec(r)[l.id])]).filter(([, x]) => x !== undefined));
      if (!f.repeat) {
        const out = row(v);
        return Object.keys(out).length || f.required ? out : undefined;
      }
      return Array.isArray(v) ? v.map(row) : [];
    },
  },
  criteria: {
    toForm: (_f, v, bundle) => {
      const saved = rec(v);
      return Object.fromEntries([...new Set([...bundle.criteria.items.map((c) => c.id), ...Object.keys(saved)])].map((id) => {
        const r = rec(saved[id]).result;
        return [id, { result: r === 'pass' || r === 'fail' ? r : '', comment: str(rec(saved[id]).comment) } satisfies Verdict];
      }));
    },
    toData: (_f, v) => Object.fromEntries(Object.entries(rec(v)).flatMap(([id, raw]) => {
      const { result, comment } = rec(raw);
      if (result !== 'pass' && result !== 'fail') return []; // not recorded: the schema names it
      return [[id, { result, ...(result === 'fail' && !blank(comment) ? { comment } : {}) }]];
    })),
  },
  sectionComments: {
    toForm: (_f, v) => Object.fromEntries(Object.entries(rec(v)).map(([k, c]) => [k, str(c)])),
    toData: (_f, v) => {
      const given = Object.entries(rec(v)).filter(([, c]) => !blank(c));
      return given.length ? Object.fromEntries(given) : undefined;
    },
  },
} satisfies ByKind as unknown as Record<FieldKind, Conversion>;

const convert = (f: FormField | { kind: FieldKind }) => CONVERSIONS[f.kind];

/** Every field any outcome of a form asks, once each (the first variant to ask decides its kind). */
export function allFields(def: FormDefinition): FormField[] {
  const seen = new Map<string, FormField>();
  for (const v of def.variants) for (const f of variantFields(v)) if (!seen.has(f.id)) seen.set(f.id, f);
  return [...seen.values()];
}

/** A saved answer (draft, prefill, previous attempt) as the form's starting values, for every outcome's fields. */
export function toFormValues(def: FormDefinition, data: unknown, bundle: FormBundle): FormValues {
  const d = rec(data);
  return Object.fromEntries(allFields(def).map((f) => [f.id, convert(f).toForm(f, d[f.id], bundle)]));
}

/** The form's values as data, for `fields` only (one variant's on submit; every variant's for a draft). */
export function toData(fields: readonly FormField[], values: FormValues): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.id, convert(f).toData(f, values[f.id])]).filter(([, v]) => v !== undefined));
}

/** The data a variant submits. */
export const variantData = (variant: FormVariant, values: FormValues) => toData(variantFields(variant), values);

/** A new row of a repeating group, every field blank. */
export function emptyRow(group: Extract<FormField, { kind: 'group' }>, bundle: FormBundle): FormValues {
  return Object.fromEntries(group.fields.map((l) => [l.id, convert(l).toForm(l, undefined, bundle)]));
}
