import {
  ActivityFailure, allHandlersFinished, ApplicationFailure, condition, continueAsNew, proxyActivities, proxyLocalActivities, setHandler, upsertSearchAttributes, uuid4, workflowInfo,
} from '@temporalio/workflow';
import { SHIPPED_BUNDLE, TRUST_TIME_ZONE, validateFormData, variantFields, variantFor, type FormBundle, type FormId } from '@sendflow/domain';
import { nextEdge, nodeById, startOf, type NodeKind, type NodeOfKind, type SopGraph, type SopNode, type TimerNode } from '@sendflow/sop';
import type { ClockActivities, InterpreterActivities, TimelineEntry } from './activities.contract';
import { validateCompletion } from './completion.validator';
import { assignTaskUpdate, completeTaskUpdate, requestStateQuery } from './messages';
import type { RequestFacts, RequestState, ResumePoint, TaskState } from './request-state';
import { fireAtForTimer, taskDue } from './schedule.util';
import type { ExplanationStep } from '@sendflow/calendar';
import { openTask, validateAssignment } from './task-rules';
import { SA_STATUS, SEARCH_ATTRIBUTES_PATCH } from './search-attributes';
import { PROJECTION_DATA_ERROR, type ProjectionActivity, type ProjectionWrite } from './activities.contract';
import { BATCHED_PROJECTIONS_PATCH, LOCAL_PROJECTIONS_PATCH, ProjectionQueue } from './projection-queue';
import { decideRunPatches, hasPatch } from './run-patches';
import type { AlarmEntry } from './receipt-alarm';

/** Rework opens assigned to the previous attempt's author. */
export const REWORK_TO_AUTHOR_PATCH = 'rework-to-previous-author';

// Projection writes must eventually succeed (a request row always follows its workflow), so
// they retry without a cap; each is an idempotent upsert. A write the database refuses for its
// data (PROJECTION_DATA_ERROR, non-retryable) is an incident the worker has recorded: the
// workflow carries on (it is the truth) and the read model is repaired by the projection rebuild.
// Only failure paths differ, so recorded histories without such a failure replay unchanged.
const rawActivities = proxyActivities<InterpreterActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const PROJECTIONS = new Set<keyof InterpreterActivities>(['projectRequest', 'projectDeadline', 'projectTask', 'appendTimeline', 'compileAdvice', 'recordNotKnown']);
/**
 * This workflow's write-behind queue, when its run batches projection writes (BATCHED_PROJECTIONS_PATCH).
 * Module state is per workflow: the SDK evaluates the workflow modules once per workflow.
 */
let queue: ProjectionQueue | undefined;
/**
 * Resolves once this workflow's projection writes so far are written. Only await it when
 * `batching()`: in older runs even an await of nothing would move later commands (replay).
 */
export const projectionsSettled = (): Promise<void> => queue?.settled() ?? Promise.resolve();
/** Whether this run batches its projection writes. */
export const batching = (): boolean => queue !== undefined;
/** The projection queue of this run, if it batches. */
export const projectionQueue = (): ProjectionQueue | undefined => queue;
/**
 * The current instant. Batching runs read the workflow clock (the workflow task's time, recorded
 * in history, so replays see the same value) instead of a local activity: no marker event and no
 * extra activation per reading. Older runs keep the local activity they recorded.
 */
export const currentTime = (): Promise<string> =>
  // eslint-disable-next-line no-restricted-syntax -- the sandbox's Date is the workflow task's time from history (deterministic)
  (queue ? Promise.resolve(new Date().toISOString()) : now());
export const activities = new Proxy(rawActivities, {
  get(target, name: keyof InterpreterActivities) {
    const fn = target[name] as (...a: unknown[]) => Promise<unknown>;
    const q = queue;
    if (q && PROJECTIONS.has(name)) return (...args: unknown[]) => q.write({ write: name as ProjectionActivity, args } as ProjectionWrite);
    // Everything else may read the read model (documents), or must not run before the intake row exists.
    if (q) return async (...args: unknown[]) => { await q.settled(); return fn(...args); };
    if (!PROJECTIONS.has(name)) return fn;
    return async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === PROJECTION_DATA_ERROR) return undefined;
        throw err;
      }
    };
  },
}) as InterpreterActivities;
export const { now } = proxyLocalActivities<ClockActivities>({ startToCloseTimeout: '5 seconds' });

/** Where a flow runs: the top level, or one service's branch of a per-service block. */
export interface Scope {
  graph: SopGraph;
  prefix: string;
  serviceCode: string | null;
  outcomes: Map<string, string>;
}

type Handler<K extends NodeKind> = (node: NodeOfKind<K>, scope: Scope) => Promise<string | undefined>;

/** What differs between the request workflow and a per-service branch. */
export interface EngineHooks {
  perService(node: NodeOfKind<'perService'>, scope: Scope): Promise<void>;
  systemAction(node: NodeOfKind<'systemAction'>, scope: Scope): Promise<void>;
  end(node: NodeOfKind<'end'>): Promise<void>;
  taskCompleted(node: NodeOfKind<'humanTask'>, task: TaskState, scope: Scope): Promise<void>;
  /** Days the statutory clock has moved (reg 8(2) exceptions), which receipt-anchored reminders follow. */
  receiptShiftDays(): number;
  /** Bumped whenever the statutory clock moves, so receipt-anchored timers re-arm. */
  clockRevision(): number;
  /** The statutory due date as it stands now (after any reg 8(2) exception): no task target falls after it. */
  statutoryDueDate(): string;
  /** Carries the run over into a new one at `next` (continue-as-new). */
  continueAt(resume: ResumePoint): Promise<never>;
}

export interface EngineOptions {
  requestId: string;
  sopKey: string;
  request: RequestFacts;
  state: RequestState;
  resume?: ResumePoint;
  continueAsNewAfterEvents?: number;
  /** Attempts already made at each task, so a block run again (sent back) counts on, not from 1. */
  attempts?: Record<string, number>;
  /** The request's pinned forms; absent in histories from before forms were data (the shipped ones). */
  formBundle?: FormBundle;
}

/**
 * The graph walker both workflow types share: it opens human tasks and completes them through
 * Updates, evaluates decisions, keeps the SOP's reminders as durable timers, and hands
 * per-service blocks, system actions and ends to the workflow that owns the flow.
 */
export function createFlowEngine(opts: EngineOptions, hooks: EngineHooks) {
  const workflowId = workflowInfo().workflowId;
  const { requestId, request, state } = opts;
  // First, before any command, so a run either batches from its start or never (older histories),
  // and sends its batches as local activities from its start or never.
  // The one-marker patch goes first of all: in runs that have it, the patches below record nothing.
  decideRunPatches();
  if (hasPatch(BATCHED_PROJECTIONS_PATCH)) queue = new ProjectionQueue(requestId, hasPatch(LOCAL_PROJECTIONS_PATCH));
  const attempts = new Map<string, number>(Object.entries(opts.resume?.attempts ?? opts.attempts ?? {}));
  const firedTimers = new Set<string>(opts.resume?.firedTimers ?? []);
  let timelineSeq = opts.resume?.timelineSeq ?? 0;

  // Keeps SendflowStatus current for the Temporal UI. Only for workflows the API started with
  // search attributes (so they are registered); older histories never call patched() here.
  let shownStatus = workflowInfo().typedSearchAttributes.get(SA_STATUS);
  const showStatus = (status: string) => {
    if (shownStatus === undefined || shownStatus === status || !hasPatch(SEARCH_ATTRIBUTES_PATCH)) return;
    upsertSearchAttributes([{ key: SA_STATUS, value: status }]);
    shownStatus = status;
  };
  const closed = () => state.status === 'returned' || state.status === 'not_known' || state.status === 'cancelled';
  const timeline = (entry: Omit<TimelineEntry, 'id'>) => activities.appendTimeline(requestId, { id: `${workflowId}#${++timelineSeq}`, ...entry });
  const projectRequest = () => {
    const { tasks: _tasks, branches: _branches, documents: _documents, ...summary } = state;
    showStatus(state.status);
    return activities.projectRequest(summary);
  };

  const bundle = opts.formBundle ?? SHIPPED_BUNDLE;
  /**
   * An answer with audit verdicts records the criteria version they were given against, so audit
   * figures compare like with like after the trust edits its criteria. Data only: no command
   * changes, so recorded histories replay as before.
   */
  const withCriteriaVersion = (form: string, outcome: string, data: unknown): unknown => {
    const def = bundle.forms[form];
    if (!def || !data || typeof data !== 'object' || Array.isArray(data)) return data;
    if (!variantFields(variantFor(def, outcome)).some((f) => f.kind === 'criteria')) return data;
    return { ...(data as Record<string, unknown>), criteriaVersion: bundle.criteria.version };
  };

  // Handlers first, before any await, so an Update arriving with the first task is never dropped.
  setHandler(requestStateQuery, () => state);
  setHandler(
    completeTaskUpdate,
    async (cmd) => {
      const task = state.tasks.find((t) => t.id === cmd.taskId) as TaskState;
      const checked = validateFormData(task.form as FormId, cmd.outcome, cmd.data, bundle);
      task.status = 'completed';
      task.outcome = cmd.outcome;
      task.data = withCriteriaVersion(task.form, cmd.outcome, checked.ok ? checked.value : cmd.data);
      task.completedBy = cmd.actor.userId;
      await activities.projectTask(requestId, workflowId, task, null);
      await timeline({
        kind: 'task.completed', summary: `${task.label}: ${task.outcomes.find((o) => o.id === cmd.outcome)?.label ?? cmd.outcome}`,
        nodeId: task.nodePath, taskId: task.id, serviceCode: task.serviceCode ?? undefined, actorId: cmd.actor.userId,
      });
      // The API answers from the read model: the answer waits for the batch (which, when batching,
      // also carries whatever the flow did next in this activation, such as the next task).
      if (batching()) await projectionsSettled();
      return { taskId: task.id, outcome: cmd.outcome, status: task.status };
    },
    { validator: (cmd) => validateCompletion(state, cmd, bundle) },
  );
  setHandler(
    assignTaskUpdate,
    async (cmd) => {
      const task = openTask(state.tasks, cmd.taskId);
      task.assigneeId = cmd.assignee?.userId ?? null;
      await activities.projectTask(requestId, workflowId, task, null);
      await timeline({
        kind: 'task.assigned', summary: `${task.label}: ${cmd.assignee ? 'assigned' : 'unassigned'}`,
        nodeId: task.nodePath, taskId: task.id, serviceCode: task.serviceCode ?? undefined, actorId: cmd.actor.userId,
        data: { assigneeId: task.assigneeId },
      });
      if (batching()) await projectionsSettled();
      return { id: task.id, assigneeId: task.assigneeId };
    },
    { validator: (cmd) => validateAssignment(state.tasks, cmd) },
  );

  /** A reminder or escalation; receipt-anchored ones follow the statutory clock when it moves. */
  const startTimer = (timer: TimerNode, scope: Scope, task?: TaskState) => {
    const timerPath = scope.prefix + timer.id + (task ? `@${task.id}` : '');
    if (firedTimers.has(timerPath)) return;
    void (async () => {
      const stillDue = () => !closed() && (!task || task.status === 'open');
      const anchorNow = task ? await currentTime() : '';
      for (;;) {
        const revision = hooks.clockRevision();
        const fireAt = fireAtForTimer(timer, request, task ? anchorNow : await currentTime(), TRUST_TIME_ZONE, task ? 0 : hooks.receiptShiftDays());
        const wait = Date.parse(fireAt.at) - Date.parse(await currentTime());
        if (wait > 0) await condition(() => !stillDue() || hooks.clockRevision() !== revision, wait);
        if (!stillDue()) return;
        if (hooks.clockRevision() !== revision) continue;
        await fireTimer(timer, scope, timerPath, fireAt.explanation, task);
        return;
      }
    })();
  };

  /** A reminder or escalation is due: marked fired before the first await, then written and sent. */
  const fireTimer = async (timer: TimerNode, scope: Scope, timerPath: string, explanation: ExplanationStep[], task?: TaskState) => {
    firedTimers.add(timerPath);
    await timeline({
      kind: timer.purpose === 'reminder' ? 'timer.reminder' : 'timer.escalation', summary: timer.message,
      nodeId: scope.prefix + timer.id, taskId: task?.id, serviceCode: scope.serviceCode ?? undefined,
      data: { notifyRole: timer.notifyRole, explanation },
    });
    await activities.notify(requestId, timer.notifyRole, timer.message, { kind: timer.purpose === 'reminder' ? 'reminder' : 'escalation', ...(scope.serviceCode ? { serviceCode: scope.serviceCode } : {}) });
  };

  const handlers: { [K in NodeKind]: Handler<K> } = {
    start: async () => undefined,
    end: async (node) => {
      await hooks.end(node);
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
      // Rework goes back to whoever did the previous attempt (the draft to its author, the second
      // review to the reviewer who asked for changes), not to the queue. Histories from before
      // this opened rework unassigned and replay so (patched).
      const previous = attempt > 1
        ? [...state.tasks].reverse().find((t) => t.nodePath === nodePath && t.serviceCode === scope.serviceCode && t.status === 'completed' && t.completedBy)
        : undefined;
      if (previous?.completedBy && hasPatch(REWORK_TO_AUTHOR_PATCH)) task.assigneeId = previous.completedBy;
      state.tasks.push(task);
      // Capping changes only the projected date (an activity argument), not the commands, so running
      // histories replay unchanged without a patch.
      const due = node.target ? taskDue(node.target, await currentTime(), TRUST_TIME_ZONE, hooks.statutoryDueDate()) : null;
      await activities.projectTask(requestId, workflowId, task, due?.dueDate ?? null, due?.explanation);
      await timeline({
        kind: 'task.opened', summary: `${node.label}${scope.serviceCode ? ` (${scope.serviceCode})` : ''}${attempt > 1 ? `, attempt ${attempt}` : ''}`,
        nodeId: nodePath, taskId: task.id, serviceCode: scope.serviceCode ?? undefined,
      });
      if (task.assigneeId) {
        await timeline({
          kind: 'task.assigned', summary: `${node.label}: back to whoever did attempt ${attempt - 1}`,
          nodeId: nodePath, taskId: task.id, serviceCode: scope.serviceCode ?? undefined, data: { assigneeId: task.assigneeId, reason: 'rework' },
        });
      }
      for (const t of scope.graph.nodes) {
        if (t.kind === 'timer' && t.anchor.from === 'taskStart' && t.anchor.nodeId === node.id) startTimer(t, scope, task);
      }
      await condition(() => task.status !== 'open');
      const outcome = task.outcome as string;
      scope.outcomes.set(node.id, outcome);
      await hooks.taskCompleted(node, task, scope);
      return outcome;
    },
    perService: async (node, scope) => {
      await hooks.perService(node, scope);
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
    systemAction: async (node, scope) => {
      await hooks.systemAction(node, scope);
      return undefined;
    },
  };

  /** History grows with every step and rework loop; past the limit the run carries on as a new one. */
  const historyIsLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || (opts.continueAsNewAfterEvents !== undefined && info.historyLength > opts.continueAsNewAfterEvents);
  };

  async function runFlow(scope: Scope, from?: SopNode, mayContinueAsNew = false): Promise<void> {
    let node = from ?? startOf(scope.graph);
    for (;;) {
      const path = scope.prefix + node.id + (scope.serviceCode ? `@${scope.serviceCode}` : '');
      state.activeNodes.push(path);
      const outcome = await (handlers[node.kind] as Handler<NodeKind>)(node as never, scope);
      state.activeNodes = state.activeNodes.filter((p) => p !== path);
      if (node.kind === 'end') return;
      const edge = nextEdge(scope.graph, node.id, outcome);
      const next = edge && nodeById(scope.graph, edge.target);
      // Published versions are validated, so this is a defect, not user input: fail loudly.
      if (!next) throw ApplicationFailure.nonRetryable(`SOP ${opts.sopKey}: no edge from ${node.id} for outcome ${outcome ?? '(none)'}`);
      node = next;
      // Only between steps of the run's own flow, with no task open: nothing in flight is lost.
      if (mayContinueAsNew && historyIsLong() && state.tasks.every((t) => t.status !== 'open')) {
        await condition(allHandlersFinished);
        if (batching()) await projectionsSettled();
        await hooks.continueAt({
          nodeId: node.id, outcomes: Object.fromEntries(scope.outcomes), state, attempts: Object.fromEntries(attempts), timelineSeq, firedTimers: [...firedTimers],
        });
      }
    }
  }

  /** Starts the graph's receipt-anchored reminders (top level only; validation keeps them there). */
  const startReceiptTimers = (scope: Scope) => {
    for (const n of scope.graph.nodes) if (n.kind === 'timer' && n.anchor.from === 'received') startTimer(n, scope);
  };

  /**
   * The same reminders as entries of the receipt alarm (one-marker runs): one timer for them all
   * and the deadline. Each moves with the statutory clock as its own timer did, and fires once.
   */
  const receiptAlarms = (scope: Scope): AlarmEntry[] => scope.graph.nodes.flatMap((n) => {
    if (n.kind !== 'timer' || n.anchor.from !== 'received') return [];
    const timerPath = scope.prefix + n.id;
    // The anchor is the receipt date, not now: fireAtForTimer does not read the instant for it.
    const fireAt = () => fireAtForTimer(n, request, '', TRUST_TIME_ZONE, hooks.receiptShiftDays());
    return [{
      dueAt: () => (firedTimers.has(timerPath) ? null : Date.parse(fireAt().at)),
      fire: () => fireTimer(n, scope, timerPath, fireAt().explanation),
    }];
  });

  /** Runs the flow from its start, or from where the previous run stopped. */
  const run = async (scope: Scope) => {
    const resumeAt = opts.resume && nodeById(scope.graph, opts.resume.nodeId);
    if (opts.resume && !resumeAt) throw ApplicationFailure.nonRetryable(`SOP ${opts.sopKey}: cannot resume at unknown node ${opts.resume.nodeId}`);
    await runFlow(scope, resumeAt, true);
    await condition(allHandlersFinished);
    if (batching()) await projectionsSettled();
  };

  /** Opens a human task the SOP does not draw (a delivery failure) and waits for it to be completed. */
  const runTask = async (node: NodeOfKind<'humanTask'>, scope: Scope): Promise<TaskState> => {
    await handlers.humanTask(node, scope);
    return [...state.tasks].reverse().find((t) => t.nodePath === scope.prefix + node.id) as TaskState;
  };

  return {
    run, runFlow, runTask, timeline, projectRequest, closed, startReceiptTimers, receiptAlarms, workflowId, attempts: () => Object.fromEntries(attempts),
    /** Whether this run batches its projection writes (BATCHED_PROJECTIONS_PATCH). */
    batched: queue !== undefined,
  };
}

/** Carries a run over into a new one of the same workflow type with the same input plus `resume`. */
export function continueWith<T extends { resume?: ResumePoint }>(input: T, resume: ResumePoint): Promise<never> {
  return continueAsNew<(input: T) => Promise<unknown>>({ ...input, resume });
}
