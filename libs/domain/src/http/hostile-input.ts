import { z } from 'zod';

/**
 * Input no route may accept, checked in one place. The API runs `findHostileInput` over every
 * JSON body, query string and path before any route sees them (apps/api/src/common/hostile-input.middleware.ts),
 * and the zod helpers below carry the same rules into the route contracts, so a contract written
 * later gets them by using `safeText()`, `calendarDate()`, `boundedInt()` and `reference()`.
 */

/** Deeper JSON than this is refused before parsing (no form of ours nests beyond a handful). */
export const MAX_JSON_DEPTH = 32;
/** Largest whole number any column takes (PostgreSQL `integer`); nothing the API stores is bigger. */
export const MAX_INT = 2_147_483_647;
/** Dates outside these years are typing errors or probes, never casework. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface HostileInput { field: string; message: string }

/**
 * The nesting depth of a JSON text, scanned without parsing it (strings skipped), so a deep body
 * is refused before JSON.parse or any validator recurses into it. Stops counting at `limit + 1`.
 */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one (not encodable as UTF-8).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;
const DOT_SEGMENT = /(^|[/\\])\.{1,2}($|[/\\])/;

/** Why a string is refused, or null. `key` is the property it came in (references get the path rule). */
export function textProblem(value: string, key = ''): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it contains an unpaired surrogate)';
  const date = DATE_PREFIX.exec(value);
  if (date) {
    const problem = dateProblem(value.slice(0, 10));
    if (problem) return problem;
  }
  if (/reference$/i.test(key) && DOT_SEGMENT.test(value)) return 'must not contain . or .. as a path segment';
  return null;
}

/** A YYYY-MM-DD that exists in the calendar and lies in a sane range. */
export function dateProblem(day: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return 'must be a date YYYY-MM-DD';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR) return `must be between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return `${day} is not a date in the calendar`;
  return null;
}

export function numberProblem(value: number): string | null {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (Math.abs(value) > MAX_INT) return `must be between -${MAX_INT} and ${MAX_INT}`;
  return null;
}

/**
 * The first hostile value in a parsed JSON body (or query object), with the dotted path of the
 * field, or null. Walks iteratively so a deep structure cannot overflow the stack.
 */
export function findHostileInput(root: unknown, prefix = '', maxDepth = MAX_JSON_DEPTH): HostileInput | null {
  const stack: Array<{ value: unknown; path: string; key: string; depth: number }> = [{ value: root, path: prefix, key: '', depth: 0 }];
  while (stack.length) {
    const { value, path, key, depth } = stack.pop()!;
    const field = path || 'body';
    if (typeof value === 'string') {
      const p = textProblem(value, key);
      if (p) return { field, message: `${field}: ${p}` };
    } else if (typeof value === 'number') {
      const p = numberProblem(value);
      if (p) return { field, message: `${field}: ${p}` };
    } else if (value && typeof value === 'object') {
      if (depth >= maxDepth) return { field, message: `${field}: nested deeper than ${maxDepth} levels` };
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      for (const [k, v] of entries) {
        const child = path ? `${path}.${k}` : k;
        if (!Array.isArray(value)) {
          if (PROTOTYPE_KEYS.has(k)) return { field: child, message: `${child}: property name not allowed` };
          const kp = textProblem(k);
          if (kp && (k.includes('\u0000') || LONE_SURROGATE.test(k))) return { field: child, message: `${child}: property name ${kp}` };
        }
        stack.push({ value: v, path: child, key: Array.isArray(value) ? key : k, depth: depth + 1 });
      }
    }
  }
  return null;
}

// ---- zod helpers for route contracts (the same rules, per field) ----

/** Free text: no NUL, well-formed Unicode, trimmed length within bounds. */
export function safeText({ min = 1, max = 2000 }: { min?: number; max?: number } = {}) {
  return z.string().max(max).superRefine((v, ctx) => {
    const p = textProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
    else if (v.trim().length < min) ctx.addIssue({ code: 'custom', message: min === 1 ? 'must not be blank' : `must be at least ${min} characters` });
  });
}

/** A calendar day YYYY-MM-DD that exists and lies between MIN_YEAR and MAX_YEAR. */
export function calendarDate() {
  return z.string().superRefine((v, ctx) => {
    const p = dateProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });
}

/** A whole number within bounds (never beyond a PostgreSQL integer); query strings are coerced. */
export function boundedInt({ min = 0, max = MAX_INT }: { min?: number; max?: number } = {}) {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^[+-]?\d{1,10}$/.test(v.trim()) ? Number(v) : v),
    z.number({ message: 'must be a whole number' }).int('must be a whole number').min(min).max(Math.min(max, MAX_INT)),
  );
}

/** An external reference (e.g. an LA's case reference): no path segments `.` / `..`, no control characters. */
export function reference({ max = 100 }: { max?: number } = {}) {
  return z.string().max(max).superRefine((v, ctx) => {
    const p = textProblem(v, 'reference') ?? (hasControlCharacter(v) ? 'must not contain control characters' : null);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  });
}

function hasControlCharacter(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
