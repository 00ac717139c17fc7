import { allHandlersFinished, ApplicationFailure, condition, uuid4 } from '@temporalio/workflow';
import type { NodeOfKind, SopGraph } from '@sendflow/sop';
import { deliverDocument, documentIssuer } from './document-delivery';
import { activities, createFlowEngine, batching, projectionsSettled, type Scope } from './flow-engine';
import type { CorrectionInput, CorrectionResult, DocumentState, RequestState, TaskState } from './request-state';

/** Correction tasks are drawn by no SOP: an empty graph, so no SOP timer attaches to them. */
const NO_GRAPH: SopGraph = { nodes: [], edges: [] };
const PREFIX = 'correction/';

const amendNode = (version: number): NodeOfKind<'humanTask'> => ({
  id: 'amend', kind: 'humanTask', label: `Amend your advice for the correction (version ${version})`, role: 'practitioner', serviceScoped: true,
  form: 'pro_forma', outcomes: [{ id: 'submitted', label: 'Submit the amended advice' }],
});
const sendNode = (version: number, laName: string): NodeOfKind<'humanTask'> => ({
  id: 'send_correction', kind: 'humanTask', label: `Check the correction (version ${version}) and send it to ${laName}`.slice(0, 160), role: 'coordinator',
  serviceScoped: false, form: 'return_to_la', outcomes: [{ id: 'sent', label: 'Send the correction' }],
});

/**
 * A correction of advice already returned to the LA (issue 9 §6). The request's own workflow has
 * finished, so each correction is a workflow of its own whose id names the request and the version
 * it issues: asking twice for the same version starts it once. The named services amend their
 * section (a service-scoped task each, in parallel); then the next version is issued from the
 * compiled advice with those sections replaced and marked as a correction with the reason; the
 * coordinator checks it and approves sending (as with the first return), and it is delivered on the
 * LA's channel by the same code, with the same retries and the same failure task. The request's
 * date returned stays the first delivery's (see README).
 */
export async function adviceCorrectionWorkflow(input: CorrectionInput): Promise<CorrectionResult> {
  const { requestId } = input;
  const state: RequestState = {
    requestId, sopVersionId: '', status: 'in_progress', overdue: false, allocatedServices: input.services, activeNodes: [], tasks: [], returned: true,
  };
  const engine = createFlowEngine(
    { requestId, sopKey: 'correction', request: input.request, state },
    {
      receiptShiftDays: () => 0,
      clockRevision: () => 0,
      statutoryDueDate: () => input.request.statutoryDueDate,
      // A handful of events: it never needs to continue as new (only engine.run() would ask).
      continueAt: async () => { throw ApplicationFailure.nonRetryable('a correction does not continue as new'); },
      taskCompleted: async () => undefined,
      perService: async () => { throw ApplicationFailure.nonRetryable('a correction runs no per-service block'); },
      systemAction: async () => { throw ApplicationFailure.nonRetryable('a correction runs no system action'); },
      end: async () => undefined,
    },
  );
  const top: Scope = { graph: NO_GRAPH, prefix: PREFIX, serviceCode: null, outcomes: new Map() };

  await engine.timeline({
    kind: 'advice.reopened', actorId: input.actorId, data: { version: input.version, services: input.services },
    summary: `Advice reopened for a correction (version ${input.version})${input.services.length ? `; ${input.services.join(', ')} to amend` : ''}: ${input.reason}`,
  });

  const amendments = await Promise.all(input.services.map(async (serviceCode) => {
    // The service's practitioners hear of it as of any task that needs them (in the app, and by email as each chose).
    await activities.notify(requestId, 'practitioner', `Advice already returned to the LA is reopened for a correction: amend your service's section (version ${input.version})`, { kind: 'action', serviceCode });
    await engine.runTask(amendNode(input.version), { ...top, serviceCode });
    // Several services' tasks share the node path: pick this service's.
    const task = [...state.tasks].reverse().find((t) => t.nodePath === `${PREFIX}amend` && t.serviceCode === serviceCode && t.status === 'completed') as TaskState;
    return { serviceCode, taskId: task.id, data: task.data };
  }));

  const documentId = uuid4();
  if (batching()) await projectionsSettled();
  const issued = await documentIssuer.issueDocument(requestId, { documentId, kind: 'advice', correctionReason: input.reason, amendments });
  const doc: DocumentState = { documentId, kind: 'advice', version: issued.version, laName: issued.laName };
  state.documents = [doc];
  await engine.timeline({
    kind: 'document.issued', data: { documentId, version: issued.version, kind: 'advice', correction: true },
    summary: `Health advice version ${issued.version} (a correction) ready to check`,
  });

  // Completing this task approves sending; on a manual channel it records the upload, as for version 1.
  const approval = await engine.runTask(sendNode(issued.version, issued.laName), top);
  const details = (approval.data ?? {}) as { method?: string; sentTo?: string; notes?: string };
  const delivered = await deliverDocument(engine, top, doc, input.delivery, { ...details, actorId: approval.completedBy });
  // The last task's Update is still writing its projection: let it finish before the run ends.
  await condition(allHandlersFinished);
  if (batching()) await projectionsSettled();
  return { documentId, version: issued.version, deliveredAt: delivered?.deliveredAt ?? null, channel: delivered?.channel ?? null };
}
