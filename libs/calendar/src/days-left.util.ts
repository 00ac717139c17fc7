import { daysBetween, parseLocalDate, type LocalDate } from './local-date.util';
import { toZonedParts } from './time-zone.util';

/**
 * Calendar days from today (the local date at `nowIso` in `timeZone`) to `dueDate`: 0 on the due
 * day, negative once it has passed. Calendar days, because the statutory six weeks are.
 */
export function daysLeft(dueDate: LocalDate, nowIso: string, timeZone: string): number {
  parseLocalDate(dueDate, 'dueDate');
  return daysBetween(toZonedParts(nowIso, timeZone).date, dueDate);
}
