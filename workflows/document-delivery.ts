import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { NodeOfKind } from '@sendflow/sop';
import type { DocumentActivities, ManualDelivery } from './activities.contract';
import { batching, projectionsSettled, type createFlowEngine, type Scope } from './flow-engine';
import type { DeliveryRetrySettings, DocumentState } from './request-state';

/** Requests whose compile step ran before documents existed keep returning as before. */
export const DOCUMENT_DELIVERY_PATCH = 'document-delivery';

const DEFAULT_RETRY: DeliveryRetrySettings = { maximumAttempts: 5, initialIntervalSeconds: 30 };

/** Issuing is a projection-like write: it retries until it succeeds (idempotent by document id). */
export const documentIssuer = proxyActivities<Pick<DocumentActivities, 'issueDocument' | 'recordManualDelivery'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

type Engine = ReturnType<typeof createFlowEngine>;

const failedNode = (laName: string, reason: string): NodeOfKind<'humanTask'> => ({
  id: 'delivery_failed', kind: 'humanTask', label: `Delivery to ${laName} failed: ${reason}`.slice(0, 160), role: 'coordinator', serviceScoped: false,
  form: 'delivery_failed', outcomes: [{ id: 'retry', label: 'Try again' }, { id: 'recorded', label: 'Sent another way' }],
});
const manualNode = (laName: string): NodeOfKind<'humanTask'> => ({
  id: 'send_document', kind: 'humanTask', label: `Send the letter to ${laName} and record it`.slice(0, 160), role: 'coordinator', serviceScoped: false,
  form: 'return_to_la', outcomes: [{ id: 'sent', label: 'Sent' }],
});

/** The receiver's reason, as the activity reported it: never personal data (the activity words it). */
function reasonOf(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : 'unknown error';
}

/**
 * Delivers one document version on the LA's channel. Transient failures retry with backoff (the
 * activity's retry policy); when the attempts run out, or the receiver refuses for good, the
 * coordinator gets a task "Delivery to <LA> failed: <reason>" to try again or record that they
 * sent it another way. The request never fails for a delivery problem.
 */
export async function deliverDocument(
  engine: Engine, scope: Scope, doc: DocumentState, settings: DeliveryRetrySettings | undefined, recorded: ManualDelivery | null,
  opts: { manualLater?: boolean } = {},
): Promise<{ deliveredAt: string; channel: string } | null> {
  const retry = settings ?? DEFAULT_RETRY;
  const sender = proxyActivities<Pick<DocumentActivities, 'deliverDocument'>>({
    // Absent in histories recorded before it could be set: the same two minutes as then.
    startToCloseTimeout: retry.attemptTimeoutSeconds ? `${retry.attemptTimeoutSeconds} seconds` : '2 minutes',
    retry: { initialInterval: `${retry.initialIntervalSeconds} seconds`, backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: retry.maximumAttempts },
  });
  let record = recorded;
  for (;;) {
    let result;
    try {
      // Batching runs: what the timeline and tasks say so far is written before anything is sent.
      if (batching()) await projectionsSettled();
      result = await sender.deliverDocument(doc.documentId, record);
    } catch (err) {
      const reason = reasonOf(err);
      await engine.timeline({ kind: 'document.delivery_failed', summary: `Delivery of version ${doc.version} to ${doc.laName} failed: ${reason}`, data: { documentId: doc.documentId } });
      const task = await engine.runTask(failedNode(doc.laName, reason), scope);
      if (task.outcome === 'recorded') {
        if (batching()) await projectionsSettled();
        const manual = await documentIssuer.recordManualDelivery(doc.documentId, { ...(task.data as ManualDelivery), actorId: task.completedBy });
        return delivered(engine, doc, manual);
      }
      continue;
    }
    if (result.status === 'delivered') return delivered(engine, doc, result);
    // Recorded later through the API (POST .../manual-delivery): the workflow need not wait.
    if (opts.manualLater) return null;
    const task = await engine.runTask(manualNode(doc.laName), scope);
    record = { ...(task.data as ManualDelivery), actorId: task.completedBy };
  }
}

async function delivered(engine: Engine, doc: DocumentState, r: { deliveredAt: string; channel: string }) {
  doc.deliveredAt = r.deliveredAt;
  doc.channel = r.channel;
  await engine.timeline({ kind: 'document.delivered', summary: `Version ${doc.version} delivered to ${doc.laName} (${r.channel})`, data: { documentId: doc.documentId, deliveredAt: r.deliveredAt, channel: r.channel } });
  return r;
}
