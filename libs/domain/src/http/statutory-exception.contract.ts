import { z } from 'zod';
import { STATUTORY_EXCEPTION_KINDS } from '@sendflow/calendar';
import { calendarDate, safeText } from './hostile-input';

/**
 * A reg 8(2) exception to the 6-week duty: a pause (the clock stops for the dates given) or an
 * extension (a number of days added). Only the three exceptions of reg 8(2) exist; the evidence
 * is required because the trust must be able to show why the advice was later than 6 weeks.
 * One object rather than a union on `type`, so a form that sends the other kind's empty field
 * is not refused for it, while unknown properties still are.
 */
export const recordExceptionBody = z.strictObject({
  type: z.enum(['pause', 'extension'], { message: 'type must be pause or extension' }),
  kind: z.enum(STATUTORY_EXCEPTION_KINDS, { message: `kind must be one of ${STATUTORY_EXCEPTION_KINDS.join(', ')} (the reg 8(2) exceptions)` }),
  from: calendarDate().optional().describe('First paused day, YYYY-MM-DD (pause only)'),
  to: calendarDate().optional().describe('Last paused day, inclusive, YYYY-MM-DD (pause only)'),
  days: z.number({ message: 'days must be a whole number' }).int('days must be a whole number').min(1, 'days must not be less than 1').max(365, 'days must not be greater than 365')
    .optional().describe('Days added to the deadline (extension only)'),
  evidence: safeText({ min: 0, max: 2000 }).refine((v) => v.trim().length >= 5, 'evidence must say what shows the exception applies (at least 5 characters)').describe('What shows the exception applies, e.g. "Family abroad 2-30 March (letter from parent on file)"'),
}).superRefine((v, ctx) => {
  if (v.type === 'pause') {
    for (const f of ['from', 'to'] as const) {
      if (v[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: `${f} must be a date YYYY-MM-DD (required for a pause)` });
    }
  } else if (v.days === undefined) {
    ctx.addIssue({ code: 'custom', path: ['days'], message: 'days is required for an extension' });
  }
});
export type RecordExceptionBody = z.infer<typeof recordExceptionBody>;
