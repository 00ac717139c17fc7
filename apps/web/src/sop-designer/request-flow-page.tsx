import { useCallback, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { RequestFlowResponse } from '@sendflow/domain';
import type { SopDefinition } from '@sendflow/sop';
import { api } from '../api/http';
import { useRequest } from '../api/hooks';
import { POLL } from '../api/query-client';
import { useUser } from '../app/session';
import { ProblemSummary } from '../ui/error-summary';
import { BackLink, Loading } from '../ui/parts';
import { graphAt, type GraphPath } from './graph-edit';
import { NOTHING_SELECTED, SopCanvas, type MultiSelection } from './sop-canvas';
import { OpenBlockContext } from './sop-nodes';
import { requestProgress, type ProgressInput } from './request-progress';

const enc = encodeURIComponent;
const LEGEND = [
  { mark: 'done', text: 'Done: the path taken so far' },
  { mark: 'current', text: 'Current step' },
  { mark: 'ahead', text: 'Still ahead' },
] as const;

/**
 * /requests/:id/flow — a request drawn on the SOP version it is pinned to, read-only: the path
 * taken, the current step of the request and of each service branch with due dates, when timers
 * fire, and the steps still ahead. Coordinators also get the workflow's own live view of which
 * steps are active; everyone else sees what the projection holds.
 */
export function RequestFlowPage() {
  const id = useParams().id!;
  const user = useUser();
  const request = useRequest(id);
  const flow = useQuery({ queryKey: ['requests', id, 'flow'], queryFn: () => api<RequestFlowResponse>(`/requests/${enc(id)}/flow`), staleTime: Infinity });
  const isCoordinator = user.roles.includes('coordinator');
  const live = useQuery({
    queryKey: ['requests', id, 'live'], enabled: isCoordinator, refetchInterval: POLL.normal, retry: false,
    queryFn: () => api<{ activeNodes: string[] }>(`/requests/${enc(id)}/live`),
  });
  const [path, setPath] = useState<GraphPath>([]);
  const [selected, setSelected] = useState<MultiSelection>(NOTHING_SELECTED);
  const open = useCallback((blockId: string) => { setPath([blockId]); setSelected(NOTHING_SELECTED); }, []);
  const onSelectionChange = useCallback((changes: { type: 'node' | 'edge'; id: string; selected: boolean }[]) => {
    const chosen = changes.find((c) => c.type === 'node' && c.selected);
    if (chosen) setSelected({ nodes: [chosen.id], edges: [] });
    else if (changes.some((c) => !c.selected)) setSelected(NOTHING_SELECTED);
  }, []);

  const r = request.data;
  const definition = flow.data?.definition as SopDefinition | undefined;
  const progress = useMemo(() => {
    if (!r || !definition) return null;
    const input = { ...(r as unknown as ProgressInput), activeNodes: live.data?.activeNodes };
    return requestProgress(definition, path, input, r.allocatedServices ?? []);
  }, [r, definition, path, live.data]);
  const graph = definition ? graphAt(definition, path) : null;
  const blockLabel = (blockId: string) => (definition ? graphAt(definition, [])?.nodes.find((n) => n.id === blockId)?.label ?? blockId : blockId);

  return (
    <>
      <BackLink to={`/requests/${enc(id)}`}>Back to the request</BackLink>
      <ProblemSummary error={request.error ?? flow.error} />
      {(request.isPending || flow.isPending) && <Loading what="the request’s flow" />}
      {r && flow.data && graph && progress && (
        <OpenBlockContext.Provider value={open}>
          <h1>{r.laReference} on its flow <span className="nhsuk-caption-l app-inline-caption">{flow.data.sopKey} version {flow.data.version}</span></h1>
          <p>
            This request runs on version {flow.data.version} of {definition?.name}, the version that was published when it was received;
            later versions do not change it.{isCoordinator && live.data ? ' Current steps come from the workflow itself.' : ''}
          </p>
          <section aria-labelledby="flow-now">
            <h2 id="flow-now" className="nhsuk-heading-s">{path.length ? `Now in ${blockLabel(path[0])}` : 'Now'}</h2>
            {progress.current.length
              ? <ul className="nhsuk-list nhsuk-list--bullet">{progress.current.map((c) => <li key={`${c.nodeId}-${c.detail}`}><strong>{c.label}</strong> — {c.detail}</li>)}</ul>
              : <p>No step is open here.</p>}
            {progress.ahead.length > 0 && <p><strong>Still ahead:</strong> {progress.ahead.join(', ')}.</p>}
          </section>
          <ul className="sop-diff-legend" aria-label="Legend">
            {LEGEND.map((l) => <li key={l.mark}><span className={`sop-diff-swatch sop-diff-swatch--${l.mark}`} aria-hidden="true" />{l.text}</li>)}
          </ul>
          <nav className="sop-breadcrumb" aria-label="Where you are in the flow">
            <ol>
              <li>{path.length ? <button type="button" className="app-link-button" onClick={() => { setPath([]); setSelected(NOTHING_SELECTED); }}>Whole procedure</button> : <span aria-current="location">Whole procedure</span>}</li>
              {path.map((b) => <li key={b}><span aria-current="location">{blockLabel(b)} (per-service block)</span></li>)}
            </ol>
          </nav>
          <div className="sop-canvas sop-canvas--request">
            <ReactFlowProvider>
              <SopCanvas key={path.join('/')} graph={graph} readOnly relayout selected={selected} nodeMarks={progress.nodeMarks} edgeMarks={progress.edgeMarks}
                nodeNotes={progress.notes} onSelectionChange={onSelectionChange} ariaLabel={`Request ${r.laReference} on its flow`} />
            </ReactFlowProvider>
          </div>
          <p className="app-hint">Read-only. Open a per-service block to see each service’s branch. <Link to={`/requests/${enc(id)}`}>Back to the request’s details</Link>.</p>
        </OpenBlockContext.Provider>
      )}
    </>
  );
}
