import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service flow (contributions approved per service per Europe/London month, and how many of them
 * were reworked first) counted per service and month, so 60 months are ~500 narrow rows instead of
 * 75,000 contributions aggregated per request (measured: README "Reporting").
 *
 * Kept by statement triggers on `report_contributions` with deltas, as `report_qa_criteria_daily`
 * is: +1 for each row as it is now, -1 for the row as it was. Additions commute, so concurrent
 * writers never lose a count, and a rebuild (rows deleted and written again) leaves it exact.
 */
export class ReportServiceFlowMonthly1764720100000 implements MigrationInterface {
  name = 'ReportServiceFlowMonthly1764720100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "report_service_flow_monthly" ("service_code" character varying(16) NOT NULL, "month" date NOT NULL,
      "approved" integer NOT NULL DEFAULT 0, "reworked" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_report_service_flow_monthly" PRIMARY KEY ("month", "service_code"))`);
    // One function per event: a statement trigger's transition tables exist only for the events that define them.
    const rows = { new_rows: 1, old_rows: -1 } as const;
    const events = { insert: ['new_rows'], update: ['new_rows', 'old_rows'], delete: ['old_rows'] } as const;
    for (const [op, tables] of Object.entries(events)) {
      const deltas = tables.map((t) => `SELECT x."service_code", date_trunc('month', x."approved_on")::date AS month, x."reworked", ${rows[t]} AS sign
        FROM ${t} x WHERE x."approved_on" IS NOT NULL`).join(' UNION ALL ');
      await q.query(`CREATE FUNCTION "report_contributions_count_flow_${op}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO "report_service_flow_monthly" AS m ("service_code", "month", "approved", "reworked")
        SELECT d."service_code", d.month, sum(d.sign)::int, COALESCE(sum(d.sign) FILTER (WHERE d."reworked"), 0)::int FROM (${deltas}) d
        GROUP BY 1, 2 HAVING sum(d.sign) <> 0 OR COALESCE(sum(d.sign) FILTER (WHERE d."reworked"), 0) <> 0 ORDER BY 2, 1
        ON CONFLICT ("month", "service_code") DO UPDATE SET "approved" = m."approved" + EXCLUDED."approved", "reworked" = m."reworked" + EXCLUDED."reworked";
        RETURN NULL; END $$`);
      const referencing = tables.map((t) => (t === 'new_rows' ? 'NEW TABLE AS new_rows' : 'OLD TABLE AS old_rows')).sort().reverse().join(' ');
      await q.query(`CREATE TRIGGER "tr_report_contributions_flow_${op}" AFTER ${op.toUpperCase()} ON "report_contributions" REFERENCING ${referencing}
        FOR EACH STATEMENT EXECUTE FUNCTION "report_contributions_count_flow_${op}"()`);
    }
    await q.query(`INSERT INTO "report_service_flow_monthly" ("service_code", "month", "approved", "reworked")
      SELECT "service_code", date_trunc('month', "approved_on")::date, count(*), count(*) FILTER (WHERE "reworked")
      FROM "report_contributions" WHERE "approved_on" IS NOT NULL GROUP BY 1, 2`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER "tr_report_contributions_flow_${op}" ON "report_contributions"`);
      await q.query(`DROP FUNCTION "report_contributions_count_flow_${op}"()`);
    }
    await q.query(`DROP TABLE "report_service_flow_monthly"`);
  }
}
