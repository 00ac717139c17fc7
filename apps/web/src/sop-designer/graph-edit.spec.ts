import { EHCNA_DEFAULT_SOP, validateSop, type SopDefinition } from '@sendflow/sop';
import { addNodeAt, copyItems, graphAt, pasteItems, removeItems, setPositions } from './graph-edit';
import { createSopEditorStore, isDirty } from './sop-store';

const clone = (d: SopDefinition): SopDefinition => structuredClone(d);
const ids = (def: SopDefinition, path: string[] = []) => graphAt(def, path)!.nodes.map((n) => n.id);

describe('copy and paste', () => {
  // As a manager's draft holds it once laid out: every step with a stored position.
  const def = clone(EHCNA_DEFAULT_SOP);
  def.graph.nodes.forEach((n, i) => { n.position = { x: 0, y: 100 * i }; });
  const [first, second] = def.graph.edges.filter((e) => def.graph.edges.some((o) => o.source === e.target)).map((e) => [e.source, e.target])[0];

  it('copies the chosen steps with only the connections between them', () => {
    const clip = copyItems(def, [], [first, second])!;
    expect(clip.nodes.map((n) => n.id)).toEqual(def.graph.nodes.filter((n) => n.id === first || n.id === second).map((n) => n.id));
    expect(clip.edges.every((e) => [first, second].includes(e.source) && [first, second].includes(e.target))).toBe(true);
    expect(clip.edges.length).toBeGreaterThan(0);
  });

  it('pastes with fresh ids, the inner connections following them, offset from the original', () => {
    const clip = copyItems(def, [], [first, second])!;
    const { definition, nodeIds } = pasteItems(def, [], clip);
    expect(nodeIds).toHaveLength(2);
    expect(nodeIds.some((id) => ids(def).includes(id))).toBe(false);
    const pasted = definition.graph.edges.filter((e) => nodeIds.includes(e.source));
    expect(pasted).toHaveLength(clip.edges.length);
    expect(pasted.every((e) => nodeIds.includes(e.target))).toBe(true);
    expect(new Set(definition.graph.edges.map((e) => e.id)).size).toBe(definition.graph.edges.length);
    const original = def.graph.nodes.find((n) => n.id === first)!.position!;
    const copy = definition.graph.nodes.find((n) => n.id === nodeIds[0])!.position!;
    expect(copy).toEqual({ x: original.x + 60, y: original.y + 60 });
    // The original is untouched (edits never mutate).
    expect(def.graph.nodes.map((n) => n.id)).toEqual(EHCNA_DEFAULT_SOP.graph.nodes.map((n) => n.id));
    expect(def.graph.edges).toEqual(EHCNA_DEFAULT_SOP.graph.edges);
  });

  it('pasting twice gives two distinct copies', () => {
    const clip = copyItems(def, [], [first])!;
    const once = pasteItems(def, [], clip);
    const twice = pasteItems(once.definition, [], clip);
    expect(twice.nodeIds[0]).not.toBe(once.nodeIds[0]);
    expect(new Set(ids(twice.definition)).size).toBe(ids(twice.definition).length);
  });

  it('carries timer anchors and decision subjects that point inside the copy', () => {
    const d: SopDefinition = {
      key: 'k', name: 'n', description: '',
      graph: {
        nodes: [
          { id: 'task', kind: 'humanTask', label: 'T', role: 'coordinator', serviceScoped: false, form: 'triage', outcomes: [{ id: 'ok', label: 'OK' }] },
          { id: 'chk', kind: 'decision', label: 'D', condition: { subject: 'outcome.task', equals: 'ok' } },
          { id: 'rem', kind: 'timer', label: 'R', purpose: 'reminder', anchor: { from: 'taskStart', nodeId: 'task' }, offset: { days: 2, unit: 'working' }, notifyRole: 'coordinator', message: 'm' },
        ],
        edges: [{ id: 'x', source: 'task', target: 'chk', outcome: 'ok' }],
      },
    };
    const { definition, nodeIds } = pasteItems(d, [], copyItems(d, [], ['task', 'chk', 'rem'])!);
    const [task, chk, rem] = nodeIds.map((id) => definition.graph.nodes.find((n) => n.id === id)!);
    expect(chk.kind === 'decision' && chk.condition.subject).toBe(`outcome.${task.id}`);
    expect(rem.kind === 'timer' && rem.anchor).toEqual({ from: 'taskStart', nodeId: task.id });
  });

  it('does not paste a per-service block inside a block', () => {
    const block = def.graph.nodes.find((n) => n.kind === 'perService')!;
    const clip = copyItems(def, [], [block.id])!;
    const { definition, nodeIds } = pasteItems(def, [block.id], clip);
    expect(nodeIds).toEqual([]);
    expect(ids(definition, [block.id])).toEqual(ids(def, [block.id]));
  });

  it('copy of nothing is nothing', () => {
    expect(copyItems(def, [], [])).toBeNull();
    expect(copyItems(def, ['nope'], ['x'])).toBeNull();
  });
});

describe('add, move and cut', () => {
  const def = clone(EHCNA_DEFAULT_SOP);

  it('adds a step of a kind at a drop point, and never a block inside a block', () => {
    const { definition, nodeId } = addNodeAt(def, [], 'humanTask', { x: 10.4, y: 20.6 });
    expect(definition.graph.nodes.find((n) => n.id === nodeId)!.position).toEqual({ x: 10, y: 21 });
    expect(validateSop(definition).issues.every((i) => i.code !== 'schema')).toBe(true);
    const block = def.graph.nodes.find((n) => n.kind === 'perService')!;
    expect(addNodeAt(def, [block.id], 'perService', { x: 0, y: 0 }).nodeId).toBe('');
  });

  it('moves several steps in one edit', () => {
    const [a, b] = ids(def);
    const moved = setPositions(def, [], new Map([[a, { x: 1, y: 2 }], [b, { x: 3.6, y: 4 }], ['ghost', { x: 0, y: 0 }]]));
    expect(moved.graph.nodes[0].position).toEqual({ x: 1, y: 2 });
    expect(moved.graph.nodes[1].position).toEqual({ x: 4, y: 4 });
    expect(ids(moved)).toEqual(ids(def));
  });

  it('cut is copy then remove: the connections to the cut steps go too', () => {
    const id = ids(def)[1];
    const clip = copyItems(def, [], [id])!;
    const cut = removeItems(def, [], [id], []);
    expect(ids(cut)).not.toContain(id);
    expect(cut.graph.edges.some((e) => e.source === id || e.target === id)).toBe(false);
    expect(ids(pasteItems(cut, [], clip).definition)).toHaveLength(ids(def).length);
  });
});

describe('editor store: undo and redo across edits', () => {
  const def = clone(EHCNA_DEFAULT_SOP);

  it('undoes and redoes every edit and knows when it is back at the saved version', () => {
    const store = createSopEditorStore();
    store.getState().load(def);
    const s = () => store.getState();
    s().edit((d) => addNodeAt(d, [], 'end', { x: 0, y: 0 }).definition);
    s().edit((d) => ({ ...d, name: 'Renamed' }));
    expect(s().past).toHaveLength(2);
    expect(isDirty(s())).toBe(true);
    s().undo();
    expect(s().definition!.name).toBe(def.name);
    s().undo();
    expect(s().definition).toBe(def);
    expect(isDirty(s())).toBe(false);
    s().undo(); // nothing left: no change
    expect(s().definition).toBe(def);
    s().redo();
    s().redo();
    expect(s().definition!.name).toBe('Renamed');
    expect(s().definition!.graph.nodes).toHaveLength(def.graph.nodes.length + 1);
  });

  it('a new edit after undo drops the redo branch', () => {
    const store = createSopEditorStore(def);
    const s = () => store.getState();
    s().edit((d) => ({ ...d, name: 'A' }));
    s().undo();
    s().edit((d) => ({ ...d, name: 'B' }));
    expect(s().future).toEqual([]);
    s().redo();
    expect(s().definition!.name).toBe('B');
  });

  it('groups typing in one field into one undo step, but not across a pause or another field', () => {
    const store = createSopEditorStore(def);
    const s = () => store.getState();
    s().edit((d) => ({ ...d, name: 'R' }), { group: 'name', now: 1000 });
    s().edit((d) => ({ ...d, name: 'Re' }), { group: 'name', now: 1200 });
    s().edit((d) => ({ ...d, name: 'Red' }), { group: 'name', now: 1400 });
    expect(s().past).toHaveLength(1);
    s().edit((d) => ({ ...d, name: 'Red!' }), { group: 'name', now: 5000 });
    s().edit((d) => ({ ...d, description: 'x' }), { group: 'description', now: 5100 });
    expect(s().past).toHaveLength(3);
    s().undo();
    s().undo();
    expect(s().definition!.name).toBe('Red');
    s().undo();
    expect(s().definition).toBe(def);
  });

  it('an edit that changes nothing is not an undo step', () => {
    const store = createSopEditorStore(def);
    store.getState().edit((d) => d);
    expect(store.getState().past).toEqual([]);
  });

  it('a save marks what was sent, so edits made during the save stay unsaved', () => {
    const store = createSopEditorStore(def);
    const s = () => store.getState();
    s().edit((d) => ({ ...d, name: 'Sent' }));
    const sent = s().definition!;
    s().edit((d) => ({ ...d, name: 'Typed while saving' }));
    s().markSaved(sent);
    expect(isDirty(s())).toBe(true);
    s().undo();
    expect(isDirty(s())).toBe(false);
  });
});
