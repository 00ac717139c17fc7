import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The workflow's own state changes (task opened, overdue, deadline moved, advice returned ...)
 * go into the audit log too, written with the timeline entry they mirror. A retried or rebuilt
 * projection must not write them twice: the entry's id is their unique source.
 */
export class AuditWorkflowEvents1763940000000 implements MigrationInterface {
  name = 'AuditWorkflowEvents1763940000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_events" ADD "source_event_id" character varying(220)`);
    await q.query(`CREATE UNIQUE INDEX "ux_audit_source_event" ON "audit_events" ("source_event_id") WHERE "source_event_id" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ux_audit_source_event"`);
    // Dropping a column of an append-only table is a schema change, not an UPDATE: the triggers allow it.
    await q.query(`ALTER TABLE "audit_events" DROP COLUMN "source_event_id"`);
  }
}
