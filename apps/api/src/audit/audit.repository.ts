import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isDayOnly } from '@sendflow/domain';

export interface AuditFilter {
  requestId?: string;
  userId?: string;
  from?: string;
  to?: string;
  action?: string;
  /** Keyset: entries with an id below this one (ids grow as entries are appended). */
  beforeId?: string;
  limit: number;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string;
  actor_email: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  request_id: string | null;
  before: unknown;
  after: unknown;
}

/** Days are whole days in the trust's time zone, so "2 March" means what an auditor in England means. */
const TRUST_TZ = 'Europe/London';

/** Reads of the audit log; writes go through AuditService. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Newest first. A request's entries include list reads whose results showed it (after.requestIds). */
  search(f: AuditFilter): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.requestId) {
      const id = p(f.requestId.toLowerCase());
      where.push(`(a.request_id = ${id}::uuid OR (a.after -> 'requestIds') @> jsonb_build_array(${id}::text))`);
    }
    if (f.userId) where.push(`a.actor_id = ${p(f.userId.toLowerCase())}`);
    if (f.action) where.push(`a.action = ${p(f.action)}`);
    if (f.from) {
      where.push(isDayOnly(f.from) ? `a.at >= (${p(f.from)}::date::timestamp AT TIME ZONE '${TRUST_TZ}')` : `a.at >= ${p(f.from)}::timestamptz`);
    }
    if (f.to) {
      where.push(isDayOnly(f.to) ? `a.at < ((${p(f.to)}::date + 1)::timestamp AT TIME ZONE '${TRUST_TZ}')` : `a.at <= ${p(f.to)}::timestamptz`);
    }
    if (f.beforeId) where.push(`a.id < ${p(f.beforeId)}::bigint`);
    return this.ds.query(
      `SELECT a.id, a.at, a.actor_id, u.email AS actor_email, u.display_name AS actor_name, a.action, a.entity, a.entity_id, a.request_id, a.before, a.after
       FROM audit_events a LEFT JOIN users u ON a.actor_id = u.id::text
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.id DESC LIMIT ${p(f.limit)}`,
      params,
    );
  }
}
