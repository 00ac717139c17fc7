import { ApplicationFailure, executeChild, proxyActivities, upsertSearchAttributes, uuid4, workflowInfo } from '@temporalio/workflow';
import { SA_STATUS, SEARCH_ATTRIBUTES_PATCH } from './search-attributes';
import { BRANCH_WORKFLOW_TYPE, NOT_KNOWN_OUTCOME } from '@sendflow/domain';
import type { InterpreterActivities } from './activities.contract';
import { deliverDocument, documentIssuer, DOCUMENT_DELIVERY_PATCH } from './document-delivery';
import { activities, continueWith, createFlowEngine, projectionQueue, batching, projectionsSettled, type Scope } from './flow-engine';
import type { BranchInput, BranchResult, DocumentState, InterpreterInput, RequestState, TaskState } from './request-state';
import { createStatutoryClock } from './statutory-clock';
import { decideRunPatches, hasPatch } from './run-patches';
import { runReceiptAlarm } from './receipt-alarm';

/** How long a new workflow waits for the API's intake row to commit before ending itself. */
const DEFAULT_INTAKE_GRACE_SECONDS = 600;
/** Requests started before per-service branches became child workflows keep running them inline. */
export const CHILD_BRANCHES_PATCH = 'per-service-child-workflows';
/** Requests started before this do not begin their flow until the received entry is written. */
export const INTAKE_TIMELINE_PATCH = 'intake-timeline-alongside-first-task';

/**
 * The one workflow type that runs any published SOP version for one request: it walks the pinned
 * graph, runs each allocated service's part of a per-service block as a child workflow, keeps the
 * statutory deadline (with any reg 8(2) pause or extension) and the SOP's reminders as durable
 * timers, and continues as new when its history grows long.
 */
export async function sopInterpreterWorkflow(input: InterpreterInput): Promise<RequestState> {
  const { requestId, sop, request } = input;
  const state: RequestState = input.resume?.state ?? {
    requestId, sopVersionId: input.sopVersionId, status: 'received', overdue: false,
    allocatedServices: [], activeNodes: [], tasks: [], returned: false,
  };
  state.branches ??= [];
  const latest = (form: string, serviceCode?: string) =>
    [...state.tasks].reverse().find((t) => t.form === form && t.status === 'completed' && (serviceCode === undefined || t.serviceCode === serviceCode));

  // Created after the engine (it needs the engine's timeline); the engine's hooks read it lazily.
  // eslint-disable-next-line prefer-const
  let clock: ReturnType<typeof createStatutoryClock> | undefined;
  const engine = createFlowEngine(
    { requestId, sopKey: sop.key, request, state, resume: input.resume, continueAsNewAfterEvents: input.continueAsNewAfterEvents, formBundle: input.formBundle },
    {
      receiptShiftDays: () => clock?.shiftDays() ?? 0,
      clockRevision: () => clock?.revision() ?? 0,
      statutoryDueDate: () => state.deadline?.dueDate ?? request.statutoryDueDate,
      continueAt: (resume) => continueWith(input, resume),
      taskCompleted: async (node, task) => {
        if (state.status === 'received') {
          state.status = 'in_progress';
          await engine.projectRequest();
        }
        if (node.form === 'allocation' && task.outcome !== undefined) {
          state.allocatedServices = (task.data as { services: string[] }).services;
          await engine.projectRequest();
          await engine.timeline({ kind: 'services.allocated', summary: `Allocated to ${state.allocatedServices.join(', ')}`, nodeId: task.nodePath, data: { services: state.allocatedServices } });
        }
      },
      perService: async (node, scope) => {
        if (state.allocatedServices.length === 0) {
          throw ApplicationFailure.nonRetryable(`Per-service block ${node.id} reached with no services allocated`);
        }
        const prefix = `${scope.prefix}${node.id}/`;
        if (!hasPatch(CHILD_BRANCHES_PATCH)) {
          await Promise.all(state.allocatedServices.map((serviceCode) => engine.runFlow({ graph: node.body, prefix, serviceCode, outcomes: new Map() })));
          return;
        }
        // One child per service keeps each history small and lets a rework loop in one service
        // grow its own history, not the request's.
        await Promise.all(state.allocatedServices.map(async (serviceCode) => {
          const workflowId = `${engine.workflowId}/${prefix}${serviceCode}`;
          const earlier = [...(state.branches ?? [])].reverse().find((b) => b.workflowId === workflowId && b.result)?.result?.attempts;
          const summary = { blockId: node.id, serviceCode, workflowId, status: 'running' as const };
          state.branches = [...(state.branches ?? []).filter((b) => b.workflowId !== workflowId), summary];
          const branchInput: BranchInput = {
            requestId, parentWorkflowId: engine.workflowId, sopKey: sop.key, prefix, serviceCode, graph: node.body,
            // The deadline as it stands (reg 8(2) exceptions move it), so the branch caps its targets at it.
            request: state.deadline && state.deadline.dueDate !== request.statutoryDueDate ? { ...request, statutoryDueDate: state.deadline.dueDate } : request,
            continueAsNewAfterEvents: input.continueAsNewAfterEvents, ...(earlier ? { attempts: earlier } : {}),
            ...(input.formBundle ? { formBundle: input.formBundle } : {}),
          };
          const result = await executeChild<(i: BranchInput) => Promise<BranchResult>>(BRANCH_WORKFLOW_TYPE, {
            workflowId, args: [branchInput], taskQueue: workflowInfo().taskQueue,
          });
          // Kept in state, not a local, so a continue-as-new before compiling keeps the drafts.
          state.branches = (state.branches ?? []).map((b) => (b.workflowId === workflowId ? { ...b, status: 'completed', result } : b));
        }));
      },
      systemAction: async (node, scope) => {
        switch (node.action) {
          case 'compileAdvice': {
            const contributions = state.allocatedServices.flatMap((s) => {
              const fromBranch = [...(state.branches ?? [])].reverse().find((b) => b.serviceCode === s && b.result)?.result?.completed.find((t) => t.form === 'pro_forma');
              const t: Pick<TaskState, 'id' | 'data' | 'outcome'> | undefined = fromBranch ?? latest('pro_forma', s);
              // A service that answered "not known to this service" contributes that answer, marked as such.
              return t ? [{ serviceCode: s, taskId: t.id, data: t.data, ...(t.outcome === NOT_KNOWN_OUTCOME ? { outcome: t.outcome } : {}) }] : [];
            });
            await activities.compileAdvice(requestId, contributions);
            await engine.timeline({ kind: 'advice.compiled', summary: `Compiled advice from ${contributions.length} service(s)`, nodeId: node.id });
            // The document exists before the return task opens, so the coordinator checks what will go.
            if (hasPatch(DOCUMENT_DELIVERY_PATCH)) await issue('advice', node.id);
            return;
          }
          case 'returnToLa': {
            const sent = latest('return_to_la');
            const details = (sent?.data ?? {}) as { method?: string; sentTo?: string; notes?: string };
            const doc = [...(state.documents ?? [])].reverse().find((d) => d.kind === 'advice');
            let delivery: { deliveredAt: string; channel: string } | undefined;
            if (doc && !doc.deliveredAt && hasPatch(DOCUMENT_DELIVERY_PATCH)) {
              // Completing the return task approves sending; on a manual channel it records the upload.
              delivery = (await deliverDocument(engine, scope, doc, input.delivery, { ...details, actorId: sent?.completedBy })) ?? undefined;
            }
            const { returnedAt } = await activities.returnToLa(requestId, {
              ...details, actorId: sent?.completedBy,
              ...(delivery && doc ? { returnedAt: delivery.deliveredAt, channel: delivery.channel, documentId: doc.documentId } : {}),
            });
            // Timeline first: the status a reader polls for is the last thing written.
            await engine.timeline({ kind: 'advice.returned', summary: `Advice returned to the LA${details.method ? ` by ${details.method}` : ''}`, nodeId: node.id, actorId: sent?.completedBy, data: { returnedAt } });
            state.returned = true;
            state.status = 'returned';
            await engine.projectRequest();
            return;
          }
          case 'recordNotKnown': {
            const triage = latest('triage');
            await activities.recordNotKnown(requestId, triage?.data ?? {});
            await engine.timeline({ kind: 'request.not_known', summary: 'Recorded as not known to health services', nodeId: node.id, actorId: triage?.completedBy });
            state.status = 'not_known';
            await engine.projectRequest();
            if (hasPatch(DOCUMENT_DELIVERY_PATCH)) {
              // The LA gets an answer: a letter with the reason and signpost, delivered like advice.
              // On a manual channel the coordinator sends it and records that through the API.
              const letter = await issue('not_known_letter', node.id);
              await deliverDocument(engine, scope, letter, input.delivery, null, { manualLater: true });
            }
            return;
          }
          case 'notify':
            await activities.notify(requestId, node.notifyRole ?? 'coordinator', node.label);
            return;
        }
      },
      end: async (node) => {
        if (node.result && !engine.closed()) {
          state.status = node.result;
          await engine.projectRequest();
        }
      },
    },
  );
  clock = createStatutoryClock(input, state, engine);

  /** Issues the next version of a document; its id is chosen here, so a retried activity writes it once. */
  async function issue(kind: DocumentState['kind'], nodeId: string, correctionReason?: string): Promise<DocumentState> {
    const documentId = uuid4();
    // The document is built from the read model: the compiled advice must be written first.
    if (batching()) await projectionsSettled();
    const issued = await documentIssuer.issueDocument(requestId, { documentId, kind, ...(correctionReason ? { correctionReason } : {}) });
    const doc: DocumentState = { documentId, kind, version: issued.version, laName: issued.laName };
    state.documents = [...(state.documents ?? []), doc];
    await engine.timeline({
      kind: 'document.issued', nodeId, data: { documentId, version: issued.version, kind },
      summary: `${kind === 'advice' ? 'Health advice' : 'Not-known letter'} version ${issued.version} ready to check`,
    });
    return doc;
  }

  const top: Scope = { graph: sop.graph, prefix: '', serviceCode: null, outcomes: new Map(Object.entries(input.resume?.outcomes ?? {})) };
  const queue = projectionQueue();
  if (!input.resume && queue) {
    // One round trip to the first task: the received entry and everything the flow writes before
    // it first waits (the first task, its timeline entry) go in the first batch, which confirms
    // the intake row before writing. Nothing else leaves the workflow before that batch is done
    // (other activities and children wait for the queue), so a request whose row never commits
    // writes and sends nothing, and ends as before.
    queue.expectIntake(input.intakeGraceSeconds ?? DEFAULT_INTAKE_GRACE_SECONDS);
    void engine.timeline({ kind: 'request.received', summary: `Request ${request.laReference} from ${request.localAuthorityCode} received`, data: { sop: sop.key, sopVersionId: input.sopVersionId } });
    startClockAndReminders();
    const flow = engine.run(top);
    // Awaited below once the intake is confirmed; until then a failure must not go unhandled.
    flow.catch(() => undefined);
    if (!(await queue.intakeConfirmed())) {
      // The flow had opened its first task in memory only (nothing was written or sent).
      state.tasks = [];
      state.activeNodes = [];
      return orphaned();
    }
    await flow;
    return state;
  }

  if (!input.resume) {
    const intake = proxyActivities<Pick<InterpreterActivities, 'confirmIntake'>>({
      startToCloseTimeout: '10 seconds',
      scheduleToCloseTimeout: `${input.intakeGraceSeconds ?? DEFAULT_INTAKE_GRACE_SECONDS} seconds`,
      retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
    });
    try {
      await intake.confirmIntake(input);
    } catch {
      return orphaned();
    }
    const received = engine.timeline({ kind: 'request.received', summary: `Request ${request.laReference} from ${request.localAuthorityCode} received`, data: { sop: sop.key, sopVersionId: input.sopVersionId } });
    // Newer runs write the first task in the same workflow task as the received entry instead of
    // one server round trip later (POST -> first task listed is the figure the issue measures).
    // The entry still precedes the task's (its sequence number is taken first), and the flow's
    // steps are not held up by it.
    if (hasPatch(INTAKE_TIMELINE_PATCH)) void received;
    else await received;
  }

  startClockAndReminders();
  await engine.run(top);
  return state;

  /** The statutory clock and the receipt-anchored reminders: one timer in one-marker runs, one each before. */
  function startClockAndReminders(): void {
    const c = clock as ReturnType<typeof createStatutoryClock>;
    if (decideRunPatches()) {
      void runReceiptAlarm([c.deadlineAlarm, ...engine.receiptAlarms(top)], { revision: c.alarmRevision, closed: engine.closed });
      return;
    }
    void c.watch();
    engine.startReceiptTimers(top);
  }

  /**
   * The API's intake never committed: there is no request to run. End without a trace in the
   * database, but visibly in Temporal (SendflowStatus = orphaned).
   */
  function orphaned(): RequestState {
    if (workflowInfo().typedSearchAttributes.get(SA_STATUS) !== undefined && hasPatch(SEARCH_ATTRIBUTES_PATCH)) {
      upsertSearchAttributes([{ key: SA_STATUS, value: 'orphaned' }]);
    }
    state.status = 'cancelled';
    return state;
  }
}
