import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Actor, RequestDocument } from '@sendflow/domain';
import { AuditService } from '../audit/audit.service';
import { canSeeRequest } from '../requests/request-access';
import { DOCUMENT_STORAGE, type DocumentStorage } from './document-storage';
import { detectDocumentType } from './document-type.util';
import { RequestDocumentsRepository, type DocumentRow } from './request-documents.repository';

/** What multer hands over for one file held in memory. */
export interface UploadedFile { originalname: string; size: number; buffer: Buffer }

export function documentView(d: DocumentRow): RequestDocument {
  return {
    id: d.id, filename: d.filename, mediaType: d.media_type, kind: d.kind as RequestDocument['kind'], sizeBytes: d.size_bytes, sha256: d.sha256,
    uploadedBy: { id: d.uploaded_by, name: d.uploaded_by_name }, uploadedAt: new Date(d.uploaded_at).toISOString(),
  };
}

/** A file name safe to store and show: no path, no control characters, bounded. */
export function cleanFilename(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return base || 'document';
}

const ACCEPTED = 'a PDF, a Word document (.docx or .doc) or an image (PNG or JPEG)';

/**
 * The LA's documents on a request. Coordinators attach them; whoever may read the request may
 * list and download them (service-scoped roles only for requests allocated to their service;
 * anything else is a 404, as if it did not exist). Every download is an audited read.
 */
@Injectable()
export class RequestDocumentsService {
  constructor(
    private readonly documents: RequestDocumentsRepository,
    private readonly audit: AuditService,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  async upload(requestId: string, file: UploadedFile | undefined, actor: Actor): Promise<RequestDocument> {
    const request = await this.visibleRequest(requestId, actor);
    if (['returned', 'not_known', 'cancelled'].includes(request.status)) throw new ConflictException(`The request is ${request.status}: documents can no longer be added`);
    if (!file || !file.buffer?.length) {
      throw new BadRequestException({ message: ['file: attach one file in the multipart field "file"'], issues: [{ field: 'file', message: 'file: attach one file in the multipart field "file"' }] });
    }
    const type = detectDocumentType(file.buffer);
    if (!type) {
      const message = `file: must be ${ACCEPTED}; its content is none of these`;
      throw new UnsupportedMediaTypeException({ message: [message], issues: [{ field: 'file', message }] });
    }
    const id = randomUUID();
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    await this.documents.transaction(async (m) => {
      await this.documents.insert(m, {
        id, requestId, filename: cleanFilename(file.originalname), mediaType: type.mediaType, kind: type.kind, sizeBytes: file.buffer.length, sha256,
        storage: this.storage.name, uploadedBy: actor.userId,
      });
      await this.storage.put(m, id, file.buffer);
      // The file name may carry the child's name: the audit row names the document, not its name.
      await this.audit.record(actor, { action: 'request.document_upload', entity: 'request_document', entityId: id, requestId, after: { kind: type.kind, sizeBytes: file.buffer.length, sha256 } }, m);
    });
    const row = await this.documents.find(requestId, id);
    return documentView(row as DocumentRow);
  }

  async list(requestId: string, actor: Actor): Promise<RequestDocument[]> {
    await this.visibleRequest(requestId, actor);
    const rows = await this.documents.listOf(requestId);
    await this.audit.record(actor, { action: 'request.document_list', entity: 'request', entityId: requestId, requestId, after: { documentIds: rows.map((r) => r.id) } });
    return rows.map(documentView);
  }

  /** For the request page, which audits its own read. */
  async listWithoutAudit(requestId: string): Promise<RequestDocument[]> {
    return (await this.documents.listOf(requestId)).map(documentView);
  }

  async download(requestId: string, documentId: string, actor: Actor): Promise<{ document: RequestDocument; content: Buffer }> {
    await this.visibleRequest(requestId, actor);
    const row = await this.documents.find(requestId, documentId);
    if (!row) throw new NotFoundException(`Document ${documentId} not found`);
    const content = await this.storage.get(documentId);
    if (!content) throw new NotFoundException(`Document ${documentId} not found`);
    await this.audit.record(actor, { action: 'request.document_download', entity: 'request_document', entityId: documentId, requestId, after: { kind: row.kind, sha256: row.sha256 } });
    return { document: documentView(row), content };
  }

  private async visibleRequest(requestId: string, actor: Actor) {
    const request = await this.documents.requestAccess(requestId);
    if (!request || !canSeeRequest(actor, request.allocatedServices)) throw new NotFoundException(`Request ${requestId} not found`);
    return request;
  }
}
