import type { SopDefinition, SopEdge, SopGraph, SopNode } from './sop.model';

/**
 * Structural diff of two SOP definitions, for the designer and for reviewing a draft before it
 * is published. Nodes and edges are matched by id within their graph, so reordering the arrays
 * is no change; per-service bodies are diffed too, their items named `<block>/<id>`.
 */
export interface FieldChange {
  /** Dotted path inside the item: `label`, `target.days`, `outcomes` (arrays compare whole). */
  field: string;
  /** `null` where the field is absent on that side. */
  before: unknown;
  after: unknown;
}

export interface NodeRef {
  /** `triage`, or `services/draft` inside the per-service block `services`. */
  path: string;
  /** The graph the node sits in: `''` for the top level, else the block's path. */
  graph: string;
  id: string;
  kind: SopNode['kind'];
  label: string;
}

export interface NodeChange extends NodeRef {
  changes: FieldChange[];
  /** True when only `position` moved: a layout edit, not a change to the procedure. */
  layoutOnly: boolean;
}

export interface EdgeRef {
  path: string;
  graph: string;
  id: string;
  source: string;
  target: string;
  outcome: string | null;
}

export interface EdgeChange extends EdgeRef {
  changes: FieldChange[];
}

export interface SopDiff {
  /** Top-level fields other than the graph: `key`, `name`, `description`. */
  metadata: FieldChange[];
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: NodeChange[] };
  edges: { added: EdgeRef[]; removed: EdgeRef[]; changed: EdgeChange[] };
  /** True when nothing differs, layout included. */
  identical: boolean;
  /** True when only node positions differ (or nothing does). */
  layoutOnly: boolean;
}

const EMPTY: SopGraph = { nodes: [], edges: [] };

/** Pure and deterministic: the same two definitions always give the same diff, lists sorted by path. */
export function diffSops(from: SopDefinition, to: SopDefinition): SopDiff {
  const metadata: FieldChange[] = [];
  for (const field of ['key', 'name', 'description'] as const) {
    if (!same(from[field], to[field])) metadata.push({ field, before: from[field] ?? null, after: to[field] ?? null });
  }
  const out: SopDiff = {
    metadata,
    nodes: { added: [], removed: [], changed: [] },
    edges: { added: [], removed: [], changed: [] },
    identical: false,
    layoutOnly: false,
  };
  diffGraph(from.graph, to.graph, '', out);
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  for (const list of [out.nodes.added, out.nodes.removed, out.nodes.changed, out.edges.added, out.edges.removed, out.edges.changed]) list.sort(byPath);
  const structural = metadata.length + out.nodes.added.length + out.nodes.removed.length + out.edges.added.length
    + out.edges.removed.length + out.edges.changed.length + out.nodes.changed.filter((n) => !n.layoutOnly).length;
  out.layoutOnly = structural === 0;
  out.identical = out.layoutOnly && out.nodes.changed.length === 0;
  return out;
}

function diffGraph(from: SopGraph, to: SopGraph, prefix: string, out: SopDiff): void {
  const graph = prefix ? prefix.slice(0, -1) : '';
  // A draft may be saved with duplicate ids (validation reports them); the first occurrence stands for the id.
  const before = firstById(from.nodes);
  const after = firstById(to.nodes);
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) {
      out.nodes.added.push(nodeRef(node, prefix));
    } else {
      const changes = fieldChanges(withoutBody(old), withoutBody(node));
      if (changes.length) out.nodes.changed.push({ ...nodeRef(node, prefix), changes, layoutOnly: changes.every((c) => c.field === 'position' || c.field.startsWith('position.')) });
    }
    // A block that appears, disappears or changes kind shows its whole body as added or removed.
    const oldBody = old?.kind === 'perService' ? old.body : EMPTY;
    const newBody = node.kind === 'perService' ? node.body : EMPTY;
    if (oldBody !== EMPTY || newBody !== EMPTY) diffGraph(oldBody, newBody, `${prefix}${id}/`, out);
  }
  for (const [id, node] of before) {
    if (after.has(id)) continue;
    out.nodes.removed.push(nodeRef(node, prefix));
    if (node.kind === 'perService') diffGraph(node.body, EMPTY, `${prefix}${id}/`, out);
  }

  const beforeEdges = firstById(from.edges);
  const afterEdges = firstById(to.edges);
  for (const [id, edge] of afterEdges) {
    const old = beforeEdges.get(id);
    if (!old) {
      out.edges.added.push(edgeRef(edge, prefix, graph));
      continue;
    }
    const changes = fieldChanges(old as unknown as Record<string, unknown>, edge as unknown as Record<string, unknown>);
    if (changes.length) out.edges.changed.push({ ...edgeRef(edge, prefix, graph), changes });
  }
  for (const [id, edge] of beforeEdges) if (!afterEdges.has(id)) out.edges.removed.push(edgeRef(edge, prefix, graph));
}

function firstById<T extends { id: string }>(items: T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

function nodeRef(node: SopNode, prefix: string): NodeRef {
  return { path: prefix + node.id, graph: prefix ? prefix.slice(0, -1) : '', id: node.id, kind: node.kind, label: node.label };
}

function edgeRef(edge: SopEdge, prefix: string, graph: string): EdgeRef {
  return { path: prefix + edge.id, graph, id: edge.id, source: edge.source, target: edge.target, outcome: edge.outcome ?? null };
}

function withoutBody(node: SopNode): Record<string, unknown> {
  const { body: _body, ...rest } = node as SopNode & { body?: unknown };
  return rest;
}

/** Leaf changes between two plain objects; arrays and values of different shapes compare whole. */
function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>, parent = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    if (same(a, b)) continue;
    const field = parent + key;
    if (isPlainObject(a) && isPlainObject(b)) changes.push(...fieldChanges(a, b, `${field}.`));
    else changes.push({ field, before: a ?? null, after: b ?? null });
  }
  return changes;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality on JSON values; key order does not matter (jsonb does not keep it). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => same(a[k], b[k]));
  }
  return false;
}
