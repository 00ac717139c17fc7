import { randomBytes } from 'node:crypto';
import { BadRequestException, ConflictException, ForbiddenException, HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@sendflow/domain';
import { hashPassword, verifyPassword } from '@sendflow/persistence';
import { AuditService } from '../audit/audit.service';
import { AccountsRepository, type Account } from './accounts.repository';
import { AuthConfig } from './auth.config';
import type { ChangePasswordDto, SessionView, SignInDto } from './auth.dto';
import { checkNewPassword } from './password.policy';
import { SessionService, type ResolvedSession } from './session.service';
import { accountKey } from './session-token.util';
import type { SignInMethod } from './sessions.repository';
import { SignInThrottleRepository, type AccountLock } from './sign-in-throttle.repository';

/** Unauthenticated attempts are recorded under this actor; the account they named is the entity. */
export const ANONYMOUS_ACTOR: Actor = { userId: 'anonymous', displayName: 'Not signed in', roles: [], services: [] };

/** A refusal that tells the client when to try again (sent as Retry-After). */
export class SignInRefusedException extends HttpException {
  constructor(status: HttpStatus.LOCKED | HttpStatus.TOO_MANY_REQUESTS, message: string, readonly retryAfterSeconds: number) {
    super({ statusCode: status, error: status === HttpStatus.LOCKED ? 'Locked' : 'Too Many Requests', message }, status);
  }
}

const WRONG_CREDENTIALS = 'Email or password is not right';

function minutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export function clientIp(req: Request): string {
  return String(req.ip ?? req.socket?.remoteAddress ?? 'unknown').slice(0, 64);
}

/** Password sign-in, sign-out and password change; the session itself is SessionService's. */
@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both failures cost the same time. */
  private readonly decoyHash = hashPassword(randomBytes(24).toString('base64url'));

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly throttle: SignInThrottleRepository,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly config: AuthConfig,
  ) {}

  /**
   * Refuses without looking at the password when the client address or the typed email is over
   * its limit; otherwise verifies (against a decoy hash for unknown or password-less accounts) and
   * answers the same 401 for an unknown email and a wrong password.
   */
  async signIn(dto: SignInDto, req: Request): Promise<{ token: string; view: SessionView }> {
    if (!this.config.passwordSignIn) throw new ForbiddenException('Password sign-in is turned off here: sign in with your organisation account');
    const ip = clientIp(req);
    const key = accountKey(dto.email);
    const fromIp = await this.throttle.ipFailures(ip, this.config.ipWindowSeconds);
    if (fromIp.failures >= this.config.ipMaxFailures) {
      throw new SignInRefusedException(HttpStatus.TOO_MANY_REQUESTS, `Too many failed sign-ins from this address: try again in ${minutes(fromIp.retryAfterSeconds)}`, fromIp.retryAfterSeconds);
    }
    const account = await this.accounts.byEmail(dto.email);
    const usable = account && account.active && account.passwordHash ? account : null;
    const lock = await this.throttle.currentLock(key);
    if (lock) {
      await this.failed(ip, key, account, 'locked', fromIp.failures, false);
      throw this.lockedError(lock);
    }
    const ok = usable ? await verifyPassword(usable.passwordHash!, dto.password) : (await verifyPassword(await this.decoyHash, dto.password), false);
    if (!ok || !usable) {
      const reason = !account ? 'unknown_account' : !account.active ? 'inactive_account' : !account.passwordHash ? 'no_password' : 'wrong_password';
      const newLock = await this.failed(ip, key, account, reason, fromIp.failures, true);
      if (newLock) throw this.lockedError(newLock);
      throw new UnauthorizedException(WRONG_CREDENTIALS);
    }
    return this.ds.transaction(async (m) => {
      await this.throttle.clear(m, key);
      return this.startSession(m, req, usable, 'password', {});
    });
  }

  /** Counts the failure against the address and the typed email, and records it; returns a lock it caused. */
  private async failed(ip: string, key: string, account: Account | null, reason: string, ipFailuresBefore: number, countsForAccount: boolean): Promise<AccountLock | null> {
    return this.ds.transaction(async (m) => {
      await this.throttle.recordIpFailure(m, ip, this.config.ipWindowSeconds);
      const entity = { entity: 'user', entityId: account?.id ?? null };
      await this.audit.record(ANONYMOUS_ACTOR, { action: 'auth.sign_in_failed', ...entity, after: { method: 'password', reason, clientIp: ip } }, m);
      if (ipFailuresBefore + 1 === this.config.ipMaxFailures) {
        await this.audit.record(ANONYMOUS_ACTOR, { action: 'auth.rate_limited', entity: 'client', entityId: ip, after: { failures: this.config.ipMaxFailures, windowSeconds: this.config.ipWindowSeconds } }, m);
      }
      if (!countsForAccount) return null;
      const { lock, newlyLocked } = await this.throttle.registerFailure(m, key, this.config.maxFailures, this.config.lockoutSeconds);
      if (newlyLocked && lock) {
        await this.audit.record(ANONYMOUS_ACTOR, { action: 'auth.lockout', ...entity, after: { failures: this.config.maxFailures, lockedUntil: lock.lockedUntil, clientIp: ip } }, m);
      }
      return lock;
    });
  }

  private lockedError(lock: AccountLock): SignInRefusedException {
    return new SignInRefusedException(HttpStatus.LOCKED, `Too many failed sign-ins for this account: it is locked; try again in ${minutes(lock.retryAfterSeconds)}`, lock.retryAfterSeconds);
  }

  async signOut(session: ResolvedSession): Promise<void> {
    await this.ds.transaction(async (m) => {
      await this.sessions.end(m, session.id);
      await this.audit.record(session.actor, { action: 'auth.sign_out', entity: 'user', entityId: session.actor.userId, after: { sessionId: session.id } }, m);
    });
  }

  /** Ends every other session of the user: whoever else knew the old password is signed out. */
  async changePassword(session: ResolvedSession, dto: ChangePasswordDto, req: Request): Promise<{ otherSessionsEnded: number }> {
    const account = await this.accounts.byId(session.actor.userId);
    if (!account) throw new UnauthorizedException('Not signed in: the account no longer exists');
    if (!account.passwordHash) throw new ConflictException('This account signs in through the organisation\'s identity provider: change the password there');
    const issues = checkNewPassword(dto.newPassword, { email: account.email, currentPassword: dto.currentPassword });
    if (issues.length) throw new BadRequestException({ message: issues.map((i) => i.message), issues });
    const key = accountKey(account.email);
    const lock = await this.throttle.currentLock(key);
    if (lock) throw this.lockedError(lock);
    if (!(await verifyPassword(account.passwordHash, dto.currentPassword))) {
      const ip = clientIp(req);
      const newLock = await this.ds.transaction(async (m) => {
        await this.audit.record(session.actor, { action: 'auth.password_change_failed', entity: 'user', entityId: account.id, after: { reason: 'wrong_current_password', clientIp: ip } }, m);
        const { lock: l, newlyLocked } = await this.throttle.registerFailure(m, key, this.config.maxFailures, this.config.lockoutSeconds);
        if (newlyLocked && l) await this.audit.record(session.actor, { action: 'auth.lockout', entity: 'user', entityId: account.id, after: { failures: this.config.maxFailures, lockedUntil: l.lockedUntil, clientIp: ip } }, m);
        return l;
      });
      if (newLock) throw this.lockedError(newLock);
      const message = 'currentPassword is not right';
      throw new BadRequestException({ message: [message], issues: [{ field: 'currentPassword', message }] });
    }
    const hash = await hashPassword(dto.newPassword);
    return this.ds.transaction(async (m) => {
      await this.accounts.setPassword(m, account.id, hash);
      await this.throttle.clear(m, key);
      const ended = await this.sessions.endOthers(m, account.id, session.id);
      await this.audit.record(session.actor, { action: 'auth.password_change', entity: 'user', entityId: account.id, after: { otherSessionsEnded: ended } }, m);
      return { otherSessionsEnded: ended };
    });
  }

  /** The end of any sign-in (password or OIDC): a session for the account, recorded. */
  async startSession(m: EntityManager, req: Request, account: Account, method: SignInMethod, detail: Record<string, unknown>): Promise<{ token: string; view: SessionView }> {
    await this.sessions.endPresented(m, req);
    const started = await this.sessions.start(m, account.id, method);
    const actor = toActor(account);
    await this.audit.record(actor, { action: 'auth.sign_in', entity: 'user', entityId: account.id, after: { method, sessionId: started.id, clientIp: clientIp(req), ...detail } }, m);
    return { token: started.token, view: this.sessions.view({ ...started, method, email: account.email, actor }) };
  }
}

function toActor(a: Account): Actor {
  return { userId: a.id, displayName: a.displayName, roles: a.roles, services: a.services };
}
