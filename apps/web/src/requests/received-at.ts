import { localDateTimeToInstant } from '@sendflow/calendar';
import { TRUST_TIME_ZONE } from '@sendflow/domain';
import { datePartsToIso, type DateParts } from '../ui/fields';

export type ReceivedField = 'receivedDate' | 'receivedTime';

/**
 * When the LA's request reached the trust, from the day and the time as the coordinator typed
 * them: UK wall-clock time (the trust's zone, whatever the browser's), so the receipt cut-off
 * reads it as the coordinator meant. Both blank means "just now" (`at: null`); otherwise the
 * problem names the field to correct.
 */
export function receivedInstant(date: DateParts, time: string): { at: string | null } | { field: ReceivedField; message: string } {
  const day = datePartsToIso(date);
  const t = time.trim();
  if (!day && !t) return { at: null };
  if (!day) return { field: 'receivedDate', message: 'Enter the date the request arrived, or leave the date and time blank if it arrived just now' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return { field: 'receivedDate', message: 'Enter the date the request arrived as a real date, for example 27 11 2026' };
  if (!t) return { field: 'receivedTime', message: 'Enter the time the request arrived, for example 16:40' };
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(t);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return { field: 'receivedTime', message: 'Enter the time on the 24-hour clock, for example 16:40' };
  try {
    return { at: localDateTimeToInstant(day, `${m[1].padStart(2, '0')}:${m[2]}`, TRUST_TIME_ZONE, 'receivedAt') };
  } catch {
    return { field: 'receivedTime', message: `${t} did not happen on that day in the UK (the clocks went forward): enter the time the clocks showed` };
  }
}
