import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit search pages newest first by id (the append order), so the per-request and per-user
 * indexes end in id rather than time; list reads name the requests they showed in
 * after.requestIds, and a search by request must find those too.
 */
export class AuditSearchIndexes1763920000000 implements MigrationInterface {
  name = 'AuditSearchIndexes1763920000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_audit_request"`);
    await q.query(`DROP INDEX "ix_audit_actor"`);
    await q.query(`CREATE INDEX "ix_audit_request" ON "audit_events" ("request_id", "id")`);
    await q.query(`CREATE INDEX "ix_audit_actor" ON "audit_events" ("actor_id", "id")`);
    await q.query(`CREATE INDEX "ix_audit_at" ON "audit_events" ("at")`);
    await q.query(`CREATE INDEX "ix_audit_listed_requests" ON "audit_events" USING gin (("after" -> 'requestIds'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_audit_listed_requests"`);
    await q.query(`DROP INDEX "ix_audit_at"`);
    await q.query(`DROP INDEX "ix_audit_actor"`);
    await q.query(`DROP INDEX "ix_audit_request"`);
    await q.query(`CREATE INDEX "ix_audit_request" ON "audit_events" ("request_id", "at")`);
    await q.query(`CREATE INDEX "ix_audit_actor" ON "audit_events" ("actor_id", "at")`);
  }
}
