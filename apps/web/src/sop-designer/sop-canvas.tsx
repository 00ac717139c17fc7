import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  applyNodeChanges, Background, useStore, BaseEdge, Controls, EdgeLabelRenderer, getSmoothStepPath, MarkerType, MiniMap, ReactFlow, useNodesInitialized, useReactFlow,
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
  /** Draw each per-service block as a group holding its inner flow (read on the canvas, edited by opening the block). */
  showBlockContents?: boolean;
  children?: ReactNode;
}

/** A block's inner flow as laid out inside its group, and the group's size. */
export interface BlockLayout { positions: ReadonlyMap<string, { x: number; y: number }>; width: number; height: number }
type BlockLayouts = ReadonlyMap<string, BlockLayout>;
/** Steps inside a group are drawn at this size (sop-node--inner), so the block can be laid out before it is measured. */
const INNER_SIZE = { width: 180, height: 48 };
/** Room for the block's own header (kind, label, open button, note) above its inner flow, and the group's margin. */
const GROUP_HEADER = 72;
const GROUP_PAD = 20;
/** A step inside a block is `block/step` on the canvas: NODE_ID has no '/', so the two never collide. */
const innerId = (blockId: string, id: string) => `${blockId}/${id}`;
export const isInnerId = (id: string) => id.includes('/');

/**
 * Fit view, except that a procedure too tall to fit at a legible zoom starts at its first step
 * (where a reader starts) rather than in its middle; the manager pans down from there.
 */
export function useFitFromTop(): (options?: { duration?: number }) => Promise<void> {
  const rf = useReactFlow<SopFlowNode>();
  const canvasHeight = useStore((s) => s.height);
  return useCallback(async ({ duration }: { duration?: number } = {}) => {
    await rf.fitView({ padding: 0.05, maxZoom: 1, minZoom: FIT_MIN_ZOOM, duration });
    const { x, zoom } = rf.getViewport();
    const bounds = rf.getNodesBounds(rf.getNodes().filter((n) => !n.parentId));
    if (bounds.height * zoom > canvasHeight) await rf.setViewport({ x, y: -bounds.y * zoom + 16, zoom }, { duration });
  }, [rf, canvasHeight]);
}

async function layoutBlocks(graph: SopGraph): Promise<Map<string, BlockLayout>> {
  const out = new Map<string, BlockLayout>();
  for (const block of graph.nodes) {
    if (block.kind !== 'perService') continue;
    const body = block.body;
    let positions: Map<string, { x: number; y: number }>;
    if (lacksPositions(body)) {
      // Tighter than the procedure around it, so the whole flow still fits the canvas at a legible zoom;
      // timers hang off the flow rather than sit on it, so they go in a column to the right.
      const flow = { nodes: body.nodes.filter((n) => n.kind !== 'timer'), edges: body.edges };
      positions = await layoutGraph(flow, new Map(flow.nodes.map((n) => [n.id, INNER_SIZE])), (e) => outcomeLabel(body, e.source, e.outcome), { between: 44, beside: 28 });
      const right = Math.max(0, ...[...positions.values()].map((p) => p.x)) + INNER_SIZE.width + 40;
      body.nodes.filter((n) => n.kind === 'timer').forEach((t, i) => positions.set(t.id, { x: right, y: i * (INNER_SIZE.height + 20) }));
    } else {
      positions = layoutPositions(body);
    }
    const xs = [...positions.values()];
    const minX = Math.min(0, ...xs.map((p) => p.x));
    const minY = Math.min(0, ...xs.map((p) => p.y));
    const shifted = new Map([...positions].map(([id, p]) => [id, { x: p.x - minX + GROUP_PAD, y: p.y - minY + GROUP_HEADER }]));
    const width = Math.max(260, ...[...shifted.values()].map((p) => p.x + INNER_SIZE.width + GROUP_PAD));
    const height = Math.max(160, ...[...shifted.values()].map((p) => p.y + INNER_SIZE.height + GROUP_PAD));
    out.set(block.id, { positions: shifted, width, height });
  }
  return out;
}

const NO_ISSUES = new Map<string, string[]>();
const NO_COUNTS = new Map<string, number>();

function flowNodes(graph: SopGraph, previous: SopFlowNode[], p: Props, blocks?: BlockLayouts): SopFlowNode[] {
  const stored = layoutPositions(graph);
  const before = new Map(previous.map((n) => [n.id, n]));
  const selected = new Set(p.selected.nodes);
  return graph.nodes.flatMap((node): SopFlowNode[] => {
    const old = before.get(node.id);
    const outs = graph.edges.filter((e) => e.source === node.id);
    const strayIn = (node.kind === 'start' || node.kind === 'timer') && graph.edges.some((e) => e.target === node.id);
    const strayOut = node.kind === 'end' || node.kind === 'timer' || node.kind === 'humanTask' || node.kind === 'decision'
      ? outs.some((e) => sourceHandleFor(node, e.outcome) === 'out')
      : false;
    const issues = (p.nodeIssues ?? NO_ISSUES).get(node.id) ?? [];
    const mark = p.nodeMarks?.get(node.id);
    const position = (p.relayout ? p.autoPositions?.get(node.id) : undefined) ?? node.position ?? p.autoPositions?.get(node.id) ?? stored.get(node.id)!;
    const group = node.kind === 'perService' ? blocks?.get(node.id) : undefined;
    const flowNode: SopFlowNode = {
      id: node.id,
      type: node.kind,
      position: old?.dragging ? old.position : position,
      data: { node, issues, innerIssues: (p.blockIssues ?? NO_COUNTS).get(node.id) ?? 0, strayIn, strayOut, mark, notes: p.nodeNotes?.get(node.id) ?? [], group: Boolean(group) },
      selected: selected.has(node.id),
      dragging: old?.dragging,
      measured: old?.measured,
      ...(group ? { style: { width: group.width, height: group.height } } : {}),
      className: [issues.length ? 'sop-flow-node--invalid' : '', mark ? `sop-mark--${mark}` : ''].join(' ').trim() || undefined,
      ariaLabel: `${KIND_LABEL[node.kind]}: ${node.label}${mark ? ` (${MARK_TEXT[mark]})` : ''}${issues.length ? ` (${issues.length} issue${issues.length === 1 ? '' : 's'})` : ''}`,
      deletable: !p.readOnly,
    };
    if (node.kind !== 'perService' || !group) return [flowNode];
    // React Flow draws a child after its parent and moves it with the parent.
    const children = node.body.nodes.map((inner): SopFlowNode => {
      const id = innerId(node.id, inner.id);
      return {
        id,
        type: inner.kind,
        parentId: node.id,
        extent: 'parent',
        position: group.positions.get(inner.id) ?? { x: GROUP_PAD, y: GROUP_HEADER },
        data: { node: inner, issues: [], innerIssues: 0, strayIn: false, strayOut: false, inner: { blockId: node.id } },
        measured: before.get(id)?.measured,
        draggable: false,
        selectable: false,
        connectable: false,
        deletable: false,
        focusable: false,
        className: 'sop-flow-inner',
        ariaLabel: `${KIND_LABEL[inner.kind]} in ${node.label}: ${inner.label}`,
      };
    });
    return [flowNode, ...children];
  });
}

/** The connections inside each group, drawn between its inner steps; read-only like the steps. */
function innerEdges(graph: SopGraph, blocks: BlockLayouts | undefined): Edge[] {
  if (!blocks) return [];
  return graph.nodes.flatMap((block) => {
    if (block.kind !== 'perService' || !blocks.has(block.id)) return [];
    const body = block.body;
    return body.edges.map((e): Edge => ({
      id: innerId(block.id, e.id),
      type: 'outcome',
      source: innerId(block.id, e.source),
      target: innerId(block.id, e.target),
      sourceHandle: sourceHandleFor(body.nodes.find((n) => n.id === e.source), e.outcome),
      targetHandle: 'in',
      label: outcomeLabel(body, e.source, e.outcome),
      selectable: false,
      deletable: false,
      focusable: false,
      zIndex: 1,
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
    }));
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
  const [blocks, setBlocks] = useState<BlockLayouts | undefined>();

  // Lay out each block's inner flow (elkjs, at the inner steps' fixed size) to size its group.
  useEffect(() => {
    if (!props.showBlockContents || !graph.nodes.some((n) => n.kind === 'perService')) { setBlocks(undefined); return undefined; }
    let live = true;
    void layoutBlocks(graph).then((laid) => { if (live) setBlocks(laid); });
    return () => { live = false; };
  }, [graph, props.showBlockContents]);
  const rf = useReactFlow<SopFlowNode>();
  const measured = useNodesInitialized();
  const [laidOut, setLaidOut] = useState<Map<string, { x: number; y: number }> | undefined>();
  const fitFromTop = useFitFromTop();
  const autoPositions = props.autoPositions ?? laidOut;

  // A graph stored without positions (the shipped SOPs' per-service bodies) is laid out with elkjs
  // once React Flow has measured its nodes; display only, not an edit.
  useEffect(() => {
    if (!measured || laidOut || !(props.relayout || lacksPositions(graph))) return undefined;
    // A group's size is known once its inner flow is laid out (before React Flow re-measures it).
    const hasBlocks = props.showBlockContents && graph.nodes.some((n) => n.kind === 'perService');
    if (hasBlocks && !blocks) return undefined;
    let live = true;
    const sizes = new Map(rf.getNodes().map((n) => [n.id, blocks?.get(n.id) ?? { width: n.measured?.width ?? 240, height: n.measured?.height ?? 110 }]));
    void layoutGraph(graph, sizes, (e) => e.outcome).then((positions) => {
      if (!live) return;
      setLaidOut(positions);
      // After the canvas has rebuilt its nodes at the new positions (next render), not before.
      setTimeout(() => void fitFromTop(), 60);
    });
    return () => { live = false; };
  }, [measured, laidOut, graph, rf, props.relayout, props.showBlockContents, blocks, fitFromTop]);

  // Rebuild from the definition whenever it changes, keeping what React Flow measured (a node
  // without its size is hidden until re-measured) and the position of a node being dragged.
  useEffect(() => {
    setNodes((previous) => flowNodes(graph, previous, { ...props, autoPositions }, blocks));
  }, [graph, selected, props.nodeIssues, props.blockIssues, readOnly, autoPositions, props.nodeMarks, props.nodeNotes, blocks]);

  const edgeIssues = props.edgeIssues ?? NO_ISSUES;
  const edges = useMemo<Edge[]>(() => {
    const chosen = new Set(selected.edges);
    return graph.edges.map((e): Edge => {
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
    }).concat(innerEdges(graph, blocks));
  }, [graph, selected, edgeIssues, props.edgeMarks, readOnly, blocks]);

  const onNodesChange = useCallback((all: NodeChange<SopFlowNode>[]) => {
    setNodes((ns) => applyNodeChanges(all, ns));
    // Steps inside a group only get measured here; they are edited by opening their block.
    const changes = all.filter((c) => !('id' in c) || !isInnerId(c.id));
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

  const onEdgesChange = useCallback((all: EdgeChange[]) => {
    const changes = all.filter((c) => !('id' in c) || !isInnerId(c.id));
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
