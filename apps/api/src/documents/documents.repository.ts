import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DocumentVersionEntity } from '@sendflow/persistence';

@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  listForRequest(requestId: string): Promise<DocumentVersionEntity[]> {
    return this.ds.getRepository(DocumentVersionEntity).find({ where: { requestId }, order: { version: 'ASC' } });
  }

  /**
   * Records the coordinator's manual delivery of a document awaiting it; the request's date
   * returned is set if this is its first delivered document. False when it is not awaiting one.
   */
  async recordManual(documentId: string, detail: Record<string, unknown>): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const rows: { request_id: string; delivered_at: Date }[] = await m.query(
        `UPDATE document_versions SET delivery_status = 'delivered', delivery_channel = 'manual', delivered_at = now(), delivery_detail = $2
          WHERE id = $1 AND delivery_status = 'awaiting_manual' RETURNING request_id, delivered_at`, [documentId, JSON.stringify(detail)]);
      const row = (Array.isArray(rows[0]) ? rows[0] : rows)[0] as { request_id: string; delivered_at: Date } | undefined;
      if (!row) return false;
      await m.query(`UPDATE requests SET returned_at = COALESCE(returned_at, $2), updated_at = now() WHERE id = $1`, [row.request_id, row.delivered_at]);
      return true;
    });
  }

  findOfRequest(requestId: string, documentId: string): Promise<DocumentVersionEntity | null> {
    return this.ds.getRepository(DocumentVersionEntity).findOneBy({ id: documentId, requestId });
  }
}
