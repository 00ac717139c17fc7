import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily digest's record of what it sent: one row per user per day (the trust's calendar day),
 * written when the SMTP server accepted the message, so a second run of the same day's digest
 * (a retry, a manual trigger, a second worker) sends that user nothing. Ids and counts only.
 */
export class NotificationDigests1764200000000 implements MigrationInterface {
  name = 'NotificationDigests1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notification_digests" ("user_id" uuid NOT NULL, "day" date NOT NULL, "message_id" character varying(320) NOT NULL, "notification_count" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notification_digests" PRIMARY KEY ("user_id", "day"), CONSTRAINT "fk_notification_digests_user" FOREIGN KEY ("user_id") REFERENCES "users"("id"))`);
    // The digest looks for each digest user's unread notifications not yet emailed.
    await q.query(`CREATE INDEX "ix_notifications_user_unemailed" ON "notifications" ("user_id", "created_at") WHERE "emailed_at" IS NULL AND "read_at" IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_notifications_user_unemailed"`);
    await q.query(`DROP TABLE "notification_digests"`);
  }
}
