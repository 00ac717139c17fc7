import { OidcConfig } from './oidc.config';

describe('OidcConfig', () => {
  const full = { OIDC_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URI: 'https://sendflow.trust.nhs.uk/api/auth/oidc/callback' };

  it('is off without OIDC_ISSUER', () => {
    expect(OidcConfig.fromEnv({}).enabled).toBe(false);
  });

  it('needs every setting once OIDC_ISSUER is set, and names the missing ones', () => {
    expect(() => OidcConfig.fromEnv({ OIDC_ISSUER: full.OIDC_ISSUER })).toThrow('OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI');
    expect(() => OidcConfig.fromEnv({ ...full, OIDC_REDIRECT_URI: '/relative' })).toThrow('OIDC_REDIRECT_URI must be an absolute URL');
    expect(() => OidcConfig.fromEnv({ ...full, OIDC_GROUP_MAP: '{"g": {"roles": ["root"]}}' })).toThrow(/OIDC_GROUP_MAP\.g\.roles/);
  });

  it('defaults scopes, the groups claim and where to go after sign-in', () => {
    const c = OidcConfig.fromEnv(full);
    expect(c).toMatchObject({ enabled: true, scopes: 'openid profile email', groupsClaim: 'groups', postSignInUrl: '/', groupMap: {} });
    expect(OidcConfig.fromEnv({ ...full, OIDC_GROUPS_CLAIM: 'roles' }).groupsClaim).toBe('roles');
  });

  it('allows plain HTTP only for an IdP on this machine', () => {
    expect(OidcConfig.fromEnv(full).allowsInsecureIssuer).toBe(false);
    expect(OidcConfig.fromEnv({ ...full, OIDC_ISSUER: 'http://127.0.0.1:9999' }).allowsInsecureIssuer).toBe(true);
    expect(OidcConfig.fromEnv({ ...full, OIDC_ISSUER: 'http://idp.example.org' }).allowsInsecureIssuer).toBe(false);
  });
});
