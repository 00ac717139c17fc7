import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * At most one open draft per SOP key: two drafts of the same SOP would each be published over
 * the other's changes. The API checks first for a clear message; this index settles races.
 */
export class SopDraftPerKey1763900000000 implements MigrationInterface {
  name = 'SopDraftPerKey1763900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX "ux_sop_versions_one_draft_per_key" ON "sop_versions" ("sop_key") WHERE "status" = 'draft'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ux_sop_versions_one_draft_per_key"`);
  }
}
