import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { DocumentStorage, StagedDocument } from './document-storage';

/** Document bytes in request_document_contents (bytea), written in the metadata's transaction. */
@Injectable()
export class PostgresDocumentStorage implements DocumentStorage {
  readonly name = 'postgres' as const;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async stage(documentId: string, content: Buffer): Promise<StagedDocument> {
    return {
      location: { storage: 'postgres', bucket: null, key: null },
      commit: async (manager: EntityManager) => {
        await manager.query(`INSERT INTO request_document_contents (document_id, content) VALUES ($1, $2)`, [documentId, content]);
      },
      // Nothing was written outside the transaction that failed.
      abort: async () => undefined,
    };
  }

  async open(documentId: string): Promise<Readable | null> {
    const rows: { content: Buffer }[] = await this.ds.query(`SELECT content FROM request_document_contents WHERE document_id = $1`, [documentId]);
    return rows[0] ? Readable.from([rows[0].content]) : null;
  }
}
