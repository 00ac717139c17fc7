import {
  allHandlersFinished, ApplicationFailure, condition, proxyActivities, proxyLocalActivities, setHandler, uuid4, workflowInfo,
} from '@temporalio/workflow';
import { TRUST_TIME_ZONE, validateFormData, type FormId } from '@sendflow/domain';
import { nextEdge, nodeById, startOf, type NodeKind, type NodeOfKind, type SopGraph, type TimerNode } from '@sendflow/sop';
import type { ClockActivities, InterpreterActivities, TimelineEntry } from './activities.contract';
import { validateCompletion } from './completion.validator';
import { completeTaskUpdate, requestStateQuery } from './messages';
import type { InterpreterInput, RequestState, TaskState } from './request-state';
import { fireAtForTimer, taskDueDate } from './schedule.util';

// Projection writes must eventually succeed (a request row always follows its workflow), so
// they retry without a cap; each is an idempotent upsert.
const activities = proxyActivities<InterpreterActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** How long a new workflow waits for the API's intake row to commit before ending itself. */
const DEFAULT_INTAKE_GRACE_SECONDS = 600;
const { now } = proxyLocalActivities<ClockActivities>({ startToCloseTimeout: '5 seconds' });

/** Where a flow runs: the top level, or one service's branch of a per-service block. */
interface Scope {
  graph: SopGraph;
  prefix: string;
  serviceCode: string | null;
  outcomes: Map<string, string>;
}

type Handler<K extends NodeKind> = (node: NodeOfKind<K>, scope: Scope) => Promise<string | undefined>;

/**
 * The one workflow type that runs any published SOP version: it walks the pinned graph, opens
 * human tasks and waits for their Updates, runs per-service blocks in parallel, and keeps the
 * statutory deadline and the SOP's reminders as durable timers.
 */
export async function sopInterpreterWorkflow(input: InterpreterInput): Promise<RequestState> {
  const workflowId = workflowInfo().workflowId;
  const { requestId, sop, request } = input;
  const state: RequestState = {
    requestId, sopVersionId: input.sopVersionId, status: 'received', overdue: false,
    allocatedServices: [], activeNodes: [], tasks: [], returned: false,
  };
  const attempts = new Map<string, number>();
  let timelineSeq = 0;
  const closed = () => state.status === 'returned' || state.status === 'not_known' || state.status === 'cancelled';

  const timeline = (entry: Omit<TimelineEntry, 'id'>) => activities.appendTimeline(requestId, { id: `${workflowId}#${++timelineSeq}`, ...entry });
  const projectRequest = () => {
    const { tasks: _tasks, ...summary } = state;
    return activities.projectRequest(summary);
  };
  const taskById = (id: string) => state.tasks.find((t) => t.id === id);

  // Handlers first, before any await, so an Update arriving with the first task is never dropped.
  setHandler(requestStateQuery, () => state);
  setHandler(
    completeTaskUpdate,
    async (cmd) => {
      const task = taskById(cmd.taskId) as TaskState;
      const checked = validateFormData(task.form as FormId, cmd.outcome, cmd.data);
      task.status = 'completed';
      task.outcome = cmd.outcome;
      task.data = checked.ok ? checked.value : cmd.data;
      task.completedBy = cmd.actor.userId;
      await activities.projectTask(requestId, workflowId, task, null);
      await timeline({
        kind: 'task.completed', summary: `${task.label}: ${task.outcomes.find((o) => o.id === cmd.outcome)?.label ?? cmd.outcome}`,
        nodeId: task.nodePath, taskId: task.id, serviceCode: task.serviceCode ?? undefined, actorId: cmd.actor.userId,
      });
      return { taskId: task.id, outcome: cmd.outcome, status: task.status };
    },
    { validator: (cmd) => validateCompletion(state, cmd) },
  );

  const startTimer = (timer: TimerNode, scope: Scope, task?: TaskState) => {
    void (async () => {
      const fireAt = fireAtForTimer(timer, request, await now(), TRUST_TIME_ZONE);
      const wait = Date.parse(fireAt.at) - Date.parse(await now());
      const stillDue = () => !closed() && (!task || task.status === 'open');
      if (wait > 0) await condition(() => !stillDue(), wait);
      if (!stillDue()) return;
      await timeline({
        kind: timer.purpose === 'reminder' ? 'timer.reminder' : 'timer.escalation', summary: timer.message,
        nodeId: scope.prefix + timer.id, taskId: task?.id, serviceCode: scope.serviceCode ?? undefined,
        data: { notifyRole: timer.notifyRole, explanation: fireAt.explanation },
      });
      await activities.notify(requestId, timer.notifyRole, timer.message);
    })();
  };

  const handlers: { [K in NodeKind]: Handler<K> } = {
    start: async () => undefined,
    end: async (node) => {
      if (node.result && !closed()) {
        state.status = node.result;
        await projectRequest();
      }
      return undefined;
    },
    humanTask: async (node, scope) => {
      const nodePath = scope.prefix + node.id;
      const attemptKey = `${nodePath}@${scope.serviceCode ?? ''}`;
      const attempt = (attempts.get(attemptKey) ?? 0) + 1;
      attempts.set(attemptKey, attempt);
      const task: TaskState = {
        id: uuid4(), nodePath, nodeId: node.id, label: node.label, role: node.role, serviceScoped: node.serviceScoped,
        serviceCode: scope.serviceCode, form: node.form, outcomes: node.outcomes, status: 'open', attempt,
        targetDays: node.target?.days ?? null, targetUnit: node.target?.unit ?? null,
      };
      state.tasks.push(task);
      const due = node.target ? taskDueDate(node.target, await now(), TRUST_TIME_ZONE) : null;
      await activities.projectTask(requestId, workflowId, task, due);
      await timeline({
        kind: 'task.opened', summary: `${node.label}${scope.serviceCode ? ` (${scope.serviceCode})` : ''}${attempt > 1 ? `, attempt ${attempt}` : ''}`,
        nodeId: nodePath, taskId: task.id, serviceCode: scope.serviceCode ?? undefined,
      });
      for (const t of scope.graph.nodes) {
        if (t.kind === 'timer' && t.anchor.from === 'taskStart' && t.anchor.nodeId === node.id) startTimer(t, scope, task);
      }
      await condition(() => task.status !== 'open');
      const outcome = task.outcome as string;
      scope.outcomes.set(node.id, outcome);
      if (state.status === 'received') {
        state.status = 'in_progress';
        await projectRequest();
      }
      if (node.form === 'allocation' && outcome !== undefined) {
        state.allocatedServices = (task.data as { services: string[] }).services;
        await projectRequest();
        await timeline({ kind: 'services.allocated', summary: `Allocated to ${state.allocatedServices.join(', ')}`, nodeId: nodePath, data: { services: state.allocatedServices } });
      }
      return outcome;
    },
    perService: async (node, scope) => {
      if (state.allocatedServices.length === 0) {
        throw ApplicationFailure.nonRetryable(`Per-service block ${node.id} reached with no services allocated`);
      }
      await Promise.all(state.allocatedServices.map((serviceCode) =>
        runFlow({ graph: node.body, prefix: `${scope.prefix}${node.id}/`, serviceCode, outcomes: new Map() })));
      return undefined;
    },
    decision: async (node, scope) => {
      const { subject, equals } = node.condition;
      const value = subject.startsWith('outcome.')
        ? scope.outcomes.get(subject.slice('outcome.'.length))
        : (request as unknown as Record<string, unknown>)[subject.slice('request.'.length)];
      return String(value === equals);
    },
    timer: async () => undefined,
    systemAction: async (node) => {
      const latest = (form: string, serviceCode?: string) =>
        [...state.tasks].reverse().find((t) => t.form === form && t.status === 'completed' && (serviceCode === undefined || t.serviceCode === serviceCode));
      switch (node.action) {
        case 'compileAdvice': {
          const contributions = state.allocatedServices.flatMap((s) => {
            const t = latest('pro_forma', s);
            return t ? [{ serviceCode: s, taskId: t.id, data: t.data }] : [];
          });
          await activities.compileAdvice(requestId, contributions);
          await timeline({ kind: 'advice.compiled', summary: `Compiled advice from ${contributions.length} service(s)`, nodeId: node.id });
          return undefined;
        }
        case 'returnToLa': {
          const sent = latest('return_to_la');
          const details = (sent?.data ?? {}) as { method?: string; sentTo?: string };
          const { returnedAt } = await activities.returnToLa(requestId, { ...details, actorId: sent?.completedBy });
          // Timeline first: the status a reader polls for is the last thing written.
          await timeline({ kind: 'advice.returned', summary: `Advice returned to the LA${details.method ? ` by ${details.method}` : ''}`, nodeId: node.id, actorId: sent?.completedBy, data: { returnedAt } });
          state.returned = true;
          state.status = 'returned';
          await projectRequest();
          return undefined;
        }
        case 'recordNotKnown': {
          const triage = latest('triage');
          await activities.recordNotKnown(requestId, triage?.data ?? {});
          await timeline({ kind: 'request.not_known', summary: 'Recorded as not known to health services', nodeId: node.id, actorId: triage?.completedBy });
          state.status = 'not_known';
          await projectRequest();
          return undefined;
        }
        case 'notify': {
          await activities.notify(requestId, node.notifyRole ?? 'coordinator', node.label);
          return undefined;
        }
      }
    },
  };

  async function runFlow(scope: Scope): Promise<void> {
    let node = startOf(scope.graph);
    for (;;) {
      const path = scope.prefix + node.id + (scope.serviceCode ? `@${scope.serviceCode}` : '');
      state.activeNodes.push(path);
      const outcome = await (handlers[node.kind] as Handler<NodeKind>)(node as never, scope);
      state.activeNodes = state.activeNodes.filter((p) => p !== path);
      if (node.kind === 'end') return;
      const edge = nextEdge(scope.graph, node.id, outcome);
      const next = edge && nodeById(scope.graph, edge.target);
      // Published versions are validated, so this is a defect, not user input: fail loudly.
      if (!next) throw ApplicationFailure.nonRetryable(`SOP ${sop.key}: no edge from ${node.id} for outcome ${outcome ?? '(none)'}`);
      node = next;
    }
  }

  const intake = proxyActivities<Pick<InterpreterActivities, 'confirmIntake'>>({
    startToCloseTimeout: '10 seconds',
    scheduleToCloseTimeout: `${input.intakeGraceSeconds ?? DEFAULT_INTAKE_GRACE_SECONDS} seconds`,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  });
  try {
    await intake.confirmIntake(input);
  } catch {
    // The API's transaction never committed: there is no request to run. End without a trace.
    state.status = 'cancelled';
    return state;
  }
  await timeline({ kind: 'request.received', summary: `Request ${request.laReference} from ${request.localAuthorityCode} received`, data: { sop: sop.key, sopVersionId: input.sopVersionId } });

  // The statutory clock: a durable timer to the moment the advice becomes late.
  void (async () => {
    const wait = Date.parse(request.statutoryDueAt) - Date.parse(await now());
    if (wait > 0 && (await condition(closed, wait))) return;
    if (closed()) return;
    state.overdue = true;
    await projectRequest();
    await timeline({ kind: 'deadline.breached', summary: `Statutory deadline ${request.statutoryDueDate} passed without the advice returned` });
    await timeline({ kind: 'timer.escalation', summary: 'Escalated: health advice overdue', data: { notifyRole: 'coordinator' } });
    await activities.notify(requestId, 'coordinator', `Health advice for ${request.laReference} is overdue`);
  })();
  for (const n of sop.graph.nodes) if (n.kind === 'timer' && n.anchor.from === 'received') startTimer(n, { graph: sop.graph, prefix: '', serviceCode: null, outcomes: new Map() });

  await runFlow({ graph: sop.graph, prefix: '', serviceCode: null, outcomes: new Map() });
  await condition(allHandlersFinished);
  return state;
}
