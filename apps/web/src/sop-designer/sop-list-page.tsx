import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import type { SopDefinition } from '@sendflow/sop';
import { POLL } from '../api/query-client';
import { useUser } from '../app/session';
import { ErrorSummary, ProblemSummary } from '../ui/error-summary';
import { TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { Button, ButtonGroup, formatDate, Loading, Table } from '../ui/parts';
import { sopApi, STATUS_LABEL, type SopVersionSummary } from './sop-api';

export const useSopVersions = () => useQuery({ queryKey: ['sops'], queryFn: () => sopApi.list(), refetchInterval: POLL.slow });

/** /sops — every SOP key with its versions; an SOP manager can start a new key. */
export function SopListPage() {
  const user = useUser();
  const { data, error, isPending } = useSopVersions();
  const keys = new Map<string, SopVersionSummary[]>();
  for (const v of data ?? []) keys.set(v.sopKey, [...(keys.get(v.sopKey) ?? []), v]);

  return (
    <>
      <h1>Standard operating procedures</h1>
      <p>Each SOP is a flow of steps that every request runs through. A request keeps the version it started on; new requests run on the highest published version.</p>
      {user.roles.includes('sop_manager') && <NewSopForm />}
      <ProblemSummary error={error} />
      {isPending && <Loading what="SOPs" />}
      {[...keys.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => (
        <section key={key} aria-labelledby={`sop-${key}`}>
          <h2 id={`sop-${key}`}>{list.find((v) => v.status === 'published')?.name ?? list[0].name ?? key} <span className="nhsuk-caption-m app-inline-caption">{key}</span></h2>
          <Table caption={`Versions of ${key}`} captionHidden head={['Version', 'Status', 'Name', 'Created', 'Published', 'Retired']}>
            {[...list].sort((a, b) => b.version - a.version).map((v) => (
              <tr className="nhsuk-table__row" key={v.id}>
                <td className="nhsuk-table__cell"><Link to={`/sops/${v.id}`}>Open {key} version {v.version}</Link></td>
                <td className="nhsuk-table__cell"><span className={`nhsuk-tag sop-status sop-status--${v.status}`}>{STATUS_LABEL[v.status]}</span></td>
                <td className="nhsuk-table__cell">{v.name ?? '—'}</td>
                <td className="nhsuk-table__cell">{formatDate(v.createdAt)}</td>
                <td className="nhsuk-table__cell">{formatDate(v.publishedAt)}</td>
                <td className="nhsuk-table__cell">{formatDate(v.retiredAt)}</td>
              </tr>
            ))}
          </Table>
        </section>
      ))}
    </>
  );
}

const schema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,60}$/, 'Key must be 2 to 61 lower-case letters, digits and -, starting with a letter'),
  name: z.string().trim().min(1, 'Enter a name'),
});
type Values = z.infer<typeof schema>;
const idOf = (f: string) => `new-sop-${f}`;

/** A new SOP key starts as version 1, a draft with just a start and an end, to be drawn in the designer. */
function NewSopForm() {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { register, handleSubmit, setError, reset, formState: { errors, isSubmitting } } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { key: '', name: '' }, shouldFocusError: false });

  const submit = handleSubmit(async ({ key, name }) => {
    const definition: SopDefinition = {
      key, name, description: '',
      graph: {
        nodes: [
          { id: 'start', kind: 'start', label: 'Request received', position: { x: 0, y: 0 } },
          { id: 'end', kind: 'end', label: 'Advice returned', result: 'returned', position: { x: 0, y: 200 } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'end' }],
      },
    };
    try {
      const created = await sopApi.create(definition);
      navigate(`/sops/${created.id}`);
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: ['key', 'name'], labels: { key: 'Key', name: 'Name' } }));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  if (!open) return <p><Button variant="secondary" onClick={() => setOpen(true)}>Create a new SOP</Button></p>;
  return (
    <form className="nhsuk-card app-card-form" onSubmit={submit} noValidate aria-labelledby="new-sop-heading">
      <div className="nhsuk-card__content">
        <h2 id="new-sop-heading">Create a new SOP</h2>
        <ErrorSummary items={summaryItems(errors, ['key', 'name'], idOf, loose)} focusKey={attempt} />
        <TextInput id="new-sop-key" label="Key" hint="For example ehcp-annual-review. It cannot change later." error={errors.key?.message} {...register('key')} />
        <TextInput id="new-sop-name" label="Name" error={errors.name?.message} {...register('name')} />
        <ButtonGroup>
          <Button type="submit" disabled={isSubmitting}>Create draft</Button>
          <Button variant="secondary" onClick={() => { setOpen(false); reset(); setLoose([]); }}>Cancel</Button>
        </ButtonGroup>
      </div>
    </form>
  );
}
