import { BadRequestException } from '@nestjs/common';
import { sopDefinitionSchema, type SopDefinition } from '@sendflow/sop';

/** Deeper than any real definition (a block's task outcome sits at depth 8), shallow enough for every recursive walker. */
const MAX_DEPTH = 32;
// PostgreSQL's jsonb refuses NUL and unpaired surrogates: refuse them here, naming the field, rather than as a database error.
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (s: string) => s.includes('\u0000') || UNPAIRED_SURROGATE.test(s);

interface FieldIssue { field: string; message: string }

/**
 * A posted SOP definition, parsed with the same zod schema the designer and interpreter use.
 * Schema errors are a 400 naming each field path; a definition that parses but fails graph
 * validation is returned (drafts may be work in progress).
 */
export function parseSopDefinitionBody(body: unknown): SopDefinition {
  const shapeIssues = walk(body, '', 0);
  if (shapeIssues.length) throw badRequest(shapeIssues);
  const parsed = sopDefinitionSchema.safeParse(body);
  if (!parsed.success) {
    throw badRequest(parsed.error.issues.map((i) => {
      const field = i.path.length ? i.path.join('.') : 'body';
      return { field, message: `${field}: ${i.message}` };
    }));
  }
  const unknown = unknownProperties(body, parsed.data, '');
  if (unknown.length) throw badRequest(unknown.map((field) => ({ field, message: `${field}: unknown property` })));
  return parsed.data;
}

function badRequest(issues: FieldIssue[]): BadRequestException {
  const shown = issues.slice(0, 50);
  return new BadRequestException({ message: shown.map((i) => i.message), issues: shown });
}

function walk(value: unknown, path: string, depth: number): FieldIssue[] {
  const field = path || 'body';
  if (depth > MAX_DEPTH) return [{ field, message: `${field}: nested more than ${MAX_DEPTH} levels deep` }];
  if (typeof value === 'string') return unstorable(value) ? [{ field, message: `${field}: contains a NUL or unpaired surrogate character` }] : [];
  const at = (k: string | number) => (path ? `${path}.${k}` : String(k));
  if (Array.isArray(value)) return value.flatMap((v, i) => walk(v, at(i), depth + 1));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => walk(v, at(k), depth + 1));
  return [];
}

/**
 * zod drops keys it does not know; the API refuses them instead (a misspelt `outcome` must not
 * vanish silently). The parsed value mirrors the input's shape, so the walk runs in step.
 */
function unknownProperties(input: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(input) && Array.isArray(parsed)) return input.flatMap((v, i) => unknownProperties(v, parsed[i], `${path}${i}.`));
  if (!isObject(input) || !isObject(parsed)) return [];
  return Object.keys(input).flatMap((k) => (Object.prototype.hasOwnProperty.call(parsed, k) ? unknownProperties(input[k], parsed[k], `${path}${k}.`) : [`${path}${k}`]));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
