import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the caseload and task lists read by, so a page is an index range scan in the order it
 * is shown (never a sort of every row), and the audit's "same read recently?" check is one probe.
 *
 * - Open requests (received, in progress) by each caseload sort, id last as the unique tiebreaker
 *   the keyset cursor needs; the due-date one INCLUDEs what the colour counts read, so counting
 *   is an index-only scan of the open requests, not of the table.
 * - Search: LA reference and names by prefix, case-insensitively; NHS number exactly.
 * - Open tasks by request (stage, holder and lateness of each listed request) and by target date
 *   (task lists, and "any task past its target").
 * - audit_events.read_key: a digest of a coalescible read (see AuditService), probed by
 *   (actor, key, time) instead of scanning every recent row of every user.
 * - requests.earliest_open_task_due: the earliest target date of the request's open tasks, kept
 *   by a trigger on tasks (whoever writes them: the worker's projection, a rebuild), so "any task
 *   past its target" (amber) is a column in the caseload index, not a probe of tasks per row.
 */
export class CaseloadIndexes1764020000000 implements MigrationInterface {
  name = 'CaseloadIndexes1764020000000';

  public async up(q: QueryRunner): Promise<void> {
    const open = `WHERE "status" IN ('received', 'in_progress')`;
    const closed = `WHERE "status" NOT IN ('received', 'in_progress')`;
    await q.query(`ALTER TABLE "requests" ADD "earliest_open_task_due" date`);
    await q.query(`UPDATE "requests" r SET "earliest_open_task_due" = t.due FROM (SELECT "request_id", min("due_date") AS due FROM "tasks" WHERE "status" = 'open' GROUP BY "request_id") t WHERE t."request_id" = r."id"`);
    await q.query(`CREATE FUNCTION "requests_refresh_open_task_due"(request uuid) RETURNS void LANGUAGE sql AS $$
      UPDATE "requests" SET "earliest_open_task_due" = (SELECT min("due_date") FROM "tasks" WHERE "request_id" = request AND "status" = 'open')
      WHERE "id" = request AND "earliest_open_task_due" IS DISTINCT FROM (SELECT min("due_date") FROM "tasks" WHERE "request_id" = request AND "status" = 'open') $$`);
    await q.query(`CREATE FUNCTION "tasks_refresh_request_open_due"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF TG_OP <> 'INSERT' THEN PERFORM "requests_refresh_open_task_due"(OLD."request_id"); END IF;
      IF TG_OP <> 'DELETE' THEN PERFORM "requests_refresh_open_task_due"(NEW."request_id"); END IF;
      RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER "tr_tasks_open_due" AFTER INSERT OR DELETE OR UPDATE OF "status", "due_date", "request_id" ON "tasks" FOR EACH ROW EXECUTE FUNCTION "tasks_refresh_request_open_due"()`);
    await q.query(`CREATE INDEX "ix_requests_open_due" ON "requests" ("statutory_due_date", "id") INCLUDE ("overdue", "earliest_open_task_due", "local_authority_code", "allocated_services") ${open}`);
    await q.query(`CREATE INDEX "ix_requests_open_received" ON "requests" ("received_at", "id") ${open}`);
    await q.query(`CREATE INDEX "ix_requests_open_la_reference" ON "requests" ("la_reference", "id") ${open}`);
    await q.query(`CREATE INDEX "ix_requests_closed_due" ON "requests" ("statutory_due_date", "id") ${closed}`);
    await q.query(`CREATE INDEX "ix_requests_closed_received" ON "requests" ("received_at", "id") ${closed}`);
    await q.query(`CREATE INDEX "ix_requests_closed_la_reference" ON "requests" ("la_reference", "id") ${closed}`);
    await q.query(`CREATE INDEX "ix_requests_allocated_services" ON "requests" USING gin ("allocated_services")`);
    await q.query(`CREATE INDEX "ix_requests_search_reference" ON "requests" (upper("la_reference") text_pattern_ops)`);
    await q.query(`CREATE INDEX "ix_requests_search_family_name" ON "requests" (lower("child_family_name") text_pattern_ops)`);
    await q.query(`CREATE INDEX "ix_requests_search_given_name" ON "requests" (lower("child_given_name") text_pattern_ops)`);
    await q.query(`CREATE INDEX "ix_requests_nhs_number" ON "requests" ("nhs_number") WHERE "nhs_number" IS NOT NULL`);

    await q.query(`CREATE INDEX "ix_tasks_open_request" ON "tasks" ("request_id") INCLUDE ("due_date", "assignee_id", "node_path") WHERE "status" = 'open'`);
    await q.query(`CREATE INDEX "ix_tasks_open_due" ON "tasks" ("due_date", "opened_at", "id") INCLUDE ("request_id") WHERE "status" = 'open'`);

    await q.query(`ALTER TABLE "audit_events" ADD "read_key" character varying(64)`);
    await q.query(`CREATE INDEX "ix_audit_read_key" ON "audit_events" ("actor_id", "read_key", "at") WHERE "read_key" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_tasks_open_due" ON "tasks"`);
    await q.query(`DROP FUNCTION "tasks_refresh_request_open_due"()`);
    await q.query(`DROP FUNCTION "requests_refresh_open_task_due"(uuid)`);
    await q.query(`DROP INDEX "ix_audit_read_key"`);
    await q.query(`ALTER TABLE "audit_events" DROP COLUMN "read_key"`);
    for (const ix of ['ix_tasks_open_due', 'ix_tasks_open_request', 'ix_requests_nhs_number', 'ix_requests_search_given_name', 'ix_requests_search_family_name',
      'ix_requests_search_reference', 'ix_requests_allocated_services', 'ix_requests_closed_la_reference', 'ix_requests_closed_received', 'ix_requests_closed_due', 'ix_requests_open_la_reference',
      'ix_requests_open_received', 'ix_requests_open_due']) {
      await q.query(`DROP INDEX "${ix}"`);
    }
    await q.query(`ALTER TABLE "requests" DROP COLUMN "earliest_open_task_due"`);
  }
}
