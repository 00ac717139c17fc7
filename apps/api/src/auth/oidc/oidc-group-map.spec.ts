import { grantForGroups, parseGroupMap } from './oidc-group-map';

describe('OIDC group map', () => {
  const map = parseGroupMap(JSON.stringify({
    'g-coord': { roles: ['coordinator'] },
    'g-slt': { roles: ['practitioner'], services: ['SLT'] },
    'g-ot-lead': { roles: ['service_lead', 'practitioner'], services: ['OT'] },
  }));

  it('unions the roles and services of every mapped group, in a stable order', () => {
    expect(grantForGroups(['g-ot-lead', 'g-slt', 'unmapped'], map)).toEqual({ roles: ['practitioner', 'service_lead'], services: ['OT', 'SLT'] });
    expect(grantForGroups(['g-coord'], map)).toEqual({ roles: ['coordinator'], services: [] });
  });

  it('grants nothing for no groups, unmapped groups, or a claim that is not a list of strings', () => {
    for (const claim of [undefined, null, [], ['nope'], 42, { 'g-coord': true }, [1, 2]]) {
      expect(grantForGroups(claim, map)).toEqual({ roles: [], services: [] });
    }
  });

  it('takes a single group given as a string', () => {
    expect(grantForGroups('g-slt', map)).toEqual({ roles: ['practitioner'], services: ['SLT'] });
  });

  it('is not fooled by group ids that are Object.prototype names', () => {
    expect(grantForGroups(['constructor', 'toString', '__proto__'], map)).toEqual({ roles: [], services: [] });
  });

  it('is empty when unset', () => {
    expect(parseGroupMap(undefined)).toEqual({});
    expect(parseGroupMap('  ')).toEqual({});
  });

  it.each([
    ['not JSON', '{groups', /OIDC_GROUP_MAP is not valid JSON/],
    ['an unknown role', '{"g": {"roles": ["superuser"]}}', /OIDC_GROUP_MAP\.g\.roles\.0/],
    ['a bad service code', '{"g": {"services": ["slt"]}}', /OIDC_GROUP_MAP\.g\.services\.0: a service code such as SLT/],
    ['an unknown key', '{"g": {"role": ["coordinator"]}}', /OIDC_GROUP_MAP\.g/],
    ['a list instead of an object', '[]', /OIDC_GROUP_MAP/],
  ])('refuses %s, naming where', (_name, raw, message) => {
    expect(() => parseGroupMap(raw)).toThrow(message);
  });
});
