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

  findOfRequest(requestId: string, documentId: string): Promise<DocumentVersionEntity | null> {
    return this.ds.getRepository(DocumentVersionEntity).findOneBy({ id: documentId, requestId });
  }
}
