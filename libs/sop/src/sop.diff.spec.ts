import { diffSops, EHCNA_DCO_SIGNOFF_SOP, EHCNA_DEFAULT_SOP, type SopDefinition } from './index';

const clone = (d: SopDefinition): SopDefinition => JSON.parse(JSON.stringify(d));
const node = (d: SopDefinition, id: string) => d.graph.nodes.find((n) => n.id === id) as any;
const block = (d: SopDefinition, id: string) => (node(d, id) as { body: SopDefinition['graph'] }).body;

describe('diffSops', () => {
  it('finds nothing between a definition and its copy, whatever the key and array order', () => {
    const b = clone(EHCNA_DEFAULT_SOP);
    b.graph.nodes.reverse();
    b.graph.edges.reverse();
    b.graph.nodes[0] = Object.fromEntries(Object.entries(b.graph.nodes[0]).reverse()) as any;
    const d = diffSops(EHCNA_DEFAULT_SOP, b);
    expect(d).toEqual({
      metadata: [], nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [], changed: [] }, identical: true, layoutOnly: true,
    });
  });

  it('reports metadata changes', () => {
    const b = clone(EHCNA_DEFAULT_SOP);
    b.name = 'EHCNA health advice (2027)';
    b.description = '';
    expect(diffSops(EHCNA_DEFAULT_SOP, b).metadata).toEqual([
      { field: 'name', before: 'EHCNA health advice', after: 'EHCNA health advice (2027)' },
      { field: 'description', before: EHCNA_DEFAULT_SOP.description, after: '' },
    ]);
  });

  it('names changed fields with before and after: label, target.days, outcomes, an added target', () => {
    const b = clone(EHCNA_DEFAULT_SOP);
    node(b, 'triage').label = 'Triage';
    node(b, 'triage').target.days = 3;
    node(b, 'allocate').outcomes = [{ id: 'allocated', label: 'Allocate now' }];
    delete node(b, 'return').target;
    const d = diffSops(EHCNA_DEFAULT_SOP, b);
    expect(d.identical).toBe(false);
    expect(d.layoutOnly).toBe(false);
    expect(d.nodes.changed.map((c) => [c.path, c.changes])).toEqual([
      ['allocate', [{ field: 'outcomes', before: [{ id: 'allocated', label: 'Allocate' }], after: [{ id: 'allocated', label: 'Allocate now' }] }]],
      ['return', [{ field: 'target', before: { days: 2, unit: 'working' }, after: null }]],
      ['triage', [{ field: 'label', before: 'Triage request', after: 'Triage' }, { field: 'target.days', before: 2, after: 3 }]],
    ]);
  });

  it('reports a task inserted before the return as an added node, an added edge and a rewired edge', () => {
    const b = clone(EHCNA_DEFAULT_SOP);
    b.graph.nodes.push({
      id: 'final_check', kind: 'humanTask', label: 'Final check', role: 'qa_reviewer', serviceScoped: false, form: 'sign_off',
      outcomes: [{ id: 'signed', label: 'Sign off' }],
    });
    b.graph.edges = b.graph.edges.map((e) => (e.id === 'e7' ? { ...e, target: 'final_check' } : e));
    b.graph.edges.push({ id: 'e10', source: 'final_check', target: 'return', outcome: 'signed' });
    const d = diffSops(EHCNA_DEFAULT_SOP, b);
    expect(d.nodes).toEqual({ added: [{ path: 'final_check', graph: '', id: 'final_check', kind: 'humanTask', label: 'Final check' }], removed: [], changed: [] });
    expect(d.edges.added).toEqual([{ path: 'e10', graph: '', id: 'e10', source: 'final_check', target: 'return', outcome: 'signed' }]);
    expect(d.edges.changed).toEqual([
      { path: 'e7', graph: '', id: 'e7', source: 'compile', target: 'final_check', outcome: null, changes: [{ field: 'target', before: 'return', after: 'final_check' }] },
    ]);
    // The reverse diff mirrors it.
    const back = diffSops(b, EHCNA_DEFAULT_SOP);
    expect(back.nodes.removed.map((n) => n.path)).toEqual(['final_check']);
    expect(back.edges.removed.map((e) => e.path)).toEqual(['e10']);
  });

  it('diffs inside per-service bodies, naming items by block path', () => {
    const b = clone(EHCNA_DEFAULT_SOP);
    const body = block(b, 'services');
    (body.nodes.find((n) => n.id === 'draft') as any).target = { days: 10, unit: 'working' };
    body.nodes = body.nodes.filter((n) => n.id !== 'draft_reminder');
    body.edges = body.edges.map((e) => (e.id === 'b4' ? { ...e, outcome: 'redo' } : e));
    const d = diffSops(EHCNA_DEFAULT_SOP, b);
    expect(d.nodes.changed).toEqual([
      expect.objectContaining({ path: 'services/draft', graph: 'services', id: 'draft', changes: [{ field: 'target.days', before: 15, after: 10 }] }),
    ]);
    expect(d.nodes.removed).toEqual([{ path: 'services/draft_reminder', graph: 'services', id: 'draft_reminder', kind: 'timer', label: 'Draft due soon' }]);
    expect(d.edges.changed).toEqual([expect.objectContaining({ path: 'services/b4', graph: 'services', changes: [{ field: 'outcome', before: 'rework', after: 'redo' }] })]);
    // The block node itself did not change: its body is not reported as a field.
    expect(d.nodes.changed.find((c) => c.path === 'services')).toBeUndefined();
  });

  it('lists the whole body of an added or removed block', () => {
    const d = diffSops(EHCNA_DEFAULT_SOP, EHCNA_DCO_SIGNOFF_SOP);
    expect(d.metadata.map((m) => m.field)).toEqual(['key', 'name', 'description']);
    expect(d.nodes.added.map((n) => n.path)).toEqual(expect.arrayContaining(['per_service', 'per_service/draft', 'per_service/lead_review', 'dco_signoff']));
    expect(d.nodes.removed.map((n) => n.path)).toEqual(expect.arrayContaining(['services', 'services/draft', 'services/review', 'services/draft_reminder']));
    expect(d.edges.removed.map((e) => e.path)).toEqual(expect.arrayContaining(['services/b1', 'services/b4']));
  });

  it('marks a move in the designer as a layout-only change', () => {
    // The shipped SOP is laid out on open; a manager's draft stores positions once steps are moved.
    const a = clone(EHCNA_DEFAULT_SOP);
    node(a, 'triage').position = { x: 0, y: 100 };
    const b = clone(a);
    node(b, 'triage').position = { x: 40, y: 100 };
    const d = diffSops(a, b);
    expect(d.nodes.changed).toEqual([expect.objectContaining({ path: 'triage', layoutOnly: true, changes: [{ field: 'position.x', before: 0, after: 40 }] })]);
    expect(d).toMatchObject({ identical: false, layoutOnly: true });
  });

  it('shows a kind change as its changed fields and tolerates duplicate ids in a draft', () => {
    const b = clone(EHCNA_DEFAULT_SOP);
    const i = b.graph.nodes.findIndex((n) => n.id === 'compile');
    b.graph.nodes[i] = { id: 'compile', kind: 'systemAction', label: 'Compile advice', action: 'notify', notifyRole: 'coordinator' };
    b.graph.nodes.push({ id: 'compile', kind: 'start', label: 'Duplicate' });
    const d = diffSops(EHCNA_DEFAULT_SOP, b);
    expect(d.nodes.changed).toEqual([expect.objectContaining({
      path: 'compile', changes: [{ field: 'action', before: 'compileAdvice', after: 'notify' }, { field: 'notifyRole', before: null, after: 'coordinator' }],
    })]);
    expect(d.nodes.added).toEqual([]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(diffSops(EHCNA_DEFAULT_SOP, EHCNA_DCO_SIGNOFF_SOP))).toBe(JSON.stringify(diffSops(clone(EHCNA_DEFAULT_SOP), clone(EHCNA_DCO_SIGNOFF_SOP))));
  });
});
