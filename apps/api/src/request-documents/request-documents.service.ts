import { createHash, randomUUID } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Actor, RequestDocument } from '@sendflow/domain';
import { AuditService } from '../audit/audit.service';
import { canSeeRequest } from '../requests/request-access';
import { DependencyUnavailableException } from '../common/unavailable';
import { DOCUMENT_STORES, type DocumentStores } from './document-storage';
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

/**
 * Passes the bytes through while hashing them, holding the last chunk back until the end: only
 * when the size and SHA-256 are the ones recorded at upload does the last chunk go out. Otherwise
 * the stream fails, so a response with a Content-Length is cut short and never completes with
 * wrong bytes.
 */
export function verifyingStream(expectedSha256: string, expectedSize: number): Transform {
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > expectedSize) return done(new Error(`document is longer than the ${expectedSize} bytes recorded`));
      hash.update(chunk);
      const out = held;
      held = chunk;
      done(null, out ?? undefined);
    },
    flush(done) {
      if (size !== expectedSize || hash.digest('hex') !== expectedSha256) return done(new Error(`document does not match its recorded size and SHA-256 (${size} bytes read)`));
      done(null, held ?? undefined);
    },
  });
}

const ACCEPTED = 'a PDF, a Word document (.docx or .doc) or an image (PNG or JPEG)';

/**
 * The LA's documents on a request. Coordinators attach them; whoever may read the request may
 * list and download them (service-scoped roles only for requests allocated to their service;
 * anything else is a 404, as if it did not exist). Every download is an audited read.
 */
@Injectable()
export class RequestDocumentsService {
  private readonly logger = new Logger(RequestDocumentsService.name);

  constructor(
    private readonly documents: RequestDocumentsRepository,
    private readonly audit: AuditService,
    @Inject(DOCUMENT_STORES) private readonly stores: DocumentStores,
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
    // S3 writes the object here, before the row; PostgreSQL writes the bytes in the row's transaction.
    const staged = await this.stores.writer.stage(id, file.buffer, sha256);
    try {
      await this.documents.transaction(async (m) => {
        await this.documents.insert(m, {
          id, requestId, filename: cleanFilename(file.originalname), mediaType: type.mediaType, kind: type.kind, sizeBytes: file.buffer.length, sha256,
          location: staged.location, uploadedBy: actor.userId,
        });
        await staged.commit(m);
        // The file name may carry the child's name: the audit row names the document, not its name.
        await this.audit.record(actor, { action: 'request.document_upload', entity: 'request_document', entityId: id, requestId, after: { kind: type.kind, sizeBytes: file.buffer.length, sha256, storage: staged.location.storage } }, m);
      });
    } catch (err) {
      // No row, so no object either: an object without its row would be an orphan. But a commit
      // whose answer was lost may have written the row: delete only once the row is known absent
      // (a row without its bytes would be worse than an orphan, which is logged for an operator).
      const written = await this.documents.exists(id).catch(() => null);
      if (written === false) await staged.abort();
      else if (staged.location.storage !== 'postgres') this.logger.warn(`document ${id}: upload failed and whether its row was written is ${written === null ? 'unknown' : 'yes'}; its bytes (${staged.location.storage}) were kept`);
      throw err;
    }
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

  /**
   * The document's bytes as a stream from whichever store the row names, checked against the
   * recorded size and SHA-256 as they pass (a mismatch cuts the response short and is logged).
   * The download is audited once the store has answered, before the first byte goes out.
   */
  async download(requestId: string, documentId: string, actor: Actor): Promise<{ document: RequestDocument; content: Readable }> {
    await this.visibleRequest(requestId, actor);
    const row = await this.documents.find(requestId, documentId);
    if (!row) throw new NotFoundException(`Document ${documentId} not found`);
    const store = this.stores.readers[row.storage];
    if (!store) throw new DependencyUnavailableException(`This document is kept in ${row.storage} storage, which this server is not configured to read`, 60);
    const body = await store.open(documentId, { storage: row.storage, bucket: row.storage_bucket, key: row.storage_key });
    if (!body) throw new NotFoundException(`Document ${documentId} not found`);
    try {
      await this.audit.record(actor, { action: 'request.document_download', entity: 'request_document', entityId: documentId, requestId, after: { kind: row.kind, sha256: row.sha256 } });
    } catch (err) {
      body.destroy();
      throw err;
    }
    const content = pipeline(body, verifyingStream(row.sha256, row.size_bytes), (err) => {
      if (err) this.logger.error(`document ${documentId} (${row.storage}) download failed: ${err.message}`);
    });
    return { document: documentView(row), content };
  }

  private async visibleRequest(requestId: string, actor: Actor) {
    const request = await this.documents.requestAccess(requestId);
    if (!request || !canSeeRequest(actor, request.allocatedServices)) throw new NotFoundException(`Request ${requestId} not found`);
    return request;
  }
}
