import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first answer to each state-changing call sent with an Idempotency-Key, per caller, method
 * and path, so a retry (sequential or concurrent) gets the same status and body and causes no
 * second effect. Rows are kept IDEMPOTENCY_TTL_HOURS (at least 24 h), then reused or deleted.
 */
export class IdempotencyKeys1764100000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "idempotency_keys" (
      "actor_id" text NOT NULL,
      "method" text NOT NULL,
      "path" text NOT NULL,
      "key" text NOT NULL,
      "request_hash" text NOT NULL,
      "state" text NOT NULL CHECK ("state" IN ('pending', 'done')),
      "response_status" integer,
      "response_body" text,
      "response_headers" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "locked_until" timestamptz NOT NULL,
      CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("actor_id", "method", "path", "key")
    )`);
    await q.query(`CREATE INDEX "idx_idempotency_keys_created_at" ON "idempotency_keys" ("created_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_keys"`);
  }
}
