import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activities that failed: one row per activity execution (workflow, run, activity id), updated on
 * each attempt and resolved when it succeeds. Non-retryable failures (bad data, a constraint) and
 * activities retried past a threshold are what /api/health, /api/metrics and the request detail report.
 * Holds ids, the activity name and the database's error code, never the data.
 */
export class ActivityIncidents1764100000001 implements MigrationInterface {
  name = 'ActivityIncidents1764100000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "activity_incidents" (
      "id" bigserial PRIMARY KEY,
      "request_id" uuid,
      "workflow_id" text NOT NULL,
      "run_id" text NOT NULL,
      "activity_id" text NOT NULL,
      "activity" text NOT NULL,
      "error" text NOT NULL,
      "non_retryable" boolean NOT NULL DEFAULT false,
      "attempts" integer NOT NULL,
      "first_failed_at" timestamptz NOT NULL DEFAULT now(),
      "last_failed_at" timestamptz NOT NULL DEFAULT now(),
      "resolved_at" timestamptz,
      CONSTRAINT "uq_activity_incidents_execution" UNIQUE ("workflow_id", "run_id", "activity_id")
    )`);
    await q.query(`CREATE INDEX "idx_activity_incidents_open" ON "activity_incidents" ("request_id") WHERE "resolved_at" IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "activity_incidents"`);
  }
}
