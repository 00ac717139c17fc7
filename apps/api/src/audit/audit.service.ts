import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@sendflow/domain';
import { apiConfig } from '../config/api-config';

export interface AuditRecord {
  action: string;
  entity: string;
  entityId?: string | null;
  requestId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** A write's audit record with who made it, for a statement that stores it alongside its change. */
export interface AuditInsert extends AuditRecord { actorId: string }

/** The audit_events columns a record fills, in the order of auditInsertParams. */
export const AUDIT_INSERT_COLUMNS = 'actor_id, action, entity, entity_id, request_id, before, after';

export function auditInsertParams(rec: AuditInsert): unknown[] {
  return [rec.actorId, rec.action, rec.entity, rec.entityId ?? null, rec.requestId ?? null,
    rec.before === undefined ? null : JSON.stringify(rec.before), rec.after === undefined ? null : JSON.stringify(rec.after)];
}

/** Reads a screen repeats while it is open (polling): one record per user, record and window is enough. */
const REPEATABLE_READS = new Set(['request.read', 'request.read_live', 'request.read_flow', 'request.list', 'request.document_list', 'task.read', 'task.list']);

/** Appends to the audit log; pass the transaction's manager so the record commits with the change. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async record(actor: Actor, rec: AuditRecord, manager: EntityManager = this.ds.manager): Promise<void> {
    const readKey = REPEATABLE_READS.has(rec.action) ? readKeyOf(rec) : null;
    if (readKey && (await this.seenRecently(actor, readKey, manager))) return;
    await manager.query(
      `INSERT INTO audit_events (${AUDIT_INSERT_COLUMNS}, read_key) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [...auditInsertParams({ ...rec, actorId: actor.userId }), readKey],
    );
  }

  /**
   * Whether the same user made the same read (same record, same list result) within
   * AUDIT_READ_WINDOW_SECONDS (default 300; 0 records every read). The log still answers "who
   * saw this child's record, and when" to the window, without one row per poll.
   */
  private async seenRecently(actor: Actor, readKey: string, manager: EntityManager): Promise<boolean> {
    const window = apiConfig().AUDIT_READ_WINDOW_SECONDS;
    if (window <= 0) return false;
    // One probe of ix_audit_read_key (actor, key, time): cost does not grow with the log.
    const rows = await manager.query(
      `SELECT 1 FROM audit_events WHERE actor_id = $1 AND read_key = $2 AND at > now() - make_interval(secs => $3) LIMIT 1`,
      [actor.userId, readKey, window],
    );
    return rows.length > 0;
  }
}

/** Digest of everything that makes two reads "the same read": action, record and what the list showed. */
function readKeyOf(rec: AuditRecord): string {
  return createHash('sha256').update(JSON.stringify([rec.action, rec.entity, rec.entityId ?? null, rec.requestId ?? null, rec.after ?? null])).digest('hex');
}
