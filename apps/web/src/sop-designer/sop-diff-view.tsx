import type { EdgeRef, FieldChange, NodeRef } from '@sendflow/sop';
import { KIND_LABEL } from './graph-edit';
import type { SopVersionDiff } from './sop-api';

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

/** What changed between two versions, as the API's structural diff reports it (libs/sop diffSops). */
export function SopDiffView({ diff, onClose }: { diff: SopVersionDiff; onClose: () => void }) {
  const title = `Changes from version ${diff.from.version} to version ${diff.to.version}`;
  const close = <p><button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={onClose}>Close the comparison</button></p>;
  if (diff.identical) return <section className="sop-panel sop-diff" aria-label={title}><h2>{title}</h2><p>The two versions are identical.</p>{close}</section>;
  return (
    <section className="sop-panel sop-diff" aria-label={title}>
      <h2>{title}</h2>
      {diff.layoutOnly && <p className="app-notice">Only the layout differs: the procedure itself is the same.</p>}
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
      {close}
    </section>
  );
}
