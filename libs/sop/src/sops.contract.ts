import { z } from 'zod';
import { instant, uuidField } from '@sendflow/domain';
import { sopDefinitionSchema, SOP_VERSION_STATUSES } from './sop.model';

/**
 * HTTP contracts of the SOP routes. They live beside the SOP model rather than in
 * libs/domain/src/http because the definition schema is this library's, and libs/domain cannot
 * import libs/sop (which imports it).
 */

/** Deeper than any real definition (a block's task outcome sits at depth 8), shallow enough for every recursive walker. */
const MAX_DEPTH = 32;
/** A 400 lists at most this many issues; a broken definition can have hundreds. */
const MAX_ISSUES = 50;
// PostgreSQL's jsonb refuses NUL and unpaired surrogates: refuse them here, naming the field, rather than as a database error.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (s: string) => s.includes('\u0000') || UNPAIRED_SURROGATE.test(s);

type Path = (string | number)[];

/** Values the database cannot store, and nesting deep enough to exhaust a recursive parser, found before zod walks the body. */
function unstorableValues(value: unknown, path: Path, depth: number): { path: Path; message: string }[] {
  if (depth > MAX_DEPTH) return [{ path, message: `nested more than ${MAX_DEPTH} levels deep` }];
  if (typeof value === 'string') return unstorable(value) ? [{ path, message: 'contains a NUL or unpaired surrogate character' }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableValues(v, [...path, i], depth + 1));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => unstorableValues(v, [...path, k], depth + 1));
  return [];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * zod drops keys it does not know; the API refuses them instead (a misspelt `outcome` must not
 * vanish silently). The parsed value mirrors the input's shape, so the walk runs in step.
 */
function unknownProperties(input: unknown, parsed: unknown, path: Path): Path[] {
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((v, i) => unknownProperties(v, parsed[i], [...path, i]));
  if (!isObject(input) || !isObject(parsed)) return [];
  return Object.keys(input).flatMap((k) => (Object.prototype.hasOwnProperty.call(parsed, k) ? unknownProperties(input[k], parsed[k], [...path, k]) : [[...path, k]]));
}

/**
 * A posted SOP definition `{ key, name, description, graph: { nodes, edges } }`, parsed with the
 * same schema the designer and the interpreter use, after two checks of the raw body: nothing the
 * database cannot store or nested too deep, and no unknown property at any depth. A definition
 * that parses but fails graph validation is accepted (drafts may be work in progress).
 */
export const sopDefinitionBody = z.preprocess((body, ctx) => {
  const found = unstorableValues(body, [], 0).slice(0, MAX_ISSUES);
  if (!found.length) {
    const parsed = sopDefinitionSchema.safeParse(body);
    if (parsed.success) unknownProperties(body, parsed.data, []).slice(0, MAX_ISSUES).forEach((path) => found.push({ path, message: 'unknown property' }));
  }
  for (const f of found) ctx.addIssue({ code: 'custom', path: f.path, message: f.message, input: body });
  return body;
}, sopDefinitionSchema).describe('A SOP definition (libs/sop sop.model.ts); unknown properties are refused');

const sopStatus = z.enum(SOP_VERSION_STATUSES);

export const sopVersionResponse = z.object({
  id: z.string(),
  sopKey: z.string(),
  version: z.int(),
  status: sopStatus,
  name: z.string().nullable(),
  derivedFromId: z.string().nullable().describe('The version this draft was copied from'),
  createdBy: z.string().nullable(),
  createdAt: instant,
  publishedAt: instant.nullable(),
  retiredAt: instant.nullable(),
  revision: z.string().describe("The definition's revision: send it as If-Match to edit or publish the draft"),
  formPins: z.object({ forms: z.record(z.string(), z.int()), criteria: z.int() }).nullable()
    .describe('Set at publish: the form and audit criteria versions its requests validate with; null before, or for versions published before forms were data (the shipped forms)'),
});
export type SopVersionResponse = z.infer<typeof sopVersionResponse>;

export const sopIssueResponse = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional().describe('`nodeId`, or `blockId/nodeId` inside a per-service block'),
  edgeId: z.string().optional(),
  path: z.string().optional(),
  severity: z.literal('warning').optional().describe('Present on warnings, which do not stop publishing'),
}).meta({ id: 'SopIssue' });

export const sopValidationResponse = z.object({ valid: z.boolean(), issues: z.array(sopIssueResponse) });

export const sopVersionDetailResponse = sopVersionResponse.extend({ definition: sopDefinitionSchema });

/** After a create or an edit: the version, its definition, and whether it would pass validation. */
export const sopVersionSavedResponse = sopVersionDetailResponse.extend(sopValidationResponse.shape);

/** The 422 of publishing a draft that fails validation: the Problem with the SOP's issues. */
export const sopInvalidProblem = z.looseObject({
  statusCode: z.literal(422),
  error: z.string(),
  message: z.string(),
  issues: z.array(sopIssueResponse),
});

export const sopDiffParams = z.object({ id: uuidField('id'), otherId: uuidField('otherId') });

const fieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const nodeRef = z.object({ path: z.string(), graph: z.string(), id: z.string(), kind: z.string(), label: z.string() });
const edgeRef = z.object({ path: z.string(), graph: z.string(), id: z.string(), source: z.string(), target: z.string(), outcome: z.string().nullable() });
const versionRef = z.object({ id: z.string(), sopKey: z.string(), version: z.int(), status: sopStatus });

export const sopDiffResponse = z.object({
  from: versionRef,
  to: versionRef,
  metadata: z.array(fieldChange).describe('Changes to key, name, description'),
  nodes: z.object({ added: z.array(nodeRef), removed: z.array(nodeRef), changed: z.array(nodeRef.extend({ changes: z.array(fieldChange), layoutOnly: z.boolean() })) }),
  edges: z.object({ added: z.array(edgeRef), removed: z.array(edgeRef), changed: z.array(edgeRef.extend({ changes: z.array(fieldChange) })) }),
  identical: z.boolean(),
  layoutOnly: z.boolean(),
});
