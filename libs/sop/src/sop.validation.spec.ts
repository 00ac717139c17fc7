import { EHCNA_DCO_SIGNOFF_SOP, EHCNA_DEFAULT_SOP, validateSop, type SopDefinition } from './index';

const clone = (d: SopDefinition): SopDefinition => JSON.parse(JSON.stringify(d));
const codes = (d: unknown) => validateSop(d).issues.map((i) => i.code);

describe('validateSop', () => {
  it('accepts both shipped SOPs', () => {
    expect(validateSop(EHCNA_DEFAULT_SOP).issues).toEqual([]);
    expect(validateSop(EHCNA_DCO_SIGNOFF_SOP).issues).toEqual([]);
  });

  it('rejects schema errors with the path named', () => {
    const d = clone(EHCNA_DEFAULT_SOP) as any;
    d.graph.nodes[1].role = 'wizard';
    const r = validateSop(d);
    expect(r.ok).toBe(false);
    expect(r.issues[0].message).toMatch(/graph\.nodes\.1\.role/);
  });

  it('needs exactly one start', () => {
    const d = clone(EHCNA_DEFAULT_SOP);
    d.graph.nodes.push({ id: 'start2', kind: 'start', label: 'Another start' });
    d.graph.edges.push({ id: 'x', source: 'start2', target: 'triage' });
    expect(codes(d)).toContain('start_count');
  });

  it('names an unwired outcome and an unreachable node', () => {
    const d = clone(EHCNA_DEFAULT_SOP);
    d.graph.edges = d.graph.edges.filter((e) => e.id !== 'e3');
    const r = validateSop(d);
    expect(r.issues.find((i) => i.code === 'unwired_outcome')).toMatchObject({ nodeId: 'triage' });
    expect(r.issues.find((i) => i.code === 'unreachable')).toMatchObject({ nodeId: 'record_not_known' });
  });

  it('finds nodes from which no end is reachable', () => {
    const d = clone(EHCNA_DEFAULT_SOP);
    d.graph.edges = d.graph.edges.map((e) => (e.id === 'e9' ? { ...e, target: 'return' } : e));
    expect(codes(d)).toContain('no_path_to_end');
  });

  it('refuses a loop without a human task', () => {
    const d = clone(EHCNA_DCO_SIGNOFF_SOP);
    d.graph.nodes.push({ id: 'again', kind: 'systemAction', label: 'Notify again', action: 'notify' });
    d.graph.edges = d.graph.edges.map((e) => (e.id === 'e7' ? { ...e, target: 'again' } : e));
    d.graph.edges.push({ id: 'loop', source: 'again', target: 'notify_leads' });
    expect(codes(d)).toContain('automatic_loop');
  });

  it('refuses unknown forms, a per-service block without allocation, and scoped tasks outside a block', () => {
    const d = clone(EHCNA_DEFAULT_SOP) as any;
    d.graph.nodes.find((n: any) => n.id === 'allocate').form = 'triage';
    d.graph.nodes.find((n: any) => n.id === 'triage').serviceScoped = true;
    d.graph.nodes.find((n: any) => n.id === 'return').form = 'no_such_form';
    expect(codes(d)).toEqual(expect.arrayContaining(['block_without_allocation', 'scope_outside_block', 'unknown_form']));
  });

  it('refuses internal targets that cannot fit in the six weeks', () => {
    const d = clone(EHCNA_DEFAULT_SOP) as any;
    d.graph.nodes.find((n: any) => n.id === 'triage').target = { days: 20, unit: 'working' };
    const issue = validateSop(d).issues.find((i) => i.code === 'targets_exceed_deadline');
    expect(issue?.message).toMatch(/Triage request/);
  });

  it('validates timer anchors and forbids edges on timers', () => {
    const d = clone(EHCNA_DEFAULT_SOP) as any;
    d.graph.nodes.push({ id: 't', kind: 'timer', label: 'Bad', purpose: 'reminder', anchor: { from: 'taskStart', nodeId: 'compile' }, offset: { days: 1, unit: 'working' }, notifyRole: 'coordinator', message: 'x' });
    d.graph.edges.push({ id: 'te', source: 't', target: 'end' });
    expect(codes(d)).toEqual(expect.arrayContaining(['timer_anchor', 'timer_edges']));
  });

  it('ends at the top level must say how the request ends', () => {
    const d = clone(EHCNA_DEFAULT_SOP) as any;
    delete d.graph.nodes.find((n: any) => n.id === 'end').result;
    expect(codes(d)).toContain('end_result');
  });

  it('validates a widely branching graph of the largest allowed size in linear time', () => {
    // 99 layers of two decisions, each wired to both of the next layer's: 2^99 paths from start to end.
    const nodes: any[] = [{ id: 'start', kind: 'start', label: 'Start' }, { id: 'end', kind: 'end', label: 'End', result: 'returned' }];
    const edges: any[] = [{ id: 's', source: 'start', target: 'a0' }];
    const layers = 99;
    for (let i = 0; i < layers; i++) {
      for (const x of ['a', 'b']) {
        nodes.push({ id: `${x}${i}`, kind: 'decision', label: `${x}${i}`, condition: { subject: 'request.ehcpFlag', equals: true } });
        edges.push({ id: `${x}${i}t`, source: `${x}${i}`, target: i + 1 < layers ? `a${i + 1}` : 'end', outcome: 'true' });
        edges.push({ id: `${x}${i}f`, source: `${x}${i}`, target: i + 1 < layers ? `b${i + 1}` : 'end', outcome: 'false' });
      }
    }
    const started = Date.now();
    expect(codes({ ...clone(EHCNA_DEFAULT_SOP), graph: { nodes, edges } })).toEqual(['unreachable']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('counts a rework loop once when adding up targets', () => {
    const d = clone(EHCNA_DCO_SIGNOFF_SOP) as any;
    d.graph.nodes.find((n: any) => n.id === 'dco_signoff').target = { days: 10, unit: 'working' };
    // triage 1 + allocate 2 + (draft 12 + lead review 2) + sign-off 10 + return 1 working days, as calendar days.
    const issue = validateSop(d).issues.find((i) => i.code === 'targets_exceed_deadline');
    expect(issue?.message).toMatch(/Triage → Allocate → Per service → DCO sign-off → Send to LA/);
  });
});
