import { Injectable } from '@nestjs/common';

/** A document the LA sent with the request, as task views list it (no content, no personal data in the name shown here). */
export interface RequestDocumentSummary {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
}

/**
 * HOOK for the request's documents (issue 8 §4, built by the requests feature: request_documents
 * table and its download route). Until that lands on main every task lists none; once it does,
 * this reads the summaries for many requests in one query.
 */
@Injectable()
export class RequestDocumentsHook {
  async listFor(requestIds: string[]): Promise<Map<string, RequestDocumentSummary[]>> {
    return new Map(requestIds.map((id) => [id, []]));
  }
}
