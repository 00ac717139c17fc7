import { Injectable } from '@nestjs/common';
import type { RequestDocument } from '@sendflow/domain';
import { RequestDocumentsService } from '../request-documents/request-documents.service';

/**
 * The request's documents as task views list them (metadata only; downloading one goes through
 * the documents route, which audits it). Not audited here: the task list or read is.
 */
@Injectable()
export class RequestDocumentsHook {
  constructor(private readonly documents: RequestDocumentsService) {}

  async listFor(requestIds: string[]): Promise<Map<string, RequestDocument[]>> {
    const lists = await Promise.all(requestIds.map(async (id) => [id, await this.documents.listWithoutAudit(id)] as const));
    return new Map(lists);
  }
}
