import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditCriterion } from '@sendflow/domain';
import { ApiError, errorText } from '../api/http';
import { useUser } from '../app/session';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { ErrorSummary, ProblemSummary } from '../ui/error-summary';
import { Checkbox, TextInput } from '../ui/fields';
import { Button, ButtonGroup, formatDate, Loading, NotificationBanner, Table } from '../ui/parts';
import { criteriaApi, statusTag, VERSION_STATUS_LABEL, type CriteriaVersion } from './forms-api';

/** A new criterion's id from its words, unique in the list (ids are what reviews record, so they never change after). */
function idFor(text: string, items: readonly AuditCriterion[]): string {
  const stem = (text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^[^a-z]+/, '') || 'criterion').slice(0, 50);
  let id = stem;
  for (let n = 2; items.some((c) => c.id === id); n += 1) id = `${stem}_${n}`;
  return id;
}

/** /audit-criteria — the trust's audit criteria as versions; a SOP manager edits a draft and publishes it. */
export function AuditCriteriaPage() {
  const user = useUser();
  const qc = useQueryClient();
  const { data, error, isPending, refetch } = useQuery({ queryKey: ['audit-criteria'], queryFn: () => criteriaApi.list() });
  const [problem, setProblem] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const manager = user.roles.includes('sop_manager');
  const draft = data?.find((v) => v.status === 'draft');
  const current = data?.find((v) => v.status === 'published');

  const startDraft = async (from: number) => {
    try {
      await criteriaApi.newDraft(from);
      await qc.invalidateQueries({ queryKey: ['audit-criteria'] });
    } catch (e) {
      setProblem(e);
    }
  };

  return (
    <>
      <h1>Audit criteria</h1>
      <p>
        Quality reviewers record each active criterion as pass or fail, and audit rounds score sampled advice against them. A review
        records the criteria version it used and a round the version it was opened with, so figures compare like with like.
        A SOP version published after a new criteria version asks the new one.
      </p>
      <ProblemSummary error={error ?? problem} />
      {isPending && <Loading what="the audit criteria" />}
      {manager && draft && <CriteriaEditor key={`${draft.version}:${generation}`} draft={draft} onReload={async () => { await refetch(); setGeneration((g) => g + 1); }} />}
      {manager && !draft && current && <p><Button onClick={() => startDraft(current.version)}>Start a new version from version {current.version}</Button></p>}
      {current && (
        <section aria-labelledby="current-criteria">
          <h2 id="current-criteria">In use: version {current.version}</h2>
          <ol className="nhsuk-list nhsuk-list--number">
            {current.items.map((c) => <li key={c.id}>{c.text}{c.active ? '' : ' (not asked)'}</li>)}
          </ol>
        </section>
      )}
      {data && (
        <Table caption="Versions" head={['Version', 'Status', 'Criteria', 'Published', 'Retired']}>
          {data.map((v) => (
            <tr className="nhsuk-table__row" key={v.version}>
              <td className="nhsuk-table__cell">{v.version}</td>
              <td className="nhsuk-table__cell"><span className={statusTag(v.status)}>{VERSION_STATUS_LABEL[v.status]}</span></td>
              <td className="nhsuk-table__cell">{v.items.filter((c) => c.active).length} asked{v.items.some((c) => !c.active) ? `, ${v.items.filter((c) => !c.active).length} not asked` : ''}</td>
              <td className="nhsuk-table__cell">{formatDate(v.publishedAt)}</td>
              <td className="nhsuk-table__cell">{formatDate(v.retiredAt)}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function CriteriaEditor({ draft, onReload }: { draft: CriteriaVersion; onReload: () => Promise<void> }) {
  const qc = useQueryClient();
  const [items, setItems] = useState<AuditCriterion[]>(draft.items);
  const [revision, setRevision] = useState(draft.revision);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [newText, setNewText] = useState('');
  const { guard, release } = useUnsavedChanges(dirty, 'your changes to the criteria');

  const edit = (next: AuditCriterion[]) => { setItems(next); setDirty(true); setNotice(null); };
  const move = (i: number, by: -1 | 1) => {
    const next = [...items];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    edit(next);
  };
  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409 && /since revision/.test(e.message)) setConflict(true);
    setErrors(e instanceof ApiError && e.issues.length ? e.issues : [{ field: '', message: errorText(e) }]);
    setAttempt((n) => n + 1);
  };
  const save = async () => {
    setBusy(true);
    try {
      const saved = await criteriaApi.save(draft.version, items, revision);
      setRevision(saved.revision);
      setDirty(false);
      setErrors([]);
      setNotice(`Draft saved (revision ${saved.revision}).`);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    if (dirty) {
      setErrors([{ field: '', message: 'Save your changes before publishing: publishing takes the saved draft.' }]);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await criteriaApi.publish(draft.version, revision);
      release();
      await qc.invalidateQueries({ queryKey: ['audit-criteria'] });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="nhsuk-card app-card-form" aria-labelledby="criteria-draft-heading">
      {guard}
      <div className="nhsuk-card__content">
        <h2 id="criteria-draft-heading">Draft: version {draft.version}</h2>
        <ErrorSummary items={errors.map((e) => ({ message: e.message }))} focusKey={attempt} />
        {conflict && (
          <div className="nhsuk-warning-callout">
            <h3 className="nhsuk-warning-callout__label">Someone else saved this draft</h3>
            <p>Your changes were not saved, so nothing of theirs was overwritten. Reload to see their version, then make your changes again.</p>
            <Button variant="secondary" onClick={async () => { release(); await onReload(); }}>Reload the saved draft</Button>
          </div>
        )}
        {notice && <NotificationBanner success title="Saved">{notice}</NotificationBanner>}
        <p className="nhsuk-hint">Edit the wording, order and whether each is asked. A criterion no longer asked stays in the list, so earlier reviews still show it.</p>
        <ol className="app-field-list">
          {items.map((c, i) => (
            <li key={c.id} className="app-field-card">
              <TextInput id={`criterion-${c.id}`} label={`Criterion ${i + 1}`} value={c.text}
                onChange={(e) => edit(items.map((x) => (x.id === c.id ? { ...x, text: e.target.value } : x)))} />
              <Checkbox id={`criterion-${c.id}-active`} label="Asked in quality reviews" checked={c.active !== false}
                onChange={(e) => edit(items.map((x) => (x.id === c.id ? { ...x, active: e.target.checked } : x)))} />
              <ButtonGroup>
                <Button variant="secondary" small disabled={i === 0} onClick={() => move(i, -1)}>Move up<span className="nhsuk-u-visually-hidden"> criterion {i + 1}</span></Button>
                <Button variant="secondary" small disabled={i === items.length - 1} onClick={() => move(i, 1)}>Move down<span className="nhsuk-u-visually-hidden"> criterion {i + 1}</span></Button>
              </ButtonGroup>
            </li>
          ))}
        </ol>
        <div className="app-inline-form">
          <TextInput id="new-criterion" label="Add a criterion" value={newText} onChange={(e) => setNewText(e.target.value)} />
          <Button variant="secondary" small disabled={!newText.trim()} onClick={() => { edit([...items, { id: idFor(newText, items), text: newText.trim(), active: true }]); setNewText(''); }}>Add</Button>
        </div>
        <p className="nhsuk-body-s">{dirty ? <strong>Unsaved changes.</strong> : 'No unsaved changes.'} Revision {revision}.</p>
        <ButtonGroup>
          <Button onClick={save} disabled={busy}>Save draft</Button>
          <Button variant="secondary" onClick={publish} disabled={busy}>Publish version {draft.version}</Button>
        </ButtonGroup>
      </div>
    </section>
  );
}
