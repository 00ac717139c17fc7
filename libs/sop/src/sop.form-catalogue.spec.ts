import { SHIPPED_FORMS } from '@sendflow/domain';
import { EHCNA_DCO_SIGNOFF_SOP, EHCNA_DEFAULT_SOP, validateSop, type FormCatalogueEntry, type SopDefinition } from './index';

const clone = (d: SopDefinition): SopDefinition => JSON.parse(JSON.stringify(d));
/** The catalogue the API answers on a fresh database: every shipped form published as version 1. */
const shipped: FormCatalogueEntry[] = Object.values(SHIPPED_FORMS).map((f) => ({
  key: f.key, publishedVersion: 1, variants: f.variants.map((v) => v.outcome).filter((o) => o !== 'default'),
}));
const draftNode = (d: SopDefinition) => {
  const block = d.graph.nodes.find((n) => n.id === 'services');
  if (block?.kind !== 'perService') throw new Error('no block');
  const node = block.body.nodes.find((n) => n.id === 'draft');
  if (node?.kind !== 'humanTask') throw new Error('no draft');
  return node;
};

describe('validateSop with the published form catalogue (issue 12 §7)', () => {
  it('accepts the default SOP against the shipped forms', () => {
    expect(validateSop(EHCNA_DEFAULT_SOP, { formCatalogue: shipped }).issues).toEqual([]);
  });

  it('names a task whose form is not in the catalogue, even a shipped key', () => {
    const r = validateSop(EHCNA_DEFAULT_SOP, { formCatalogue: shipped.filter((f) => f.key !== 'triage') });
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'unknown_form', nodeId: 'triage' })]);
  });

  it('accepts a form the manager designed once it is published, and names it while it is only a draft', () => {
    const d = clone(EHCNA_DEFAULT_SOP);
    draftNode(d).form = 'check_advice';
    expect(validateSop(d, { formCatalogue: [...shipped, { key: 'check_advice', publishedVersion: 2, variants: [] }] }).ok).toBe(true);
    const r = validateSop(d, { formCatalogue: [...shipped, { key: 'check_advice', publishedVersion: null, variants: [] }] });
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'form_unpublished', nodeId: 'services/draft', message: expect.stringMatching(/"check_advice", which has no published version/) })]);
    // Without a catalogue (older callers), only the shipped keys are known.
    expect(validateSop(d).issues.map((i) => i.code)).toEqual(['unknown_form']);
  });

  it('warns, without stopping publication, when the form has a variant for an outcome the task lacks', () => {
    const r = validateSop(EHCNA_DCO_SIGNOFF_SOP, { formCatalogue: shipped });
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'form_variant_unused', severity: 'warning', nodeId: 'per_service/draft', message: expect.stringMatching(/outcome "not_known"/) })]);
    const d = clone(EHCNA_DEFAULT_SOP);
    draftNode(d).form = 'check_advice';
    const custom = validateSop(d, { formCatalogue: [...shipped, { key: 'check_advice', publishedVersion: 1, variants: ['not_known', 'escalated'] }] });
    expect(custom.issues.map((i) => [i.code, i.severity])).toEqual([['form_variant_unused', 'warning']]);
    expect(custom.issues[0].message).toMatch(/"escalated"/);
  });

  it('still checks decision conditions against nodes and outcomes that exist', () => {
    const d = clone(EHCNA_DEFAULT_SOP) as any;
    const decision = d.graph.nodes.find((n: any) => n.kind === 'decision');
    if (!decision) return;
    decision.condition = { subject: 'outcome.nowhere', equals: 'x' };
    expect(validateSop(d, { formCatalogue: shipped }).issues.map((i) => i.code)).toContain('decision_subject');
  });
});
