import { BadRequestException, ConflictException, HttpException, HttpStatus } from '@nestjs/common';

/**
 * `If-Match: "<revision>"` for forms and audit criteria (quotes and a weak prefix tolerated).
 * Required on a save: an edit must say which revision it replaces, so a second manager's save
 * is a 409 rather than a silent overwrite.
 */
export function parseRevision(header: string | undefined, what: string): number {
  if (header === undefined || header.trim() === '') {
    throw new HttpException({ error: 'Precondition Required', message: `If-Match: send the revision you edited (GET ${what} returns it as \`revision\` and in the ETag header)` }, HttpStatus.PRECONDITION_REQUIRED);
  }
  const value = header.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (!/^\d{1,9}$/.test(value)) throw new BadRequestException(`If-Match: must be a revision number as returned by GET ${what}`);
  return Number(value);
}

export function checkRevision(current: number, expected: number, what: string): void {
  if (current !== expected) {
    throw new ConflictException(`If-Match: ${what} was saved by someone else since revision ${expected} (now ${current}); reload it and apply your edits again`);
  }
}

/** Unique violations from a race the checks could not see become 409s with the check's message. */
export async function uniqueAs409<T>(work: () => Promise<T>, messages: Record<string, string>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const { code, constraint } = err as { code?: string; constraint?: string };
    if (code === '23505' && constraint && Object.prototype.hasOwnProperty.call(messages, constraint)) throw new ConflictException(messages[constraint]);
    throw err;
  }
}

export const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
