import type { NodeChange, SopDefinition, SopDiff, SopGraph } from '@sendflow/sop';
import { graphAt, type GraphPath } from './graph-edit';

export type DiffMark = 'added' | 'removed' | 'changed' | 'moved';

export interface DiffOverlay {
  /** The newer version's graph with the older one's removed steps and connections put back, to draw them struck out. */
  graph: SopGraph;
  nodeMarks: Map<string, DiffMark>;
  edgeMarks: Map<string, DiffMark>;
  /** Changed steps of this graph by id, with their changed fields. */
  changes: Map<string, NodeChange>;
}

const EMPTY: SopGraph = { nodes: [], edges: [] };

/**
 * One graph of a visual diff, overlaid: what the newer version has, plus what it dropped. A
 * per-service block whose body changed is marked changed even if its own fields did not.
 */
export function diffOverlay(from: SopDefinition, to: SopDefinition, diff: SopDiff, path: GraphPath): DiffOverlay {
  const before = graphAt(from, path) ?? EMPTY;
  const after = graphAt(to, path) ?? EMPTY;
  const prefix = path.length ? `${path.join('/')}/` : '';
  const graphName = path.join('/');
  const inGraph = <T extends { graph: string }>(items: T[]) => items.filter((i) => i.graph === graphName);
  const nodeMarks = new Map<string, DiffMark>();
  const edgeMarks = new Map<string, DiffMark>();
  const changes = new Map<string, NodeChange>();
  for (const n of inGraph(diff.nodes.added)) nodeMarks.set(n.id, 'added');
  for (const n of inGraph(diff.nodes.removed)) nodeMarks.set(n.id, 'removed');
  for (const n of inGraph(diff.nodes.changed)) {
    nodeMarks.set(n.id, n.layoutOnly ? 'moved' : 'changed');
    changes.set(n.id, n);
  }
  for (const e of inGraph(diff.edges.added)) edgeMarks.set(e.id, 'added');
  for (const e of inGraph(diff.edges.removed)) edgeMarks.set(e.id, 'removed');
  for (const e of inGraph(diff.edges.changed)) edgeMarks.set(e.id, 'changed');
  const structural = [...diff.nodes.added, ...diff.nodes.removed, ...diff.nodes.changed.filter((n) => !n.layoutOnly), ...diff.edges.added, ...diff.edges.removed, ...diff.edges.changed];
  for (const n of after.nodes) {
    if (n.kind !== 'perService' || (nodeMarks.has(n.id) && nodeMarks.get(n.id) !== 'moved')) continue;
    if (structural.some((item) => item.path.startsWith(`${prefix}${n.id}/`))) nodeMarks.set(n.id, 'changed');
  }
  const keptNodes = new Set(after.nodes.map((n) => n.id));
  const keptEdges = new Set(after.edges.map((e) => e.id));
  return {
    graph: {
      nodes: [...after.nodes, ...before.nodes.filter((n) => !keptNodes.has(n.id))],
      edges: [...after.edges, ...before.edges.filter((e) => !keptEdges.has(e.id))],
    },
    nodeMarks,
    edgeMarks,
    changes,
  };
}

/** Per-service blocks (top level) whose body has changes, to offer opening them. */
export function blocksWithChanges(diff: SopDiff): string[] {
  const all = [...diff.nodes.added, ...diff.nodes.removed, ...diff.nodes.changed, ...diff.edges.added, ...diff.edges.removed, ...diff.edges.changed];
  return [...new Set(all.filter((i) => i.graph).map((i) => i.graph))].sort();
}
