import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useQuery } from '@tanstack/react-query';
import '@xyflow/react/dist/style.css';
import { validateSop, type NodeKind, type SopDefinition, type SopIssue } from '@sendflow/sop';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, errorText } from '../api/http';
import type { SessionUser } from '../api/types';
import { useUnsavedChanges } from '../app/unsaved-changes';
import { useUser } from '../app/session';
import { formsApi } from '../form-designer/forms-api';
import { ProblemSummary } from '../ui/error-summary';
import { formatDate, NotificationBanner } from '../ui/parts';
import {
  addEdge, addNodeAt, copyItems, graphAt, KIND_LABEL, layoutPositions, locateIssue, pasteItems, removeItems, samePath, setPositions,
  type Clipboard, type GraphPath, type IssueLocation,
} from './graph-edit';
import { sopApi, STATUS_LABEL, type SopVersionDetail, type SopVersionDiff, type SopVersionSummary } from './sop-api';
import { NOTHING_SELECTED, SopCanvas, useFitFromTop, type MultiSelection, type Selection } from './sop-canvas';
import { SopDiffView } from './sop-diff-view';
import { SopInspector } from './sop-inspector';
import { layoutGraph } from './sop-layout';
import { OpenBlockContext } from './sop-nodes';
import { createSopEditorStore, isDirty, SopStoreContext, useSopStore, useSopStoreApi } from './sop-store';

const PALETTE: NodeKind[] = ['humanTask', 'decision', 'timer', 'systemAction', 'end', 'start', 'perService'];
/** The drag payload type a palette item carries onto the canvas. */
const STEP_MIME = 'application/x-sendflow-step';
/** Quiet time after the last edit before a draft saves itself. */
export const AUTOSAVE_MS = 1500;
const AUTOSAVE_KEY = 'sendflow.sopDesigner.autosave';

/** /sops/:id — one SOP version on the canvas; editable when it is a draft and the user manages SOPs. */
export function SopDesignerPage() {
  const id = useParams().id!;
  const user = useUser();
  return <SopDesignerWithStore key={id} id={id} user={user} />;
}

/** One editor store per opened version, created by a factory and provided through context (React Flow's zustand pattern). */
function SopDesignerWithStore({ id, user }: { id: string; user: SessionUser }) {
  const [store] = useState(() => createSopEditorStore());
  return (
    <SopStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <SopDesigner id={id} user={user} />
      </ReactFlowProvider>
    </SopStoreContext.Provider>
  );
}

interface Located { issue: SopIssue; at: IssueLocation | null }
type AutosaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: Date } | { state: 'blocked'; why: string };

const isEditable = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

function SopDesigner({ id, user }: { id: string; user: SessionUser }) {
  const store = useSopStoreApi();
  const definition = useSopStore((s) => s.definition);
  const dirty = useSopStore(isDirty);
  const canUndo = useSopStore((s) => s.past.length > 0);
  const canRedo = useSopStore((s) => s.future.length > 0);
  const [loaded, setLoaded] = useState<SopVersionDetail | null>(null);
  const [versions, setVersions] = useState<SopVersionSummary[]>([]);
  const revision = useRef('');
  const [path, setPath] = useState<GraphPath>([]);
  const [selected, setSelected] = useState<MultiSelection>(NOTHING_SELECTED);
  const [errors, setErrors] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<SopIssue[] | null>(null);
  const [compareWith, setCompareWith] = useState('');
  const [diff, setDiff] = useState<{ diff: SopVersionDiff; from: SopDefinition; to: SopDefinition } | null>(null);
  const [busy, setBusy] = useState(false);
  const [autosave, setAutosave] = useState<AutosaveState>({ state: 'idle' });
  // On by default; a manager who prefers to save by hand can turn it off (remembered in this browser).
  const [autosaveOn, setAutosaveOn] = useState(() => localStorage.getItem(AUTOSAVE_KEY) !== 'off');
  const [clipboard, setClipboard] = useState<Clipboard | null>(null);
  const [announce, setAnnounce] = useState('');
  const summary = useRef<HTMLDivElement>(null);
  const canvasBox = useRef<HTMLDivElement>(null);
  const saving = useRef(false);
  const flow = useReactFlow();
  const fitFromTop = useFitFromTop();
  const navigate = useNavigate();
  const { guard, release } = useUnsavedChanges(dirty, 'the changes to this draft');

  const load = useCallback(async () => {
    setErrors([]);
    try {
      const [v, list] = await Promise.all([sopApi.get(id), sopApi.list()]);
      setLoaded(v);
      setVersions(list.filter((x) => x.sopKey === v.sopKey).sort((a, b) => b.version - a.version));
      store.getState().load(v.definition);
      revision.current = v.revision;
      setConflict(null);
      setServerIssues(null);
      setPath([]);
      setSelected(NOTHING_SELECTED);
      setAutosave({ state: 'idle' });
    } catch (e) {
      setErrors([errorText(e)]);
    }
  }, [id, store]);

  useEffect(() => { void load(); }, [load]);
  useEffect(() => { if (errors.length) summary.current?.focus(); }, [errors]);

  const isManager = user.roles.includes('sop_manager');
  const readOnly = !isManager || loaded?.status !== 'draft';

  // The validator the server runs on save and publish, run here on every edit.
  // With the server's catalogue of forms, a step's form must also be published (what publishing pins).
  const catalogue = useQuery({ queryKey: ['forms', 'catalogue'], queryFn: () => formsApi.catalogue() }).data?.forms;
  const validation = useMemo(() => (definition ? validateSop(definition, catalogue ? { formCatalogue: catalogue } : {}) : { ok: true, issues: [] as SopIssue[] }), [definition, catalogue]);
  const located = useMemo<Located[]>(() => (definition ? validation.issues.map((issue) => ({ issue, at: locateIssue(definition, issue) })) : []), [definition, validation]);
  const schemaIssues = validation.issues.filter((i) => i.code === 'schema');

  const { nodeIssues, edgeIssues, blockIssues } = useMemo(() => {
    const nodeIssues = new Map<string, string[]>();
    const edgeIssues = new Map<string, string[]>();
    const blockIssues = new Map<string, number>();
    const add = (map: Map<string, string[]>, key: string, message: string) => map.set(key, [...(map.get(key) ?? []), message]);
    for (const { issue, at } of located) {
      // A warning is listed but does not mark the step: it does not stop publishing.
      if (!at || issue.severity === 'warning') continue;
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
  /** The one selected item the side panel edits; several selected show a count instead. */
  const selection: Selection = selected.nodes.length + selected.edges.length === 1
    ? (selected.nodes.length ? { type: 'node', id: selected.nodes[0] } : { type: 'edge', id: selected.edges[0] })
    : null;
  const selectOne = useCallback((s: Selection) => setSelected(s ? { nodes: s.type === 'node' ? [s.id] : [], edges: s.type === 'edge' ? [s.id] : [] } : NOTHING_SELECTED), []);

  const edit = useCallback((change: SopDefinition | ((d: SopDefinition) => SopDefinition), group?: string) => {
    store.getState().edit(change, group ? { group } : {});
    setNotice(null);
  }, [store]);

  const onSelectionChange = useCallback((changes: { type: 'node' | 'edge'; id: string; selected: boolean }[]) => {
    setSelected((current) => {
      const nodes = new Set(current.nodes);
      const edges = new Set(current.edges);
      for (const c of changes) {
        const set = c.type === 'node' ? nodes : edges;
        if (c.selected) set.add(c.id); else set.delete(c.id);
      }
      return { nodes: [...nodes], edges: [...edges] };
    });
  }, []);

  const onMove = useCallback((positions: Map<string, { x: number; y: number }>) => {
    edit((d) => setPositions(d, path, positions));
  }, [path, edit]);

  const onRemove = useCallback((nodeIds: string[], edgeIds: string[]) => {
    edit((d) => removeItems(d, path, nodeIds, edgeIds));
    setSelected((s) => ({ nodes: s.nodes.filter((n) => !nodeIds.includes(n)), edges: s.edges.filter((e) => !edgeIds.includes(e)) }));
  }, [path, edit]);

  const onConnect = useCallback((source: string, target: string, outcome: string | undefined) => {
    edit((d) => addEdge(d, path, source, target, outcome).definition);
  }, [path, edit]);

  const openBlock = useCallback((blockId: string) => {
    setPath((p) => [...p, blockId]);
    setSelected(NOTHING_SELECTED);
  }, []);

  const openPath = (p: GraphPath) => { setPath(p); setSelected(NOTHING_SELECTED); };

  function addStep(kind: NodeKind, at?: { x: number; y: number }) {
    const def = store.getState().definition;
    const g = def && graphAt(def, path);
    if (!def || !g) return;
    let spot = at;
    if (!spot) {
      const box = canvasBox.current?.getBoundingClientRect();
      const centre = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 3 }) : { x: 0, y: 0 };
      // Near the middle of the view, in the first place clear of other steps (rows downwards, then
      // columns either side), so the new step is neither hidden under another nor far away.
      const taken = [...layoutPositions(g).values()];
      const free = (p: { x: number; y: number }) => !taken.some((t) => Math.abs(t.x - p.x) < 260 && Math.abs(t.y - p.y) < 110);
      const origin = { x: centre.x - 120, y: centre.y - 40 };
      spot = origin;
      search: for (let row = 0; row < 12; row++) {
        for (const col of [0, 1, -1, 2, -2]) {
          const p = { x: origin.x + col * 280, y: origin.y + row * 60 };
          if (free(p)) { spot = p; break search; }
        }
      }
      // Bring it into view only if it landed outside.
      const placed = spot;
      const far = box ? flow.screenToFlowPosition({ x: box.right, y: box.bottom }) : null;
      const near = box ? flow.screenToFlowPosition({ x: box.left, y: box.top }) : null;
      if (near && far && (placed.x < near.x || placed.y < near.y || placed.x + 240 > far.x || placed.y + 90 > far.y)) {
        setTimeout(() => void flow.setCenter(placed.x + 120, placed.y + 40, { zoom: flow.getZoom(), duration: 150 }), 50);
      }
    }
    const result = addNodeAt(def, path, kind, spot);
    if (!result.nodeId) return;
    edit(result.definition);
    selectOne({ type: 'node', id: result.nodeId });
    setAnnounce(`${KIND_LABEL[kind]} added`);
  }

  const onDragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(STEP_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(STEP_MIME) as NodeKind;
    if (readOnly || !PALETTE.includes(kind)) return;
    e.preventDefault();
    const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addStep(kind, { x: at.x - 110, y: at.y - 30 });
  };

  const copy = useCallback((cut: boolean) => {
    const def = store.getState().definition;
    if (!def || !selected.nodes.length) return;
    const found = copyItems(def, path, selected.nodes);
    if (!found) return;
    // A step laid out on open has no stored position: copy it from where the canvas draws it, so the paste lands beside it.
    const clip = { ...found, nodes: found.nodes.map((n) => (n.position ? n : { ...n, position: flow.getNode(n.id)?.position })) };
    setClipboard(clip);
    if (cut && !readOnly) onRemove([...selected.nodes], []);
    setAnnounce(`${clip.nodes.length} step${clip.nodes.length === 1 ? '' : 's'} ${cut ? 'cut' : 'copied'}`);
  }, [store, selected, path, readOnly, onRemove, flow]);

  const paste = useCallback(() => {
    const def = store.getState().definition;
    if (!def || !clipboard || readOnly) return;
    const result = pasteItems(def, path, clipboard);
    if (!result.nodeIds.length) { setAnnounce('Nothing to paste here: a per-service block cannot go inside a block'); return; }
    edit(result.definition);
    setSelected({ nodes: result.nodeIds, edges: [] });
    setAnnounce(`${result.nodeIds.length} step${result.nodeIds.length === 1 ? '' : 's'} pasted`);
  }, [store, clipboard, readOnly, path, edit]);

  const undo = useCallback(() => { store.getState().undo(); setAnnounce('Undone'); }, [store]);
  const redo = useCallback(() => { store.getState().redo(); setAnnounce('Redone'); }, [store]);

  /** Lays the open graph out with elkjs from the measured node sizes. */
  const computeLayout = useCallback(async () => {
    const def = store.getState().definition;
    const g = def && graphAt(def, path);
    if (!g) return null;
    const sizes = new Map(flow.getNodes().map((n) => [n.id, { width: n.measured?.width ?? 240, height: n.measured?.height ?? 110 }]));
    return layoutGraph(g, sizes, (e) => e.outcome);
  }, [flow, path, store]);

  async function tidyUp() {
    const positions = await computeLayout();
    if (!positions) return;
    edit((d) => setPositions(d, path, positions));
    setAnnounce('Steps laid out');
    // After React Flow has the new positions (the canvas rebuilds its nodes on the next render).
    setTimeout(() => void fitFromTop({ duration: 200 }), 100);
  }

  // Keyboard: undo/redo, copy/cut/paste, anywhere on the page except while typing in a field (which keeps its own undo).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isEditable(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !readOnly) { e.preventDefault(); if (e.shiftKey) redo(); else undo(); }
      else if (key === 'y' && !readOnly) { e.preventDefault(); redo(); }
      else if (key === 'c' && selected.nodes.length) { e.preventDefault(); copy(false); }
      else if (key === 'x' && selected.nodes.length && !readOnly) { e.preventDefault(); copy(true); }
      else if (key === 'v' && clipboard && !readOnly) { e.preventDefault(); paste(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, copy, paste, readOnly, selected, clipboard]);

  /** Brings a step into view at the current zoom (a long procedure does not fit the canvas at a legible zoom). */
  function showOnCanvas(nodeId: string) {
    setTimeout(() => {
      const n = flow.getNode(nodeId);
      if (n) void flow.setCenter(n.position.x + (n.measured?.width ?? 240) / 2, n.position.y + (n.measured?.height ?? 80) / 2, { zoom: flow.getZoom(), duration: 150 });
    }, 50);
  }

  function goTo(at: IssueLocation | null) {
    if (!at) return;
    setPath(at.path);
    selectOne(at.edgeId ? { type: 'edge', id: at.edgeId } : at.nodeId ? { type: 'node', id: at.nodeId } : null);
    if (at.nodeId) showOnCanvas(at.nodeId);
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

  /**
   * Stores the canvas's definition with the revision it was loaded or last saved at. A 409 means
   * someone else saved in between: it is shown as a conflict and autosave stops, never overwriting.
   */
  const save = useCallback(async (auto: boolean) => {
    const sent = store.getState().definition;
    if (!sent || !loaded || saving.current) return;
    if (validateSop(sent).issues.some((i) => i.code === 'schema')) {
      if (!auto) setErrors(['Some fields are not valid yet, so the draft cannot be stored. Fix the issues marked “field” below, then save again.']);
      return;
    }
    saving.current = true;
    setBusy(true);
    if (!auto) { setErrors([]); setNotice(null); }
    setAutosave({ state: 'saving' });
    try {
      const saved = await sopApi.save(loaded.id, sent, revision.current);
      revision.current = saved.revision;
      store.getState().markSaved(sent);
      setServerIssues(null);
      setAutosave({ state: 'saved', at: new Date() });
      if (!auto) setNotice(saved.valid ? 'Draft saved. It passes validation and can be published.' : `Draft saved with ${saved.issues.length} issue${saved.issues.length === 1 ? '' : 's'} to fix before it can be published.`);
    } catch (e) {
      setAutosave({ state: 'idle' });
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else setErrors(e instanceof ApiError && e.issues.length ? e.issues.map((i) => i.message) : [errorText(e)]);
    } finally {
      saving.current = false;
      setBusy(false);
    }
  }, [store, loaded]);

  // Autosave: a quiet spell after the last edit saves the draft, unless fields are invalid or there is a conflict.
  const blockedWhy = conflict ? 'someone else has changed this version' : schemaIssues.length ? 'some fields are not valid yet' : null;
  useEffect(() => {
    if (readOnly || !dirty || busy || errors.length || !autosaveOn) return undefined;
    if (blockedWhy) { setAutosave({ state: 'blocked', why: blockedWhy }); return undefined; }
    const timer = setTimeout(() => void save(true), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [definition, dirty, busy, readOnly, blockedWhy, errors.length, save, autosaveOn]);

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
      await sopApi.publish(loaded.id, revision.current);
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
    const result = await run(() => Promise.all([sopApi.diff(from, to), sopApi.get(from), sopApi.get(to)]));
    if (result) setDiff({ diff: result[0], from: result[1].definition, to: result[2].definition });
  }

  if (!loaded || !definition) {
    return (
      <>
        <div className="nhsuk-back-link"><Link className="nhsuk-back-link__link" to="/sops">Back to SOPs</Link></div>
        {errors.length ? <ProblemSummary error={errors[0]} /> : <p>Loading SOP version…</p>}
      </>
    );
  }

  const selectionText = selected.nodes.length + selected.edges.length > 1
    ? `${selected.nodes.length} step${selected.nodes.length === 1 ? '' : 's'}${selected.edges.length ? ` and ${selected.edges.length} connection${selected.edges.length === 1 ? '' : 's'}` : ''} selected`
    : null;
  const openDraft = versions.find((v) => v.status === 'draft');
  const selectedIssues = selection
    ? located.filter(({ at }) => at && samePath(at.path, path) && (selection.type === 'node' ? at.nodeId === selection.id : at.edgeId === selection.id)).map(({ issue }) => issue.message)
    : [];
  const shownIssues = serverIssues && !dirty ? serverIssues : validation.issues;
  const shownWarnings = shownIssues.filter((i) => i.severity === 'warning').length;
  const shownErrors = shownIssues.length - shownWarnings;
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
        {!readOnly && <button type="button" className="nhsuk-button nhsuk-button--small" disabled={busy || !dirty} onClick={() => void save(false)}>Save draft</button>}
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

      {diff && <SopDiffView diff={diff.diff} from={diff.from} to={diff.to} onClose={() => setDiff(null)} />}

      <nav className="sop-breadcrumb" aria-label="Where you are in the flow">
        <ol>
          <li>{path.length ? <button type="button" className="app-link-button" onClick={() => openPath([])}>Whole procedure</button> : <span aria-current="location">Whole procedure</span>}</li>
          {crumbs.map((c, i) => (
            <li key={c.blockId}>
              {i < crumbs.length - 1
                ? <button type="button" className="app-link-button" onClick={() => openPath(path.slice(0, i + 1))}>{c.label}</button>
                : <span aria-current="location">{c.label} (per-service block)</span>}
            </li>
          ))}
        </ol>
      </nav>

      <div className="sop-layout">
        <div className="sop-main">
          {!readOnly && (
            <div className="sop-edit-bar" role="toolbar" aria-label="Edit the flow">
              <button type="button" className="sop-tool" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z Meta+Z">Undo</button>
              <button type="button" className="sop-tool" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">Redo</button>
              <span className="sop-tool-sep" aria-hidden="true" />
              <button type="button" className="sop-tool" onClick={() => copy(false)} disabled={!selected.nodes.length} aria-keyshortcuts="Control+C Meta+C">Copy</button>
              <button type="button" className="sop-tool" onClick={() => copy(true)} disabled={!selected.nodes.length} aria-keyshortcuts="Control+X Meta+X">Cut</button>
              <button type="button" className="sop-tool" onClick={paste} disabled={!clipboard} aria-keyshortcuts="Control+V Meta+V">Paste</button>
              <span className="sop-tool-sep" aria-hidden="true" />
              <button type="button" className="sop-tool" onClick={() => void tidyUp()}>Tidy up</button>
              <span className="sop-autosave-toggle">
                <input id="sop-autosave" type="checkbox" checked={autosaveOn}
                  onChange={(e) => { setAutosaveOn(e.target.checked); localStorage.setItem(AUTOSAVE_KEY, e.target.checked ? 'on' : 'off'); }} />
                <label htmlFor="sop-autosave">Save automatically</label>
              </span>
              <span className="sop-autosave" role="status">
                {autosave.state === 'saving' ? 'Saving…'
                  : autosave.state === 'blocked' && dirty && autosaveOn ? `Not saved automatically: ${autosave.why}`
                  : dirty ? (autosaveOn ? 'Saving shortly…' : 'Not saved yet')
                  : autosave.state === 'saved' ? `All changes saved at ${autosave.at.toLocaleTimeString('en-GB')}`
                  : 'All changes saved'}
              </span>
            </div>
          )}
          <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">{announce}</p>
          <div className={readOnly ? 'sop-canvas-row' : 'sop-canvas-row sop-canvas-row--palette'}>
            {!readOnly && (
              <div className="sop-palette" role="group" aria-label="Add a step: drag onto the canvas, or press to add">
                {PALETTE.filter((k) => !(k === 'perService' && path.length > 0)).map((k) => (
                  <button key={k} type="button" draggable className={`sop-palette__item sop-palette__item--${k}`}
                    onDragStart={(e) => { e.dataTransfer.setData(STEP_MIME, k); e.dataTransfer.effectAllowed = 'copy'; }}
                    onClick={() => addStep(k)} aria-label={`Add ${KIND_LABEL[k].toLowerCase()}`}>
                    {KIND_LABEL[k]}
                  </button>
                ))}
              </div>
            )}
            <div className="sop-canvas" ref={canvasBox} onDragOver={onDragOver} onDrop={onDrop}>
              {graph && (
                <SopCanvas key={path.join('/')} graph={graph} readOnly={readOnly} selected={selected} showBlockContents={path.length === 0}
                  nodeIssues={nodeIssues} edgeIssues={edgeIssues} blockIssues={blockIssues}
                  onSelectionChange={onSelectionChange} onMove={onMove} onRemove={onRemove} onConnect={onConnect} />
              )}
            </div>
          </div>
          <p className="app-hint">
            {readOnly
              ? 'Select a step to see its details. Drag the background to pan; use the controls to zoom.'
              : 'Drag a step from the palette onto the canvas (or press it to add one in view). Drag steps to move them (or select one and use the arrow keys); Shift-click or Shift-drag selects several. Drag from an outcome’s dot to another step to connect them, or use “Connect” in the panel. Backspace or Delete removes the selection; Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z redoes, Ctrl/Cmd+C, X and V copy, cut and paste.'}
          </p>
          <section aria-labelledby="sop-validation-heading" className="sop-validation">
            <h2 id="sop-validation-heading">Validation</h2>
            <p role="status" aria-live="polite">
              {shownErrors === 0
                ? `No issues: this version passes the same checks the server runs before publishing.${shownWarnings ? ` ${shownWarnings} warning${shownWarnings === 1 ? '' : 's'} to look at.` : ''}`
                : `${shownErrors} issue${shownErrors === 1 ? '' : 's'} ${serverIssues && !dirty ? 'found by the server' : 'found'}${shownWarnings ? ` and ${shownWarnings} warning${shownWarnings === 1 ? '' : 's'}` : ''}.`}
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
                      {issue.severity === 'warning' && <span className="nhsuk-tag nhsuk-tag--yellow">warning</span>}
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
            {selectionText
              ? <p>{selectionText}. Copy, cut or delete them together, or drag them as one.</p>
              : <SopInspector definition={definition} path={path} selection={selection} readOnly={readOnly} issues={selectedIssues} forms={catalogue}
                onChange={(next) => edit(next, `inspector:${selection?.type}:${selection?.id}`)} onSelect={selectOne} onOpenBlock={openBlock} />}
          </section>
          {graph && (
            <section className="sop-panel" aria-labelledby="sop-steps-heading">
              <h2 id="sop-steps-heading">Steps in this flow</h2>
              <ul className="sop-steps">
                {graph.nodes.map((n) => (
                  <li key={n.id}>
                    <button type="button" className="app-link-button" aria-pressed={selected.nodes.includes(n.id)}
                      onClick={() => { selectOne({ type: 'node', id: n.id }); showOnCanvas(n.id); }}>
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
                <input id="sop-name" value={definition.name} onChange={(e) => edit({ ...definition, name: e.target.value }, 'name')} />
              </div>
              <div className="sop-field">
                <label htmlFor="sop-description">Description</label>
                <textarea id="sop-description" rows={4} value={definition.description} onChange={(e) => edit({ ...definition, description: e.target.value }, 'description')} />
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
