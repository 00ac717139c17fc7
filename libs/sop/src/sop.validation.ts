import { ADVICE_TYPES, FORMS, ROLES } from '@sendflow/domain';
import { eachGraph, expectedOutcomes, outgoing, reachable } from './graph.util';
import { sopDefinitionSchema, type DecisionNode, type NodeOfKind, type SopDefinition, type SopGraph, type SopNode, type TargetDuration } from './sop.model';

/**
 * One validator for the designer (live, as the manager edits) and the server (on save and
 * publish). Every issue names the node or edge so the designer can highlight it.
 */
export interface SopIssue {
  code: string;
  message: string;
  /** `nodeId`, or `blockId/nodeId` inside a per-service block. */
  nodeId?: string;
  edgeId?: string;
  path?: string;
  /** A warning is shown but does not stop publishing; everything else does. */
  severity?: 'warning';
}

/** One form as the server knows it (GET /api/form-versions/catalogue). */
export interface FormCatalogueEntry {
  key: string;
  /** The latest published version; null while the form exists only as a draft. */
  publishedVersion: number | null;
  /** Outcomes the latest published version has its own variant for (besides default). */
  variants: readonly string[];
}

export interface ValidationContext {
  roles?: readonly string[];
  forms?: readonly string[];
  /**
   * Forms with their published state, from the server: with it a task's form must exist and be
   * published, and a form variant for an outcome the task lacks is a warning. Without it, the
   * shipped form keys (or `forms`) are the only check.
   */
  formCatalogue?: readonly FormCatalogueEntry[];
  /** Calendar days the law allows (reg 8(1): six weeks). */
  statutoryDays?: number;
}

export const STATUTORY_DAYS = 42;

export function validateSop(input: unknown, ctx: ValidationContext = {}): { ok: boolean; issues: SopIssue[]; definition?: SopDefinition } {
  const parsed = sopDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ code: 'schema', path: i.path.join('.'), message: `${i.path.join('.') || 'definition'}: ${i.message}` })),
    };
  }
  const issues = validateGraph(parsed.data.graph, ctx);
  return { ok: issues.every((i) => i.severity === 'warning'), issues, definition: parsed.data };
}

export function validateGraph(root: SopGraph, ctx: ValidationContext = {}): SopIssue[] {
  const issues: SopIssue[] = [];
  const roles = new Set(ctx.roles ?? ROLES);
  const catalogue = ctx.formCatalogue ? new Map(ctx.formCatalogue.map((f) => [f.key, f])) : undefined;
  const forms = new Set(catalogue ? catalogue.keys() : ctx.forms ?? Object.keys(FORMS));
  for (const { graph, prefix } of eachGraph(root)) {
    issues.push(...structure(graph, prefix, prefix === ''));
    for (const node of graph.nodes) {
      issues.push(...references(node, graph, prefix, roles, forms));
      if (catalogue && node.kind === 'humanTask') issues.push(...publishedForm(node, prefix, catalogue));
    }
  }
  issues.push(...targetsWithinDeadline(root, ctx.statutoryDays ?? STATUTORY_DAYS));
  return issues;
}

function structure(graph: SopGraph, prefix: string, topLevel: boolean): SopIssue[] {
  const issues: SopIssue[] = [];
  const where = prefix ? ` in block ${prefix.slice(0, -1)}` : '';
  const ids = new Map<string, number>();
  for (const n of graph.nodes) ids.set(n.id, (ids.get(n.id) ?? 0) + 1);
  for (const [id, count] of ids) if (count > 1) issues.push({ code: 'duplicate_node', nodeId: prefix + id, message: `Node id "${id}" is used ${count} times${where}` });
  const edgeIds = new Set<string>();
  for (const e of graph.edges) {
    if (edgeIds.has(e.id)) issues.push({ code: 'duplicate_edge', edgeId: e.id, message: `Edge id "${e.id}" is used more than once${where}` });
    edgeIds.add(e.id);
    for (const end of [e.source, e.target] as const) {
      if (!ids.has(end)) issues.push({ code: 'dangling_edge', edgeId: e.id, message: `Edge "${e.id}" refers to unknown node "${end}"${where}` });
    }
  }

  const starts = graph.nodes.filter((n) => n.kind === 'start');
  if (starts.length !== 1) issues.push({ code: 'start_count', message: `Exactly one start node is needed${where}; found ${starts.length}` });
  const ends = graph.nodes.filter((n) => n.kind === 'end');
  if (ends.length === 0) issues.push({ code: 'no_end', message: `No end node${where}` });
  for (const end of ends) {
    if (topLevel && !end.result) issues.push({ code: 'end_result', nodeId: prefix + end.id, message: `End "${end.label}" must say how the request ends (returned or not_known)` });
    if (!topLevel && end.result) issues.push({ code: 'end_result', nodeId: prefix + end.id, message: `End "${end.label}" inside a per-service block ends a branch, not the request: remove its result` });
  }
  if (!topLevel) {
    for (const n of graph.nodes) {
      if (n.kind === 'perService') issues.push({ code: 'nested_block', nodeId: prefix + n.id, message: `Per-service block "${n.label}" cannot sit inside another per-service block` });
    }
  }

  // Timers hang off the flow (anchored to receipt or a task) rather than sitting on a path.
  const flowNodes = graph.nodes.filter((n) => n.kind !== 'timer');
  for (const n of graph.nodes) {
    const outs = outgoing(graph, n.id);
    if (n.kind === 'timer') {
      if (outs.length || graph.edges.some((e) => e.target === n.id)) issues.push({ code: 'timer_edges', nodeId: prefix + n.id, message: `Timer "${n.label}" is anchored, not wired: remove its edges` });
      continue;
    }
    const expected = expectedOutcomes(n);
    for (const outcome of expected) {
      const matching = outs.filter((e) => (e.outcome ?? undefined) === outcome);
      const name = outcome === undefined ? 'its next step' : `outcome "${outcome}"`;
      if (matching.length === 0) issues.push({ code: 'unwired_outcome', nodeId: prefix + n.id, message: `"${n.label}" has no edge for ${name}` });
      if (matching.length > 1) issues.push({ code: 'ambiguous_outcome', nodeId: prefix + n.id, message: `"${n.label}" has ${matching.length} edges for ${name}` });
    }
    for (const e of outs) {
      if (!expected.includes(e.outcome ?? undefined)) {
        issues.push({ code: 'unknown_outcome', edgeId: e.id, nodeId: prefix + n.id, message: `Edge "${e.id}" from "${n.label}" carries ${e.outcome ? `outcome "${e.outcome}"` : 'no outcome'}, which "${n.label}" does not have` });
      }
    }
    if (n.kind === 'start' && graph.edges.some((e) => e.target === n.id)) issues.push({ code: 'start_incoming', nodeId: prefix + n.id, message: 'The start node cannot have incoming edges' });
  }
  if (starts.length !== 1) return issues;

  const fromStart = reachable(graph, [starts[0].id]);
  for (const n of flowNodes) {
    if (!fromStart.has(n.id)) issues.push({ code: 'unreachable', nodeId: prefix + n.id, message: `"${n.label}" cannot be reached from the start` });
  }
  const toEnd = reachable(graph, ends.map((e) => e.id), 'backward');
  for (const n of flowNodes) {
    if (fromStart.has(n.id) && !toEnd.has(n.id)) issues.push({ code: 'no_path_to_end', nodeId: prefix + n.id, message: `No path from "${n.label}" reaches an end` });
  }
  issues.push(...loopsWithoutHumanTask(graph, prefix));
  return issues;
}

/** A loop of automatic steps would spin forever: every cycle must wait for a person. */
function loopsWithoutHumanTask(graph: SopGraph, prefix: string): SopIssue[] {
  const automatic = new Set(graph.nodes.filter((n) => n.kind !== 'humanTask' && n.kind !== 'timer').map((n) => n.id));
  const state = new Map<string, 'visiting' | 'done'>();
  const issues: SopIssue[] = [];
  const visit = (id: string, trail: string[]) => {
    state.set(id, 'visiting');
    for (const e of graph.edges) {
      if (e.source !== id || !automatic.has(e.target)) continue;
      if (state.get(e.target) === 'visiting') {
        const loop = [...trail.slice(trail.indexOf(e.target)), e.target];
        issues.push({ code: 'automatic_loop', nodeId: prefix + e.target, edgeId: e.id, message: `Loop ${loop.join(' → ')} has no human task: it would never wait for anyone` });
      } else if (!state.has(e.target)) {
        visit(e.target, [...trail, e.target]);
      }
    }
    state.set(id, 'done');
  };
  for (const id of automatic) if (!state.has(id)) visit(id, [id]);
  return issues;
}

function references(node: SopNode, graph: SopGraph, prefix: string, roles: Set<string>, forms: Set<string>): SopIssue[] {
  const issues: SopIssue[] = [];
  const nodeId = prefix + node.id;
  if (node.kind === 'humanTask') {
    if (!roles.has(node.role)) issues.push({ code: 'unknown_role', nodeId, message: `"${node.label}" names unknown role "${node.role}"` });
    if (!forms.has(node.form)) issues.push({ code: 'unknown_form', nodeId, message: `"${node.label}" names unknown form "${node.form}"` });
    if (node.serviceScoped && !prefix) issues.push({ code: 'scope_outside_block', nodeId, message: `"${node.label}" is scoped to a service but is not inside a per-service block` });
    const seen = new Set<string>();
    for (const o of node.outcomes) {
      if (seen.has(o.id)) issues.push({ code: 'duplicate_outcome', nodeId, message: `"${node.label}" lists outcome "${o.id}" twice` });
      seen.add(o.id);
    }
  }
  if (node.kind === 'timer') {
    if (!roles.has(node.notifyRole)) issues.push({ code: 'unknown_role', nodeId, message: `Timer "${node.label}" notifies unknown role "${node.notifyRole}"` });
    if (node.anchor.from === 'taskStart') {
      const anchorId = node.anchor.nodeId;
      const target = graph.nodes.find((n) => n.id === anchorId);
      if (!target || target.kind !== 'humanTask') issues.push({ code: 'timer_anchor', nodeId, message: `Timer "${node.label}" is anchored to "${anchorId}", which is not a human task in the same flow` });
    } else if (prefix) {
      issues.push({ code: 'timer_anchor', nodeId, message: `Timer "${node.label}" counts from receipt: place it at the top level, not inside a per-service block` });
    }
  }
  if (node.kind === 'decision') issues.push(...decisionCondition(node, graph, nodeId));
  if (node.kind === 'perService' && !prefix) {
    const upstream = reachable(graph, [node.id], 'backward');
    const allocates = graph.nodes.some((n) => upstream.has(n.id) && n.kind === 'humanTask' && n.form === 'allocation');
    if (!allocates) issues.push({ code: 'block_without_allocation', nodeId, message: `Per-service block "${node.label}" has no allocation task before it, so it would run for no service` });
  }
  return issues;
}

/**
 * A task's form must be published to be pinned when the SOP is; a variant the form keeps for an
 * outcome this task cannot end with is never asked (a likely typo or a stale outcome).
 */
function publishedForm(node: NodeOfKind<'humanTask'>, prefix: string, catalogue: Map<string, FormCatalogueEntry>): SopIssue[] {
  const entry = catalogue.get(node.form);
  const nodeId = prefix + node.id;
  if (!entry) return [];
  if (entry.publishedVersion === null) {
    return [{ code: 'form_unpublished', nodeId, message: `"${node.label}" uses form "${node.form}", which has no published version yet: publish the form first` }];
  }
  const outcomes = new Set(node.outcomes.map((o) => o.id));
  return entry.variants.filter((v) => !outcomes.has(v)).map((v) => ({
    code: 'form_variant_unused', nodeId, severity: 'warning' as const,
    message: `"${node.label}": form "${node.form}" has its own variant for outcome "${v}", which this task does not have`,
  }));
}

/**
 * Calendar span of a target, for the design-time check: n working days cross at most ceil(n/5)
 * weekends. Bank holidays are not counted here (they depend on the dates); each request's own
 * dates are computed exactly by libs/calendar.
 */
export function calendarDaysUpperBound(t: TargetDuration): number {
  return t.unit === 'calendar' ? t.days : t.days + 2 * Math.ceil(t.days / 5);
}

/**
 * Internal targets are the trust's own milestones inside the statutory six weeks: the longest
 * chain of targets along any loop-free path must fit inside them.
 */
function targetsWithinDeadline(root: SopGraph, statutoryDays: number): SopIssue[] {
  const issues: SopIssue[] = [];
  // Each node is computed once and an edge back into the current path (a rework loop) is not
  // followed: trying every loop-free path instead takes exponential time on a branching graph,
  // and one a designer saves must not hang the validator.
  const longest = (graph: SopGraph, startId: string): { days: number; via: string[] } => {
    const memo = new Map<string, { days: number; via: string[] }>();
    const onPath = new Set<string>();
    const visit = (nodeId: string): { days: number; via: string[] } => {
      const known = memo.get(nodeId);
      if (known) return known;
      const node = graph.nodes.find((n) => n.id === nodeId);
      if (!node) return { days: 0, via: [] };
      let own = node.kind === 'humanTask' && node.target ? calendarDaysUpperBound(node.target) : 0;
      if (node.kind === 'perService') {
        const start = node.body.nodes.find((n) => n.kind === 'start');
        own = start ? longest(node.body, start.id).days : 0;
      }
      onPath.add(nodeId);
      let best = { days: 0, via: [] as string[] };
      for (const e of outgoing(graph, nodeId)) {
        if (onPath.has(e.target)) continue;
        const r = visit(e.target);
        if (r.days > best.days) best = r;
      }
      onPath.delete(nodeId);
      const result = { days: own + best.days, via: own ? [node.label, ...best.via] : best.via };
      memo.set(nodeId, result);
      return result;
    };
    return visit(startId);
  };
  const start = root.nodes.find((n) => n.kind === 'start');
  if (!start) return issues;
  const total = longest(root, start.id);
  if (total.days > statutoryDays) {
    issues.push({ code: 'targets_exceed_deadline', message: `Internal targets along ${total.via.join(' → ')} can take up to ${total.days} calendar days, beyond the ${statutoryDays}-day statutory deadline` });
  }
  for (const { graph, prefix } of eachGraph(root)) {
    for (const n of graph.nodes) {
      if (n.kind === 'timer' && calendarDaysUpperBound(n.offset) > statutoryDays && n.anchor.from === 'received' && n.purpose === 'reminder') {
        issues.push({ code: 'timer_after_deadline', nodeId: prefix + n.id, message: `Reminder "${n.label}" fires after the statutory deadline` });
      }
    }
  }
  return issues;
}

/**
 * A decision must test something that exists when the flow reaches it: a request field with a
 * value of that field's type, or an outcome that the named task has and that is decided on a path
 * before the decision. A condition that can never be true silently sends every request one way.
 */
function decisionCondition(node: DecisionNode, graph: SopGraph, nodeId: string): SopIssue[] {
  const { subject, equals } = node.condition;
  const issue = (message: string): SopIssue => ({ code: 'decision_subject', nodeId, message: `Decision "${node.label}" ${message}` });
  if (subject.startsWith('outcome.')) {
    const ref = subject.slice('outcome.'.length);
    const target = graph.nodes.find((n) => n.id === ref);
    if (!target || target.kind !== 'humanTask') return [issue(`tests the outcome of "${ref}", which is not a human task in the same flow`)];
    const issues: SopIssue[] = [];
    if (typeof equals !== 'string' || !target.outcomes.some((o) => o.id === equals)) {
      issues.push(issue(`tests for outcome "${String(equals)}", which "${target.label}" does not have (it has ${target.outcomes.map((o) => `"${o.id}"`).join(', ')})`));
    }
    if (!reachable(graph, [node.id], 'backward').has(ref)) issues.push(issue(`tests the outcome of "${target.label}", which no path reaches before this decision`));
    return issues;
  }
  if (subject === 'request.ehcpFlag' && typeof equals !== 'boolean') return [issue('compares the EHCP flag, which is yes or no (true or false), with text')];
  if (subject === 'request.adviceType' && !(ADVICE_TYPES as readonly unknown[]).includes(equals)) {
    return [issue(`compares the advice type with "${String(equals)}", which is not one of ${ADVICE_TYPES.join(', ')}`)];
  }
  if (subject === 'request.localAuthorityCode' && (typeof equals !== 'string' || !equals.trim())) return [issue('compares the local authority code with something that is not a code')];
  return [];
}
