import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { SopGraph } from '@sendflow/sop';

const elk = new ELK();
const DEFAULT_SIZE = { width: 240, height: 110 };

/**
 * Layered layout (top to bottom) of one graph with elkjs, from the sizes React Flow measured.
 * Edge labels are given to ELK as label boxes so it leaves room for them between layers, and
 * timers (anchored, not wired) are laid out as free nodes to the side.
 */
export async function layoutGraph(
  graph: SopGraph,
  sizes: ReadonlyMap<string, { width: number; height: number }>,
  labelOf: (edge: SopGraph['edges'][number]) => string | undefined,
  { direction = 'DOWN', between = 80, beside = 60 }: { direction?: 'DOWN' | 'RIGHT'; between?: number; beside?: number } = {},
): Promise<Map<string, { x: number; y: number }>> {
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      'elk.layered.spacing.nodeNodeBetweenLayers': String(between),
      'elk.spacing.nodeNode': String(beside),
      'elk.spacing.edgeLabel': '8',
      'elk.layered.spacing.edgeNodeBetweenLayers': '30',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
    },
    children: graph.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? DEFAULT_SIZE) })),
    edges: graph.edges
      .filter((e) => graph.nodes.some((n) => n.id === e.source) && graph.nodes.some((n) => n.id === e.target))
      .map((e) => {
        const text = labelOf(e);
        return { id: e.id, sources: [e.source], targets: [e.target], labels: text ? [{ text, width: 8 * text.length + 16, height: 22 }] : [] };
      }),
  };
  const out = await elk.layout(root);
  return new Map((out.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
