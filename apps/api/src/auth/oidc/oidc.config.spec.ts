import { parseApiConfig } from '../../config/api-config';
import { OidcConfig } from './oidc.config';

const oidc = (env: Record<string, string>) => OidcConfig.from(parseApiConfig({ DATABASE_URL: 'postgres://x@h/db', ...env }));

describe('OidcConfig', () => {
  const full = { OIDC_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URI: 'https://sendflow.trust.nhs.uk/api/auth/oidc/callback' };

  it('is off without OIDC_ISSUER', () => {
    expect(oidc({}).enabled).toBe(false);
  });

  it('needs every setting once OIDC_ISSUER is set, and names each missing one', () => {
    let message = '';
    try { oidc({ OIDC_ISSUER: full.OIDC_ISSUER }); } catch (err) { message = (err as Error).message; }
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI']) expect(message).toContain(`${name}: is required when OIDC_ISSUER is set`);
    expect(() => oidc({ ...full, OIDC_REDIRECT_URI: '/relative' })).toThrow('OIDC_REDIRECT_URI: must be an absolute URL');
    expect(() => oidc({ ...full, OIDC_GROUP_MAP: '{"g": {"roles": ["root"]}}' })).toThrow(/OIDC_GROUP_MAP: at g\.roles/);
    expect(() => oidc({ ...full, OIDC_GROUP_MAP: '{' })).toThrow(/OIDC_GROUP_MAP: is not valid JSON/);
  });

  it('defaults scopes, the groups claim and where to go after sign-in', () => {
    const c = oidc(full);
    expect(c).toMatchObject({ enabled: true, scopes: 'openid profile email', groupsClaim: 'groups', postSignInUrl: '/', groupMap: {} });
    expect(oidc({ ...full, OIDC_GROUPS_CLAIM: 'roles' }).groupsClaim).toBe('roles');
  });

  it('allows plain HTTP only for an IdP on this machine', () => {
    expect(oidc(full).allowsInsecureIssuer).toBe(false);
    expect(oidc({ ...full, OIDC_ISSUER: 'http://127.0.0.1:9999' }).allowsInsecureIssuer).toBe(true);
    expect(oidc({ ...full, OIDC_ISSUER: 'http://idp.example.org' }).allowsInsecureIssuer).toBe(false);
  });
});
