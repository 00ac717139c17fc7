import { z } from 'zod';
import type { FieldIssue } from '../form-schema';

/**
 * Building blocks shared by every route contract, so the same kind of field is validated and
 * worded the same way everywhere. Messages start with the field's name: the API answers them as
 * they are, and the web app shows them against the field.
 */

/** One invalid field of a 400: `field` is the dotted path (`child.givenName`, `roles.0`). */
export const fieldIssueSchema: z.ZodType<FieldIssue> = z.object({
  field: z.string().describe('Dotted path of the field or parameter, e.g. child.givenName; `body` for the body as a whole'),
  message: z.string(),
}).meta({ id: 'FieldIssue' });
// The type is `FieldIssue` from forms.ts (the same shape, declared before the contracts).

/**
 * Every error the API answers, whatever raised it (apps/api/src/common/problem.filter.ts). Some
 * errors add fields (a 503 from the health check says which part is down), hence loose.
 */
export const problemSchema = z.looseObject({
  statusCode: z.int().describe('The HTTP status, repeated'),
  error: z.string().describe('The HTTP reason phrase, e.g. Bad Request'),
  message: z.string().describe('What was wrong, naming the field or parameter where there is one'),
  issues: z.array(fieldIssueSchema).optional().describe('400 only: one entry per invalid field'),
});
export type Problem = z.infer<typeof problemSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in any case, answered in lower case (ids are stored lower case). */
export const uuidField = (name: string) => z.string({ error: `${name} must be a UUID` }).regex(UUID, `${name} must be a UUID`).toLowerCase();

/** `{ id }` path parameters. */
export const idParams = z.object({ id: uuidField('id') });
export type IdParams = z.infer<typeof idParams>;

/** A required string, trimmed, that must not be blank. */
export const text = (name: string, max: number) =>
  z.string({ error: (i) => (i.input === undefined ? `${name} is required` : `${name} must be a string`) })
    .trim().min(1, `${name} must not be blank`).max(max, `${name} must be at most ${max} characters`);

/** An email address, trimmed and lower-cased before it is checked. */
export const emailField = (name: string) =>
  z.string({ error: `${name} must be an email address` }).trim().toLowerCase()
    .max(320, `${name} must be at most 320 characters`).email(`${name} must be an email address`);

/**
 * A whole number in a query string. Query values arrive as text: digits become a number, and
 * anything else (words, decimals, a repeated parameter) is refused with the field's name.
 */
export const queryInt = (name: string, min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : v),
    z.int({ error: `${name} must be a whole number` })
      .min(min, `${name} must not be less than ${min}`).max(max, `${name} must not be greater than ${max}`),
  );

/** True/false in a query string: only the words `true` and `false`. */
export const queryBoolean = (name: string) =>
  z.enum(['true', 'false'], { error: `${name} must be true or false` }).transform((v) => v === 'true');

/** Every value of an array differs from the others. */
export const unique = <T>(values: T[]) => new Set(values).size === values.length;

/** An ISO-8601 instant as the API writes it (`2026-03-01T09:00:00.000Z`). */
export const instant = z.string().describe('ISO-8601 date-time');
/** A calendar day `YYYY-MM-DD`. */
export const day = z.string().describe('Calendar day YYYY-MM-DD');
