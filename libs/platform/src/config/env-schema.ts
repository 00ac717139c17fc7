import { z } from 'zod';

/**
 * Building blocks for each process's one environment schema (apps/api/src/config/api-config.ts,
 * apps/worker/src/config/worker-config.ts). Every value arrives as a string; blank means unset.
 */
export const envInt = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A decimal (e.g. 1.5 hours) above zero and at most max. */
export const envPositive = (max: number) =>
  z.string().trim().regex(/^\d+(\.\d+)?$/, 'must be a positive number').transform(Number).pipe(z.number().gt(0, 'must be a positive number').max(max, `must be at most ${max}`));

export const envBool = z.string().trim().toLowerCase()
  .pipe(z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' }))
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

export const envHostPort = z.string().trim().regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port');

/**
 * A check across variables (one needs another, one must exceed another). It sees each variable's
 * parsed value, or undefined where that variable is unset or itself bad, so every bad variable
 * is reported in one go (zod skips an object's refinements once a field's transform has failed).
 */
export type EnvRefinement = (env: Record<string, unknown>, ctx: EnvIssues) => void;
export interface EnvIssues { addIssue(issue: { code?: 'custom'; path: [string]; message: string }): void }

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Blank values count as unset: `FOO=` in a .env file means "use the default". */
export function cleanEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''));
}

/**
 * Parses the environment against an object schema and the refinements across its variables;
 * throws one ConfigError listing each bad variable and why (never the value: it may be a secret).
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv, what = 'configuration', refinements: EnvRefinement[] = []): z.output<S> {
  const input = cleanEnv(env);
  const parsed = schema.safeParse(input);
  const lines: string[] = [];
  const bad = new Set<string>();
  for (const i of parsed.error?.issues ?? []) {
    bad.add(String(i.path[0]));
    const at = i.path.length > 1 ? ` (at ${i.path.slice(1).join('.')})` : '';
    lines.push(`  ${String(i.path[0] ?? '(environment)')}: ${i.message}${at}${i.code === 'invalid_type' && i.input === undefined ? ' (required)' : ''}`);
  }
  const values: Record<string, unknown> = parsed.success ? parsed.data : Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => {
    const one = (field as z.ZodType).safeParse(input[key]);
    return [key, one.success ? one.data : undefined];
  }));
  const ctx: EnvIssues = { addIssue: ({ path: [name], message }) => { if (!bad.has(name)) lines.push(`  ${name}: ${message}`); } };
  for (const refine of refinements) refine(values, ctx);
  if (lines.length) throw new ConfigError(`invalid ${what}:\n${[...new Set(lines)].join('\n')}`);
  return (parsed.success ? parsed.data : values) as z.output<S>;
}
