import { applyDecorators, type Type } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { createZodDto } from './zod-dto';
import { problemSchema } from '@sendflow/domain';

/** `{ statusCode, error, message, issues? }`: the one error body (ProblemFilter). */
export class ProblemDto extends createZodDto(problemSchema) {}

/** What each error status means on this API; the route's own message says which case it was. */
const MEANING = {
  400: 'Invalid input: `message` and `issues` name each field or parameter',
  401: 'Not signed in, or the session has expired or ended',
  403: "The caller's roles do not allow this, or the x-csrf-token header is missing or wrong",
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state',
  413: 'The request body is too large',
  415: 'The request body has an unsupported charset or content encoding',
  422: 'Well-formed but refused by a business rule',
  423: 'The account is locked for a while after repeated failed sign-ins (Retry-After says how long)',
  428: 'A precondition header is required (If-Match)',
  429: 'Too many attempts (Retry-After says how long to wait)',
  503: 'A service the API depends on (database or Temporal) is unavailable; try again shortly',
} as const;
export type ErrorStatus = keyof typeof MEANING;

/** An error answered with a body of its own shape (still a Problem, with more fields). */
export interface CustomError { status: ErrorStatus; type: Type; description?: string }

/**
 * Declares in one line the error statuses a route (or every route of a controller) can answer,
 * each with the shared Problem schema, so the OpenAPI document and the generated web client know
 * them: `@ApiErrors(400, 404, 409)`. 401 and 403 come with @AllowRoles; body routes add 400, 413 and 415.
 */
export function ApiErrors(...errors: (ErrorStatus | CustomError)[]) {
  return applyDecorators(...errors.map((e) => (typeof e === 'number'
    ? ApiResponse({ status: e, description: MEANING[e], type: ProblemDto })
    : ApiResponse({ status: e.status, description: e.description ?? MEANING[e.status], type: e.type }))));
}
