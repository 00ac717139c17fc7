import type { NodeKind, SopDefinition, SopEdge, SopGraph, SopIssue, SopNode } from '@sendflow/sop';

/**
 * Pure edits of a SOP definition for the designer. Each returns a new definition (React state is
 * replaced, never mutated). A graph is addressed by its path of per-service block ids from the top
 * level: `[]` is the top level, `['services']` the body of block `services`.
 */
export type GraphPath = readonly string[];

export function graphAt(def: SopDefinition, path: GraphPath): SopGraph | null {
  let graph: SopGraph = def.graph;
  for (const blockId of path) {
    const block = graph.nodes.find((n) => n.id === blockId);
    if (!block || block.kind !== 'perService') return null;
    graph = block.body;
  }
  return graph;
}

export function updateGraphAt(def: SopDefinition, path: GraphPath, change: (g: SopGraph) => SopGraph): SopDefinition {
  const walk = (graph: SopGraph, rest: GraphPath): SopGraph => {
    if (!rest.length) return change(graph);
    return {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === rest[0] && n.kind === 'perService' ? { ...n, body: walk(n.body, rest.slice(1)) } : n)),
    };
  };
  return { ...def, graph: walk(def.graph, path) };
}

export function updateNode(def: SopDefinition, path: GraphPath, id: string, change: (n: SopNode) => SopNode): SopDefinition {
  return updateGraphAt(def, path, (g) => ({ ...g, nodes: g.nodes.map((n) => (n.id === id ? change(n) : n)) }));
}

export function updateEdge(def: SopDefinition, path: GraphPath, id: string, change: (e: SopEdge) => SopEdge): SopDefinition {
  return updateGraphAt(def, path, (g) => ({ ...g, edges: g.edges.map((e) => (e.id === id ? change(e) : e)) }));
}

/** Removing a node removes the edges that touch it: an edge to nowhere is never what the manager meant. */
export function removeItems(def: SopDefinition, path: GraphPath, nodeIds: readonly string[], edgeIds: readonly string[]): SopDefinition {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  return updateGraphAt(def, path, (g) => ({
    nodes: g.nodes.filter((n) => !nodes.has(n.id)),
    edges: g.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  }));
}

export function uniqueNodeId(graph: SopGraph, base: string): string {
  const taken = new Set(graph.nodes.map((n) => n.id));
  for (let i = 1; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

function uniqueEdgeId(graph: SopGraph, base: string): string {
  const taken = new Set(graph.edges.map((e) => e.id));
  const clean = base.replace(/[^a-z0-9_-]+/gi, '_').slice(0, 70);
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}_${i}`)) return `${clean}_${i}`;
}

export function addEdge(def: SopDefinition, path: GraphPath, source: string, target: string, outcome?: string): { definition: SopDefinition; edgeId: string } {
  const graph = graphAt(def, path);
  if (!graph) return { definition: def, edgeId: '' };
  const edgeId = uniqueEdgeId(graph, `${source}_${outcome ?? 'next'}`);
  const edge: SopEdge = { id: edgeId, source, target, ...(outcome ? { outcome } : {}) };
  return { definition: updateGraphAt(def, path, (g) => ({ ...g, edges: [...g.edges, edge] })), edgeId };
}

/** A new id for a node, carried into everything in its graph that names it (edges, timer anchors, decision subjects). */
export function renameNode(def: SopDefinition, path: GraphPath, oldId: string, newId: string): SopDefinition {
  return updateGraphAt(def, path, (g) => ({
    nodes: g.nodes.map((n) => {
      let next: SopNode = n.id === oldId ? { ...n, id: newId } : n;
      if (next.kind === 'timer' && next.anchor.from === 'taskStart' && next.anchor.nodeId === oldId) next = { ...next, anchor: { from: 'taskStart', nodeId: newId } };
      if (next.kind === 'decision' && next.condition.subject === `outcome.${oldId}`) next = { ...next, condition: { ...next.condition, subject: `outcome.${newId}` } };
      return next;
    }),
    edges: g.edges.map((e) => ({ ...e, source: e.source === oldId ? newId : e.source, target: e.target === oldId ? newId : e.target })),
  }));
}

/** A task outcome's new id, carried into the edges that leave on it and decisions that test it. */
export function renameOutcome(def: SopDefinition, path: GraphPath, nodeId: string, oldOutcome: string, newOutcome: string): SopDefinition {
  return updateGraphAt(def, path, (g) => ({
    nodes: g.nodes.map((n) => {
      if (n.id === nodeId && n.kind === 'humanTask') return { ...n, outcomes: n.outcomes.map((o) => (o.id === oldOutcome ? { ...o, id: newOutcome } : o)) };
      if (n.kind === 'decision' && n.condition.subject === `outcome.${nodeId}` && n.condition.equals === oldOutcome) return { ...n, condition: { ...n.condition, equals: newOutcome } };
      return n;
    }),
    edges: g.edges.map((e) => (e.source === nodeId && e.outcome === oldOutcome ? { ...e, outcome: newOutcome } : e)),
  }));
}

export const KIND_LABEL: Record<NodeKind, string> = {
  start: 'Start',
  end: 'End',
  humanTask: 'Human task',
  decision: 'Decision',
  timer: 'Timer',
  systemAction: 'System action',
  perService: 'Per-service block',
};

/** A node of `kind` that parses as it stands, so a fresh draft with it can be saved at once. */
export function newNode(kind: NodeKind, graph: SopGraph, inBlock: boolean, position: { x: number; y: number }): SopNode {
  const pos = { x: Math.round(position.x), y: Math.round(position.y) };
  switch (kind) {
    case 'start':
      return { id: uniqueNodeId(graph, 'start'), kind, label: 'Start', position: pos };
    case 'end':
      return { id: uniqueNodeId(graph, 'end'), kind, label: 'End', position: pos, ...(inBlock ? {} : { result: 'returned' as const }) };
    case 'humanTask':
      return inBlock
        ? { id: uniqueNodeId(graph, 'task'), kind, label: 'New task', role: 'practitioner', serviceScoped: true, form: 'pro_forma', outcomes: [{ id: 'done', label: 'Done' }], position: pos }
        : { id: uniqueNodeId(graph, 'task'), kind, label: 'New task', role: 'coordinator', serviceScoped: false, form: 'triage', outcomes: [{ id: 'done', label: 'Done' }], position: pos };
    case 'decision':
      return { id: uniqueNodeId(graph, 'decision'), kind, label: 'New decision', condition: { subject: 'request.ehcpFlag', equals: true }, position: pos };
    case 'timer': {
      const task = graph.nodes.find((n) => n.kind === 'humanTask');
      return {
        id: uniqueNodeId(graph, 'timer'), kind, label: 'New reminder', purpose: 'reminder',
        anchor: inBlock && task ? { from: 'taskStart', nodeId: task.id } : { from: 'received' },
        offset: { days: 5, unit: 'working' }, notifyRole: inBlock ? 'practitioner' : 'coordinator', message: 'Reminder', position: pos,
      };
    }
    case 'systemAction':
      return { id: uniqueNodeId(graph, 'action'), kind, label: 'Notify', action: 'notify', notifyRole: 'coordinator', position: pos };
    case 'perService':
      return {
        id: uniqueNodeId(graph, 'block'), kind, label: 'Each allocated service', position: pos,
        body: {
          nodes: [
            { id: 'start', kind: 'start', label: 'Allocated', position: { x: 0, y: 0 } },
            { id: 'end', kind: 'end', label: 'Branch done', position: { x: 0, y: 200 } },
          ],
          edges: [{ id: 'b1', source: 'start', target: 'end' }],
        },
      };
  }
}

/**
 * Where a node without a stored position is drawn: flow steps in a column in list order, timers
 * (which hang off the flow rather than sit on it) in a column to the right.
 */
export function layoutPositions(graph: SopGraph): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  const placed = graph.nodes.filter((n) => n.position).map((n) => n.position!);
  const maxX = placed.length ? Math.max(...placed.map((p) => p.x)) : 0;
  let row = 0;
  let timerRow = 0;
  for (const n of graph.nodes) {
    if (n.position) { out.set(n.id, n.position); continue; }
    if (n.kind === 'timer') out.set(n.id, { x: maxX + 320, y: 120 * timerRow++ });
    else out.set(n.id, { x: 0, y: 120 * row++ });
  }
  return out;
}

export interface IssueLocation { path: string[]; nodeId?: string; edgeId?: string }

/**
 * The graph and item an issue is about, so the designer can open that graph and select it.
 * Graph issues name `block/node` ids; schema issues a path such as `graph.nodes.3.body.nodes.1.label`;
 * a block-level issue ("... in block services") only its message.
 */
export function locateIssue(def: SopDefinition, issue: SopIssue): IssueLocation | null {
  if (issue.nodeId) {
    const parts = issue.nodeId.split('/');
    return { path: parts.slice(0, -1), nodeId: parts[parts.length - 1], ...(issue.edgeId ? { edgeId: issue.edgeId } : {}) };
  }
  if (issue.edgeId) {
    const found = findEdge(def.graph, issue.edgeId, []);
    return found ?? { path: [], edgeId: issue.edgeId };
  }
  if (issue.path) {
    const segments = issue.path.split('.');
    if (segments[0] !== 'graph') return null;
    let graph: SopGraph | undefined = def.graph;
    const path: string[] = [];
    let located: IssueLocation = { path: [] };
    for (let i = 1; i < segments.length && graph; i += 2) {
      const list = segments[i];
      const index = Number(segments[i + 1]);
      if (list === 'nodes' && Number.isInteger(index) && graph.nodes[index]) {
        const node: SopNode = graph.nodes[index];
        located = { path: [...path], nodeId: node.id };
        if (segments[i + 2] === 'body' && node.kind === 'perService') {
          path.push(node.id);
          graph = node.body;
          i += 1; // skip `body`
          continue;
        }
        break;
      }
      if (list === 'edges' && Number.isInteger(index) && graph.edges[index]) {
        located = { path: [...path], edgeId: graph.edges[index].id };
      }
      break;
    }
    return located;
  }
  const block = /in block ([a-z][a-z0-9_/-]*)/.exec(issue.message);
  if (block) return { path: block[1].split('/') };
  return null;
}

function findEdge(graph: SopGraph, edgeId: string, path: string[]): IssueLocation | null {
  if (graph.edges.some((e) => e.id === edgeId)) return { path, edgeId };
  for (const n of graph.nodes) {
    if (n.kind !== 'perService') continue;
    const inner = findEdge(n.body, edgeId, [...path, n.id]);
    if (inner) return inner;
  }
  return null;
}

export const samePath = (a: GraphPath, b: GraphPath) => a.length === b.length && a.every((x, i) => x === b[i]);

/** What copy and cut keep: the chosen steps and the connections between them (not those to steps left behind). */
export interface Clipboard { nodes: SopNode[]; edges: SopEdge[] }

export function copyItems(def: SopDefinition, path: GraphPath, nodeIds: readonly string[]): Clipboard | null {
  const graph = graphAt(def, path);
  if (!graph) return null;
  const chosen = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => chosen.has(n.id));
  if (!nodes.length) return null;
  const edges = graph.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target));
  return structuredClone({ nodes, edges });
}

/**
 * Pastes a clipboard into the graph at `path` with fresh ids, offset so the copy does not hide the
 * original. References inside the copy (edges, timer anchors, decision subjects) follow the new
 * ids; a per-service block is not pasted inside another block (the model forbids nesting).
 */
export function pasteItems(def: SopDefinition, path: GraphPath, clip: Clipboard, offset = { x: 60, y: 60 }): { definition: SopDefinition; nodeIds: string[] } {
  const graph = graphAt(def, path);
  if (!graph) return { definition: def, nodeIds: [] };
  const nodes = clip.nodes.filter((n) => !(n.kind === 'perService' && path.length > 0));
  const working: SopGraph = { nodes: [...graph.nodes], edges: [...graph.edges] };
  const ids = new Map<string, string>();
  const fallback = layoutPositions(clip.nodes.length ? { nodes: clip.nodes, edges: [] } : graph);
  for (const n of nodes) {
    const base = n.id.replace(/_\d+$/, '').slice(0, 55) || 'step';
    const id = uniqueNodeId(working, base);
    ids.set(n.id, id);
    working.nodes.push({ ...n, id }); // reserve the id for the next one
  }
  const copied: SopNode[] = nodes.map((n) => {
    const at = n.position ?? fallback.get(n.id) ?? { x: 0, y: 0 };
    let next = { ...structuredClone(n), id: ids.get(n.id)!, position: { x: Math.round(at.x + offset.x), y: Math.round(at.y + offset.y) } } as SopNode;
    if (next.kind === 'timer' && next.anchor.from === 'taskStart' && ids.has(next.anchor.nodeId)) next = { ...next, anchor: { from: 'taskStart', nodeId: ids.get(next.anchor.nodeId)! } };
    if (next.kind === 'decision' && next.condition.subject.startsWith('outcome.')) {
      const ref = next.condition.subject.slice('outcome.'.length);
      if (ids.has(ref)) next = { ...next, condition: { ...next.condition, subject: `outcome.${ids.get(ref)}` } };
    }
    return next;
  });
  const edgeGraph: SopGraph = { nodes: [], edges: [...graph.edges] };
  const edges: SopEdge[] = [];
  for (const e of clip.edges) {
    const source = ids.get(e.source);
    const target = ids.get(e.target);
    if (!source || !target) continue;
    const id = uniqueEdgeId(edgeGraph, `${source}_${e.outcome ?? 'next'}`);
    const edge: SopEdge = { id, source, target, ...(e.outcome !== undefined ? { outcome: e.outcome } : {}) };
    edgeGraph.edges.push(edge);
    edges.push(edge);
  }
  return {
    definition: updateGraphAt(def, path, (g) => ({ nodes: [...g.nodes, ...copied], edges: [...g.edges, ...edges] })),
    nodeIds: copied.map((n) => n.id),
  };
}

/** Adds a new step of `kind` at `position` (palette drop or keyboard "add"). */
export function addNodeAt(def: SopDefinition, path: GraphPath, kind: NodeKind, position: { x: number; y: number }): { definition: SopDefinition; nodeId: string } {
  const graph = graphAt(def, path);
  if (!graph || (kind === 'perService' && path.length > 0)) return { definition: def, nodeId: '' };
  const node = newNode(kind, graph, path.length > 0, position);
  return { definition: updateGraphAt(def, path, (g) => ({ ...g, nodes: [...g.nodes, node] })), nodeId: node.id };
}

/** Moves several steps at once (a multi-select drag, or a tidy-up); unknown ids are ignored. */
export function setPositions(def: SopDefinition, path: GraphPath, positions: ReadonlyMap<string, { x: number; y: number }>): SopDefinition {
  return updateGraphAt(def, path, (g) => ({
    ...g,
    nodes: g.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  }));
}

/** True when some graph in the definition has a step without a stored position: it is laid out automatically on open. */
export function lacksPositions(graph: SopGraph): boolean {
  return graph.nodes.some((n) => !n.position);
}
