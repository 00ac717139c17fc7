import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@sendflow/domain';

export interface Account {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  services: string[];
  active: boolean;
  passwordHash: string | null;
  oidcIssuer: string | null;
  oidcSubject: string | null;
}

const COLUMNS = `id, email, display_name, roles, service_codes, active, password_hash, oidc_issuer, oidc_subject`;

function toAccount(r: any): Account {
  return {
    id: r.id, email: r.email, displayName: r.display_name, roles: r.roles, services: r.service_codes, active: r.active,
    passwordHash: r.password_hash, oidcIssuer: r.oidc_issuer, oidcSubject: r.oidc_subject,
  };
}

/** The users table as sign-in sees it: credentials and identities, never listed. */
@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byEmail(email: string, m: EntityManager = this.ds.manager): Promise<Account | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1) ORDER BY created_at LIMIT 1`, [email.trim()]);
    return rows.length ? toAccount(rows[0]) : null;
  }

  async byId(id: string, m: EntityManager = this.ds.manager): Promise<Account | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows.length ? toAccount(rows[0]) : null;
  }

  async byOidcIdentity(issuer: string, subject: string, m: EntityManager): Promise<Account | null> {
    const rows = await m.query(`SELECT ${COLUMNS} FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2 FOR UPDATE`, [issuer, subject]);
    return rows.length ? toAccount(rows[0]) : null;
  }

  async setPassword(m: EntityManager, id: string, passwordHash: string): Promise<void> {
    await m.query(`UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1`, [id, passwordHash]);
  }

  async createFromIdp(m: EntityManager, u: { email: string; displayName: string; roles: Role[]; services: string[]; issuer: string; subject: string }): Promise<Account> {
    const rows = await m.query(
      `INSERT INTO users (email, display_name, roles, service_codes, oidc_issuer, oidc_subject) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [u.email, u.displayName, u.roles, u.services, u.issuer, u.subject],
    );
    return toAccount(rows[0]);
  }

  /** The IdP is the source of truth for these users' names, roles and services: each sign-in refreshes them. */
  async updateFromIdp(m: EntityManager, id: string, u: { email: string; displayName: string; roles: Role[]; services: string[]; issuer: string; subject: string }): Promise<void> {
    await m.query(
      `UPDATE users SET email = $2, display_name = $3, roles = $4, service_codes = $5, oidc_issuer = $6, oidc_subject = $7, updated_at = now() WHERE id = $1`,
      [id, u.email, u.displayName, u.roles, u.services, u.issuer, u.subject],
    );
  }
}
