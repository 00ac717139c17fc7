import { z } from 'zod';
import type { EnvRefinement } from '@sendflow/platform';
import { parseGroupMap, type GroupMap } from './oidc-group-map';

const REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
const absoluteUrl = z.string().trim().refine((v) => URL.canParse(v), 'must be an absolute URL');

/** OIDC settings: one fragment of the API's environment schema (api-config.ts). */
export const oidcEnv = z.object({
  OIDC_ISSUER: absoluteUrl.optional(),
  OIDC_CLIENT_ID: z.string().trim().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URI: absoluteUrl.optional(),
  OIDC_SCOPES: z.string().trim().default('openid profile email'),
  OIDC_GROUPS_CLAIM: z.string().trim().default('groups'),
  OIDC_GROUP_MAP: z.string().transform((raw, ctx): GroupMap => {
    try {
      return parseGroupMap(raw);
    } catch (err) {
      // parseGroupMap names the variable itself; the issue's path already does.
      const rest = (err as Error).message.replace(/^OIDC_GROUP_MAP/, '');
      ctx.addIssue({ code: 'custom', message: rest.startsWith('.') ? `at ${rest.slice(1)}` : rest.replace(/^:? ?/, '') });
      return z.NEVER;
    }
  }).default({}),
  OIDC_POST_SIGN_IN_URL: z.string().trim().default('/'),
});

export type OidcEnv = z.output<typeof oidcEnv>;

export const refineOidcEnv: EnvRefinement = (c, ctx) => {
  if (!c.OIDC_ISSUER) return;
  for (const name of REQUIRED) if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when OIDC_ISSUER is set' });
};

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

  /** From the API's checked configuration (refineOidcEnv has made sure the required ones are there). */
  static from(c: OidcEnv): OidcConfig {
    if (!c.OIDC_ISSUER) return new OidcConfig(false, '', '', '', '', '', '', {}, c.OIDC_POST_SIGN_IN_URL);
    return new OidcConfig(true, c.OIDC_ISSUER, c.OIDC_CLIENT_ID ?? '', c.OIDC_CLIENT_SECRET ?? '', c.OIDC_REDIRECT_URI ?? '',
      c.OIDC_SCOPES, c.OIDC_GROUPS_CLAIM, c.OIDC_GROUP_MAP, c.OIDC_POST_SIGN_IN_URL);
  }

  /** Plain HTTP only for an IdP on this machine (tests, local development); anything else must be HTTPS. */
  get allowsInsecureIssuer(): boolean {
    const url = new URL(this.issuer);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }
}
