import { z } from 'zod';
import { instant, queryInt, uuidField } from './common.contract';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isDayOnly = (v: string) => DATE_ONLY.test(v);

/** A calendar day (whole day, Europe/London) or an instant with its offset; never a local time without one. */
function isDayOrInstant(v: string): boolean {
  if (!(DATE_ONLY.test(v) || INSTANT.test(v)) || Number.isNaN(Date.parse(v))) return false;
  // Date.parse rolls 2026-02-30 over to March; the day itself must exist.
  const d = v.slice(0, 10);
  return new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
}

const dayOrInstant = (name: string) => {
  const message = `${name} must be a date YYYY-MM-DD or a date-time with a time zone, e.g. 2026-03-01T09:00:00Z`;
  return z.string({ error: message }).refine(isDayOrInstant, message);
};

export const auditSearchQuery = z.strictObject({
  requestId: uuidField('requestId').optional().describe('Entries about this request, including list reads that showed it'),
  userId: z.string({ error: 'userId must be a user id (UUID) or a non-user actor such as system' })
    .regex(/^([a-z][a-z-]{1,39}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, 'userId must be a user id (UUID) or a non-user actor such as system')
    .optional().describe("The acting user's id, or a non-user actor: `system` (workflow steps), `anonymous` (failed sign-ins), `identity-provider`"),
  from: dayOrInstant('from').optional().describe('From this instant, or from the start of this day (Europe/London), inclusive'),
  to: dayOrInstant('to').optional().describe('Up to this instant, or to the end of this day (Europe/London), inclusive'),
  action: z.string({ error: 'action must be an action name such as request.read' }).max(60, 'action must be at most 60 characters')
    .regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/, 'action must be an action name such as request.read')
    .optional().meta({ example: 'request.read', description: 'Exact action name' }),
  limit: queryInt('limit', 1, 200).optional().describe('Page size, 50 when left out'),
  cursor: z.string({ error: 'cursor must be the nextCursor of a previous page' })
    .regex(/^[1-9][0-9]{0,17}$/, 'cursor must be the nextCursor of a previous page').optional().describe('nextCursor from the previous page'),
});
export type AuditSearchQuery = z.infer<typeof auditSearchQuery>;

export const auditEntryResponse = z.object({
  id: z.string().describe('Increases with time; entries are listed newest first'),
  at: instant,
  actor: z.object({
    id: z.string().describe('A user id, or system / anonymous / identity-provider'),
    email: z.string().nullable(),
    displayName: z.string().nullable(),
  }),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  requestId: z.string().nullable(),
  before: z.unknown().describe('The state before, as recorded (never secrets)'),
  after: z.unknown().describe('The state after, as recorded (never secrets)'),
}).meta({ id: 'AuditEntry' });

export const auditPageResponse = z.object({
  items: z.array(auditEntryResponse),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next (older) page; null on the last page'),
});
export type AuditPage = z.infer<typeof auditPageResponse>;
