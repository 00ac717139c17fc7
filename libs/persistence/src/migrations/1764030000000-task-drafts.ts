import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Server-side drafts of open tasks (autosave). "My tasks" and reassignment read tasks by ix_tasks_assignee_open (1763930000000). */
export class TaskDrafts1764030000000 implements MigrationInterface {
  name = 'TaskDrafts1764030000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "task_drafts" (
      "task_id" uuid NOT NULL, "request_id" uuid NOT NULL, "outcome" character varying(80), "data" jsonb NOT NULL,
      "saved_by" character varying(160) NOT NULL, "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revision" integer NOT NULL DEFAULT 1,
      "audited_for" character varying(160), "audited_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_task_drafts" PRIMARY KEY ("task_id"),
      CONSTRAINT "fk_task_drafts_task" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "ix_task_drafts_request" ON "task_drafts" ("request_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "task_drafts"`);
  }
}
