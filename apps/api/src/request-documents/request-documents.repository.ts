import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { StorageName, StoredLocation } from './document-storage';

export interface DocumentRow {
  id: string;
  request_id: string;
  filename: string;
  media_type: string;
  kind: string;
  size_bytes: number;
  sha256: string;
  storage: StorageName;
  storage_bucket: string | null;
  storage_key: string | null;
  uploaded_by: string;
  uploaded_by_name: string | null;
  uploaded_at: Date;
}

const COLUMNS = `d.id, d.request_id, d.filename, d.media_type, d.kind, d.size_bytes, d.sha256, d.storage, d.storage_bucket, d.storage_key, d.uploaded_by, u.display_name AS uploaded_by_name, d.uploaded_at`;
const FROM = `request_documents d LEFT JOIN users u ON u.id::text = d.uploaded_by`;

/** Metadata of the documents attached to requests (the bytes are the storage's). */
@Injectable()
export class RequestDocumentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The services a request is allocated to and whether it is still open, or null when there is no such request. */
  async requestAccess(requestId: string): Promise<{ allocatedServices: string[]; status: string } | null> {
    const rows: { allocated_services: string[]; status: string }[] = await this.ds.query(`SELECT allocated_services, status FROM requests WHERE id = $1`, [requestId]);
    return rows[0] ? { allocatedServices: rows[0].allocated_services, status: rows[0].status } : null;
  }

  insert(manager: EntityManager, d: { id: string; requestId: string; filename: string; mediaType: string; kind: string; sizeBytes: number; sha256: string; location: StoredLocation; uploadedBy: string }) {
    return manager.query(
      `INSERT INTO request_documents (id, request_id, filename, media_type, kind, size_bytes, sha256, storage, storage_bucket, storage_key, uploaded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [d.id, d.requestId, d.filename, d.mediaType, d.kind, d.sizeBytes, d.sha256, d.location.storage, d.location.bucket, d.location.key, d.uploadedBy],
    );
  }

  listOf(requestId: string): Promise<DocumentRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.request_id = $1 ORDER BY d.uploaded_at, d.id`, [requestId]);
  }

  async find(requestId: string, documentId: string): Promise<DocumentRow | null> {
    const rows: DocumentRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE d.request_id = $1 AND d.id = $2`, [requestId, documentId]);
    return rows[0] ?? null;
  }

  async exists(documentId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM request_documents WHERE id = $1`, [documentId]);
    return rows.length > 0;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }
}
