import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  correctionWorkflowId, TRUST_TIME_ZONE, type Actor, type DocumentFormat, type DocumentVersionView, type ManualDeliveryBody, type ReopenAdviceBody, type ReopenAdviceView,
} from '@sendflow/domain';
import { adviceCorrectionWorkflow, type CorrectionInput } from '@sendflow/workflows';
import { renderDocument, trustSettingsFrom, type RenderedDocument, type TrustSettings } from '@sendflow/documents';
import type { DocumentVersionEntity } from '@sendflow/persistence';
import { AuditService } from '../audit/audit.service';
import { canSeeRequest } from '../requests/request-access';
import { RequestsRepository } from '../requests/requests.repository';
import { deliverySetting } from '../requests/delivery.settings';
import { apiConfig } from '../config/api-config';
import { DependencyUnavailableException } from '../common/unavailable';
import { withinBound } from '../temporal/bounded-call';
import { TEMPORAL_CLIENT, TEMPORAL_TASK_QUEUE } from '../temporal/temporal.module';
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
  private readonly logger = new Logger(DocumentsService.name);
  private trust?: TrustSettings;

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly requests: RequestsRepository,
    private readonly audit: AuditService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  private trustSettings(): TrustSettings {
    return (this.trust ??= trustSettingsFrom(apiConfig()));
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

  /**
   * Reopens returned advice for a correction: starts the workflow that issues the next version
   * (after the named services amend their sections) and delivers it once approved. Its id names
   * the version, so a second click while one is starting is a 409, never a second version.
   */
  async reopen(requestId: string, body: ReopenAdviceBody, actor: Actor): Promise<ReopenAdviceView> {
    const row = await this.visibleRequest(requestId, actor);
    if (row.status !== 'returned') throw new ConflictException(`Request ${requestId} is ${row.status}: only advice already returned to the LA can be reopened`);
    const docs = await this.documents.listForRequest(requestId);
    const latest = docs.filter((d) => d.kind === 'advice').at(-1);
    if (!latest) throw new ConflictException(`Request ${requestId} has no advice document to correct (it was returned before documents were issued)`);
    if (latest.deliveryStatus !== 'delivered') {
      throw new ConflictException(`Version ${latest.version} is not delivered yet (${latest.deliveryStatus.replace('_', ' ')}): finish sending it before reopening the advice`);
    }
    const notAllocated = body.services.filter((s) => !row.allocatedServices.includes(s));
    if (notAllocated.length) throw new BadRequestException(`services: ${notAllocated.join(', ')} ${notAllocated.length === 1 ? 'was' : 'were'} not allocated to this request`);
    const version = Math.max(...docs.map((d) => d.version)) + 1;
    const workflowId = correctionWorkflowId(row.workflowId, version);
    const input: CorrectionInput = {
      requestId, requestWorkflowId: row.workflowId, version, reason: body.reason.trim(), actorId: actor.userId, services: body.services,
      request: {
        localAuthorityCode: row.localAuthorityCode, laReference: row.laReference, ehcpFlag: row.ehcpFlag, adviceType: row.adviceType,
        receivedAt: new Date(row.receivedAt).toISOString(), effectiveReceiptDate: String(row.effectiveReceiptDate), statutoryDueDate: String(row.statutoryDueDate),
        statutoryDueAt: new Date(row.statutoryDueAt).toISOString(),
      },
      ...deliverySetting(apiConfig()),
    };
    try {
      await withinBound(this.temporal, apiConfig().TEMPORAL_CALL_TIMEOUT_MS, 'start correction', () => this.temporal.workflow.start(adviceCorrectionWorkflow, {
        workflowId, taskQueue: this.taskQueue, args: [input], workflowIdConflictPolicy: 'FAIL', workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      }));
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw new ConflictException(`A correction issuing version ${version} is already under way`);
      this.logger.warn(`reopen: correction start failed for request ${requestId}: ${err instanceof Error ? err.name : 'error'}`);
      throw new DependencyUnavailableException('The workflow service did not confirm the correction in time. It may still start: look at the request before trying again.');
    }
    await this.audit.record(actor, { action: 'advice.reopen', entity: 'request', entityId: requestId, requestId, after: { version, services: body.services, reason: input.reason, workflowId } });
    return { requestId, version, workflowId, services: body.services };
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
