import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { TRUST_TIME_ZONE, type Actor, type DocumentFormat, type DocumentVersionView, type ManualDeliveryBody } from '@sendflow/domain';
import { renderDocument, trustSettingsFromEnv, type RenderedDocument, type TrustSettings } from '@sendflow/documents';
import type { DocumentVersionEntity } from '@sendflow/persistence';
import { AuditService } from '../audit/audit.service';
import { canSeeRequest } from '../requests/request-access';
import { RequestsRepository } from '../requests/requests.repository';
import { DocumentsRepository } from './documents.repository';

/** The calendar day in the trust's time zone. */
const trustDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TRUST_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

const view = (d: DocumentVersionEntity): DocumentVersionView => ({
  id: d.id, kind: d.kind, version: d.version, title: d.model.title, createdAt: new Date(d.createdAt).toISOString(), correctionReason: d.correctionReason,
  deliveryStatus: d.deliveryStatus, deliveryChannel: d.deliveryChannel, deliveredAt: d.deliveredAt ? new Date(d.deliveredAt).toISOString() : null,
  deliveryAttempts: d.deliveryAttempts, lastError: d.lastError,
});

/**
 * The documents issued for a request: who may see the request may see them (404 otherwise), and
 * every preview and download is in the audit log with the version and format.
 */
@Injectable()
export class DocumentsService {
  private trust?: TrustSettings;

  constructor(private readonly documents: DocumentsRepository, private readonly requests: RequestsRepository, private readonly audit: AuditService) {}

  private trustSettings(): TrustSettings {
    return (this.trust ??= trustSettingsFromEnv());
  }

  private async visibleRequest(requestId: string, actor: Actor) {
    const row = await this.requests.findById(requestId);
    if (!row || !canSeeRequest(actor, row.allocatedServices)) throw new NotFoundException(`Request ${requestId} not found`);
    return row;
  }

  async list(requestId: string, actor: Actor): Promise<DocumentVersionView[]> {
    await this.visibleRequest(requestId, actor);
    const docs = await this.documents.listForRequest(requestId);
    await this.audit.record(actor, { action: 'document.list', entity: 'request', entityId: requestId, requestId, after: { documentIds: docs.map((d) => d.id) } });
    return docs.map(view);
  }

  /** The coordinator sent a document awaiting manual delivery (the LA's portal, post) and records that. */
  async recordManualDelivery(requestId: string, documentId: string, body: ManualDeliveryBody, actor: Actor): Promise<DocumentVersionView> {
    await this.visibleRequest(requestId, actor);
    const doc = await this.documents.findOfRequest(requestId, documentId);
    if (!doc) throw new NotFoundException(`Document ${documentId} not found`);
    if (!(await this.documents.recordManual(documentId, { ...body, actorId: actor.userId }))) {
      throw new ConflictException(`Document ${documentId} is ${doc.deliveryStatus === 'delivered' ? 'already delivered' : 'being delivered by the workflow, not awaiting a manual delivery'}`);
    }
    await this.audit.record(actor, { action: 'document.manual_delivery', entity: 'document', entityId: documentId, requestId, after: { version: doc.version, method: body.method } });
    return view((await this.documents.findOfRequest(requestId, documentId)) as DocumentVersionEntity);
  }

  async render(requestId: string, documentId: string, format: DocumentFormat, actor: Actor): Promise<RenderedDocument> {
    await this.visibleRequest(requestId, actor);
    const doc = await this.documents.findOfRequest(requestId, documentId);
    if (!doc) throw new NotFoundException(`Document ${documentId} not found`);
    // What the LA got, or (before delivery) what will go, with the date returned once known.
    const model = doc.deliveredAt && !doc.model.cover.dateReturned ? { ...doc.model, cover: { ...doc.model.cover, dateReturned: trustDate(new Date(doc.deliveredAt)) } } : doc.model;
    const rendered = await renderDocument(model, format, this.trustSettings());
    await this.audit.record(actor, {
      action: format === 'html' ? 'document.preview' : 'document.download', entity: 'document', entityId: documentId, requestId,
      after: { version: doc.version, kind: doc.kind, format },
    });
    return rendered;
  }
}
