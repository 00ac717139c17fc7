import { Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import * as client from 'openid-client';
import type { DataSource } from 'typeorm';
import type { Actor } from '@sendflow/domain';
import { AuditService } from '../../audit/audit.service';
import { AccountsRepository, type Account } from '../accounts.repository';
import { AuthConfig } from '../auth.config';
import type { SessionView } from '../auth.dto';
import { ANONYMOUS_ACTOR, AuthService, clientIp } from '../auth.service';
import { newSessionToken, sha256Hex } from '../session-token.util';
import { SignInThrottleRepository } from '../sign-in-throttle.repository';
import { OidcConfig } from './oidc.config';
import { grantForGroups } from './oidc-group-map';
import { OidcLoginsRepository } from './oidc-logins.repository';

/** Why an OIDC sign-in did not end in a session; the web app shows a sentence for each. */
export type OidcRefusal = 'rate_limited' | 'expired' | 'idp_error' | 'invalid_response' | 'no_email' | 'no_role' | 'inactive_account' | 'account_conflict';

export class OidcSignInRefused extends Error {
  constructor(readonly code: OidcRefusal, readonly detail: Record<string, unknown> = {}) {
    super(code);
  }
}

/** Changes the IdP makes to users (creation, roles from groups) are recorded under this actor. */
export const IDP_ACTOR: Actor = { userId: 'identity-provider', displayName: 'Identity provider', roles: [], services: [] };

interface IdentityClaims { issuer: string; subject: string; email: string; displayName: string; groups: unknown }

/**
 * Authorization code flow with PKCE, state and nonce (openid-client). The transaction between the
 * redirect and the callback is a database row named by an HTTP-only cookie, so any replica can
 * finish what another started. Users are found by the IdP's issuer and subject; the group claim
 * decides their roles and services at every sign-in.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('OidcService');
  private discovered: Promise<client.Configuration> | null = null;

  constructor(
    readonly config: OidcConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly logins: OidcLoginsRepository,
    private readonly accounts: AccountsRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly throttle: SignInThrottleRepository,
    private readonly authConfig: AuthConfig,
  ) {}

  private configuration(): Promise<client.Configuration> {
    if (!this.config.enabled) throw new NotFoundException('OIDC sign-in is not configured');
    // Discovery is cached per process (it is the IdP's published metadata, not sign-in state); a failure is retried next time.
    this.discovered ??= client.discovery(new URL(this.config.issuer), this.config.clientId, this.config.clientSecret, undefined,
      this.config.allowsInsecureIssuer ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((e) => {
        this.discovered = null;
        this.logger.warn(`OIDC discovery failed: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 160)}` : 'unknown error'}`);
        throw new ServiceUnavailableException('The identity provider cannot be reached; try again shortly');
      });
    return this.discovered;
  }

  /** Returns the IdP URL to send the browser to and the cookie value that names this sign-in. */
  async start(): Promise<{ url: string; loginId: string }> {
    const config = await this.configuration();
    const loginId = newSessionToken();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await this.logins.create(sha256Hex(loginId), { state, nonce, codeVerifier });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, loginId };
  }

  /** Completes the sign-in; refusals are OidcSignInRefused (recorded in the audit log) for the controller to turn into a redirect. */
  async callback(req: Request, loginId: string | null): Promise<{ token: string; view: SessionView }> {
    const config = await this.configuration();
    const ip = clientIp(req);
    // Refused callbacks count against the address like failed password sign-ins, which bounds
    // how many audit rows an unauthenticated caller can make.
    const fromIp = await this.throttle.ipFailures(ip, this.authConfig.ipWindowSeconds);
    if (fromIp.failures >= this.authConfig.ipMaxFailures) throw new OidcSignInRefused('rate_limited');
    const login = loginId ? await this.logins.take(sha256Hex(loginId)) : null;
    try {
      if (!login) throw new OidcSignInRefused('expired');
      const query = new URL(req.originalUrl, 'http://callback.invalid').search;
      if (new URLSearchParams(query).has('error')) throw new OidcSignInRefused('idp_error', { error: String(new URLSearchParams(query).get('error')).slice(0, 100) });
      const currentUrl = new URL(this.config.redirectUri);
      currentUrl.search = query;
      let claims: client.IDToken | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: login.codeVerifier, expectedState: login.state, expectedNonce: login.nonce, idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (e) {
        // The library's message names the failed check (state, nonce, signature...), never a token.
        this.logger.warn(`OIDC callback refused: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 160)}` : 'unknown error'}`);
        throw new OidcSignInRefused('invalid_response');
      }
      if (!claims) throw new OidcSignInRefused('invalid_response');
      return await this.signIn(req, this.identity(claims));
    } catch (e) {
      if (e instanceof OidcSignInRefused) {
        await this.ds.transaction(async (m) => {
          await this.throttle.recordIpFailure(m, ip, this.authConfig.ipWindowSeconds);
          await this.audit.record(ANONYMOUS_ACTOR, { action: 'auth.sign_in_failed', entity: 'user', entityId: (e.detail.userId as string) ?? null,
            after: { method: 'oidc', reason: e.code, clientIp: ip, ...e.detail } }, m);
        });
      }
      throw e;
    }
  }

  private identity(claims: client.IDToken): IdentityClaims {
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    // Entra ID sends `email` only when configured; `preferred_username` is the sign-in name (usually the address).
    const email = text(claims.email) ?? text(claims.preferred_username) ?? text(claims.upn);
    if (!email || email.length > 320 || !email.includes('@')) throw new OidcSignInRefused('no_email', { subject: claims.sub });
    return {
      issuer: claims.iss, subject: claims.sub, email,
      displayName: (text(claims.name) ?? email).slice(0, 160),
      groups: claims[this.config.groupsClaim],
    };
  }

  private async signIn(req: Request, id: IdentityClaims): Promise<{ token: string; view: SessionView }> {
    const grant = grantForGroups(id.groups, this.config.groupMap);
    if (grant.roles.length === 0) throw new OidcSignInRefused('no_role', { subject: id.subject });
    return this.ds.transaction(async (m) => {
      const profile = { email: id.email, displayName: id.displayName, roles: grant.roles, services: grant.services, issuer: id.issuer, subject: id.subject };
      let account: Account | null = await this.accounts.byOidcIdentity(id.issuer, id.subject, m);
      if (!account) {
        // First OIDC sign-in of someone an admin already added by email: link rather than duplicate.
        const byEmail = await this.accounts.byEmail(id.email, m);
        if (byEmail && byEmail.oidcSubject) throw new OidcSignInRefused('account_conflict', { userId: byEmail.id, subject: id.subject });
        account = byEmail;
      }
      if (account && !account.active) throw new OidcSignInRefused('inactive_account', { userId: account.id });
      if (!account) {
        account = await this.accounts.createFromIdp(m, profile);
        await this.audit.record(IDP_ACTOR, { action: 'user.create_from_idp', entity: 'user', entityId: account.id,
          after: { email: account.email, displayName: account.displayName, roles: account.roles, services: account.services, issuer: id.issuer } }, m);
      } else {
        const before = { email: account.email, displayName: account.displayName, roles: account.roles, services: account.services, linked: Boolean(account.oidcSubject) };
        const after = { email: profile.email, displayName: profile.displayName, roles: profile.roles, services: profile.services, linked: true };
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          await this.accounts.updateFromIdp(m, account.id, profile);
          await this.audit.record(IDP_ACTOR, { action: 'user.update_from_idp', entity: 'user', entityId: account.id, before, after: { ...after, issuer: id.issuer } }, m);
        }
        account = { ...account, ...profile, oidcIssuer: id.issuer, oidcSubject: id.subject };
      }
      return this.auth.startSession(m, req, account, 'oidc', { issuer: id.issuer });
    });
  }
}
