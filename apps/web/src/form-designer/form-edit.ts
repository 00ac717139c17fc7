import type { FieldKind, FormDefinitionInput } from '@sendflow/domain';

/**
 * Pure edits of a form definition as the designer holds it (defaults not yet applied, so a
 * half-made field can sit in the draft). Every edit returns a new definition.
 */
export type Def = FormDefinitionInput;
export type VariantIn = Def['variants'][number];
export type SectionIn = VariantIn['sections'][number];
export type FieldIn = SectionIn['fields'][number];
export type LeafIn = Extract<FieldIn, { kind: 'group' }>['fields'][number];
export type RuleIn = NonNullable<VariantIn['rules']>[number];

export const KIND_LABEL: Record<FieldKind, string> = {
  text: 'Short text', longText: 'Long text', date: 'Date', yesNo: 'Yes or no', choice: 'Choice', services: 'Services',
  group: 'Group of questions', criteria: 'Audit checklist', sectionComments: 'Comments on another form’s sections',
};
export const LEAF_KINDS = ['text', 'longText', 'date', 'yesNo', 'choice', 'services'] as const;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A field of another kind keeping what both kinds share (id, label, hint, required). */
export function withKind(f: FieldIn, kind: FieldKind): FieldIn {
  const base = { id: f.id, label: f.label, hint: f.hint, required: f.required };
  switch (kind) {
    case 'text': return { ...base, kind, maxLength: 500 };
    case 'longText': return { ...base, kind, maxLength: 4000 };
    case 'choice': return { ...base, kind, options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }], multiple: false };
    case 'group': return { ...base, kind, fields: [{ id: 'item', kind: 'text', label: 'Item', required: true, maxLength: 500 }] };
    case 'sectionComments': return { ...base, kind, ofForm: 'pro_forma', maxLength: 2000 };
    default: return { ...base, kind } as FieldIn;
  }
}

/** An id not yet used by a top-level field of the variant (`question2`, `question3` ...). */
export function freshId(variant: VariantIn, stem = 'question'): string {
  const used = new Set(variant.sections.flatMap((s) => s.fields.map((f) => f.id)));
  for (let n = 1; ; n += 1) if (!used.has(`${stem}${n}`)) return `${stem}${n}`;
}

export function updateVariant(def: Def, vi: number, edit: (v: VariantIn) => void): Def {
  const next = clone(def);
  edit(next.variants[vi]);
  return next;
}

/** Moves a field up (-1) or down (+1) within its section, or across into the neighbouring section at the edge. */
export function moveField(def: Def, vi: number, si: number, fi: number, by: -1 | 1): Def {
  return updateVariant(def, vi, (v) => {
    const fields = v.sections[si].fields;
    const to = fi + by;
    if (to >= 0 && to < fields.length) {
      [fields[fi], fields[to]] = [fields[to], fields[fi]];
      return;
    }
    const other = v.sections[si + by];
    if (!other) return;
    const [f] = fields.splice(fi, 1);
    if (by < 0) other.fields.push(f);
    else other.fields.unshift(f);
  });
}

export function removeField(def: Def, vi: number, si: number, fi: number): Def {
  return updateVariant(def, vi, (v) => {
    const [gone] = v.sections[si].fields.splice(fi, 1);
    // A rule about a field that is gone would fail the definition check: it goes too.
    v.rules = (v.rules ?? []).filter((r) => r.field !== gone.id && !('field' in r.when && r.when.field === gone.id) && !('anyFailIn' in r.when && r.when.anyFailIn === gone.id));
  });
}

export function addField(def: Def, vi: number, si: number, kind: FieldKind = 'text'): Def {
  return updateVariant(def, vi, (v) => {
    v.sections[si].fields.push(withKind({ id: freshId(v), kind: 'text', label: 'New question', required: false }, kind));
  });
}

/** A variant for an outcome, starting as a copy of the default (most outcomes ask nearly the same). */
export function addVariant(def: Def, outcome: string): Def {
  const next = clone(def);
  const base = next.variants.find((v) => v.outcome === 'default') ?? next.variants[0];
  next.variants.push({ ...clone(base), outcome });
  return next;
}

/** Options typed one per line as labels; a label kept from before keeps its value (earlier answers stay valid). */
export function optionsFromLines(text: string, before: { value: string; label: string }[]): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const kept = before.find((o) => o.label === line);
    let value = kept?.value ?? (line.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'option');
    while (out.some((o) => o.value === value)) value = `${value}_2`;
    out.push({ value, label: line });
  }
  return out;
}
