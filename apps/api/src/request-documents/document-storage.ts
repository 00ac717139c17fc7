import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';

/** The stores a document's bytes can be in; `request_documents.storage` names one per row. */
export type StorageName = 'postgres' | 's3';

/** Where one document's bytes are, as its metadata row records it. */
export interface StoredLocation {
  storage: StorageName;
  /** S3 only: the bucket and object key (the key is the prefix and the document's random id: no personal data). */
  bucket: string | null;
  key: string | null;
}

/**
 * Bytes written by `stage` but not yet recorded: the caller writes the metadata row in a
 * transaction, calls `commit` inside it, and calls `abort` when that transaction fails.
 * PostgreSQL writes the bytes in `commit` (same transaction, nothing to undo); S3 wrote the
 * object in `stage` and deletes it in `abort`, so a failed row leaves no orphan behind.
 */
export interface StagedDocument {
  location: StoredLocation;
  commit(manager: EntityManager): Promise<void>;
  abort(): Promise<void>;
}

/**
 * One place document bytes can live. PostgreSQL (bytea, in the metadata's transaction) is the
 * default; S3-compatible storage is the other (`DOCUMENT_STORAGE=s3`). Failures to reach a store
 * are DependencyUnavailableException (503 with Retry-After), never a 500.
 */
export interface DocumentStorage {
  readonly name: StorageName;
  stage(documentId: string, content: Buffer, sha256Hex: string): Promise<StagedDocument>;
  /** The bytes as a stream, or null when the store has no such document. */
  open(documentId: string, location: StoredLocation): Promise<Readable | null>;
}

/** The stores this API can read (every configured one) and the one new documents go to. */
export interface DocumentStores {
  writer: DocumentStorage;
  readers: Partial<Record<StorageName, DocumentStorage>>;
}

export const DOCUMENT_STORES = Symbol('DOCUMENT_STORES');
