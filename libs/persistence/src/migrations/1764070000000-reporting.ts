import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting (issue 11): imported history, the moment a not-known response was recorded, the two
 * views every report reads, the quality audit cycle, and the indexes the report queries need.
 *
 * One place says what a "response" is: the views, over the stored column `requests.responded_on`.
 * Today the compiled advice's return is `requests.returned_at` and a not-known response is
 * `requests.not_known_at`; when delivery or per-service not-known responses are recorded
 * elsewhere, a later migration redefines `responded_on` / `service_not_known` and every report follows.
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

    // Stored, so the covering index below answers timeliness without reading the (wide) rows or
    // converting time zones per row at report time. responded_on is the response's date in
    // Europe/London: the advice's return, or the not-known response.
    await q.query(`ALTER TABLE "requests" ADD "has_deadline_exception" boolean GENERATED ALWAYS AS (jsonb_array_length("deadline_exceptions") > 0) STORED`);
    await q.query(`ALTER TABLE "requests" ADD "responded_on" date GENERATED ALWAYS AS
      ((CASE WHEN "status" = 'not_known' THEN COALESCE("not_known_at", "returned_at") ELSE "returned_at" END AT TIME ZONE 'Europe/London')::date) STORED`);

    await q.query(`CREATE VIEW "report_request_outcomes" AS
      SELECT r."id" AS "request_id", r."local_authority_code", r."effective_receipt_date", r."statutory_due_date" AS "due_date",
        r."has_deadline_exception" AS "has_exception",
        CASE WHEN r."status" = 'not_known' THEN COALESCE(r."not_known_at", r."returned_at") ELSE r."returned_at" END AS "responded_at",
        r."responded_on",
        r."status" = 'not_known' AS "not_known",
        r."allocated_services", r."imported", r."status"
      FROM "requests" r
      WHERE r."status" <> 'cancelled'`);
    // One row per request and allocated service, with every outcome column. `service_not_known` is
    // the service's own "not known" answer; today only the whole request can be not known.
    await q.query(`CREATE VIEW "report_request_services" AS
      SELECT o.*, s."service_code", o."not_known" AS "service_not_known"
      FROM "report_request_outcomes" o CROSS JOIN LATERAL unnest(o."allocated_services") AS s("service_code")`);

    // Timeliness reads a period's requests by due date: an index-only scan of this narrow copy of
    // the columns it needs, not the wide rows (explanations, compiled advice).
    await q.query(`CREATE INDEX "ix_requests_report_due" ON "requests" ("statutory_due_date") INCLUDE ("id", "local_authority_code",
      "effective_receipt_date", "status", "responded_on", "has_deadline_exception", "allocated_services")`);
    // The pipeline reads open requests by due date: the caseload's ix_requests_open_due serves it.
    // One service's tasks on one request (allocation and approval moments), answered from the index.
    await q.query(`CREATE INDEX "ix_tasks_branch" ON "tasks" ("request_id", "service_code", "form") INCLUDE ("status", "outcome", "opened_at", "completed_at")`);
    // Reviews by completion time: approvals for the prediction, rework and throughput, QA pass rates.
    await q.query(`CREATE INDEX "ix_tasks_review_completed" ON "tasks" ("completed_at") INCLUDE ("request_id", "service_code", "outcome", "status") WHERE "form" = 'qa_review'`);

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
    await q.query(`DROP INDEX "ix_tasks_branch"`);
    await q.query(`DROP INDEX "ix_requests_report_due"`);
    await q.query(`DROP VIEW "report_request_services"`);
    await q.query(`DROP VIEW "report_request_outcomes"`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "responded_on"`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "has_deadline_exception"`);
    await q.query(`DELETE FROM "requests" WHERE "imported"`);
    await q.query(`ALTER TABLE "requests" DROP CONSTRAINT "ck_requests_sop_or_imported"`);
    await q.query(`ALTER TABLE "requests" ALTER COLUMN "sop_version_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "not_known_at"`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "import_batch_id"`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "imported"`);
  }
}
