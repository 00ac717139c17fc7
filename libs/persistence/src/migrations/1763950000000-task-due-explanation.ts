import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How a task's target date was counted (working days, bank holidays skipped), for "why is this due?". */
export class TaskDueExplanation1763950000000 implements MigrationInterface {
  name = 'TaskDueExplanation1763950000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tasks" ADD "due_explanation" jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "tasks" DROP COLUMN "due_explanation"`);
  }
}
