import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per contribution (a request × a service it was allocated to or has tasks for), so the
 * 5-year dashboard views stop aggregating every review and unnesting every request's services
 * (issue 11 item 7; README "Reporting" → "What was measured and changed").
 *
 * - the request's figures timeliness reads (due date, effective receipt, response date, exception,
 *   not known, LA, counted = not cancelled) and whether the service is in `allocated_services`:
 *   timeliness by service is an index-only scan of `ix_report_contributions_due`;
 * - the branch's moments from its tasks: `allocated_at` (its first draft task opened),
 *   `approved_at` / `approved_on` (its last approving review, and that moment's Europe/London
 *   date) and `reworked` (a completed review sent it back): service flow and the pipeline.
 *
 * Kept exact by statement triggers on `requests` and `tasks` that recompute the touched rows from
 * the source rows (a maximum cannot be taken back by a delta, so recomputing is the exact way).
 * Concurrent writers serialise on the summary rows: each first creates any missing row (waiting
 * for a concurrent creator), then locks the rows in key order, and only then reads the source rows
 * in a new statement, so whoever locks last sees every committed change and its own. A projection
 * rebuild (delete the tasks, re-insert them) therefore leaves the rows exactly as before, and a
 * bulk insert (history import, seed) costs one recompute per statement, not per row.
 */
export class ReportContributions1764720000000 implements MigrationInterface {
  name = 'ReportContributions1764720000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_contributions" ("request_id" uuid NOT NULL, "service_code" character varying(16) NOT NULL,
      "allocated" boolean NOT NULL DEFAULT false, "counted" boolean NOT NULL DEFAULT false, "local_authority_code" character varying(16),
      "effective_receipt_date" date, "due_date" date, "has_exception" boolean NOT NULL DEFAULT false, "responded_on" date,
      "not_known" boolean NOT NULL DEFAULT false, "allocated_at" TIMESTAMP WITH TIME ZONE, "approved_at" TIMESTAMP WITH TIME ZONE,
      "approved_on" date, "reworked" boolean NOT NULL DEFAULT false,
      CONSTRAINT "pk_report_contributions" PRIMARY KEY ("request_id", "service_code"))`);
    // Timeliness by service: the counted allocations by due date, every column it reads included.
    await q.query(`CREATE INDEX "ix_report_contributions_due" ON "report_contributions" ("due_date") INCLUDE ("service_code",
      "effective_receipt_date", "has_exception", "responded_on", "not_known") WHERE "allocated" AND "counted"`);
    // Service flow (by approval date) and the prediction's medians (approvals of the last 180 days).
    await q.query(`CREATE INDEX "ix_report_contributions_approved" ON "report_contributions" ("approved_on") INCLUDE ("service_code",
      "reworked", "approved_at", "allocated_at") WHERE "approved_on" IS NOT NULL`);

    // Recomputes the given contributions from requests and tasks (the only definition of each column).
    await q.query(`CREATE FUNCTION "report_contributions_refresh"(rids uuid[], svcs text[]) RETURNS void LANGUAGE plpgsql AS $$ BEGIN
      -- Create missing rows first (waits for a concurrent creator of the same row), then lock every row in key order.
      INSERT INTO "report_contributions" ("request_id", "service_code")
        SELECT DISTINCT k.r, k.s FROM unnest(rids, svcs) AS k(r, s) WHERE k.r IS NOT NULL AND k.s IS NOT NULL ORDER BY 1, 2
        ON CONFLICT ("request_id", "service_code") DO NOTHING;
      PERFORM 1 FROM "report_contributions" c JOIN (SELECT DISTINCT k.r, k.s FROM unnest(rids, svcs) AS k(r, s)) k
        ON c."request_id" = k.r AND c."service_code" = k.s ORDER BY c."request_id", c."service_code" FOR UPDATE OF c;
      -- A new statement, so a new snapshot: every change committed before the lock was granted is seen.
      WITH k AS (SELECT DISTINCT k.r, k.s FROM unnest(rids, svcs) AS k(r, s) WHERE k.r IS NOT NULL AND k.s IS NOT NULL),
      src AS (
        SELECT k.r, k.s, r."id" IS NOT NULL AS request_exists, COALESCE(k.s = ANY (r."allocated_services"), false) AS allocated,
          COALESCE(r."status" <> 'cancelled', false) AS counted, r."local_authority_code", r."effective_receipt_date",
          r."statutory_due_date", COALESCE(r."has_deadline_exception", false) AS has_exception, r."responded_on",
          COALESCE(r."status" = 'not_known', false) AS not_known, b.*
        FROM k LEFT JOIN "requests" r ON r."id" = k.r
        CROSS JOIN LATERAL (SELECT count(*) > 0 AS has_tasks,
            min(t."opened_at") FILTER (WHERE t."form" = 'pro_forma') AS allocated_at,
            max(t."completed_at") FILTER (WHERE t."form" = 'qa_review' AND t."status" = 'completed' AND t."outcome" = 'approved') AS approved_at,
            COALESCE(bool_or(t."form" = 'qa_review' AND t."status" = 'completed' AND t."outcome" = 'rework'), false) AS reworked
          FROM "tasks" t WHERE t."request_id" = k.r AND t."service_code" = k.s) b),
      gone AS (
        DELETE FROM "report_contributions" c USING src
        WHERE c."request_id" = src.r AND c."service_code" = src.s AND NOT (src.request_exists AND (src.allocated OR src.has_tasks)))
      UPDATE "report_contributions" c SET "allocated" = src.allocated, "counted" = src.counted, "local_authority_code" = src."local_authority_code",
        "effective_receipt_date" = src."effective_receipt_date", "due_date" = src."statutory_due_date", "has_exception" = src.has_exception,
        "responded_on" = src."responded_on", "not_known" = src.not_known, "allocated_at" = src.allocated_at, "approved_at" = src.approved_at,
        "approved_on" = (src.approved_at AT TIME ZONE 'Europe/London')::date, "reworked" = src.reworked
      FROM src WHERE c."request_id" = src.r AND c."service_code" = src.s AND src.request_exists AND (src.allocated OR src.has_tasks)
        AND ROW(c."allocated", c."counted", c."local_authority_code", c."effective_receipt_date", c."due_date", c."has_exception", c."responded_on",
          c."not_known", c."allocated_at", c."approved_at", c."reworked")
          IS DISTINCT FROM ROW(src.allocated, src.counted, src."local_authority_code", src."effective_receipt_date", src."statutory_due_date",
          src.has_exception, src."responded_on", src.not_known, src.allocated_at, src.approved_at, src.reworked);
    END $$`);

    // Tasks: the branches whose tasks were added, removed, or changed in what the summary reads.
    await q.query(`CREATE FUNCTION "tasks_refresh_report_contributions"() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE rids uuid[]; svcs text[]; BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n."request_id"), array_agg(n."service_code") INTO rids, svcs FROM new_rows n WHERE n."service_code" IS NOT NULL;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(o."request_id"), array_agg(o."service_code") INTO rids, svcs FROM old_rows o WHERE o."service_code" IS NOT NULL;
      ELSE
        SELECT array_agg(x.r), array_agg(x.s) INTO rids, svcs FROM (
          SELECT o."request_id" AS r, o."service_code" AS s FROM old_rows o JOIN new_rows n ON n."id" = o."id"
            WHERE ROW(o."request_id", o."service_code", o."form", o."status", o."outcome", o."opened_at", o."completed_at")
              IS DISTINCT FROM ROW(n."request_id", n."service_code", n."form", n."status", n."outcome", n."opened_at", n."completed_at")
          UNION SELECT n."request_id", n."service_code" FROM old_rows o JOIN new_rows n ON n."id" = o."id"
            WHERE ROW(o."request_id", o."service_code", o."form", o."status", o."outcome", o."opened_at", o."completed_at")
              IS DISTINCT FROM ROW(n."request_id", n."service_code", n."form", n."status", n."outcome", n."opened_at", n."completed_at")) x
        WHERE x.s IS NOT NULL;
      END IF;
      IF rids IS NOT NULL THEN PERFORM "report_contributions_refresh"(rids, svcs); END IF;
      RETURN NULL; END $$`);
    // Requests: the allocations and figures of requests added, removed, or changed in what the summary reads.
    await q.query(`CREATE FUNCTION "requests_refresh_report_contributions"() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE rids uuid[]; svcs text[]; BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n."id"), array_agg(s.code) INTO rids, svcs FROM new_rows n CROSS JOIN LATERAL unnest(n."allocated_services") AS s(code);
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(c."request_id"), array_agg(c."service_code") INTO rids, svcs
        FROM "report_contributions" c WHERE c."request_id" IN (SELECT o."id" FROM old_rows o);
      ELSE
        WITH changed AS (
          SELECT n."id", o."allocated_services" AS old_services, n."allocated_services" AS new_services FROM old_rows o JOIN new_rows n ON n."id" = o."id"
          WHERE ROW(o."allocated_services", o."status", o."local_authority_code", o."effective_receipt_date", o."statutory_due_date",
              o."has_deadline_exception", o."responded_on")
            IS DISTINCT FROM ROW(n."allocated_services", n."status", n."local_authority_code", n."effective_receipt_date", n."statutory_due_date",
              n."has_deadline_exception", n."responded_on"))
        SELECT array_agg(x.r), array_agg(x.s) INTO rids, svcs FROM (
          SELECT ch."id" AS r, s.code AS s FROM changed ch CROSS JOIN LATERAL unnest(ch.old_services || ch.new_services) AS s(code)
          UNION SELECT c."request_id", c."service_code" FROM "report_contributions" c WHERE c."request_id" IN (SELECT ch."id" FROM changed ch)) x;
      END IF;
      IF rids IS NOT NULL THEN PERFORM "report_contributions_refresh"(rids, svcs); END IF;
      RETURN NULL; END $$`);
    for (const [table, fn] of [['tasks', 'tasks_refresh_report_contributions'], ['requests', 'requests_refresh_report_contributions']]) {
      await q.query(`CREATE TRIGGER "tr_${table}_contributions_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
      await q.query(`CREATE TRIGGER "tr_${table}_contributions_update" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
      await q.query(`CREATE TRIGGER "tr_${table}_contributions_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
    }

    // Back-fill: every allocation and every service with tasks, computed by the same function.
    await q.query(`SELECT "report_contributions_refresh"(array_agg(x.r), array_agg(x.s)) FROM (
      SELECT r."id" AS r, s.code AS s FROM "requests" r CROSS JOIN LATERAL unnest(r."allocated_services") AS s(code)
      UNION SELECT t."request_id", t."service_code" FROM "tasks" t WHERE t."service_code" IS NOT NULL) x`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['requests', 'tasks']) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER "tr_${table}_contributions_${op}" ON "${table}"`);
    }
    await q.query(`DROP FUNCTION "requests_refresh_report_contributions"()`);
    await q.query(`DROP FUNCTION "tasks_refresh_report_contributions"()`);
    await q.query(`DROP FUNCTION "report_contributions_refresh"(uuid[], text[])`);
    await q.query(`DROP TABLE "report_contributions"`);
  }
}
