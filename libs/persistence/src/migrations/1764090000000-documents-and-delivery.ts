import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 9: versions of the documents sent to LAs (the model they render from and how and when each
 * was delivered), each LA's delivery channel, in-app notifications and each user's email choice.
 */
export class DocumentsAndDelivery1764090000000 implements MigrationInterface {
  name = 'DocumentsAndDelivery1764090000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "local_authorities" ADD "delivery_channel" character varying(16) NOT NULL DEFAULT 'manual', ADD "delivery_email" character varying(320), ADD "webhook_url" character varying(500), ADD "webhook_secret" character varying(200)`);
    await q.query(`ALTER TABLE "local_authorities" ADD CONSTRAINT "ck_local_authorities_delivery_channel" CHECK ("delivery_channel" IN ('manual', 'smtp', 'webhook'))`);
    await q.query(`CREATE TABLE "document_versions" ("id" uuid NOT NULL, "request_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "version" integer NOT NULL, "model" jsonb NOT NULL, "correction_reason" text, "delivery_status" character varying(16) NOT NULL DEFAULT 'pending', "delivery_channel" character varying(16), "delivered_at" TIMESTAMP WITH TIME ZONE, "delivery_detail" jsonb, "delivery_attempts" integer NOT NULL DEFAULT 0, "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_document_versions" PRIMARY KEY ("id"), CONSTRAINT "uq_document_versions_request_version" UNIQUE ("request_id", "version"), CONSTRAINT "fk_document_versions_request" FOREIGN KEY ("request_id") REFERENCES "requests"("id"))`);
    await q.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "request_id" uuid, "source_key" character varying(400) NOT NULL, "kind" character varying(32) NOT NULL, "message" character varying(500) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "emailed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_notifications" PRIMARY KEY ("id"), CONSTRAINT "uq_notifications_source_user" UNIQUE ("source_key", "user_id"), CONSTRAINT "fk_notifications_user" FOREIGN KEY ("user_id") REFERENCES "users"("id"))`);
    await q.query(`CREATE INDEX "ix_notifications_user_unread" ON "notifications" ("user_id", "created_at") WHERE "read_at" IS NULL`);
    await q.query(`ALTER TABLE "users" ADD "notification_email" character varying(16) NOT NULL DEFAULT 'immediate'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "notification_email"`);
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`DROP TABLE "document_versions"`);
    await q.query(`ALTER TABLE "local_authorities" DROP CONSTRAINT "ck_local_authorities_delivery_channel"`);
    await q.query(`ALTER TABLE "local_authorities" DROP COLUMN "webhook_secret", DROP COLUMN "webhook_url", DROP COLUMN "delivery_email", DROP COLUMN "delivery_channel"`);
  }
}
