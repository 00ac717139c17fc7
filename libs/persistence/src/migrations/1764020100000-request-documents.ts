import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents the LA sent with a request. Metadata in one table, bytes in another behind the
 * storage interface (PostgresDocumentStorage), so moving content to S3-compatible storage
 * leaves the metadata and every query on it as they are.
 */
export class RequestDocuments1764020100000 implements MigrationInterface {
  name = 'RequestDocuments1764020100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "request_documents" ("id" uuid NOT NULL, "request_id" uuid NOT NULL, "filename" character varying(255) NOT NULL,
      "media_type" character varying(120) NOT NULL, "kind" character varying(8) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL,
      "storage" character varying(16) NOT NULL DEFAULT 'postgres', "uploaded_by" character varying(160) NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_request_documents" PRIMARY KEY ("id"), CONSTRAINT "fk_request_documents_request" FOREIGN KEY ("request_id") REFERENCES "requests"("id"))`);
    await q.query(`CREATE INDEX "ix_request_documents_request" ON "request_documents" ("request_id", "uploaded_at", "id")`);
    await q.query(`CREATE TABLE "request_document_contents" ("document_id" uuid NOT NULL, "content" bytea NOT NULL,
      CONSTRAINT "pk_request_document_contents" PRIMARY KEY ("document_id"),
      CONSTRAINT "fk_request_document_contents_document" FOREIGN KEY ("document_id") REFERENCES "request_documents"("id") ON DELETE CASCADE)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "request_document_contents"`);
    await q.query(`DROP TABLE "request_documents"`);
  }
}
