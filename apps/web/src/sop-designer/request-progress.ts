import { addCalendarDays, addWorkingDays, defaultHolidayCalendar } from '@sendflow/calendar';
import { nextEdge, type SopDefinition, type SopGraph, type SopNode, type TimerNode } from '@sendflow/sop';
import { graphAt, type GraphPath } from './graph-edit';

/** What the request page knows about a request, as GET /api/requests/:id (and /live) answer. */
export interface ProgressInput {
  status: string;
  ehcpFlag?: boolean;
  adviceType?: string;
  localAuthorityCode: string;
  effectiveReceiptDate?: string;
  tasks: { nodePath?: string; label: string; status: string; outcome?: string | null; dueDate: string | null; serviceCode: string | null; attempt: number; openedAt?: string }[];
  timeline: { kind: string; nodeId?: string | null; serviceCode?: string | null }[];
  /** The workflow's own current steps (coordinator's /live), `block/node` inside a block. */
  activeNodes?: string[];
}

export type ProgressMark = 'done' | 'current' | 'ahead';

export interface Progress {
  nodeMarks: Map<string, ProgressMark>;
  edgeMarks: Map<string, 'done'>;
  /** Lines drawn on steps: due dates of open tasks, when timers fire, which services are where. */
  notes: Map<string, string[]>;
  current: { nodeId: string; label: string; detail: string }[];
  ahead: string[];
}

const CLOSED = ['returned', 'not_known', 'cancelled'];
const shortDate = (iso: string) => new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function evaluate(node: Extract<SopNode, { kind: 'decision' }>, input: ProgressInput, outcomes: Map<string, string>): 'true' | 'false' | undefined {
  const { subject, equals } = node.condition;
  let value: unknown;
  if (subject === 'request.ehcpFlag') value = input.ehcpFlag;
  else if (subject === 'request.adviceType') value = input.adviceType;
  else if (subject === 'request.localAuthorityCode') value = input.localAuthorityCode;
  else value = outcomes.get(subject.slice('outcome.'.length));
  if (value === undefined) return undefined;
  return value === equals ? 'true' : 'false';
}

/**
 * Follows one graph from its start the way the interpreter did: a task's latest attempt decides
 * its outcome, a decision is evaluated on the request's facts and the outcomes so far. It stops at
 * the first step that has not finished. Steps with a completed task count as done even off that
 * walk (rework loops revisit steps).
 */
function walk(graph: SopGraph, prefix: string, input: ProgressInput, serviceCode: string | null) {
  const tasks = input.tasks.filter((t) => serviceCode === null || t.serviceCode === serviceCode);
  const latest = new Map<string, ProgressInput['tasks'][number]>();
  for (const t of tasks) {
    if (!t.nodePath?.startsWith(prefix) || t.nodePath.slice(prefix.length).includes('/')) continue;
    const id = t.nodePath.slice(prefix.length);
    const seen = latest.get(id);
    if (!seen || t.attempt >= seen.attempt) latest.set(id, t);
  }
  const outcomes = new Map([...latest].flatMap(([id, t]) => (t.status === 'completed' && t.outcome ? [[id, t.outcome] as [string, string]] : [])));
  const recorded = new Set(input.timeline.filter((e) => e.nodeId?.startsWith(prefix) && (serviceCode === null || !e.serviceCode || e.serviceCode === serviceCode)).map((e) => e.nodeId!.slice(prefix.length)));
  const done = new Set<string>();
  const current = new Set<string>();
  const edges = new Set<string>();
  for (const [id, t] of latest) {
    if (t.status === 'open') current.add(id);
    if (t.status === 'completed') done.add(id);
  }
  for (const a of input.activeNodes ?? []) if (a.startsWith(prefix) && !a.slice(prefix.length).includes('/')) current.add(a.slice(prefix.length));
  const start = graph.nodes.find((n) => n.kind === 'start');
  const onWalk = new Set<string>();
  let at: SopNode | undefined = start;
  while (at && !onWalk.has(at.id)) {
    onWalk.add(at.id);
    let outcome: string | undefined;
    if (at.kind === 'humanTask') {
      const t = latest.get(at.id);
      if (!t || t.status !== 'completed' || !t.outcome) break;
      outcome = t.outcome;
    } else if (at.kind === 'decision') {
      outcome = evaluate(at, input, outcomes);
      if (!outcome) break;
    } else if (at.kind === 'perService') {
      const inside = input.tasks.filter((t) => t.nodePath?.startsWith(`${prefix}${at!.id}/`));
      if (!inside.length || inside.some((t) => t.status === 'open')) { if (inside.length) current.add(at.id); break; }
    } else if (at.kind === 'end') {
      if (CLOSED.includes(input.status) || serviceCode !== null || prefix) done.add(at.id);
      break;
    }
    const edge = nextEdge(graph, at.id, outcome);
    if (!edge) break;
    const next = graph.nodes.find((n) => n.id === edge.target);
    // A system action or block counts as passed once something after it has begun.
    const nextBegun = next && (latest.has(next.id) || recorded.has(next.id) || next.kind === 'decision' || next.kind === 'end' || next.kind === 'systemAction' || next.kind === 'perService');
    if ((at.kind === 'systemAction' || at.kind === 'perService') && !recorded.has(at.id) && !nextBegun) { current.add(at.id); break; }
    done.add(at.id);
    edges.add(edge.id);
    at = next;
  }
  for (const id of recorded) if (graph.nodes.some((n) => n.id === id && n.kind !== 'timer')) done.add(id);
  for (const id of current) done.delete(id);
  return { done, current, edges, latest, fired: recorded };
}

function timerDue(timer: TimerNode, input: ProgressInput, latest: Map<string, ProgressInput['tasks'][number]>): string | null {
  let from: string | undefined;
  if (timer.anchor.from === 'received') from = input.effectiveReceiptDate;
  else {
    const t = latest.get(timer.anchor.nodeId);
    if (!t || t.status !== 'open' || !t.openedAt) return null; // only runs while its task is open
    from = t.openedAt.slice(0, 10);
  }
  if (!from) return null;
  return timer.offset.unit === 'working' ? addWorkingDays(from.slice(0, 10), timer.offset.days, defaultHolidayCalendar) : addCalendarDays(from.slice(0, 10), timer.offset.days);
}

/**
 * A running request on one graph of its pinned SOP: done steps and the connections taken, the
 * current step(s) with due dates (inside a per-service block, per service), when timers fire, and
 * the steps still ahead. Pure: the request page draws it on a read-only canvas.
 */
export function requestProgress(def: SopDefinition, path: GraphPath, input: ProgressInput, services: readonly string[]): Progress {
  const graph = graphAt(def, path) ?? { nodes: [], edges: [] };
  const prefix = path.length ? `${path.join('/')}/` : '';
  const open = !CLOSED.includes(input.status);
  const runs = path.length ? (services.length ? services : [...new Set(input.tasks.filter((t) => t.nodePath?.startsWith(prefix)).map((t) => t.serviceCode ?? ''))]).map((s) => s || null) : [null];
  const results = runs.map((s) => ({ service: s, ...walk(graph, prefix, input, s) }));
  const nodeMarks = new Map<string, ProgressMark>();
  const edgeMarks = new Map<string, 'done'>();
  const notes = new Map<string, string[]>();
  const note = (id: string, text: string) => notes.set(id, [...(notes.get(id) ?? []), text]);
  const current: Progress['current'] = [];
  for (const n of graph.nodes) {
    const cur = results.filter((r) => r.current.has(n.id));
    const dn = results.filter((r) => r.done.has(n.id));
    if (cur.length) nodeMarks.set(n.id, 'current');
    else if (dn.length && dn.length === results.length) nodeMarks.set(n.id, 'done');
    else if (dn.length) nodeMarks.set(n.id, 'current');
    else if (n.kind === 'timer') {
      if (results.some((r) => r.fired.has(n.id))) { nodeMarks.set(n.id, 'done'); note(n.id, 'Fired'); }
    } else if (open) nodeMarks.set(n.id, 'ahead');
    for (const r of cur) {
      const t = r.latest.get(n.id);
      const who = r.service ? `${r.service}: ` : '';
      const due = t?.dueDate ? `due ${shortDate(t.dueDate)}` : n.kind === 'perService' ? 'in progress' : 'in progress';
      note(n.id, `${who}${due}`);
      current.push({ nodeId: n.id, label: n.label, detail: `${who}${due}` });
    }
    if (n.kind === 'perService' && cur.length === 0 && results.some((r) => r.current.has(n.id))) note(n.id, 'in progress');
    if (n.kind === 'timer' && open && !nodeMarks.has(n.id)) {
      for (const r of results) {
        const due = timerDue(n, input, r.latest);
        if (due) note(n.id, `${r.service ? `${r.service}: ` : ''}fires ${shortDate(due)}`);
      }
    }
  }
  for (const r of results) for (const e of r.edges) edgeMarks.set(e, 'done');
  const ahead = open ? graph.nodes.filter((n) => nodeMarks.get(n.id) === 'ahead').map((n) => n.label) : [];
  return { nodeMarks, edgeMarks, notes, current, ahead };
}
