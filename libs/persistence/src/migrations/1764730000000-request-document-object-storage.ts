import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request documents may keep their bytes in S3-compatible storage: each row records the bucket
 * and object key beside `storage`, so rows written before a switch (bytes in PostgreSQL) and
 * after it (bytes in S3) stay readable side by side, and a later change of bucket does not lose
 * the old objects. The key is the prefix and the document's random id: no personal data.
 */
export class RequestDocumentObjectStorage1764730000000 implements MigrationInterface {
  name = 'RequestDocumentObjectStorage1764730000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "request_documents" ADD COLUMN "storage_bucket" character varying(63), ADD COLUMN "storage_key" character varying(1024)`);
    await q.query(`ALTER TABLE "request_documents" ADD CONSTRAINT "ck_request_documents_storage" CHECK (
      ("storage" = 'postgres' AND "storage_bucket" IS NULL AND "storage_key" IS NULL) OR ("storage" = 's3' AND "storage_bucket" IS NOT NULL AND "storage_key" IS NOT NULL))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "request_documents" DROP CONSTRAINT "ck_request_documents_storage"`);
    await q.query(`ALTER TABLE "request_documents" DROP COLUMN "storage_key", DROP COLUMN "storage_bucket"`);
  }
}
