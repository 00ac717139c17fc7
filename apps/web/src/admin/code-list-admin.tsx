import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Link, useSearchParams } from 'react-router';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { ErrorSummary, ProblemSummary } from '../ui/error-summary';
import { Checkbox, TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { Button, ButtonGroup, Loading, NotificationBanner, Table, Tag } from '../ui/parts';

/** One row of a code list the admin keeps (services, local authorities). */
export interface CodeRow { code: string; name: string; active?: boolean; returnAddress?: string | null }

interface Props {
  title: string;
  noun: string;
  codeLabel: string;
  codeHint: string;
  codePattern: RegExp;
  rows: CodeRow[] | undefined;
  loadError: unknown;
  /** services: active; LAs: returnAddress */
  extra: 'active' | 'returnAddress';
  save: (code: string | undefined, body: Record<string, unknown>) => Promise<unknown>;
}

const schemaFor = (codePattern: RegExp, codeHint: string) => z.object({
  code: z.string().trim().regex(codePattern, `Code must be ${codeHint}`),
  name: z.string().trim().min(1, 'Enter a name').max(160),
  active: z.boolean(),
  returnAddress: z.string().trim().refine((v) => !v || z.email().safeParse(v).success, 'Enter an email address, or leave it blank'),
});
type Values = z.infer<ReturnType<typeof schemaFor>>;
const FIELDS = ['code', 'name', 'active', 'returnAddress'] as const;
const LABELS = { code: 'Code', name: 'Name', returnAddress: 'Return address' };
const idOf = (f: string) => `code-${f}`;

/**
 * A list the admin adds to and edits (never deletes: requests name them). `?edit=CODE` opens a
 * row's form, `?edit=new` the add form, so either can be linked to.
 */
export function CodeListAdmin(p: Props) {
  const [params, setParams] = useSearchParams();
  const editing = params.get('edit');
  const [notice, setNotice] = useState<string | null>(null);
  const row = editing && editing !== 'new' ? p.rows?.find((r) => r.code === editing) : undefined;

  return (
    <>
      <h1>{p.title}</h1>
      {notice && <NotificationBanner success>{notice}</NotificationBanner>}
      <ProblemSummary error={p.loadError} />
      {!p.rows && !p.loadError && <Loading what={p.title.toLowerCase()} />}
      {editing && (editing === 'new' || row) && (
        <EditForm key={editing} {...p} row={row} onDone={(message) => { setNotice(message); setParams({}); }} onCancel={() => setParams({})} />
      )}
      {!editing && <p><Link className="nhsuk-button" to="?edit=new">Add a {p.noun}</Link></p>}
      {p.rows && (
        <Table caption={`${p.rows.length} ${p.title.toLowerCase()}`} head={['Code', 'Name', p.extra === 'active' ? 'Status' : 'Return address', <span key="a" className="nhsuk-u-visually-hidden">Action</span>]}>
          {p.rows.map((r) => (
            <tr className="nhsuk-table__row" key={r.code}>
              <td className="nhsuk-table__cell">{r.code}</td>
              <td className="nhsuk-table__cell">{r.name}</td>
              <td className="nhsuk-table__cell">{p.extra === 'active' ? (r.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Inactive</Tag>) : (r.returnAddress ?? '—')}</td>
              <td className="nhsuk-table__cell"><Link to={`?edit=${encodeURIComponent(r.code)}`}>Change<span className="nhsuk-u-visually-hidden"> {r.name}</span></Link></td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function EditForm({ row, onDone, onCancel, ...p }: Props & { row?: CodeRow; onDone: (m: string) => void; onCancel: () => void }) {
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { register, handleSubmit, setError, formState: { errors, isDirty, isSubmitting } } = useForm<Values>({
    resolver: zodResolver(schemaFor(p.codePattern, p.codeHint)), shouldFocusError: false,
    defaultValues: { code: row?.code ?? '', name: row?.name ?? '', active: row?.active ?? true, returnAddress: row?.returnAddress ?? '' },
  });
  const { guard } = useUnsavedChanges(isDirty, `the ${p.noun} you are editing`);
  const submit = handleSubmit(async (v) => {
    setLoose([]);
    const body: Record<string, unknown> = row ? { name: v.name } : { code: v.code, name: v.name };
    if (p.extra === 'active' && row) body.active = v.active;
    if (p.extra === 'returnAddress') body.returnAddress = v.returnAddress || (row ? null : undefined);
    try {
      await p.save(row?.code, body);
      onDone(`${v.name} ${row ? 'updated' : 'added'}.`);
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: FIELDS, labels: LABELS }));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  return (
    <form className="nhsuk-card app-card-form" onSubmit={submit} noValidate aria-labelledby="code-form-heading">
      <div className="nhsuk-card__content">
        <h2 id="code-form-heading">{row ? `Change ${row.name}` : `Add a ${p.noun}`}</h2>
        {guard}
        <ErrorSummary items={summaryItems(errors, FIELDS, idOf, loose)} focusKey={attempt} />
        {row ? <p>Code: <strong>{row.code}</strong> (a code cannot change: requests name it)</p>
          : <TextInput id="code-code" label={p.codeLabel} hint={`For example ${p.codeHint}`} width={10} error={errors.code?.message} {...register('code')} />}
        <TextInput id="code-name" label="Name" error={errors.name?.message} {...register('name')} />
        {p.extra === 'active' && row && <Checkbox id="code-active" label="Active: new work can be allocated to it" {...register('active')} />}
        {p.extra === 'returnAddress' && (
          <TextInput id="code-returnAddress" label="Return address (optional)" hint="Where the advice is sent" type="email" error={errors.returnAddress?.message} {...register('returnAddress')} />
        )}
        <ButtonGroup>
          <Button type="submit" disabled={isSubmitting}>{row ? 'Save changes' : `Add ${p.noun}`}</Button>
          <Button variant="secondary" onClick={onCancel}>Cancel</Button>
        </ButtonGroup>
      </div>
    </form>
  );
}
