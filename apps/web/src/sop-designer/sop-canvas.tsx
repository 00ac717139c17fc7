import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  applyNodeChanges, Background, Controls, MarkerType, MiniMap, ReactFlow,
  type Connection, type Edge, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import type { SopGraph } from '@sendflow/sop';
import { KIND_LABEL, layoutPositions } from './graph-edit';
import { NODE_TYPES, outcomeForHandle, sourceHandleFor, type SopFlowNode } from './sop-nodes';

export type Selection = { type: 'node' | 'edge'; id: string } | null;

interface Props {
  graph: SopGraph;
  readOnly: boolean;
  selection: Selection;
  /** Issue messages by node id and edge id, for this graph only. */
  nodeIssues: Map<string, string[]>;
  edgeIssues: Map<string, string[]>;
  /** Issues inside each per-service block of this graph. */
  blockIssues: Map<string, number>;
  onSelect(selection: Selection): void;
  /** This item lost its selection; the parent clears it only if it is still the selected one (a click elsewhere selects first). */
  onDeselect(item: { type: 'node' | 'edge'; id: string }): void;
  onMove(nodeId: string, position: { x: number; y: number }): void;
  onRemove(nodeIds: string[], edgeIds: string[]): void;
  onConnect(source: string, target: string, outcome: string | undefined): void;
}

function flowNodes(
  graph: SopGraph, previous: SopFlowNode[], selection: Selection, nodeIssues: Map<string, string[]>, blockIssues: Map<string, number>, readOnly: boolean,
): SopFlowNode[] {
  const positions = layoutPositions(graph);
  const before = new Map(previous.map((n) => [n.id, n]));
  return graph.nodes.map((node) => {
    const old = before.get(node.id);
    const outs = graph.edges.filter((e) => e.source === node.id);
    const strayIn = (node.kind === 'start' || node.kind === 'timer') && graph.edges.some((e) => e.target === node.id);
    const strayOut = node.kind === 'end' || node.kind === 'timer' || node.kind === 'humanTask' || node.kind === 'decision'
      ? outs.some((e) => sourceHandleFor(node, e.outcome) === 'out')
      : false;
    const issues = nodeIssues.get(node.id) ?? [];
    return {
      id: node.id,
      type: node.kind,
      position: old?.dragging ? old.position : positions.get(node.id)!,
      data: { node, issues, innerIssues: blockIssues.get(node.id) ?? 0, strayIn, strayOut },
      selected: selection?.type === 'node' && selection.id === node.id,
      dragging: old?.dragging,
      measured: old?.measured,
      className: issues.length ? 'sop-flow-node--invalid' : undefined,
      ariaLabel: `${KIND_LABEL[node.kind]}: ${node.label}${issues.length ? ` (${issues.length} issue${issues.length === 1 ? '' : 's'})` : ''}`,
      deletable: !readOnly,
    };
  });
}

function outcomeLabel(graph: SopGraph, source: string, outcome: string | undefined): string | undefined {
  if (outcome === undefined) return undefined;
  const node = graph.nodes.find((n) => n.id === source);
  if (node?.kind === 'humanTask') return node.outcomes.find((o) => o.id === outcome)?.label ?? outcome;
  if (node?.kind === 'decision') return outcome === 'true' ? 'Yes' : outcome === 'false' ? 'No' : outcome;
  return outcome;
}

/**
 * One SOP graph on a React Flow canvas, controlled the way React Flow's docs describe: the canvas
 * keeps its node list (with the sizes React Flow measures) in state and applies its changes; the
 * SOP definition stays the source of truth and every change that matters to it (a finished move,
 * a deletion, a new connection, a selection) is reported up.
 */
export function SopCanvas({ graph, readOnly, selection, nodeIssues, edgeIssues, blockIssues, onSelect, onDeselect, onMove, onRemove, onConnect }: Props) {
  const [nodes, setNodes] = useState<SopFlowNode[]>(() => flowNodes(graph, [], selection, nodeIssues, blockIssues, readOnly));

  // Rebuild from the definition whenever it changes, keeping what React Flow measured (a node
  // without its size is hidden until re-measured) and the position of a node being dragged.
  useEffect(() => {
    setNodes((previous) => flowNodes(graph, previous, selection, nodeIssues, blockIssues, readOnly));
  }, [graph, selection, nodeIssues, blockIssues, readOnly]);

  const edges = useMemo<Edge[]>(() => graph.edges.map((e) => {
    const invalid = edgeIssues.has(e.id);
    const label = outcomeLabel(graph, e.source, e.outcome);
    const sourceNode = graph.nodes.find((n) => n.id === e.source);
    const targetNode = graph.nodes.find((n) => n.id === e.target);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: sourceHandleFor(sourceNode, e.outcome),
      targetHandle: 'in',
      label,
      selected: selection?.type === 'edge' && selection.id === e.id,
      className: invalid ? 'sop-edge--invalid' : undefined,
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      ariaLabel: `Connection from ${sourceNode?.label ?? e.source} to ${targetNode?.label ?? e.target}${label ? ` when ${label}` : ''}${invalid ? ' (has an issue)' : ''}`,
      deletable: !readOnly,
    };
  }), [graph, selection, edgeIssues, readOnly]);

  const onNodesChange = useCallback((changes: NodeChange<SopFlowNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length && !readOnly) onRemove(removed, []);
    for (const c of changes) {
      // A drag reports positions as it goes and `dragging: false` at the end; arrow keys report one finished move.
      if (c.type === 'position' && c.position && !c.dragging && !readOnly) onMove(c.id, c.position);
    }
    const selects = changes.filter((c) => c.type === 'select');
    const chosen = selects.find((c) => c.selected);
    if (chosen) onSelect({ type: 'node', id: chosen.id });
    else for (const c of selects) onDeselect({ type: 'node', id: c.id });
  }, [onMove, onRemove, onSelect, onDeselect, readOnly]);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length && !readOnly) onRemove([], removed);
    const selects = changes.filter((c) => c.type === 'select');
    const chosen = selects.find((c) => c.selected);
    if (chosen) onSelect({ type: 'edge', id: chosen.id });
    else for (const c of selects) onDeselect({ type: 'edge', id: c.id });
  }, [onRemove, onSelect, onDeselect, readOnly]);

  const connect = useCallback((c: Connection) => {
    if (!readOnly) onConnect(c.source, c.target, outcomeForHandle(c.sourceHandle));
  }, [onConnect, readOnly]);

  return (
    <ReactFlow<SopFlowNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={connect}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      elementsSelectable
      deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
      fitView
      fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
      minZoom={0.2}
      maxZoom={1.5}
      aria-label="SOP flow canvas"
    >
      <Background gap={20} />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable ariaLabel="Overview of the flow" />
    </ReactFlow>
  );
}
