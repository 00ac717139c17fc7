import { z } from 'zod';
import { ROLES } from '@sendflow/domain';

/**
 * A SOP version is data: a typed graph of nodes and edges. One zod discriminated union on `kind`
 * is the contract for the designer, the API and the interpreter workflow.
 */
export const NODE_ID = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - or _');

export const targetDuration = z.object({
  days: z.number().int().positive().max(366),
  unit: z.enum(['working', 'calendar']),
});
export type TargetDuration = z.infer<typeof targetDuration>;

const position = z.object({ x: z.number(), y: z.number() }).optional();
const base = { id: NODE_ID, label: z.string().trim().min(1).max(120), position };

export const outcomeDef = z.object({ id: NODE_ID, label: z.string().trim().min(1).max(80) });

export const startNode = z.object({ ...base, kind: z.literal('start') });
export const endNode = z.object({
  ...base,
  kind: z.literal('end'),
  /** What the request ends as; a per-service block's inner end has none. */
  result: z.enum(['returned', 'not_known']).optional(),
});
export const humanTaskNode = z.object({
  ...base,
  kind: z.literal('humanTask'),
  role: z.enum(ROLES),
  /** True: only users of the service the branch runs for may do it (inside a per-service block). */
  serviceScoped: z.boolean().default(false),
  form: z.string().min(1).max(60),
  outcomes: z.array(outcomeDef).min(1).max(8),
  target: targetDuration.optional(),
});
export const decisionNode = z.object({
  ...base,
  kind: z.literal('decision'),
  /** `request.<field>` or `outcome.<nodeId>`; the edges are labelled `true` and `false`. */
  condition: z.object({
    subject: z.string().regex(/^(request\.(ehcpFlag|adviceType|localAuthorityCode)|outcome\.[a-z][a-z0-9_-]*)$/, 'must be request.ehcpFlag|adviceType|localAuthorityCode or outcome.<nodeId>'),
    equals: z.union([z.string().max(120), z.boolean()]),
  }),
});
export const timerNode = z.object({
  ...base,
  kind: z.literal('timer'),
  purpose: z.enum(['reminder', 'escalation']),
  /** Offset from the effective receipt date, or from when a task opens (and only while it is open). */
  anchor: z.discriminatedUnion('from', [
    z.object({ from: z.literal('received') }),
    z.object({ from: z.literal('taskStart'), nodeId: NODE_ID }),
  ]),
  offset: targetDuration,
  notifyRole: z.enum(ROLES),
  message: z.string().trim().min(1).max(500),
});
export const SYSTEM_ACTIONS = ['compileAdvice', 'returnToLa', 'recordNotKnown', 'notify'] as const;
export const systemActionNode = z.object({
  ...base,
  kind: z.literal('systemAction'),
  action: z.enum(SYSTEM_ACTIONS),
  notifyRole: z.enum(ROLES).optional(),
});

export const edgeSchema = z.object({
  id: z.string().min(1).max(80),
  source: NODE_ID,
  target: NODE_ID,
  /** The outcome this edge carries: a task outcome id, `true`/`false` for decisions, absent otherwise. */
  outcome: z.string().max(80).optional(),
});
export type SopEdge = z.infer<typeof edgeSchema>;

export interface SopGraph { nodes: SopNode[]; edges: SopEdge[] }
export type StartNode = z.infer<typeof startNode>;
export type EndNode = z.infer<typeof endNode>;
export type HumanTaskNode = z.infer<typeof humanTaskNode>;
export type DecisionNode = z.infer<typeof decisionNode>;
export type TimerNode = z.infer<typeof timerNode>;
export type SystemActionNode = z.infer<typeof systemActionNode>;
/** Its inner flow runs once per allocated service, in parallel, and joins when every branch ends. */
export interface PerServiceNode { id: string; label: string; position?: { x: number; y: number }; kind: 'perService'; body: SopGraph }
export type SopNode = StartNode | EndNode | HumanTaskNode | DecisionNode | TimerNode | SystemActionNode | PerServiceNode;
export type NodeKind = SopNode['kind'];
export type NodeOfKind<K extends NodeKind> = Extract<SopNode, { kind: K }>;

export const graphSchema: z.ZodType<SopGraph> = z.lazy(() =>
  z.object({ nodes: z.array(nodeSchema).min(1).max(200), edges: z.array(edgeSchema).max(400) }),
);
export const perServiceNode = z.object({ ...base, kind: z.literal('perService'), body: graphSchema });

export const nodeSchema: z.ZodType<SopNode> = z.lazy(() =>
  z.discriminatedUnion('kind', [startNode, endNode, humanTaskNode, decisionNode, timerNode, systemActionNode, perServiceNode]),
) as z.ZodType<SopNode>;

export const sopDefinitionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,60}$/, 'must be lower-case letters, digits and -'),
  name: z.string().trim().min(1).max(160),
  description: z.string().max(2000).default(''),
  graph: graphSchema,
});
export type SopDefinition = z.infer<typeof sopDefinitionSchema>;

export const SOP_VERSION_STATUSES = ['draft', 'published', 'retired'] as const;
export type SopVersionStatus = (typeof SOP_VERSION_STATUSES)[number];
