import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Recorded reg 8(2) pauses/extensions on the request projection; who a task is assigned to. */
export class DeadlineExceptionsAndAssignment1763930000000 implements MigrationInterface {
  name = 'DeadlineExceptionsAndAssignment1763930000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "requests" ADD "base_due_date" date`);
    await q.query(`UPDATE "requests" SET "base_due_date" = "statutory_due_date"`);
    await q.query(`ALTER TABLE "requests" ALTER COLUMN "base_due_date" SET NOT NULL`);
    await q.query(`ALTER TABLE "requests" ADD "deadline_exceptions" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE "tasks" ADD "assignee_id" uuid`);
    await q.query(`ALTER TABLE "tasks" ADD CONSTRAINT "fk_tasks_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users"("id")`);
    await q.query(`CREATE INDEX "ix_tasks_assignee_open" ON "tasks" ("assignee_id") WHERE "status" = 'open'`);
    // Branch tasks and the request's own steps interleave in time: read the timeline by time.
    await q.query(`CREATE INDEX "ix_timeline_request_at_seq" ON "timeline_events" ("request_id", "at", "seq")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_timeline_request_at_seq"`);
    await q.query(`DROP INDEX "ix_tasks_assignee_open"`);
    await q.query(`ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_assignee"`);
    await q.query(`ALTER TABLE "tasks" DROP COLUMN "assignee_id"`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "deadline_exceptions"`);
    await q.query(`ALTER TABLE "requests" DROP COLUMN "base_due_date"`);
  }
}
