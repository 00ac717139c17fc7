import { diffSops, EHCNA_DEFAULT_SOP, type SopDefinition } from '@sendflow/sop';
import { addNodeAt, removeItems, setPositions, updateNode } from './graph-edit';
import { blocksWithChanges, diffOverlay } from './sop-diff-overlay';

describe('visual diff overlay', () => {
  const from: SopDefinition = structuredClone(EHCNA_DEFAULT_SOP);
  const block = from.graph.nodes.find((n) => n.kind === 'perService')!;
  const [kept, relabelled, dropped, moved] = from.graph.nodes.filter((n) => n.kind !== 'perService' && n.kind !== 'start').map((n) => n.id);
  let to = addNodeAt(from, [], 'end', { x: 900, y: 900 }).definition;
  const added = to.graph.nodes[to.graph.nodes.length - 1].id;
  to = updateNode(to, [], relabelled, (n) => ({ ...n, label: 'New words' }));
  to = removeItems(to, [], [dropped], []);
  to = setPositions(to, [], new Map([[moved, { x: 5000, y: 5000 }]]));
  const innerTask = block.kind === 'perService' ? block.body.nodes.find((n) => n.kind === 'humanTask')! : null;
  to = updateNode(to, [block.id], innerTask!.id, (n) => ({ ...n, label: 'Inner change' }));
  const diff = diffSops(from, to);

  it('colours added, removed, changed and moved steps of the open graph', () => {
    const o = diffOverlay(from, to, diff, []);
    expect(o.nodeMarks.get(added)).toBe('added');
    expect(o.nodeMarks.get(dropped)).toBe('removed');
    expect(o.nodeMarks.get(relabelled)).toBe('changed');
    expect(o.nodeMarks.get(moved)).toBe('moved');
    expect(o.nodeMarks.has(kept)).toBe(false);
    expect(o.changes.get(relabelled)!.changes).toEqual([{ field: 'label', before: expect.any(String), after: 'New words' }]);
  });

  it('puts removed steps and connections back so they can be drawn', () => {
    const o = diffOverlay(from, to, diff, []);
    expect(o.graph.nodes.some((n) => n.id === dropped)).toBe(true);
    const removedEdges = from.graph.edges.filter((e) => e.source === dropped || e.target === dropped);
    expect(removedEdges.length).toBeGreaterThan(0);
    for (const e of removedEdges) {
      expect(o.edgeMarks.get(e.id)).toBe('removed');
      expect(o.graph.edges.some((x) => x.id === e.id)).toBe(true);
    }
    expect(new Set(o.graph.nodes.map((n) => n.id)).size).toBe(o.graph.nodes.length);
  });

  it('marks a block whose body changed, and diffs inside it', () => {
    expect(diffOverlay(from, to, diff, []).nodeMarks.get(block.id)).toBe('changed');
    expect(blocksWithChanges(diff)).toEqual([block.id]);
    const inner = diffOverlay(from, to, diff, [block.id]);
    expect(inner.nodeMarks.get(innerTask!.id)).toBe('changed');
    expect(inner.nodeMarks.size).toBe(1);
  });

  it('shows nothing marked for identical versions', () => {
    const o = diffOverlay(from, from, diffSops(from, from), []);
    expect(o.nodeMarks.size + o.edgeMarks.size).toBe(0);
  });
});
