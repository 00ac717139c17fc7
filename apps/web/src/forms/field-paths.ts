import {
  REQUIRED, variantFields, variantFor,
  type AuditCriterion, type FormBundle, type FormField, type FormVariant, type LeafField,
} from '@sendflow/domain';

/**
 * One name per answer, in three spellings: the data path the schema and the API's 400 issues use
 * (`provision.0.who`, sent as `data.provision.0.who`), react-hook-form's field name (the same
 * path) and the element id an error summary links to (`f-provision-0-who`). Field ids, criterion
 * ids and service codes never contain `-`, so a path and its id convert both ways without loss;
 * an option of a field (`f-complete--yes`) is set apart by `--`.
 */
export const FIELD_ID_PREFIX = 'f';

export function fieldDomId(path: string, prefix = FIELD_ID_PREFIX): string {
  return [prefix, ...path.split('.').filter(Boolean)].join('-');
}

/** The path of an element id made by `fieldDomId` (null for any other id, or an option's id). */
export function fieldPathOf(domId: string, prefix = FIELD_ID_PREFIX): string | null {
  if (!domId.startsWith(`${prefix}-`) || domId.includes('--')) return null;
  const path = domId.slice(prefix.length + 1).split('-');
  return path.every(Boolean) ? path.join('.') : null;
}

/** One option of a field (`yes`, `no`, a choice's position, a service code, `pass`). */
export const optionDomId = (path: string, option: string | number, prefix = FIELD_ID_PREFIX) => `${fieldDomId(path, prefix)}--${option}`;

/** The API names the submitted data `data.<path>`; a bare `data` is the whole answer. */
export function pathOfApiField(field: string): string | null {
  if (field === 'data') return '';
  return field.startsWith('data.') ? field.slice(5) : null;
}

/** What a path points at in a variant: a field, a row or a field within it, a criterion's verdict or comment. */
export interface ResolvedPath {
  field: FormField;
  row?: number;
  leaf?: LeafField;
  criterion?: AuditCriterion;
  part?: 'result' | 'comment';
  /** A sectionComments entry: the commented field of the other form. */
  section?: { id: string; label: string };
}

const isIndex = (s: string | undefined) => s !== undefined && /^(0|[1-9]\d{0,3})$/.test(s);

/** Resolves a data path against a variant; null when the variant asks for no such thing. */
export function resolvePath(variant: FormVariant, bundle: FormBundle, path: string): ResolvedPath | null {
  const [top, ...rest] = path.split('.');
  const field = variantFields(variant).find((f) => f.id === top);
  if (!field) return null;
  if (!rest.length) return { field };
  switch (field.kind) {
    case 'group': {
      let i = 0;
      let row: number | undefined;
      if (field.repeat) {
        if (!isIndex(rest[0])) return null;
        row = Number(rest[0]);
        i = 1;
      }
      if (rest.length === i) return { field, row };
      const leaf = field.fields.find((l) => l.id === rest[i]);
      // A leaf's own value has no parts (a date is one string); `services.0` is one of its items.
      return leaf && (rest.length === i + 1 || (rest.length === i + 2 && isIndex(rest[i + 1]))) ? { field, row, leaf } : null;
    }
    case 'criteria': {
      const criterion = bundle.criteria.items.find((c) => c.id === rest[0]);
      if (!criterion || rest.length > 2) return null;
      if (rest.length === 1) return { field, criterion };
      return rest[1] === 'result' || rest[1] === 'comment' ? { field, criterion, part: rest[1] } : null;
    }
    case 'sectionComments': {
      const of = bundle.forms[field.ofForm];
      const commented = of ? variantFields(variantFor(of, 'default')).find((f) => f.id === rest[0]) : undefined;
      return commented && rest.length === 1 ? { field, section: { id: commented.id, label: commented.label } } : null;
    }
    case 'choice':
    case 'services':
      // One item of a list answer (`services.1: must be a service code`) belongs to the list.
      return rest.length === 1 && isIndex(rest[0]) ? { field } : null;
    default:
      return null;
  }
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A person's words for what a path names, e.g. "Who (provision 1)" or a criterion's text. */
export function labelOf(r: ResolvedPath): string {
  const { field } = r;
  if (r.criterion) return r.part === 'comment' ? `What needs to change for “${r.criterion.text}”` : r.criterion.text;
  if (r.section) return `Comment on ${lower(r.section.label)}`;
  if (field.kind === 'group') {
    const where = r.row !== undefined ? `${lower(field.label)} ${r.row + 1}` : lower(field.label);
    if (r.leaf) return `${r.leaf.label} (${where})`;
    return r.row !== undefined ? upper(where) : field.label;
  }
  return field.label;
}

/** The kind of answer a path holds: what decides "Enter …" or "Select …". */
function kindOf(r: ResolvedPath): FormField['kind'] | 'verdict' {
  if (r.criterion) return r.part === 'comment' ? 'longText' : 'verdict';
  if (r.section) return 'longText';
  return r.leaf?.kind ?? r.field.kind;
}

/**
 * The message shown in the error summary and beside the field, in the NHS style: a missing answer
 * says what to do ("Enter health needs", "Select services to allocate"); any other keeps the
 * schema's words after the field's name so it reads on its own in the summary.
 */
export function issueText(r: ResolvedPath | null, message: string): string {
  if (!r) return upper(message);
  const label = labelOf(r);
  if (message === REQUIRED) {
    switch (kindOf(r)) {
      case 'text': case 'longText': case 'date': return `Enter ${lower(label)}`;
      case 'yesNo': return `Answer “${label}”`;
      case 'group': return r.field.kind === 'group' && r.field.repeat && r.row === undefined ? `Add ${lower(label)}` : `Enter ${lower(label)}`;
      case 'verdict': return `Record “${label}” as pass or fail`;
      default: return `Select ${lower(label)}`;
    }
  }
  if (r.criterion && r.part === undefined) return upper(message);
  if (r.criterion && r.part === 'comment') return `Say what needs to change for “${r.criterion.text}”`;
  return `${label}: ${message}`;
}

/** react-hook-form's errors tree -> one entry per message, with its path (an array's own error sits in `root`). */
export function errorEntries(errors: unknown, prefix = ''): { path: string; message: string }[] {
  if (!errors || typeof errors !== 'object') return [];
  const e = errors as { message?: unknown; type?: unknown };
  if (typeof e.message === 'string' && e.type !== undefined) return [{ path: prefix, message: e.message }];
  return Object.entries(errors).flatMap(([k, v]) => {
    if (k === 'ref') return [];
    if (k === 'root') return errorEntries(v, prefix);
    return errorEntries(v, prefix ? `${prefix}.${k}` : k);
  });
}
