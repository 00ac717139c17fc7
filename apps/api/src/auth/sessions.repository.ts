import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@sendflow/domain';
import { directQuery } from '../database/direct-query';

export type SignInMethod = 'password' | 'oidc';

export interface SessionRow {
  id: string;
  userId: string;
  method: SignInMethod;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** Neither the absolute nor the idle timeout has passed. */
  live: boolean;
  /** last_seen_at is old enough to be worth writing again. */
  stale: boolean;
  user: { email: string; displayName: string; roles: Role[]; services: string[]; active: boolean };
}

/** All SQL on `sessions`. Times are compared in the database, so replicas' clocks do not matter. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async create(m: EntityManager, tokenHash: string, userId: string, method: SignInMethod, absoluteSeconds: number): Promise<{ id: string; expiresAt: Date }> {
    const rows = await m.query(
      `INSERT INTO sessions (token_hash, user_id, method, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 second') RETURNING id, expires_at`,
      [tokenHash, userId, method, absoluteSeconds],
    );
    return { id: rows[0].id, expiresAt: rows[0].expires_at };
  }

  /** Every signed-in request runs this (sessions are checked on each one), so it skips TypeORM's QueryRunner. */
  async find(tokenHash: string, idleSeconds: number, touchSeconds: number): Promise<SessionRow | null> {
    const rows = await directQuery<Record<string, any>>(this.ds, 
      `SELECT s.id, s.user_id, s.method, s.created_at, s.last_seen_at, s.expires_at,
              (s.expires_at > now() AND s.last_seen_at > now() - $2 * interval '1 second') AS live,
              (s.last_seen_at < now() - $3 * interval '1 second') AS stale,
              u.email, u.display_name, u.roles, u.service_codes, u.active
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1`,
      [tokenHash, idleSeconds, touchSeconds],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      id: r.id, userId: r.user_id, method: r.method, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at,
      live: r.live, stale: r.stale,
      user: { email: r.email, displayName: r.display_name, roles: r.roles, services: r.service_codes, active: r.active },
    };
  }

  async touch(id: string): Promise<Date> {
    const rows = returnedRows(await this.ds.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1 RETURNING last_seen_at`, [id]));
    return rows[0]?.last_seen_at ?? new Date();
  }

  async delete(id: string, m: EntityManager = this.ds.manager): Promise<number> {
    return returnedRows(await m.query(`DELETE FROM sessions WHERE id = $1 RETURNING id`, [id])).length;
  }

  async deleteByTokenHash(tokenHash: string, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash]);
  }

  /** Every session of the user except `keepId`: a password change signs out everywhere else. */
  async deleteOthers(m: EntityManager, userId: string, keepId: string | null): Promise<number> {
    return returnedRows(await m.query(`DELETE FROM sessions WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2::uuid) RETURNING id`, [userId, keepId])).length;
  }

  /** Dead sessions are refused on sight; this keeps the table from growing with them. */
  async purgeExpired(m: EntityManager, idleSeconds: number): Promise<void> {
    await m.query(`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < now() OR last_seen_at < now() - $1 * interval '1 second' LIMIT 1000 FOR UPDATE SKIP LOCKED)`, [idleSeconds]);
  }
}

/** TypeORM's postgres driver answers UPDATE and DELETE with `[rows, rowCount]`, other statements with the rows. */
export function returnedRows(res: unknown): any[] {
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0];
  return Array.isArray(res) ? res : [];
}
