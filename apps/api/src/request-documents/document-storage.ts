import type { EntityManager } from 'typeorm';

/**
 * Where document bytes live. PostgreSQL (bytea, same transaction as the metadata) is the
 * default; an S3-compatible store would implement the same two calls, with the metadata row
 * recording which store holds the bytes (request_documents.storage).
 */
export interface DocumentStorage {
  readonly name: string;
  /** Stores the bytes; `manager` is the transaction the metadata row is written in. */
  put(manager: EntityManager, documentId: string, content: Buffer): Promise<void>;
  get(documentId: string): Promise<Buffer | null>;
}

export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');
