import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@sendflow/domain';

export interface AuditRecord {
  action: string;
  entity: string;
  entityId?: string | null;
  requestId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit log; pass the transaction's manager so the record commits with the change. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async record(actor: Actor, rec: AuditRecord, manager: EntityManager = this.ds.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (actor_id, action, entity, entity_id, request_id, before, after) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [actor.userId, rec.action, rec.entity, rec.entityId ?? null, rec.requestId ?? null,
        rec.before === undefined ? null : JSON.stringify(rec.before), rec.after === undefined ? null : JSON.stringify(rec.after)],
    );
  }
}
