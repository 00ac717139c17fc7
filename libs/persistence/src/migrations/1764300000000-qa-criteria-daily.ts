import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * QA review pass rates per criterion (issue 11 §5, beside each audit round) read every completed
 * review's JSON in the period: at 50,000 requests, 12 months meant 18,000 wide rows fetched and
 * 128,000 verdicts unpacked (EXPLAIN ANALYZE: 560 ms on the shared box). This summary keeps the
 * verdicts counted per Europe/London day and criterion, so a period is a few hundred narrow rows.
 *
 * Maintained by a trigger on tasks with deltas (+1 for a completed review's verdicts, -1 for the
 * row it replaces or deletes): additions commute, so concurrent reviews never lose a count, and a
 * projection rebuild (delete and re-insert) leaves it exact. Verdicts are read as the report read
 * them: `{ id: { result: pass|fail } }` (today's form) and `[{ id, met }]` (the older ticks).
 */
export class QaCriteriaDaily1764300000000 implements MigrationInterface {
  name = 'QaCriteriaDaily1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_qa_criteria_daily" ("day" date NOT NULL, "criterion_id" character varying(60) NOT NULL,
      "met" integer NOT NULL DEFAULT 0, "total" integer NOT NULL DEFAULT 0, CONSTRAINT "pk_report_qa_criteria_daily" PRIMARY KEY ("day", "criterion_id"))`);
    await q.query(`CREATE FUNCTION "report_qa_verdicts"(criteria jsonb) RETURNS TABLE ("criterion_id" text, "met" boolean) LANGUAGE sql IMMUTABLE AS $$
      SELECT e.key, (e.value->>'result') = 'pass'
      FROM jsonb_each(CASE WHEN jsonb_typeof(criteria) = 'object' THEN criteria ELSE '{}'::jsonb END) e
      WHERE e.value->>'result' IN ('pass', 'fail')
      UNION ALL
      SELECT c->>'id', (c->>'met')::boolean
      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(criteria) = 'array' THEN criteria ELSE '[]'::jsonb END) c
      WHERE c->>'id' IS NOT NULL AND c->>'met' IN ('true', 'false') $$`);
    await q.query(`CREATE FUNCTION "report_qa_count"(completed_at timestamptz, criteria jsonb, sign integer) RETURNS void LANGUAGE sql AS $$
      INSERT INTO "report_qa_criteria_daily" AS d ("day", "criterion_id", "met", "total")
      SELECT (completed_at AT TIME ZONE 'Europe/London')::date, v.criterion_id, sign * count(*) FILTER (WHERE v.met), sign * count(*)
      FROM "report_qa_verdicts"(criteria) v GROUP BY v.criterion_id ORDER BY v.criterion_id
      ON CONFLICT ("day", "criterion_id") DO UPDATE SET "met" = d."met" + EXCLUDED."met", "total" = d."total" + EXCLUDED."total" $$`);
    await q.query(`CREATE FUNCTION "tasks_count_qa_criteria"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."form" = 'qa_review' AND OLD."status" = 'completed' AND OLD."completed_at" IS NOT NULL THEN
        PERFORM "report_qa_count"(OLD."completed_at", OLD."data"->'criteria', -1);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."form" = 'qa_review' AND NEW."status" = 'completed' AND NEW."completed_at" IS NOT NULL THEN
        PERFORM "report_qa_count"(NEW."completed_at", NEW."data"->'criteria', 1);
      END IF;
      RETURN NULL; END $$`);
    // Only rows that are, or were, a completed review fire it; an update fires only when what is counted changed.
    await q.query(`CREATE TRIGGER "tr_tasks_qa_criteria_insert" AFTER INSERT ON "tasks" FOR EACH ROW
      WHEN (NEW."form" = 'qa_review' AND NEW."status" = 'completed') EXECUTE FUNCTION "tasks_count_qa_criteria"()`);
    await q.query(`CREATE TRIGGER "tr_tasks_qa_criteria_update" AFTER UPDATE ON "tasks" FOR EACH ROW
      WHEN ((OLD."form" = 'qa_review' OR NEW."form" = 'qa_review') AND (OLD."status" IS DISTINCT FROM NEW."status"
        OR OLD."completed_at" IS DISTINCT FROM NEW."completed_at" OR OLD."form" IS DISTINCT FROM NEW."form"
        OR OLD."data"->'criteria' IS DISTINCT FROM NEW."data"->'criteria')) EXECUTE FUNCTION "tasks_count_qa_criteria"()`);
    await q.query(`CREATE TRIGGER "tr_tasks_qa_criteria_delete" AFTER DELETE ON "tasks" FOR EACH ROW
      WHEN (OLD."form" = 'qa_review' AND OLD."status" = 'completed') EXECUTE FUNCTION "tasks_count_qa_criteria"()`);
    await q.query(`INSERT INTO "report_qa_criteria_daily" ("day", "criterion_id", "met", "total")
      SELECT (t."completed_at" AT TIME ZONE 'Europe/London')::date, v.criterion_id, count(*) FILTER (WHERE v.met), count(*)
      FROM "tasks" t CROSS JOIN LATERAL "report_qa_verdicts"(t."data"->'criteria') v
      WHERE t."form" = 'qa_review' AND t."status" = 'completed' AND t."completed_at" IS NOT NULL
      GROUP BY 1, 2`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "tr_tasks_qa_criteria_delete" ON "tasks"`);
    await q.query(`DROP TRIGGER "tr_tasks_qa_criteria_update" ON "tasks"`);
    await q.query(`DROP TRIGGER "tr_tasks_qa_criteria_insert" ON "tasks"`);
    await q.query(`DROP FUNCTION "tasks_count_qa_criteria"()`);
    await q.query(`DROP FUNCTION "report_qa_count"(timestamptz, jsonb, integer)`);
    await q.query(`DROP FUNCTION "report_qa_verdicts"(jsonb)`);
    await q.query(`DROP TABLE "report_qa_criteria_daily"`);
  }
}
