import type { ComponentType, ReactNode } from 'react';
import { variantFor, type FieldKind, type FormBundle, type FormDefinition, type FormField, type LeafField } from '@sendflow/domain';
import type { Service } from '../api/types';
import { formatDate, SummaryList, Tag } from '../ui/parts';
import { fieldDomId } from './field-paths';

/**
 * An answer shown by its definition, read-only: a heading per top-level field (a section of the
 * pro forma), its answer under it. What a reviewer reads beside the checklist; `after` adds
 * something under each section (the reviewer's comment box), `fieldNotes` something above it.
 */
export interface AnswerViewProps {
  definition: FormDefinition;
  outcome: string;
  bundle: FormBundle;
  answer: unknown;
  services?: readonly Service[];
  fieldNotes?: Record<string, ReactNode>;
  after?: (field: FormField) => ReactNode;
  /** Heading level of each field (sections' own titles are one level up). */
  level?: 3 | 4;
  /** Ids of headings start with this (ids differ from an editable form's on the same page). */
  idPrefix?: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const has = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && !v.trim()) && !(Array.isArray(v) && !v.length)
  && !(typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length);

interface ValueProps<F extends FormField = FormField> { field: F; value: unknown; ctx: { bundle: FormBundle; services: readonly Service[] } }
type Of<K extends FieldKind> = ValueProps<Extract<FormField, { kind: K }>>;

const Text = ({ value }: ValueProps) => <p className="app-prewrap">{str(value)}</p>;

const VALUES = {
  text: Text,
  longText: Text,
  date: ({ value }: Of<'date'>) => <p>{formatDate(str(value))}</p>,
  yesNo: ({ value }: Of<'yesNo'>) => <p>{value === true ? 'Yes' : 'No'}</p>,
  choice: ({ field, value }: Of<'choice'>) => {
    const label = (v: unknown) => field.options.find((o) => o.value === v)?.label ?? str(v);
    return Array.isArray(value) ? <ul>{value.map((v) => <li key={str(v)}>{label(v)}</li>)}</ul> : <p>{label(value)}</p>;
  },
  services: ({ value, ctx }: Of<'services'>) => (
    <ul>{(Array.isArray(value) ? value : []).map((code) => <li key={str(code)}>{ctx.services.find((s) => s.code === code)?.name ?? str(code)} ({str(code)})</li>)}</ul>
  ),
  group: ({ field, value, ctx }: Of<'group'>) => {
    const cell = (l: LeafField, v: unknown) => (has(v) ? <LeafValue field={l} value={v} ctx={ctx} /> : <span className="app-empty-optional">—</span>);
    if (!field.repeat) {
      const row = rec(value);
      return <SummaryList rows={field.fields.map((l) => ({ key: l.label, value: cell(l, row[l.id]) }))} />;
    }
    const rows = Array.isArray(value) ? value.map(rec) : [];
    return (
      <table className="nhsuk-table app-answer-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{field.label}</caption>
        <thead className="nhsuk-table__head"><tr className="nhsuk-table__row">{field.fields.map((l) => <th scope="col" className="nhsuk-table__header" key={l.id}>{l.label}</th>)}</tr></thead>
        <tbody className="nhsuk-table__body">
          {rows.map((r, i) => <tr className="nhsuk-table__row" key={i}>{field.fields.map((l) => <td className="nhsuk-table__cell" key={l.id}>{cell(l, r[l.id])}</td>)}</tr>)}
        </tbody>
      </table>
    );
  },
  criteria: ({ value, ctx }: Of<'criteria'>) => {
    const verdicts = rec(value);
    return (
      <ul className="nhsuk-list">
        {ctx.bundle.criteria.items.filter((c) => verdicts[c.id] || c.active !== false).map((c) => {
          const v = rec(verdicts[c.id]);
          return (
            <li key={c.id}>
              {v.result === 'pass' ? <Tag colour="green">Pass</Tag> : v.result === 'fail' ? <Tag colour="red">Fail</Tag> : <Tag colour="grey">Not recorded</Tag>} {c.text}
              {str(v.comment) && <p className="app-prewrap nhsuk-body-s">{str(v.comment)}</p>}
            </li>
          );
        })}
      </ul>
    );
  },
  sectionComments: ({ field, value, ctx }: Of<'sectionComments'>) => {
    const of = ctx.bundle.forms[field.ofForm];
    const labelOf = (id: string) => of?.variants.flatMap((v) => v.sections.flatMap((s) => s.fields)).find((f) => f.id === id)?.label ?? id;
    return <SummaryList rows={Object.entries(rec(value)).map(([id, c]) => ({ key: labelOf(id), value: <span className="app-prewrap">{str(c)}</span> }))} />;
  },
} satisfies { [K in FieldKind]: ComponentType<Of<K>> };

function LeafValue(props: ValueProps) {
  const View = VALUES[props.field.kind] as ComponentType<ValueProps>;
  return <View {...props} />;
}

export function AnswerView({ definition, outcome, bundle, answer, services = [], fieldNotes = {}, after, level = 3, idPrefix = 'v' }: AnswerViewProps) {
  const variant = variantFor(definition, outcome);
  const data = rec(answer);
  const H = `h${level}` as 'h3' | 'h4';
  const SectionH = `h${level - 1}` as 'h2' | 'h3';
  return (
    <div className="app-answer">
      {variant.sections.map((section, si) => (
        <div key={si}>
          {section.title && <SectionH>{section.title}</SectionH>}
          {section.fields.map((f) => {
            const headingId = fieldDomId(f.id, idPrefix);
            return (
              <section key={f.id} aria-labelledby={headingId} className="app-answer__field">
                <H id={headingId} className="app-answer__label">{f.label}</H>
                {fieldNotes[f.id]}
                {has(data[f.id])
                  ? <LeafValue field={f} value={data[f.id]} ctx={{ bundle, services }} />
                  : f.required ? <p className="nhsuk-body-s app-empty">Not completed</p> : <p className="nhsuk-body-s app-empty-optional">Not given</p>}
                {after?.(f)}
              </section>
            );
          })}
        </div>
      ))}
    </div>
  );
}
