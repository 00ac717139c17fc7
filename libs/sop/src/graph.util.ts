import type { SopEdge, SopGraph, SopNode } from './sop.model';

/** Read-only lookups over a graph; the interpreter and the validator share them. */
export function nodeById(graph: SopGraph, id: string): SopNode | undefined {
  return graph.nodes.find((n) => n.id === id);
}

export function outgoing(graph: SopGraph, nodeId: string): SopEdge[] {
  return graph.edges.filter((e) => e.source === nodeId);
}

export function startOf(graph: SopGraph): SopNode {
  const start = graph.nodes.find((n) => n.kind === 'start');
  if (!start) throw new Error('graph has no start node');
  return start;
}

/** Outcomes a node must wire, one edge each. `undefined` means a single plain edge. */
export function expectedOutcomes(node: SopNode): (string | undefined)[] {
  switch (node.kind) {
    case 'humanTask':
      return node.outcomes.map((o) => o.id);
    case 'decision':
      return ['true', 'false'];
    case 'end':
    case 'timer':
      return [];
    default:
      return [undefined];
  }
}

/** The edge to follow from `nodeId` for `outcome`; plain edges match when no outcome is given. */
export function nextEdge(graph: SopGraph, nodeId: string, outcome?: string): SopEdge | undefined {
  return outgoing(graph, nodeId).find((e) => (e.outcome ?? undefined) === (outcome ?? undefined));
}

/** Every graph in a definition (the top level and each per-service body), with a path prefix for messages. */
export function eachGraph(graph: SopGraph, prefix = ''): { graph: SopGraph; prefix: string }[] {
  const out = [{ graph, prefix }];
  for (const n of graph.nodes) {
    if (n.kind === 'perService') out.push(...eachGraph(n.body, `${prefix}${n.id}/`));
  }
  return out;
}

/** Depth-first set of nodes reachable from `from` following edges (forward) or reversed edges. */
export function reachable(graph: SopGraph, from: string[], direction: 'forward' | 'backward' = 'forward'): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.edges) {
      if (direction === 'forward' && e.source === id) stack.push(e.target);
      if (direction === 'backward' && e.target === id) stack.push(e.source);
    }
  }
  return seen;
}

/**
 * The human-task steps of a graph in the order a request meets them (breadth-first from the start,
 * then any not reached), a per-service block's steps as `block/step`: the node paths tasks carry,
 * which the caseload filters its stage by.
 */
export function humanTaskSteps(graph: SopGraph, prefix = ''): { path: string; label: string }[] {
  const order: SopNode[] = [];
  const seen = new Set<string>();
  const start = graph.nodes.find((n) => n.kind === 'start');
  const queue = start ? [start.id] : [];
  while (queue.length) {
    const id = queue.shift() as string;
    const node = seen.has(id) ? undefined : nodeById(graph, id);
    if (!node) continue;
    seen.add(id);
    order.push(node);
    for (const e of outgoing(graph, id)) queue.push(e.target);
  }
  for (const n of graph.nodes) if (!seen.has(n.id)) order.push(n);
  return order.flatMap((n) => {
    if (n.kind === 'humanTask') return [{ path: `${prefix}${n.id}`, label: n.label }];
    if (n.kind === 'perService') return humanTaskSteps(n.body, `${prefix}${n.id}/`);
    return [];
  });
}
