import { BadRequestException } from '@nestjs/common';
import { createZodValidationPipe, ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';

export interface FieldIssue { field: string; message: string }

/**
 * A zod error as `{ field, message }` issues, the one shape every 400 answers. Each
 * unknown property is its own issue at its own path; a message that already starts with the
 * field's name (the contracts word them so) is kept as it is, any other gets the path in front.
 */
export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.flatMap((i) => {
    const at = i.path.map(String);
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: [...at, k].join('.'), message: `${[...at, k].join('.')}: unknown property` }));
    const field = at.join('.') || 'body';
    const named = at.length > 0 && (i.message.startsWith(`${field} `) || i.message.startsWith(`${at[0]} `));
    return [{ field, message: named ? i.message : `${field}: ${i.message}` }];
  });
}

export function badRequestFrom(issues: FieldIssue[]): BadRequestException {
  return new BadRequestException({ message: issues.map((i) => i.message), issues });
}

/** Validates routes whose DTO is built with `createZodDto` (the contracts in libs/domain/src/http). */
export const ZodPipe = createZodValidationPipe({
  // A broken SOP definition can have hundreds of issues; fifty are enough to start fixing it.
  createValidationException: (error) => badRequestFrom(error instanceof ZodError ? zodIssues(error).slice(0, 50) : [{ field: 'body', message: 'body: invalid' }]),
});

export { ZodValidationException };
