import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Requests, tasks, timeline, services, users, LAs, SOP versions and the append-only audit log. */
export class InitialSchema1763840000000 implements MigrationInterface {
  name = 'InitialSchema1763840000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "local_authorities" ("code" character varying(16) NOT NULL, "name" character varying(160) NOT NULL, "return_address" character varying(320), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_local_authorities" PRIMARY KEY ("code"))`);
    await q.query(`CREATE TABLE "services" ("code" character varying(16) NOT NULL, "name" character varying(160) NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_services" PRIMARY KEY ("code"))`);
    await q.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "display_name" character varying(160) NOT NULL, "roles" text array NOT NULL DEFAULT '{}', "service_codes" text array NOT NULL DEFAULT '{}', "password_hash" character varying(255), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_users_email" UNIQUE ("email"), CONSTRAINT "pk_users" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "sop_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sop_key" character varying(64) NOT NULL, "version" integer NOT NULL, "status" character varying(16) NOT NULL, "definition" jsonb NOT NULL, "derived_from_id" uuid, "created_by" character varying(160), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_sop_versions_key_version" UNIQUE ("sop_key", "version"), CONSTRAINT "pk_sop_versions" PRIMARY KEY ("id"), CONSTRAINT "ck_sop_versions_status" CHECK ("status" IN ('draft', 'published', 'retired')))`);
    await q.query(`CREATE TABLE "requests" ("id" uuid NOT NULL, "workflow_id" character varying(200) NOT NULL, "local_authority_code" character varying(16) NOT NULL, "la_reference" character varying(100) NOT NULL, "child_given_name" character varying(100) NOT NULL, "child_family_name" character varying(100) NOT NULL, "child_date_of_birth" date NOT NULL, "nhs_number" character varying(10), "ehcp_flag" boolean NOT NULL, "advice_type" character varying(32) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "effective_receipt_date" date NOT NULL, "statutory_due_date" date NOT NULL, "statutory_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deadline_explanation" jsonb NOT NULL, "la_due_date" date, "status" character varying(16) NOT NULL, "overdue" boolean NOT NULL DEFAULT false, "allocated_services" text array NOT NULL DEFAULT '{}', "sop_version_id" uuid NOT NULL, "compiled_advice" jsonb, "not_known_details" jsonb, "returned_at" TIMESTAMP WITH TIME ZONE, "return_details" jsonb, "created_by" character varying(160), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_requests" PRIMARY KEY ("id"), CONSTRAINT "fk_requests_la" FOREIGN KEY ("local_authority_code") REFERENCES "local_authorities"("code"), CONSTRAINT "fk_requests_sop_version" FOREIGN KEY ("sop_version_id") REFERENCES "sop_versions"("id"))`);
    await q.query(`CREATE UNIQUE INDEX "ix_requests_workflow_id" ON "requests" ("workflow_id")`);
    await q.query(`CREATE INDEX "ix_requests_status" ON "requests" ("status")`);
    await q.query(`CREATE TABLE "tasks" ("id" uuid NOT NULL, "request_id" uuid NOT NULL, "workflow_id" character varying(200) NOT NULL, "node_path" character varying(140) NOT NULL, "label" character varying(160) NOT NULL, "role" character varying(32) NOT NULL, "service_scoped" boolean NOT NULL, "service_code" character varying(16), "form" character varying(60) NOT NULL, "outcomes" jsonb NOT NULL, "status" character varying(16) NOT NULL, "attempt" integer NOT NULL, "due_date" date, "outcome" character varying(80), "data" jsonb, "completed_by" character varying(160), "completed_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_tasks" PRIMARY KEY ("id"), CONSTRAINT "fk_tasks_request" FOREIGN KEY ("request_id") REFERENCES "requests"("id"))`);
    await q.query(`CREATE INDEX "ix_tasks_request" ON "tasks" ("request_id")`);
    await q.query(`CREATE INDEX "ix_tasks_open_by_service" ON "tasks" ("status", "service_code")`);
    await q.query(`CREATE TABLE "timeline_events" ("id" character varying(220) NOT NULL, "request_id" uuid NOT NULL, "seq" integer NOT NULL, "kind" character varying(40) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "summary" character varying(500) NOT NULL, "node_id" character varying(140), "task_id" uuid, "service_code" character varying(16), "actor_id" character varying(160), "data" jsonb, CONSTRAINT "pk_timeline_events" PRIMARY KEY ("id"), CONSTRAINT "fk_timeline_request" FOREIGN KEY ("request_id") REFERENCES "requests"("id"))`);
    await q.query(`CREATE INDEX "ix_timeline_request_at" ON "timeline_events" ("request_id", "at")`);
    await q.query(`CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" character varying(160) NOT NULL, "action" character varying(60) NOT NULL, "entity" character varying(40) NOT NULL, "entity_id" character varying(200), "request_id" uuid, "before" jsonb, "after" jsonb, CONSTRAINT "pk_audit_events" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_request" ON "audit_events" ("request_id", "at")`);
    await q.query(`CREATE INDEX "ix_audit_actor" ON "audit_events" ("actor_id", "at")`);
    // The audit log is evidence: the database itself refuses to change or remove it.
    await q.query(`CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER "tr_audit_events_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()`);
    await q.query(`CREATE TRIGGER "tr_audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_events"`);
    await q.query(`DROP FUNCTION "audit_events_append_only"()`);
    await q.query(`DROP TABLE "timeline_events"`);
    await q.query(`DROP TABLE "tasks"`);
    await q.query(`DROP TABLE "requests"`);
    await q.query(`DROP TABLE "sop_versions"`);
    await q.query(`DROP TABLE "users"`);
    await q.query(`DROP TABLE "services"`);
    await q.query(`DROP TABLE "local_authorities"`);
  }
}
