import { auditSearchQuery, createUserBody, idParams, queryInt, updateLocalAuthorityBody } from './index';

/** The shared contract helpers: what they accept, what they turn it into, and how they word refusals. */
describe('HTTP contract helpers', () => {
  const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message) ?? [];

  it('path ids: any case in, lower case out; anything else named', () => {
    expect(idParams.parse({ id: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE' })).toEqual({ id: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' });
    expect(messages(idParams.safeParse({ id: "1' OR '1'='1" }))).toEqual(['id must be a UUID']);
  });

  it('query integers: digits only, within bounds, one value', () => {
    const limit = queryInt('limit', 1, 200);
    expect(limit.parse('25')).toBe(25);
    expect(messages(limit.safeParse('ten'))).toEqual(['limit must be a whole number']);
    expect(messages(limit.safeParse('1.5'))).toEqual(['limit must be a whole number']);
    expect(messages(limit.safeParse(['1', '2']))).toEqual(['limit must be a whole number']);
    expect(messages(limit.safeParse('0'))).toEqual(['limit must not be less than 1']);
    expect(messages(limit.safeParse('201'))).toEqual(['limit must not be greater than 200']);
  });

  it('audit search: days must exist, and unknown parameters are refused', () => {
    expect(messages(auditSearchQuery.safeParse({ from: '2026-02-30' }))[0]).toMatch(/^from must be a date YYYY-MM-DD/);
    expect(auditSearchQuery.parse({ from: '2026-03-01', to: '2026-03-02T10:00:00Z', limit: '10' })).toEqual({ from: '2026-03-01', to: '2026-03-02T10:00:00Z', limit: 10 });
    expect(auditSearchQuery.safeParse({ actor: 'x' }).error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['actor'] });
  });

  it('users: email trimmed and lower-cased, roles unique and known, null refused where a field may only be left out', () => {
    const base = { email: ' Sam.Speech@Trust.NHS.uk ', displayName: ' Sam ', roles: ['practitioner'], serviceCodes: ['SLT'] };
    expect(createUserBody.parse(base)).toEqual({ email: 'sam.speech@trust.nhs.uk', displayName: 'Sam', roles: ['practitioner'], serviceCodes: ['SLT'] });
    expect(messages(createUserBody.safeParse({ ...base, roles: ['coordinator', 'coordinator'] }))).toEqual(['roles must not repeat a role']);
    expect(messages(createUserBody.safeParse({ ...base, roles: ['superuser'] }))[0]).toMatch(/^roles must each be one of coordinator/);
    expect(messages(createUserBody.safeParse({ ...base, serviceCodes: null }))).toEqual(['serviceCodes must be an array of service codes']);
  });

  it('local authorities: returnAddress null clears it, left out leaves it', () => {
    expect(updateLocalAuthorityBody.parse({ returnAddress: null })).toEqual({ returnAddress: null });
    expect(updateLocalAuthorityBody.parse({ name: 'X' })).toEqual({ name: 'X' });
  });
});
