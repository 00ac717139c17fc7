import { useCallback, useMemo, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { EdgeRef, FieldChange, NodeRef, SopDefinition } from '@sendflow/sop';
import { graphAt, KIND_LABEL, type GraphPath } from './graph-edit';
import type { SopVersionDiff } from './sop-api';
import { NOTHING_SELECTED, SopCanvas, type MultiSelection } from './sop-canvas';
import { blocksWithChanges, diffOverlay } from './sop-diff-overlay';
import { OpenBlockContext } from './sop-nodes';

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const where = (graph: string) => (graph ? ` (in block ${graph})` : '');

function Changes({ changes, caption }: { changes: FieldChange[]; caption: string }) {
  return (
    <table className="sop-diff-fields">
      <caption className="nhsuk-u-visually-hidden">{caption}</caption>
      <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field}><th scope="row">{c.field}</th><td><code>{show(c.before)}</code></td><td><code>{show(c.after)}</code></td></tr>
        ))}
      </tbody>
    </table>
  );
}

const nodeText = (n: NodeRef) => `${KIND_LABEL[n.kind]} “${n.label}” (${n.path})${where(n.graph)}`;
const edgeText = (e: EdgeRef) => `${e.source} → ${e.target}${e.outcome ? ` on ${e.outcome}` : ''} (${e.path})`;

const LEGEND = [
  { mark: 'added', text: 'Added in the newer version' },
  { mark: 'removed', text: 'Removed (drawn where it was)' },
  { mark: 'changed', text: 'Changed: select it to see the fields' },
  { mark: 'moved', text: 'Moved only' },
] as const;

/**
 * The two versions overlaid on one read-only canvas: the newer version's steps and connections,
 * with what it removed put back struck out, each coloured by how it changed. Selecting a changed
 * step lists its changed fields; per-service blocks with changes open the same way as in the
 * designer.
 */
function DiffCanvas(props: { diff: SopVersionDiff; from: SopDefinition; to: SopDefinition }) {
  return <ReactFlowProvider><DiffCanvasInner {...props} /></ReactFlowProvider>;
}

const MARK_WORD = { added: 'Added', removed: 'Removed', changed: 'Changed', moved: 'Moved' } as const;

function DiffCanvasInner({ diff, from, to }: { diff: SopVersionDiff; from: SopDefinition; to: SopDefinition }) {
  const rf = useReactFlow();
  const [path, setPath] = useState<GraphPath>([]);
  const [selected, setSelected] = useState<MultiSelection>(NOTHING_SELECTED);
  const overlay = useMemo(() => diffOverlay(from, to, diff, path), [from, to, diff, path]);
  const onSelectionChange = useCallback((changes: { type: 'node' | 'edge'; id: string; selected: boolean }[]) => {
    const chosen = changes.find((c) => c.type === 'node' && c.selected);
    if (chosen) setSelected({ nodes: [chosen.id], edges: [] });
    else if (changes.some((c) => c.type === 'node' && !c.selected)) setSelected(NOTHING_SELECTED);
  }, []);
  const open = useCallback((blockId: string) => { setPath([blockId]); setSelected(NOTHING_SELECTED); }, []);
  /** Selects a step from the list and brings it into view (the canvas may not show the whole flow at a readable zoom). */
  const focusStep = (nodeId: string) => {
    setSelected({ nodes: [nodeId], edges: [] });
    const n = rf.getNode(nodeId);
    if (n) void rf.setCenter(n.position.x + (n.measured?.width ?? 240) / 2, n.position.y + (n.measured?.height ?? 80) / 2, { zoom: Math.max(rf.getZoom(), 0.8), duration: 150 });
  };
  const marked = overlay.graph.nodes.filter((n) => overlay.nodeMarks.has(n.id));
  const chosenId = selected.nodes[0];
  const chosen = chosenId ? overlay.graph.nodes.find((n) => n.id === chosenId) : undefined;
  const change = chosenId ? overlay.changes.get(chosenId) : undefined;
  const mark = chosenId ? overlay.nodeMarks.get(chosenId) : undefined;
  const blocks = blocksWithChanges(diff);
  const blockLabel = (id: string) => graphAt(to, [])?.nodes.find((n) => n.id === id)?.label ?? graphAt(from, [])?.nodes.find((n) => n.id === id)?.label ?? id;
  return (
    <OpenBlockContext.Provider value={open}>
      <ul className="sop-diff-legend" aria-label="Legend">
        {LEGEND.map((l) => <li key={l.mark}><span className={`sop-diff-swatch sop-diff-swatch--${l.mark}`} aria-hidden="true" />{l.text}</li>)}
      </ul>
      <nav className="sop-breadcrumb" aria-label="Graph shown in the comparison">
        <ol>
          <li>{path.length ? <button type="button" className="app-link-button" onClick={() => { setPath([]); setSelected(NOTHING_SELECTED); }}>Whole procedure</button> : <span aria-current="location">Whole procedure</span>}</li>
          {path.map((b) => <li key={b}><span aria-current="location">{blockLabel(b)} (per-service block)</span></li>)}
          {!path.length && blocks.map((b) => <li key={b}><button type="button" className="app-link-button" onClick={() => open(b)}>Changes inside {blockLabel(b)}</button></li>)}
        </ol>
      </nav>
      <div className="sop-diff-layout">
        <div className="sop-canvas sop-canvas--diff">
          <SopCanvas key={path.join('/')} graph={overlay.graph} readOnly selected={selected} nodeMarks={overlay.nodeMarks} edgeMarks={overlay.edgeMarks}
            onSelectionChange={onSelectionChange} ariaLabel={`Comparison of version ${diff.from.version} and version ${diff.to.version}`} />
        </div>
        <div className="sop-diff-selected">
          <h3>Steps that differ here</h3>
          {marked.length ? (
            <ul className="sop-diff-steps">
              {marked.map((n) => (
                <li key={n.id}>
                  <span className={`sop-diff-swatch sop-diff-swatch--${overlay.nodeMarks.get(n.id)}`} aria-hidden="true" />
                  <button type="button" className="app-link-button" aria-pressed={chosenId === n.id} onClick={() => focusStep(n.id)}>
                    {MARK_WORD[overlay.nodeMarks.get(n.id)!]}: {n.label}
                  </button>
                </li>
              ))}
            </ul>
          ) : <p>No step differs in this graph.</p>}
          <h3>Selected step</h3>
          <div aria-live="polite">
          {!chosen && <p className="app-hint">Select a coloured step to see what changed.</p>}
          {chosen && (
            <>
              <p><strong>{chosen.label}</strong> <span className="app-hint">{KIND_LABEL[chosen.kind]} · {chosen.id}</span></p>
              {!mark && <p>Unchanged.</p>}
              {mark === 'added' && <p>Added in version {diff.to.version}.</p>}
              {mark === 'removed' && <p>Removed in version {diff.to.version}.</p>}
              {change && <Changes changes={change.changes} caption={`Changed fields of ${chosen.label}`} />}
              {mark === 'changed' && !change && <p>Steps inside this block changed: open it to see them.</p>}
            </>
          )}
          </div>
        </div>
      </div>
    </OpenBlockContext.Provider>
  );
}

/** What changed between two versions: a picture on the canvas, and the API's structural diff (libs/sop diffSops) as a list. */
export function SopDiffView({ diff, from, to, onClose }: { diff: SopVersionDiff; from: SopDefinition; to: SopDefinition; onClose: () => void }) {
  const title = `Changes from version ${diff.from.version} to version ${diff.to.version}`;
  const close = <p><button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={onClose}>Close the comparison</button></p>;
  if (diff.identical) return <section className="sop-panel sop-diff" aria-label={title}><h2>{title}</h2><p>The two versions are identical.</p>{close}</section>;
  return (
    <section className="sop-panel sop-diff" aria-label={title}>
      <h2>{title}</h2>
      {diff.layoutOnly && <p className="app-notice">Only the layout differs: the procedure itself is the same.</p>}
      <DiffCanvas diff={diff} from={from} to={to} />
      <details className="sop-diff-details">
      <summary>Every change as a list</summary>
      {diff.metadata.length > 0 && (<><h3>Name and description</h3><Changes changes={diff.metadata} caption="Name and description changes" /></>)}
      <h3>Steps</h3>
      {!diff.nodes.added.length && !diff.nodes.removed.length && !diff.nodes.changed.length && <p>No steps changed.</p>}
      {diff.nodes.added.length > 0 && (
        <><h4>Added</h4><ul className="sop-diff-list sop-diff-added">{diff.nodes.added.map((n) => <li key={n.path}>{nodeText(n)}</li>)}</ul></>
      )}
      {diff.nodes.removed.length > 0 && (
        <><h4>Removed</h4><ul className="sop-diff-list sop-diff-removed">{diff.nodes.removed.map((n) => <li key={n.path}>{nodeText(n)}</li>)}</ul></>
      )}
      {diff.nodes.changed.length > 0 && (
        <>
          <h4>Changed</h4>
          <ul className="sop-diff-list">
            {diff.nodes.changed.map((n) => (
              <li key={n.path}>
                {nodeText(n)}{n.layoutOnly && <> <span className="nhsuk-tag">moved only</span></>}
                <Changes changes={n.changes} caption={`Changes to ${n.path}`} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Connections</h3>
      {!diff.edges.added.length && !diff.edges.removed.length && !diff.edges.changed.length && <p>No connections changed.</p>}
      {diff.edges.added.length > 0 && (
        <><h4>Added</h4><ul className="sop-diff-list sop-diff-added">{diff.edges.added.map((e) => <li key={e.path}>{edgeText(e)}</li>)}</ul></>
      )}
      {diff.edges.removed.length > 0 && (
        <><h4>Removed</h4><ul className="sop-diff-list sop-diff-removed">{diff.edges.removed.map((e) => <li key={e.path}>{edgeText(e)}</li>)}</ul></>
      )}
      {diff.edges.changed.length > 0 && (
        <>
          <h4>Changed</h4>
          <ul className="sop-diff-list">
            {diff.edges.changed.map((e) => <li key={e.path}>{edgeText(e)}<Changes changes={e.changes} caption={`Changes to ${e.path}`} /></li>)}
          </ul>
        </>
      )}
      </details>
      {close}
    </section>
  );
}
