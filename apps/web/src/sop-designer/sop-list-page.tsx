import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SopDefinition } from '@sendflow/sop';
import { ApiError, errorText, formatDate, type SessionUser } from '../api-client';
import { ErrorSummary } from '../error-summary';
import { usePoll } from '../use-poll';
import { sopApi, STATUS_LABEL, type SopVersionSummary } from './sop-api';

/** #/sops — every SOP key with its versions; an SOP manager can start a new key. */
export function SopListPage({ user }: { user: SessionUser }) {
  const { data, error } = usePoll(() => sopApi.list(), 'sops', 10000);
  const keys = new Map<string, SopVersionSummary[]>();
  for (const v of data ?? []) keys.set(v.sopKey, [...(keys.get(v.sopKey) ?? []), v]);

  return (
    <>
      <h1>Standard operating procedures</h1>
      <p>Each SOP is a flow of steps that every request runs through. A request keeps the version it started on; new requests run on the highest published version.</p>
      {user.roles.includes('sop_manager') && <NewSopForm />}
      <ErrorSummary message={error} />
      {!data && !error && <p>Loading SOPs…</p>}
      {[...keys.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => (
        <section key={key} aria-labelledby={`sop-${key}`}>
          <h2 id={`sop-${key}`}>{list.find((v) => v.status === 'published')?.name ?? list[0].name ?? key} <span className="hint">{key}</span></h2>
          <table>
            <caption className="visually-hidden">Versions of {key}</caption>
            <thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Published</th><th scope="col">Retired</th></tr></thead>
            <tbody>
              {[...list].sort((a, b) => b.version - a.version).map((v) => (
                <tr key={v.id}>
                  <td><a href={`#/sops/${v.id}`}>Open {key} version {v.version}</a></td>
                  <td><span className={`tag sop-status sop-status--${v.status}`}>{STATUS_LABEL[v.status]}</span></td>
                  <td>{v.name ?? '—'}</td>
                  <td>{formatDate(v.createdAt)}</td>
                  <td>{formatDate(v.publishedAt)}</td>
                  <td>{formatDate(v.retiredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

/** A new SOP key starts as version 1, a draft with just a start and an end, to be drawn in the designer. */
function NewSopForm() {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ field: 'key' | 'name' | null; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => { if (errors.length) summary.current?.focus(); }, [errors]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = [];
    if (!/^[a-z][a-z0-9-]{1,60}$/.test(key)) found.push({ field: 'key', message: 'Key must be 2 to 61 lower-case letters, digits and -, starting with a letter' });
    if (!name.trim()) found.push({ field: 'name', message: 'Enter a name' });
    setErrors(found);
    if (found.length) return;
    const definition: SopDefinition = {
      key, name: name.trim(), description: '',
      graph: {
        nodes: [
          { id: 'start', kind: 'start', label: 'Request received', position: { x: 0, y: 0 } },
          { id: 'end', kind: 'end', label: 'Advice returned', result: 'returned', position: { x: 0, y: 200 } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'end' }],
      },
    };
    setBusy(true);
    try {
      const created = await sopApi.create(definition);
      window.location.hash = `#/sops/${created.id}`;
    } catch (err) {
      const message = errorText(err);
      setErrors([{ field: err instanceof ApiError && message.startsWith('key') ? 'key' : err instanceof ApiError && message.startsWith('name') ? 'name' : null, message }]);
      setBusy(false);
    }
  }

  if (!open) return <p><button type="button" className="button button-secondary" onClick={() => setOpen(true)}>Create a new SOP</button></p>;
  const errorOf = (f: 'key' | 'name') => errors.find((x) => x.field === f)?.message;
  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="new-sop-heading">
      <h2 id="new-sop-heading">Create a new SOP</h2>
      {errors.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="new-sop-error-title">
          <h2 id="new-sop-error-title">There is a problem</h2>
          <ul>{errors.map((m) => <li key={m.message}>{m.field ? <a href={`#new-sop-${m.field}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(`new-sop-${m.field}`)?.focus(); }}>{m.message}</a> : m.message}</li>)}</ul>
        </div>
      )}
      {(['key', 'name'] as const).map((f) => (
        <div key={f} className={`field${errorOf(f) ? ' field-error' : ''}`}>
          <label htmlFor={`new-sop-${f}`}>{f === 'key' ? 'Key' : 'Name'}</label>
          {f === 'key' && <span className="hint" id="new-sop-key-hint">For example ehcp-annual-review. It cannot change later.</span>}
          {errorOf(f) && <span className="error-message" id={`new-sop-${f}-error`}><span className="visually-hidden">Error:</span> {errorOf(f)}</span>}
          <input id={`new-sop-${f}`} value={f === 'key' ? key : name} onChange={(e) => (f === 'key' ? setKey(e.target.value) : setName(e.target.value))}
            aria-invalid={errorOf(f) ? true : undefined}
            aria-describedby={[f === 'key' ? 'new-sop-key-hint' : '', errorOf(f) ? `new-sop-${f}-error` : ''].filter(Boolean).join(' ') || undefined} />
        </div>
      ))}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>Create draft</button>
        <button type="button" className="button button-secondary" onClick={() => { setOpen(false); setErrors([]); }}>Cancel</button>
      </div>
    </form>
  );
}
