import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forms and audit criteria become versioned data (issue 12 §5-6). A SOP version pins the form and
 * criteria versions it was published with (`form_pins`), so a running request keeps validating
 * with them; an audit round records the criteria version it was opened with. The shipped forms and
 * criteria are seeded as version 1 by libs/persistence/src/seed.ts (idempotent, so existing
 * databases get them on their next migrate).
 */
export class FormsAndCriteria1764600000000 implements MigrationInterface {
  name = 'FormsAndCriteria1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "form_versions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(), "form_key" character varying(60) NOT NULL, "version" integer NOT NULL,
      "status" character varying(16) NOT NULL, "definition" jsonb NOT NULL, "revision" integer NOT NULL DEFAULT 1,
      "derived_from_id" uuid, "created_by" character varying(160), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_by" character varying(160), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "published_by" character varying(160), "published_at" TIMESTAMP WITH TIME ZONE,
      "retired_by" character varying(160), "retired_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_form_versions" PRIMARY KEY ("id"),
      CONSTRAINT "uq_form_versions_key_version" UNIQUE ("form_key", "version"),
      CONSTRAINT "ck_form_versions_status" CHECK ("status" IN ('draft', 'published', 'retired')))`);
    // One open draft per form, as for SOPs: two drafts of the same form would publish over each other.
    await q.query(`CREATE UNIQUE INDEX "ux_form_versions_one_draft_per_key" ON "form_versions" ("form_key") WHERE "status" = 'draft'`);
    await q.query(`CREATE TABLE "audit_criteria_versions" (
      "version" integer NOT NULL, "status" character varying(16) NOT NULL, "items" jsonb NOT NULL, "revision" integer NOT NULL DEFAULT 1,
      "derived_from" integer, "created_by" character varying(160), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_by" character varying(160), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "published_by" character varying(160), "published_at" TIMESTAMP WITH TIME ZONE,
      "retired_by" character varying(160), "retired_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_audit_criteria_versions" PRIMARY KEY ("version"),
      CONSTRAINT "ck_audit_criteria_versions_status" CHECK ("status" IN ('draft', 'published', 'retired')))`);
    await q.query(`CREATE UNIQUE INDEX "ux_audit_criteria_versions_one_draft" ON "audit_criteria_versions" ((true)) WHERE "status" = 'draft'`);
    await q.query(`ALTER TABLE "sop_versions" ADD "form_pins" jsonb`);
    await q.query(`ALTER TABLE "audit_rounds" ADD "criteria_version" integer`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "audit_rounds" DROP COLUMN "criteria_version"`);
    await q.query(`ALTER TABLE "sop_versions" DROP COLUMN "form_pins"`);
    await q.query(`DROP TABLE "audit_criteria_versions"`);
    await q.query(`DROP TABLE "form_versions"`);
  }
}
