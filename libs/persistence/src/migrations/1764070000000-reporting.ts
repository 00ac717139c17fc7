import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting (issue 11): imported history, the moment a not-known response was recorded, the two
 * views every report reads, the quality audit cycle, and the indexes the report queries need.
 *
 * The views are the one place that says what a "response" is. Today the compiled advice's return
 * is `requests.returned_at` and a not-known response is `requests.not_known_at`; when delivery or
 * per-service not-known responses are recorded elsewhere, a later migration redefines these views
 * and every report follows.
 */
export class Reporting1764070000000 implements MigrationInterface {
  name = 'Reporting1764070000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "requests" ADD "imported" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "requests" ADD "import_batch_id" uuid`);
    await q.query(`ALTER TABLE "requests" ADD "not_known_at" TIMESTAMP WITH TIME ZONE`);
    // Imported history ran on no SOP and has no workflow.
    await q.query(`ALTER TABLE "requests" ALTER COLUMN "sop_version_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "requests" ADD CONSTRAINT "ck_requests_sop_or_imported" CHECK ("imported" OR "sop_version_id" IS NOT NULL)`);
    // Requests closed as not known before this column existed: the timeline recorded when.
    await q.query(`UPDATE "requests" r SET "not_known_at" = t."at" FROM (
        SELECT "request_id", min("at") AS "at" FROM "timeline_events" WHERE "kind" = 'request.not_known' GROUP BY "request_id") t
      WHERE t."request_id" = r."id" AND r."status" = 'not_known'`);

    await q.query(`CREATE VIEW "report_request_outcomes" AS
      SELECT r."id" AS "request_id", r."local_authority_code", r."effective_receipt_date", r."statutory_due_date" AS "due_date",
        jsonb_array_length(r."deadline_exceptions") > 0 AS "has_exception",
        CASE WHEN r."status" = 'not_known' THEN COALESCE(r."not_known_at", r."returned_at") ELSE r."returned_at" END AS "responded_at",
        (CASE WHEN r."status" = 'not_known' THEN COALESCE(r."not_known_at", r."returned_at") ELSE r."returned_at" END AT TIME ZONE 'Europe/London')::date AS "responded_on",
        r."status" = 'not_known' AS "not_known",
        r."allocated_services", r."imported", r."status"
      FROM "requests" r
      WHERE r."status" <> 'cancelled'`);
    await q.query(`CREATE VIEW "report_request_services" AS
      SELECT r."id" AS "request_id", s."service_code", r."status" = 'not_known' AS "not_known"
      FROM "requests" r CROSS JOIN LATERAL unnest(r."allocated_services") AS s("service_code")
      WHERE r."status" <> 'cancelled'`);

    // Timeliness filters by due date; the pipeline reads open requests only.
    await q.query(`CREATE INDEX "ix_requests_due_date" ON "requests" ("statutory_due_date")`);
    await q.query(`CREATE INDEX "ix_requests_open_due" ON "requests" ("statutory_due_date") WHERE "status" IN ('received', 'in_progress')`);
    // Service figures (allocation to approval, rework, throughput) read branch tasks by form.
    await q.query(`CREATE INDEX "ix_tasks_form_service" ON "tasks" ("form", "service_code", "request_id") INCLUDE ("status", "outcome", "opened_at", "completed_at")`);
    // Reviews by completion time: approvals for the prediction, rework and throughput, QA pass rates.
    await q.query(`CREATE INDEX "ix_tasks_review_completed" ON "tasks" ("completed_at") WHERE "form" = 'qa_review'`);

    await q.query(`CREATE TABLE "audit_rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL,
      "period_from" date NOT NULL, "period_to" date NOT NULL, "seed" character varying(64) NOT NULL, "sample_size" integer NOT NULL,
      "criteria" jsonb NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "opened_by" character varying(160) NOT NULL,
      "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_by" character varying(160), "closed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_audit_rounds" PRIMARY KEY ("id"), CONSTRAINT "ck_audit_rounds_status" CHECK ("status" IN ('open', 'closed')),
      CONSTRAINT "ck_audit_rounds_period" CHECK ("period_from" <= "period_to"))`);
    await q.query(`CREATE TABLE "audit_round_items" ("round_id" uuid NOT NULL, "position" integer NOT NULL, "request_id" uuid NOT NULL,
      CONSTRAINT "pk_audit_round_items" PRIMARY KEY ("round_id", "position"), CONSTRAINT "uq_audit_round_items_request" UNIQUE ("round_id", "request_id"),
      CONSTRAINT "fk_audit_round_items_round" FOREIGN KEY ("round_id") REFERENCES "audit_rounds"("id"),
      CONSTRAINT "fk_audit_round_items_request" FOREIGN KEY ("request_id") REFERENCES "requests"("id"))`);
    await q.query(`CREATE TABLE "audit_scores" ("round_id" uuid NOT NULL, "request_id" uuid NOT NULL, "criterion_id" character varying(60) NOT NULL,
      "result" character varying(16) NOT NULL, "comment" character varying(2000), "scored_by" character varying(160) NOT NULL,
      "scored_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_audit_scores" PRIMARY KEY ("round_id", "request_id", "criterion_id"),
      CONSTRAINT "ck_audit_scores_result" CHECK ("result" IN ('pass', 'fail', 'not_applicable')),
      CONSTRAINT "fk_audit_scores_item" FOREIGN KEY ("round_id", "request_id") REFERENCES "audit_round_items"("round_id", "request_id"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_scores"`);
    await q.query(`DROP TABLE "audit_round_items"`);
    await q.query(`DROP TABLE "audit_rounds"`);
    await q.query(`DROP INDEX "ix_tasks_review_completed"`);
    await q.query(`DROP INDEX "ix_tasks_form_service"`);
    await q.query(`DROP INDEX "ix_requests_open_due"`);
    await q.query(`DROP INDEX "ix_requests_due_date"`);
    await q.query(`DROP VIEW "report_request_services"`);
    await q.query(`DROP VIEW "report_request_outcomes"`);
    await q.query(`DELETE FROM "requests" WHERE "imported"`);
    await q.query(`ALTER TABLE "requests" DROP CONSTRAINT "ck_requests_sop_or_imported"`);
    await q.query(`ALTER TABLE "requests" ALTER COLUMN "sop_version_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "not_known_at"`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "import_batch_id"`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "imported"`);
  }
}
