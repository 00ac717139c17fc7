import { EHCNA_DCO_SIGNOFF_SOP, EHCNA_DEFAULT_SOP } from './index';
import { humanTaskSteps } from './graph.util';

describe('humanTaskSteps', () => {
  it("lists the default SOP's human tasks in the order a request meets them, per-service steps as block/step", () => {
    expect(humanTaskSteps(EHCNA_DEFAULT_SOP.graph).map((s) => s.path)).toEqual(['triage', 'allocate', 'services/draft', 'services/review', 'return']);
    expect(humanTaskSteps(EHCNA_DEFAULT_SOP.graph).every((s) => s.label.length > 0)).toBe(true);
  });

  it('follows a differently shaped SOP (its own steps, nothing of the default)', () => {
    const paths = humanTaskSteps(EHCNA_DCO_SIGNOFF_SOP.graph).map((s) => s.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).not.toEqual(humanTaskSteps(EHCNA_DEFAULT_SOP.graph).map((s) => s.path));
  });
});
