import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  applyNodeChanges, Background, BaseEdge, Controls, EdgeLabelRenderer, getSmoothStepPath, MarkerType, MiniMap, ReactFlow, useNodesInitialized, useReactFlow,
  type Connection, type Edge, type EdgeChange, type EdgeProps, type EdgeTypes, type NodeChange,
} from '@xyflow/react';
import type { SopGraph } from '@sendflow/sop';
import { KIND_LABEL, lacksPositions, layoutPositions } from './graph-edit';
import { layoutGraph } from './sop-layout';
import { NODE_TYPES, outcomeForHandle, sourceHandleFor, type SopFlowNode } from './sop-nodes';

export type Selection = { type: 'node' | 'edge'; id: string } | null;
export interface MultiSelection { nodes: readonly string[]; edges: readonly string[] }
export const NOTHING_SELECTED: MultiSelection = { nodes: [], edges: [] };

/** How a step or connection differs between two versions (visual diff) or stands in a running request. */
export type Mark = 'added' | 'removed' | 'changed' | 'moved' | 'done' | 'current' | 'ahead';

interface Props {
  graph: SopGraph;
  readOnly: boolean;
  selected: MultiSelection;
  /** Issue messages by node id and edge id, for this graph only. */
  nodeIssues?: Map<string, string[]>;
  edgeIssues?: Map<string, string[]>;
  /** Issues inside each per-service block of this graph. */
  blockIssues?: Map<string, number>;
  /** Positions for steps that have none stored (auto-layout on open); display only. */
  autoPositions?: ReadonlyMap<string, { x: number; y: number }>;
  /** Read-only views meant for reading (a request on its flow): lay every step out with elkjs, ignoring stored positions. */
  relayout?: boolean;
  nodeMarks?: ReadonlyMap<string, Mark>;
  edgeMarks?: ReadonlyMap<string, Mark>;
  /** Extra lines drawn on a step (a running request's due dates). */
  nodeNotes?: ReadonlyMap<string, string[]>;
  /** Select changes as React Flow reports them: several at once for a box or shift-click selection. */
  onSelectionChange(changes: { type: 'node' | 'edge'; id: string; selected: boolean }[]): void;
  onMove?(positions: Map<string, { x: number; y: number }>): void;
  onRemove?(nodeIds: string[], edgeIds: string[]): void;
  onConnect?(source: string, target: string, outcome: string | undefined): void;
  ariaLabel?: string;
  children?: ReactNode;
}

const NO_ISSUES = new Map<string, string[]>();
const NO_COUNTS = new Map<string, number>();

function flowNodes(graph: SopGraph, previous: SopFlowNode[], p: Props): SopFlowNode[] {
  const stored = layoutPositions(graph);
  const before = new Map(previous.map((n) => [n.id, n]));
  const selected = new Set(p.selected.nodes);
  return graph.nodes.map((node) => {
    const old = before.get(node.id);
    const outs = graph.edges.filter((e) => e.source === node.id);
    const strayIn = (node.kind === 'start' || node.kind === 'timer') && graph.edges.some((e) => e.target === node.id);
    const strayOut = node.kind === 'end' || node.kind === 'timer' || node.kind === 'humanTask' || node.kind === 'decision'
      ? outs.some((e) => sourceHandleFor(node, e.outcome) === 'out')
      : false;
    const issues = (p.nodeIssues ?? NO_ISSUES).get(node.id) ?? [];
    const mark = p.nodeMarks?.get(node.id);
    const position = (p.relayout ? p.autoPositions?.get(node.id) : undefined) ?? node.position ?? p.autoPositions?.get(node.id) ?? stored.get(node.id)!;
    return {
      id: node.id,
      type: node.kind,
      position: old?.dragging ? old.position : position,
      data: { node, issues, innerIssues: (p.blockIssues ?? NO_COUNTS).get(node.id) ?? 0, strayIn, strayOut, mark, notes: p.nodeNotes?.get(node.id) ?? [] },
      selected: selected.has(node.id),
      dragging: old?.dragging,
      measured: old?.measured,
      className: [issues.length ? 'sop-flow-node--invalid' : '', mark ? `sop-mark--${mark}` : ''].join(' ').trim() || undefined,
      ariaLabel: `${KIND_LABEL[node.kind]}: ${node.label}${mark ? ` (${MARK_TEXT[mark]})` : ''}${issues.length ? ` (${issues.length} issue${issues.length === 1 ? '' : 's'})` : ''}`,
      deletable: !p.readOnly,
    };
  });
}

export const MARK_TEXT: Record<Mark, string> = {
  added: 'added', removed: 'removed', changed: 'changed', moved: 'moved only', done: 'done', current: 'current step', ahead: 'still ahead',
};

function outcomeLabel(graph: SopGraph, source: string, outcome: string | undefined): string | undefined {
  if (outcome === undefined) return undefined;
  const node = graph.nodes.find((n) => n.id === source);
  if (node?.kind === 'humanTask') return node.outcomes.find((o) => o.id === outcome)?.label ?? outcome;
  if (node?.kind === 'decision') return outcome === 'true' ? 'Yes' : outcome === 'false' ? 'No' : outcome;
  return outcome;
}

/**
 * An edge whose label sits just below the outcome handle it leaves from rather than at the
 * middle of the path: two edges from one step into another (yes and no both to the same step,
 * common inside a per-service block) then never stack their labels on top of each other.
 */
function OutcomeEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, style, label, selected }: EdgeProps) {
  const [path] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 12, offset: 24 });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      {label && (
        <EdgeLabelRenderer>
          <div className={`sop-edge-label${selected ? ' sop-edge-label--selected' : ''}`}
            style={{ transform: `translate(-50%, 0) translate(${sourceX}px, ${sourceY + 6}px)` }}>
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
const EDGE_TYPES: EdgeTypes = { outcome: OutcomeEdge };

/** Fit view never zooms out past this: below it node text is unreadable, so the manager pans instead. */
export const FIT_MIN_ZOOM = 0.55;

/**
 * One SOP graph on a React Flow canvas, controlled the way React Flow's docs describe: the canvas
 * keeps its node list (with the sizes React Flow measures) in state and applies its changes; the
 * SOP definition stays the source of truth and every change that matters to it (a finished move,
 * a deletion, a new connection, a selection) is reported up.
 */
export function SopCanvas(props: Props) {
  const { graph, readOnly, selected, onSelectionChange, onMove, onRemove, onConnect } = props;
  const [nodes, setNodes] = useState<SopFlowNode[]>(() => flowNodes(graph, [], props));
  const rf = useReactFlow<SopFlowNode>();
  const measured = useNodesInitialized();
  const [laidOut, setLaidOut] = useState<Map<string, { x: number; y: number }> | undefined>();
  const autoPositions = props.autoPositions ?? laidOut;

  // A graph stored without positions (the shipped SOPs' per-service bodies) is laid out with elkjs
  // once React Flow has measured its nodes; display only, not an edit.
  useEffect(() => {
    if (!measured || laidOut || !(props.relayout || lacksPositions(graph))) return undefined;
    let live = true;
    const sizes = new Map(rf.getNodes().map((n) => [n.id, { width: n.measured?.width ?? 240, height: n.measured?.height ?? 110 }]));
    void layoutGraph(graph, sizes, (e) => e.outcome).then((positions) => {
      if (!live) return;
      setLaidOut(positions);
      requestAnimationFrame(() => void rf.fitView({ padding: 0.1, maxZoom: 1, minZoom: FIT_MIN_ZOOM }));
    });
    return () => { live = false; };
  }, [measured, laidOut, graph, rf, props.relayout]);

  // Rebuild from the definition whenever it changes, keeping what React Flow measured (a node
  // without its size is hidden until re-measured) and the position of a node being dragged.
  useEffect(() => {
    setNodes((previous) => flowNodes(graph, previous, { ...props, autoPositions }));
  }, [graph, selected, props.nodeIssues, props.blockIssues, readOnly, autoPositions, props.nodeMarks, props.nodeNotes]);

  const edgeIssues = props.edgeIssues ?? NO_ISSUES;
  const edges = useMemo<Edge[]>(() => {
    const chosen = new Set(selected.edges);
    return graph.edges.map((e) => {
      const invalid = edgeIssues.has(e.id);
      const mark = props.edgeMarks?.get(e.id);
      const label = outcomeLabel(graph, e.source, e.outcome);
      const sourceNode = graph.nodes.find((n) => n.id === e.source);
      const targetNode = graph.nodes.find((n) => n.id === e.target);
      return {
        id: e.id,
        type: 'outcome',
        source: e.source,
        target: e.target,
        sourceHandle: sourceHandleFor(sourceNode, e.outcome),
        targetHandle: 'in',
        label,
        selected: chosen.has(e.id),
        className: [invalid ? 'sop-edge--invalid' : '', mark ? `sop-edge-mark--${mark}` : ''].join(' ').trim() || undefined,
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
        ariaLabel: `Connection from ${sourceNode?.label ?? e.source} to ${targetNode?.label ?? e.target}${label ? ` when ${label}` : ''}${mark ? ` (${MARK_TEXT[mark]})` : ''}${invalid ? ' (has an issue)' : ''}`,
        deletable: !readOnly,
      };
    });
  }, [graph, selected, edgeIssues, props.edgeMarks, readOnly]);

  const onNodesChange = useCallback((changes: NodeChange<SopFlowNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length && !readOnly) onRemove?.(removed, []);
    // A drag reports positions as it goes and `dragging: false` at the end (one change per
    // selected step); arrow keys report one finished move. One report is one undo step.
    // A click reports a "move" to where the step already is: that is not an edit.
    const stored = layoutPositions(graph);
    const moved = new Map<string, { x: number; y: number }>();
    for (const c of changes) {
      if (c.type !== 'position' || !c.position || c.dragging) continue;
      const at = graph.nodes.find((n) => n.id === c.id)?.position ?? autoPositions?.get(c.id) ?? stored.get(c.id);
      if (!at || at.x !== Math.round(c.position.x) || at.y !== Math.round(c.position.y)) moved.set(c.id, c.position);
    }
    if (moved.size && !readOnly) onMove?.(moved);
    const selects = changes.flatMap((c) => (c.type === 'select' ? [{ type: 'node' as const, id: c.id, selected: c.selected }] : []));
    if (selects.length) onSelectionChange(selects);
  }, [onMove, onRemove, onSelectionChange, readOnly, graph, autoPositions]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length && !readOnly) onRemove?.([], removed);
    const selects = changes.flatMap((c) => (c.type === 'select' ? [{ type: 'edge' as const, id: c.id, selected: c.selected }] : []));
    if (selects.length) onSelectionChange(selects);
  }, [onRemove, onSelectionChange, readOnly]);

  const connect = useCallback((c: Connection) => {
    if (!readOnly) onConnect?.(c.source, c.target, outcomeForHandle(c.sourceHandle));
  }, [onConnect, readOnly]);

  return (
    <ReactFlow<SopFlowNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      edgeTypes={EDGE_TYPES}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={connect}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      elementsSelectable
      multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
      selectionKeyCode="Shift"
      deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
      fitView
      fitViewOptions={{ padding: 0.1, maxZoom: 1, minZoom: FIT_MIN_ZOOM }}
      minZoom={0.3}
      maxZoom={1.5}
      aria-label={props.ariaLabel ?? 'SOP flow canvas'}
    >
      <Background gap={20} />
      <Controls showInteractive={false} fitViewOptions={{ padding: 0.1, maxZoom: 1, minZoom: FIT_MIN_ZOOM }} />
      <MiniMap pannable zoomable ariaLabel="Overview of the flow" />
      {props.children}
    </ReactFlow>
  );
}
