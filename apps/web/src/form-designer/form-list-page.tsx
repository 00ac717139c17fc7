import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { POLL } from '../api/query-client';
import { useUser } from '../app/session';
import { ErrorSummary, ProblemSummary } from '../ui/error-summary';
import { TextInput } from '../ui/fields';
import { applyApiError, summaryItems } from '../ui/form-errors';
import { Button, ButtonGroup, formatDate, Loading, Table } from '../ui/parts';
import { formsApi, statusTag, VERSION_STATUS_LABEL, type FormVersionSummary } from './forms-api';

export const useFormVersions = () => useQuery({ queryKey: ['forms'], queryFn: () => formsApi.list(), refetchInterval: POLL.slow });

/** /forms — every form with its versions; a SOP manager starts a new form here. */
export function FormListPage() {
  const user = useUser();
  const { data, error, isPending } = useFormVersions();
  const keys = new Map<string, FormVersionSummary[]>();
  for (const v of data ?? []) keys.set(v.key, [...(keys.get(v.key) ?? []), v]);

  return (
    <>
      <h1>Forms</h1>
      <p>
        Each step of a SOP asks its questions with a form. A SOP version pins the forms published when it is published, and
        a request keeps those versions to the end, so publishing a new version of a form changes requests started after the next SOP publish.
      </p>
      {user.roles.includes('sop_manager') && <NewFormForm />}
      <ProblemSummary error={error} />
      {isPending && <Loading what="forms" />}
      {[...keys.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => (
        <section key={key} aria-labelledby={`form-${key}`}>
          <h2 id={`form-${key}`}>{list.find((v) => v.status === 'published')?.title ?? list[0].title} <span className="nhsuk-caption-m app-inline-caption">{key}</span></h2>
          <Table caption={`Versions of ${key}`} captionHidden head={['Version', 'Status', 'Title', 'Last saved', 'Published', 'Retired']}>
            {[...list].sort((a, b) => b.version - a.version).map((v) => (
              <tr className="nhsuk-table__row" key={v.id}>
                <td className="nhsuk-table__cell"><Link to={`/forms/${v.id}`}>Open {key} version {v.version}</Link></td>
                <td className="nhsuk-table__cell"><span className={statusTag(v.status)}>{VERSION_STATUS_LABEL[v.status]}</span></td>
                <td className="nhsuk-table__cell">{v.title}</td>
                <td className="nhsuk-table__cell">{formatDate(v.updatedAt)}</td>
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
  key: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'Key must be lower-case letters, digits or _, starting with a letter'),
  title: z.string().trim().min(1, 'Enter a title'),
});
type Values = z.infer<typeof schema>;
const idOf = (f: string) => `new-form-${f}`;

/** A new form starts as version 1, a draft asking one question, to be designed on its page. */
function NewFormForm() {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [loose, setLoose] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const { register, handleSubmit, setError, reset, formState: { errors, isSubmitting } } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { key: '', title: '' }, shouldFocusError: false });

  const submit = handleSubmit(async ({ key, title }) => {
    try {
      const created = await formsApi.create({
        key, title,
        variants: [{ outcome: 'default', sections: [{ fields: [{ id: 'notes', kind: 'longText', label: 'Notes', required: false }] }] }],
      });
      navigate(`/forms/${created.id}`);
    } catch (err) {
      setLoose(applyApiError(err, setError, { known: ['key', 'title'], labels: { key: 'Key', title: 'Title' } }));
      setAttempt((n) => n + 1);
    }
  }, () => setAttempt((n) => n + 1));

  if (!open) return <p><Button variant="secondary" onClick={() => setOpen(true)}>Create a new form</Button></p>;
  return (
    <form className="nhsuk-card app-card-form" onSubmit={submit} noValidate aria-labelledby="new-form-heading">
      <div className="nhsuk-card__content">
        <h2 id="new-form-heading">Create a new form</h2>
        <ErrorSummary items={summaryItems(errors, ['key', 'title'], idOf, loose)} focusKey={attempt} />
        <TextInput id="new-form-key" label="Key" hint="For example check_advice. SOP steps name the form by it; it cannot change later." error={errors.key?.message} {...register('key')} />
        <TextInput id="new-form-title" label="Title" error={errors.title?.message} {...register('title')} />
        <ButtonGroup>
          <Button type="submit" disabled={isSubmitting}>Create draft</Button>
          <Button variant="secondary" onClick={() => { setOpen(false); reset(); setLoose([]); }}>Cancel</Button>
        </ButtonGroup>
      </div>
    </form>
  );
}
