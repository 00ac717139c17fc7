import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, Role } from '@sendflow/domain';
import { hashPassword, type UserEntity } from '@sendflow/persistence';
import { AuditService } from '../audit/audit.service';
import { checkNewPassword } from '../auth/password.policy';
import { accountKey } from '../auth/session-token.util';
import { AdminUsersRepository } from './admin-users.repository';
import type { CreateUserDto, UpdateUserDto } from './user.dto';

/** Roles whose users see only their services' work, so a user with one of them needs a service. */
const SERVICE_SCOPED: readonly Role[] = ['practitioner', 'service_lead'];

export const userView = (u: UserEntity) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  roles: u.roles,
  serviceCodes: u.serviceCodes,
  active: u.active,
  createdAt: new Date(u.createdAt).toISOString(),
  updatedAt: new Date(u.updatedAt).toISOString(),
});

/** What the audit log keeps of a user: the fields an admin can change. */
const auditedFields = (u: UserEntity) => ({ email: u.email, displayName: u.displayName, roles: u.roles, serviceCodes: u.serviceCodes, active: u.active });

/**
 * Users are never deleted (the audit log names them); they are deactivated. Every change and its
 * audit entry commit together.
 */
@Injectable()
export class AdminUsersService {
  constructor(private readonly users: AdminUsersRepository, private readonly audit: AuditService) {}

  async list() {
    return (await this.users.list()).map(userView);
  }

  async get(id: string) {
    const u = await this.users.findById(id);
    if (!u) throw new NotFoundException(`User ${id} not found`);
    return userView(u);
  }

  async create(dto: CreateUserDto, actor: Actor) {
    const serviceCodes = dto.serviceCodes ?? [];
    try {
      return await this.users.transaction(async (m) => {
        await this.checkServices(m, serviceCodes, []);
        checkScope(dto.roles, serviceCodes);
        if (await this.users.emailTaken(m, dto.email)) throw new ConflictException(`email: a user with ${dto.email} already exists`);
        const u = await this.users.insert(m, { email: dto.email, displayName: dto.displayName, roles: dto.roles, serviceCodes });
        await this.audit.record(actor, { action: 'user.create', entity: 'user', entityId: u.id, after: auditedFields(u) }, m);
        return userView(u);
      });
    } catch (err) {
      // Two admins adding the same email at once: the unique index decides, the loser hears why.
      if ((err as { code?: string }).code === '23505') throw new ConflictException(`email: a user with ${dto.email} already exists`);
      throw err;
    }
  }

  async update(id: string, dto: UpdateUserDto, actor: Actor) {
    if (dto.displayName === undefined && dto.roles === undefined && dto.serviceCodes === undefined) {
      throw new BadRequestException('body: give at least one of displayName, roles, serviceCodes');
    }
    return this.users.transaction(async (m) => {
      const before = await this.mustFind(m, id);
      if (id === actor.userId && dto.roles && before.roles.includes('admin') && !dto.roles.includes('admin')) {
        throw new ConflictException('roles: you cannot remove your own admin role; ask another admin');
      }
      const roles = dto.roles ?? before.roles;
      const serviceCodes = dto.serviceCodes ?? before.serviceCodes;
      await this.checkServices(m, serviceCodes, before.serviceCodes);
      checkScope(roles, serviceCodes);
      const after = await this.users.update(m, id, {
        ...(dto.displayName !== undefined ? { displayName: dto.displayName } : {}),
        ...(dto.roles ? { roles: dto.roles } : {}),
        ...(dto.serviceCodes ? { serviceCodes: dto.serviceCodes } : {}),
      });
      await this.audit.record(actor, { action: 'user.update', entity: 'user', entityId: id, before: auditedFields(before), after: auditedFields(after) }, m);
      return userView(after);
    });
  }

  async setActive(id: string, active: boolean, actor: Actor) {
    if (!active && id === actor.userId) throw new ConflictException('You cannot deactivate yourself; ask another admin');
    return this.users.transaction(async (m) => {
      const before = await this.mustFind(m, id);
      if (before.active === active) throw new ConflictException(`User ${id} is already ${active ? 'active' : 'inactive'}`);
      const after = await this.users.update(m, id, { active });
      const sessionsEnded = active ? 0 : await this.users.endSessions(m, id);
      await this.audit.record(actor, {
        action: active ? 'user.reactivate' : 'user.deactivate', entity: 'user', entityId: id,
        before: auditedFields(before), after: { ...auditedFields(after), ...(active ? {} : { sessionsEnded }) },
      }, m);
      return userView(after);
    });
  }

  /**
   * Sets or resets a user's password and ends their sessions. Not for one's own account: that goes
   * through password change, which asks for the current password, so a borrowed admin session
   * cannot take over the account.
   */
  async setPassword(id: string, password: string, actor: Actor) {
    if (id === actor.userId) throw new ConflictException('Change your own password through password change, which asks for the current one');
    const found = await this.users.findById(id);
    if (!found) throw new NotFoundException(`User ${id} not found`);
    const issues = checkNewPassword(password, { email: found.email, currentPassword: '' }).map((i) => ({ field: 'password', message: i.message.replace(/^newPassword/, 'password') }));
    if (issues.length) throw new BadRequestException({ message: issues.map((i) => i.message), issues });
    const hash = await hashPassword(password);
    return this.users.transaction(async (m) => {
      const user = await this.mustFind(m, id);
      const hadPassword = await this.users.hasPassword(m, id);
      await this.users.setPasswordHash(m, id, hash);
      const sessionsEnded = await this.users.endSessions(m, id);
      // A reset is how a locked-out user gets back in: the new password must work at once.
      await m.query(`DELETE FROM sign_in_lockouts WHERE account_key = $1`, [accountKey(user.email)]);
      // The hash never enters the log; only the fact that a password was set.
      await this.audit.record(actor, {
        action: hadPassword ? 'user.password_reset' : 'user.password_set', entity: 'user', entityId: id,
        before: { email: user.email, passwordSet: hadPassword }, after: { email: user.email, passwordSet: true, sessionsEnded },
      }, m);
      return { id, passwordSet: true, sessionsEnded };
    });
  }

  private async mustFind(m: EntityManager, id: string): Promise<UserEntity> {
    const u = await this.users.findForUpdate(m, id);
    if (!u) throw new NotFoundException(`User ${id} not found`);
    return u;
  }

  /** Codes must exist; a service that has been closed keeps its members but takes no new ones. */
  private async checkServices(m: EntityManager, codes: string[], already: string[]) {
    if (codes.length === 0) return;
    const known = await this.users.services(m, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) throw new BadRequestException(`serviceCodes: unknown service ${unknown.join(', ')}`);
    const closed = codes.filter((c) => known.get(c) === false && !already.includes(c));
    if (closed.length) throw new BadRequestException(`serviceCodes: service ${closed.join(', ')} is inactive`);
  }
}

function checkScope(roles: Role[], serviceCodes: string[]) {
  const scoped = roles.filter((r) => SERVICE_SCOPED.includes(r));
  if (scoped.length && serviceCodes.length === 0) {
    throw new BadRequestException(`serviceCodes: a user with the ${scoped.join(' or ')} role needs at least one service`);
  }
}
