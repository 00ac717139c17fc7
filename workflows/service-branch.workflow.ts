import { ApplicationFailure } from '@temporalio/workflow';
import { activities, continueWith, createFlowEngine, type Scope } from './flow-engine';
import type { BranchInput, BranchResult, RequestState } from './request-state';

/**
 * One allocated service's part of a per-service block (draft, review, rework ...), run as a child
 * of the request workflow with the same engine. Its tasks are completed by Updates to this
 * workflow; it returns the outcomes and latest completed work so the parent can compile advice.
 */
export async function serviceBranchWorkflow(input: BranchInput): Promise<BranchResult> {
  const { requestId, serviceCode } = input;
  const state: RequestState = input.resume?.state ?? {
    requestId, sopVersionId: '', status: 'in_progress', overdue: false,
    allocatedServices: [serviceCode], activeNodes: [], tasks: [], returned: false,
  };
  const scope: Scope = { graph: input.graph, prefix: input.prefix, serviceCode, outcomes: new Map(Object.entries(input.resume?.outcomes ?? {})) };
  const engine = createFlowEngine(
    { requestId, sopKey: input.sopKey, request: input.request, state, resume: input.resume, continueAsNewAfterEvents: input.continueAsNewAfterEvents, attempts: input.attempts, formBundle: input.formBundle },
    {
      receiptShiftDays: () => 0,
      clockRevision: () => 0,
      // The parent passes the deadline as it stood when the branch started (after any exception).
      statutoryDueDate: () => input.request.statutoryDueDate,
      continueAt: (resume) => continueWith(input, resume),
      taskCompleted: async () => undefined,
      perService: async (node) => {
        throw ApplicationFailure.nonRetryable(`SOP ${input.sopKey}: per-service block ${node.id} nested inside another`);
      },
      systemAction: async (node) => {
        // Compiling and returning belong to the whole request; validation keeps them out of blocks.
        if (node.action !== 'notify') throw ApplicationFailure.nonRetryable(`SOP ${input.sopKey}: ${node.action} inside a per-service block`);
        await activities.notify(requestId, node.notifyRole ?? 'coordinator', node.label, { kind: 'action', serviceCode: input.serviceCode });
      },
      end: async () => undefined,
    },
  );
  await engine.run(scope);
  const latestByForm = new Map(state.tasks.filter((t) => t.status === 'completed').map((t) => [t.form, t]));
  return {
    serviceCode,
    outcomes: Object.fromEntries(scope.outcomes),
    completed: [...latestByForm.values()].map(({ id, form, outcome, data, completedBy }) => ({ id, form, outcome, data, completedBy, serviceCode })),
    attempts: engine.attempts(),
  };
}
