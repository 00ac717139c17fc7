import { parseGroupMap, type GroupMap } from './oidc-group-map';

const REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;

/**
 * OIDC sign-in settings (e.g. Microsoft Entra ID: issuer `https://login.microsoftonline.com/<tenant id>/v2.0`).
 * Off unless OIDC_ISSUER is set; once it is, the other settings must be too, or the API does not start.
 */
export class OidcConfig {
  private constructor(
    readonly enabled: boolean,
    readonly issuer: string,
    readonly clientId: string,
    readonly clientSecret: string,
    readonly redirectUri: string,
    readonly scopes: string,
    readonly groupsClaim: string,
    readonly groupMap: GroupMap,
    readonly postSignInUrl: string,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv): OidcConfig {
    const postSignInUrl = env.OIDC_POST_SIGN_IN_URL || '/';
    if (!env.OIDC_ISSUER) return new OidcConfig(false, '', '', '', '', '', '', {}, postSignInUrl);
    const missing = REQUIRED.filter((name) => !env[name]);
    if (missing.length) throw new Error(`OIDC_ISSUER is set, so ${missing.join(', ')} must be too`);
    for (const name of ['OIDC_ISSUER', 'OIDC_REDIRECT_URI'] as const) {
      if (!URL.canParse(env[name]!)) throw new Error(`${name} must be an absolute URL`);
    }
    return new OidcConfig(true, env.OIDC_ISSUER!, env.OIDC_CLIENT_ID!, env.OIDC_CLIENT_SECRET!, env.OIDC_REDIRECT_URI!,
      env.OIDC_SCOPES || 'openid profile email', env.OIDC_GROUPS_CLAIM || 'groups', parseGroupMap(env.OIDC_GROUP_MAP), postSignInUrl);
  }

  /** Plain HTTP only for an IdP on this machine (tests, local development); anything else must be HTTPS. */
  get allowsInsecureIssuer(): boolean {
    const url = new URL(this.issuer);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }
}
