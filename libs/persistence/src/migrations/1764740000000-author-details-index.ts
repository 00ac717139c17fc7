import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A practitioner's new draft starts with the author details they gave on their last submitted
 * pro forma (name, role, registration): this index finds that task by who completed it, newest
 * first, without reading the other services' or users' tasks.
 */
export class AuthorDetailsIndex1764740000000 implements MigrationInterface {
  name = 'AuthorDetailsIndex1764740000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_tasks_pro_forma_by_author" ON "tasks" ("completed_by", "completed_at" DESC) WHERE "form" = 'pro_forma' AND "status" = 'completed'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_tasks_pro_forma_by_author"`);
  }
}
