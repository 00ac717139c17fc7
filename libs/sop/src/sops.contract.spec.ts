import { EHCNA_DEFAULT_SOP, sopDefinitionBody } from './index';

/** The SOP body's checks on the raw JSON, before and beside the definition schema. */
describe('SOP definition body', () => {
  const copy = () => JSON.parse(JSON.stringify(EHCNA_DEFAULT_SOP));
  const issues = (body: unknown) => sopDefinitionBody.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('accepts the default EHCNA SOP', () => {
    expect(issues(copy())).toEqual([]);
  });

  it('refuses unknown properties at any depth, naming each', () => {
    const d = copy();
    d.graph.edges[0].colour = 'red';
    d.version = 7;
    expect(issues(d)).toEqual(['graph.edges.0.colour: unknown property', 'version: unknown property']);
  });

  it('refuses what PostgreSQL cannot store and nesting deep enough to exhaust a parser, before parsing', () => {
    const d = copy();
    d.name = 'bad\u0000name';
    expect(issues(d)).toEqual(['name: contains a NUL or unpaired surrogate character']);
    let deep: unknown = {};
    for (let i = 0; i < 5000; i++) deep = { kind: 'perService', body: { nodes: [deep] } };
    expect(issues(deep)[0]).toMatch(/nested more than 32 levels deep/);
  });
});
