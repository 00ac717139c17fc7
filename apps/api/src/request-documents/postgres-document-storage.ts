import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DocumentStorage } from './document-storage';

/** Document bytes in request_document_contents (bytea), written in the metadata's transaction. */
@Injectable()
export class PostgresDocumentStorage implements DocumentStorage {
  readonly name = 'postgres';

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async put(manager: EntityManager, documentId: string, content: Buffer): Promise<void> {
    await manager.query(`INSERT INTO request_document_contents (document_id, content) VALUES ($1, $2)`, [documentId, content]);
  }

  async get(documentId: string): Promise<Buffer | null> {
    const rows: { content: Buffer }[] = await this.ds.query(`SELECT content FROM request_document_contents WHERE document_id = $1`, [documentId]);
    return rows[0]?.content ?? null;
  }
}
