import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { validateSop, type NodeKind, type SopDefinition, type SopIssue } from '@sendflow/sop';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorText } from '../api/http';
import type { SessionUser } from '../api/types';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { useUser } from '../app/session';
import { ProblemSummary } from '../ui/error-summary';
import { formatDate, NotificationBanner } from '../ui/parts';
import {
  addEdge, graphAt, KIND_LABEL, layoutPositions, locateIssue, newNode, removeItems, samePath, updateGraphAt, updateNode,
  type GraphPath, type IssueLocation,
} from './graph-edit';
import { sopApi, STATUS_LABEL, type SopVersionDetail, type SopVersionDiff, type SopVersionSummary } from './sop-api';
import { SopCanvas, type Selection } from './sop-canvas';
import { SopDiffView } from './sop-diff-view';
import { SopInspector } from './sop-inspector';
import { OpenBlockContext } from './sop-nodes';

const PALETTE: NodeKind[] = ['humanTask', 'decision', 'timer', 'systemAction', 'end', 'start', 'perService'];

/** /sops/:id — one SOP version on the canvas; editable when it is a draft and the user manages SOPs. */
export function SopDesignerPage() {
  const id = useParams().id!;
  const user = useUser();
  return (
    <ReactFlowProvider>
      <SopDesigner key={id} id={id} user={user} />
    </ReactFlowProvider>
  );
}

interface Located { issue: SopIssue; at: IssueLocation | null }

function SopDesigner({ id, user }: { id: string; user: SessionUser }) {
  const [loaded, setLoaded] = useState<SopVersionDetail | null>(null);
  const [versions, setVersions] = useState<SopVersionSummary[]>([]);
  const [definition, setDefinition] = useState<SopDefinition | null>(null);
  const [revision, setRevision] = useState('');
  const [dirty, setDirty] = useState(false);
  const [path, setPath] = useState<GraphPath>([]);
  const [selection, setSelection] = useState<Selection>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<SopIssue[] | null>(null);
  const [compareWith, setCompareWith] = useState('');
  const [diff, setDiff] = useState<SopVersionDiff | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const canvasBox = useRef<HTMLDivElement>(null);
  const flow = useReactFlow();
  const navigate = useNavigate();
  const { guard, release } = useUnsavedChanges(dirty, 'the changes to this draft');

  const load = useCallback(async () => {
    setErrors([]);
    try {
      const [v, list] = await Promise.all([sopApi.get(id), sopApi.list()]);
      setLoaded(v);
      setVersions(list.filter((x) => x.sopKey === v.sopKey).sort((a, b) => b.version - a.version));
      setDefinition(v.definition);
      setRevision(v.revision);
      setDirty(false);
      setConflict(null);
      setServerIssues(null);
      setPath([]);
      setSelection(null);
    } catch (e) {
      setErrors([errorText(e)]);
    }
  }, [id]);

  useEffect(() => { void load(); }, [load]);
  useEffect(() => { if (errors.length) summary.current?.focus(); }, [errors]);
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const isManager = user.roles.includes('sop_manager');
  const readOnly = !isManager || loaded?.status !== 'draft';

  // The validator the server runs on save and publish, run here on every edit.
  const validation = useMemo(() => (definition ? validateSop(definition) : { ok: true, issues: [] as SopIssue[] }), [definition]);
  const located = useMemo<Located[]>(() => (definition ? validation.issues.map((issue) => ({ issue, at: locateIssue(definition, issue) })) : []), [definition, validation]);
  const schemaIssues = validation.issues.filter((i) => i.code === 'schema');

  const { nodeIssues, edgeIssues, blockIssues } = useMemo(() => {
    const nodeIssues = new Map<string, string[]>();
    const edgeIssues = new Map<string, string[]>();
    const blockIssues = new Map<string, number>();
    const add = (map: Map<string, string[]>, key: string, message: string) => map.set(key, [...(map.get(key) ?? []), message]);
    for (const { issue, at } of located) {
      if (!at) continue;
      if (samePath(at.path, path)) {
        if (at.nodeId) add(nodeIssues, at.nodeId, issue.message);
        if (at.edgeId) add(edgeIssues, at.edgeId, issue.message);
      } else if (at.path.length > path.length && samePath(at.path.slice(0, path.length), path)) {
        const block = at.path[path.length];
        blockIssues.set(block, (blockIssues.get(block) ?? 0) + 1);
      }
    }
    return { nodeIssues, edgeIssues, blockIssues };
  }, [located, path]);

  const graph = definition ? graphAt(definition, path) : null;
  const change = useCallback((next: SopDefinition) => {
    setDefinition(next);
    setDirty(true);
    setNotice(null);
  }, []);

  const latest = useRef(definition);
  latest.current = definition;
  const onMove = useCallback((nodeId: string, position: { x: number; y: number }) => {
    const rounded = { x: Math.round(position.x), y: Math.round(position.y) };
    // A click reports a "move" to where the step already is: that is not an edit.
    const g = latest.current && graphAt(latest.current, path);
    const current = g && layoutPositions(g).get(nodeId);
    if (current && current.x === rounded.x && current.y === rounded.y) return;
    // Functional update: dragging several selected steps reports them all in one batch.
    setDefinition((def) => (def ? updateNode(def, path, nodeId, (n) => ({ ...n, position: rounded })) : def));
    setDirty(true);
  }, [path]);

  const onRemove = useCallback((nodeIds: string[], edgeIds: string[]) => {
    setDefinition((def) => (def ? removeItems(def, path, nodeIds, edgeIds) : def));
    setDirty(true);
    setSelection((s) => (s && ((s.type === 'node' && nodeIds.includes(s.id)) || (s.type === 'edge' && edgeIds.includes(s.id))) ? null : s));
  }, [path]);

  const onConnect = useCallback((source: string, target: string, outcome: string | undefined) => {
    setDefinition((def) => (def ? addEdge(def, path, source, target, outcome).definition : def));
    setDirty(true);
  }, [path]);

  const onDeselect = useCallback((item: { type: 'node' | 'edge'; id: string }) => {
    setSelection((s) => (s && s.type === item.type && s.id === item.id ? null : s));
  }, []);

  const openBlock = useCallback((blockId: string) => {
    setPath((p) => [...p, blockId]);
    setSelection(null);
  }, []);

  function addNode(kind: NodeKind) {
    if (!definition || !graph) return;
    const box = canvasBox.current?.getBoundingClientRect();
    const centre = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 3 }) : { x: 0, y: 0 };
    // Start at the middle of the view and step down past anything already there, so the new step is not hidden under another.
    const taken = [...layoutPositions(graph).values()];
    const spot = { x: centre.x - 110, y: centre.y - 40 };
    for (let i = 0; i < 30 && taken.some((p) => Math.abs(p.x - spot.x) < 240 && Math.abs(p.y - spot.y) < 90); i++) spot.y += 50;
    const node = newNode(kind, graph, path.length > 0, spot);
    change(updateGraphAt(definition, path, (g) => ({ ...g, nodes: [...g.nodes, node] })));
    setSelection({ type: 'node', id: node.id });
  }

  function goTo(at: IssueLocation | null) {
    if (!at) return;
    setPath(at.path);
    setSelection(at.edgeId ? { type: 'edge', id: at.edgeId } : at.nodeId ? { type: 'node', id: at.nodeId } : null);
    document.getElementById('sop-inspector')?.scrollIntoView({ block: 'nearest' });
  }

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setErrors([]);
    setNotice(null);
    try {
      return await work();
    } catch (e) {
      setErrors([errorText(e)]);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (!definition || !loaded) return;
    if (schemaIssues.length) {
      setErrors(['Some fields are not valid yet, so the draft cannot be stored. Fix the issues marked “field” below, then save again.']);
      return;
    }
    setBusy(true);
    setErrors([]);
    setNotice(null);
    try {
      const saved = await sopApi.save(loaded.id, definition, revision);
      setRevision(saved.revision);
      setLoaded({ ...saved });
      setDirty(false);
      setServerIssues(null);
      setNotice(saved.valid ? 'Draft saved. It passes validation and can be published.' : `Draft saved with ${saved.issues.length} issue${saved.issues.length === 1 ? '' : 's'} to fix before it can be published.`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else setErrors(e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.message) : [errorText(e)]);
    } finally {
      setBusy(false);
    }
  }

  async function newDraft() {
    const draft = await run(() => sopApi.newDraft(id));
    if (draft) { release(); navigate(`/sops/${draft.id}`); }
  }

  async function publish() {
    if (!loaded) return;
    setBusy(true);
    setErrors([]);
    setNotice(null);
    try {
      await sopApi.publish(loaded.id, revision);
      await load();
      setNotice(`Version ${loaded.version} is published. New requests of ${loaded.sopKey} now run on it; running requests keep their version.`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const issues = e.issues as unknown as SopIssue[];
        setServerIssues(issues);
        setErrors([`This draft cannot be published: it has ${issues.length} issue${issues.length === 1 ? '' : 's'} (listed under “Validation”).`]);
      } else if (e instanceof ApiError && e.status === 409) {
        setConflict(e.message);
      } else {
        setErrors([errorText(e)]);
      }
    } finally {
      setBusy(false);
    }
  }

  async function retire() {
    if (!loaded) return;
    const done = await run(() => sopApi.retire(loaded.id));
    if (done) {
      await load();
      setNotice(`Version ${loaded.version} is retired. Requests already running on it carry on.`);
    }
  }

  async function compare() {
    const other = versions.find((v) => v.id === compareWith);
    if (!other || !loaded) return;
    const [from, to] = other.version < loaded.version ? [other.id, loaded.id] : [loaded.id, other.id];
    const result = await run(() => sopApi.diff(from, to));
    if (result) setDiff(result);
  }

  if (!loaded || !definition) {
    return (
      <>
        <div className="nhsuk-back-link"><Link className="nhsuk-back-link__link" to="/sops">Back to SOPs</Link></div>
        {errors.length ? <ProblemSummary error={errors[0]} /> : <p>Loading SOP version…</p>}
      </>
    );
  }

  const openDraft = versions.find((v) => v.status === 'draft');
  const selectedIssues = selection
    ? located.filter(({ at }) => at && samePath(at.path, path) && (selection.type === 'node' ? at.nodeId === selection.id : at.edgeId === selection.id)).map(({ issue }) => issue.message)
    : [];
  const shownIssues = serverIssues && !dirty ? serverIssues : validation.issues;
  const crumbs = path.map((blockId, i) => ({ blockId, label: graphAt(definition, path.slice(0, i))?.nodes.find((n) => n.id === blockId)?.label ?? blockId }));

  return (
    <OpenBlockContext.Provider value={openBlock}>
      <div className="nhsuk-back-link"><Link className="nhsuk-back-link__link" to="/sops">Back to SOPs</Link></div>
      {guard}
      <h1>
        {definition.name} <span className="app-hint">version {loaded.version}</span>{' '}
        <span className={`nhsuk-tag sop-status sop-status--${loaded.status}`}>{STATUS_LABEL[loaded.status]}</span>
        {dirty && <> <span className="nhsuk-tag nhsuk-tag--red">Unsaved changes</span></>}
      </h1>
      {errors.length > 0 && (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="sop-error-title">
          <h2 className="nhsuk-error-summary__title" id="sop-error-title">There is a problem</h2>
          <ul>{errors.map((m) => <li key={m}>{m}</li>)}</ul>
          {openDraft && openDraft.id !== loaded.id && errors.some((m) => m.includes('open draft')) && (
            <p><Link to={`/sops/${openDraft.id}`}>Open the draft, version {openDraft.version}</Link></p>
          )}
        </div>
      )}
      {conflict && (
        <div className="nhsuk-error-summary" role="alert" aria-labelledby="sop-conflict-title">
          <h2 className="nhsuk-error-summary__title" id="sop-conflict-title">Someone else has changed this version</h2>
          <p>{conflict}</p>
          <p className="app-hint">Your changes were not saved. Reload to see the latest version, then make your changes again.</p>
          <div className="nhsuk-button-group"><button type="button" className="nhsuk-button nhsuk-button--small" onClick={() => void load()}>Reload the latest version</button></div>
        </div>
      )}
      {notice && <NotificationBanner success>{notice}</NotificationBanner>}

      <div className="sop-toolbar" role="toolbar" aria-label="SOP version actions">
        {!readOnly && <button type="button" className="nhsuk-button nhsuk-button--small" disabled={busy || !dirty} onClick={() => void save()}>Save draft</button>}
        {isManager && loaded.status === 'draft' && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy || dirty} onClick={() => void publish()}
            title={dirty ? 'Save the draft before publishing' : undefined}>Publish</button>
        )}
        {isManager && loaded.status !== 'draft' && <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy} onClick={() => void newDraft()}>New draft from this version</button>}
        {isManager && loaded.status === 'published' && <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-button--small" disabled={busy} onClick={() => void retire()}>Retire</button>}
        {versions.length > 1 && (
          <span className="sop-compare">
            <label htmlFor="sop-compare-with">Compare with…</label>
            <select id="sop-compare-with" value={compareWith} onChange={(e) => setCompareWith(e.target.value)}>
              <option value="">Choose a version</option>
              {versions.filter((v) => v.id !== loaded.id).map((v) => <option key={v.id} value={v.id}>Version {v.version} ({STATUS_LABEL[v.status].toLowerCase()})</option>)}
            </select>
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!compareWith || busy} onClick={() => void compare()}>Compare</button>
          </span>
        )}
      </div>
      {readOnly && (
        <p className="app-hint">
          {!isManager ? 'You can read SOPs; only an SOP manager can change them.' : `Version ${loaded.version} is ${loaded.status}: it cannot change. Create a new draft from it to make changes.`}
        </p>
      )}
      {dirty && isManager && loaded.status === 'draft' && <p className="app-hint">Save the draft before publishing. The comparison shows saved versions only.</p>}

      {diff && <SopDiffView diff={diff} onClose={() => setDiff(null)} />}

      <nav className="sop-breadcrumb" aria-label="Where you are in the flow">
        <ol>
          <li>{path.length ? <button type="button" className="app-link-button" onClick={() => { setPath([]); setSelection(null); }}>Whole procedure</button> : <span aria-current="location">Whole procedure</span>}</li>
          {crumbs.map((c, i) => (
            <li key={c.blockId}>
              {i < crumbs.length - 1
                ? <button type="button" className="app-link-button" onClick={() => { setPath(path.slice(0, i + 1)); setSelection(null); }}>{c.label}</button>
                : <span aria-current="location">{c.label} (per-service block)</span>}
            </li>
          ))}
        </ol>
      </nav>

      <div className="sop-layout">
        <div className="sop-main">
          {!readOnly && (
            <div className="sop-palette" role="group" aria-label="Add a step">
              {PALETTE.filter((k) => !(k === 'perService' && path.length > 0)).map((k) => (
                <button key={k} type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => addNode(k)}>Add {KIND_LABEL[k].toLowerCase()}</button>
              ))}
            </div>
          )}
          <div className="sop-canvas" ref={canvasBox}>
            {graph && (
              <SopCanvas key={path.join('/')} graph={graph} readOnly={readOnly} selection={selection}
                nodeIssues={nodeIssues} edgeIssues={edgeIssues} blockIssues={blockIssues}
                onSelect={setSelection} onDeselect={onDeselect} onMove={onMove} onRemove={onRemove} onConnect={onConnect} />
            )}
          </div>
          <p className="app-hint">
            {readOnly
              ? 'Select a step to see its details. Drag the background to pan; use the controls to zoom.'
              : 'Drag steps to move them (or select one and use the arrow keys). Drag from an outcome’s dot to another step to connect them, or use “Connect” in the panel. Backspace or Delete removes the selected step or connection.'}
          </p>
          <section aria-labelledby="sop-validation-heading" className="sop-validation">
            <h2 id="sop-validation-heading">Validation</h2>
            <p role="status" aria-live="polite">
              {shownIssues.length === 0
                ? 'No issues: this version passes the same checks the server runs before publishing.'
                : `${shownIssues.length} issue${shownIssues.length === 1 ? '' : 's'} ${serverIssues && !dirty ? 'found by the server' : 'found'}.`}
            </p>
            {shownIssues.length > 0 && (
              <ul className="sop-issues">
                {shownIssues.map((issue, i) => {
                  const at = locateIssue(definition, issue);
                  return (
                    <li key={`${issue.code}-${i}`}>
                      {at && (at.nodeId || at.edgeId || at.path.length)
                        ? <button type="button" className="app-link-button" onClick={() => goTo(at)}>{issue.message}</button>
                        : issue.message}
                      {issue.code === 'schema' && <span className="nhsuk-tag nhsuk-tag--red">field</span>}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </div>

        <aside className="sop-side" aria-label="Details">
          <section id="sop-inspector" className="sop-panel" aria-labelledby="sop-inspector-heading">
            <h2 id="sop-inspector-heading">Selected</h2>
            <SopInspector definition={definition} path={path} selection={selection} readOnly={readOnly} issues={selectedIssues}
              onChange={change} onSelect={setSelection} onOpenBlock={openBlock} />
          </section>
          {graph && (
            <section className="sop-panel" aria-labelledby="sop-steps-heading">
              <h2 id="sop-steps-heading">Steps in this flow</h2>
              <ul className="sop-steps">
                {graph.nodes.map((n) => (
                  <li key={n.id}>
                    <button type="button" className="app-link-button" aria-pressed={selection?.type === 'node' && selection.id === n.id}
                      onClick={() => setSelection({ type: 'node', id: n.id })}>
                      {n.label}
                    </button>{' '}
                    <span className="app-hint">{KIND_LABEL[n.kind]}{nodeIssues.has(n.id) ? ` · ⚠ ${nodeIssues.get(n.id)!.length}` : ''}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {!readOnly && path.length === 0 && (
            <details className="sop-panel">
              <summary>Name and description</summary>
              <div className="sop-field">
                <label htmlFor="sop-name">Name</label>
                <input id="sop-name" value={definition.name} onChange={(e) => change({ ...definition, name: e.target.value })} />
              </div>
              <div className="sop-field">
                <label htmlFor="sop-description">Description</label>
                <textarea id="sop-description" rows={4} value={definition.description} onChange={(e) => change({ ...definition, description: e.target.value })} />
              </div>
            </details>
          )}
          <section className="sop-panel" aria-labelledby="sop-versions-heading">
            <h2 id="sop-versions-heading">Versions of {loaded.sopKey}</h2>
            <ul className="sop-versions">
              {versions.map((v) => (
                <li key={v.id}>
                  {v.id === loaded.id
                    ? <strong aria-current="page">Version {v.version}</strong>
                    : <Link to={`/sops/${v.id}`}>Version {v.version}</Link>}{' '}
                  <span className={`nhsuk-tag sop-status sop-status--${v.status}`}>{STATUS_LABEL[v.status]}</span>
                  <span className="app-hint">{v.publishedAt ? `published ${formatDate(v.publishedAt)}` : `created ${formatDate(v.createdAt)}`}</span>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </OpenBlockContext.Provider>
  );
}
