import type { HolidayCalendar } from './bank-holidays';
import { CalendarError, describeValue } from './calendar-error';
import { formatLongDate, joinAnd, weekdayName } from './date-format.util';
import { calendarVersionStep, RECEIPT_POLICY_REF, type ExplanationStep } from './explanation.model';
import { addCalendarDays, isWeekend, type LocalDate } from './local-date.util';
import { toZonedParts, type ZonedParts } from './time-zone.util';
import { bankHolidaysBetween, nextWorkingDay } from './working-days.util';

/** A trust setting: the regulations fix no cut-off, so each trust chooses (domain.md, Statutory clock). */
export interface ReceiptPolicy {
  /** IANA zone the trust works in, normally 'Europe/London'. */
  timeZone: string;
  /** 'HH:mm'; anything received strictly after it counts as the next day. null = no cut-off. */
  cutOff: string | null;
  /** Whether something received on a weekend or bank holiday counts as the next working day. */
  nonWorkingDayRollsForward: boolean;
}

export const DEFAULT_RECEIPT_POLICY: ReceiptPolicy = Object.freeze({
  timeZone: 'Europe/London',
  cutOff: '17:00',
  nonWorkingDayRollsForward: true,
});

export interface EffectiveReceipt {
  date: LocalDate;
  /** Where the request actually arrived, in the trust's zone: kept next to the rolled date as evidence. */
  receivedLocal: ZonedParts;
  explanation: ExplanationStep[];
}

const CUT_OFF_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function validateReceiptPolicy(policy: unknown, field = 'policy'): ReceiptPolicy {
  if (typeof policy !== 'object' || policy === null) {
    throw new CalendarError('invalid_input', field, `${field} must be an object; got ${describeValue(policy)}`);
  }
  const p = policy as Record<string, unknown>;
  if (typeof p.timeZone !== 'string' || p.timeZone.trim() === '') {
    throw new CalendarError('invalid_time_zone', `${field}.timeZone`, `${field}.timeZone must be an IANA time zone such as Europe/London; got ${describeValue(p.timeZone)}`);
  }
  if (p.cutOff !== null && (typeof p.cutOff !== 'string' || !CUT_OFF_RE.test(p.cutOff))) {
    throw new CalendarError('invalid_time', `${field}.cutOff`, `${field}.cutOff must be 'HH:mm' (00:00-23:59) or null; got ${describeValue(p.cutOff)}`);
  }
  if (typeof p.nonWorkingDayRollsForward !== 'boolean') {
    throw new CalendarError('invalid_input', `${field}.nonWorkingDayRollsForward`, `${field}.nonWorkingDayRollsForward must be true or false; got ${describeValue(p.nonWorkingDayRollsForward)}`);
  }
  return { timeZone: p.timeZone, cutOff: p.cutOff, nonWorkingDayRollsForward: p.nonWorkingDayRollsForward };
}

/** 'HH:mm', widened to seconds or milliseconds only when they matter (17:00:30 is after a 17:00 cut-off). */
function clock(p: ZonedParts): string {
  if (p.millisecond) return `${p.time}:${String(p.second).padStart(2, '0')}.${String(p.millisecond).padStart(3, '0')}`;
  if (p.second) return `${p.time}:${String(p.second).padStart(2, '0')}`;
  return p.time;
}

function whyNotWorking(date: LocalDate, cal: HolidayCalendar): string {
  const holiday = cal.holidayOn(date);
  if (holiday) return `${holiday.title}, a bank holiday`;
  return `a ${weekdayName(date)}, not a working day`;
}

/** Names the bank holidays passed over on the way, so "why not Monday?" is answered too. */
function skippedHolidays(from: LocalDate, to: LocalDate, cal: HolidayCalendar, also: boolean): string {
  const skipped = bankHolidaysBetween(from, addCalendarDays(to, -1), cal);
  if (skipped.length === 0) return '';
  const one = skipped.length === 1;
  const names = joinAnd(skipped.map((h) => `${formatLongDate(h.date)} (${h.title})`));
  return ` ${names} ${one ? 'is' : 'are'}${also ? ' also' : ''} ${one ? 'a bank holiday' : 'bank holidays'}.`;
}

/** Receipt steps without the calendar version, so statutoryDeadline can append the version once. */
export function explainReceipt(
  receivedAtIso: string,
  policyInput: ReceiptPolicy,
  cal: HolidayCalendar,
): EffectiveReceipt {
  const policy = validateReceiptPolicy(policyInput);
  let local: ZonedParts;
  try {
    local = toZonedParts(receivedAtIso, policy.timeZone);
  } catch (e) {
    if (e instanceof CalendarError && e.field === 'instant') {
      throw new CalendarError(e.code, 'receivedAt', e.message.replace(/^instant/, 'receivedAt'));
    }
    if (e instanceof CalendarError && e.field === 'timeZone') {
      throw new CalendarError(e.code, 'policy.timeZone', e.message.replace(/^timeZone/, 'policy.timeZone'));
    }
    throw e;
  }
  const day = local.date;
  const at = `${clock(local)} on ${formatLongDate(day)}`;
  const steps: ExplanationStep[] = [
    {
      rule: 'receipt.received',
      text: `Request received at ${receivedAtIso}, which is ${at} (${policy.timeZone}). The exact timestamp is kept as evidence.`,
      date: day,
    },
  ];

  const msOfDay = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
  const [cutH, cutM] = policy.cutOff ? policy.cutOff.split(':').map(Number) : [0, 0];
  const afterCutOff = policy.cutOff !== null && msOfDay > (cutH * 60 + cutM) * 60_000;
  // Only consult the holiday data when the policy needs it.
  const nonWorking = policy.nonWorkingDayRollsForward && (cal.isBankHoliday(day) || isWeekend(day));

  let date = day;
  if (nonWorking) {
    date = nextWorkingDay(day, cal);
    const cut = afterCutOff ? ` (it was also after the ${policy.cutOff} cut-off, which makes no further difference)` : '';
    steps.push({
      rule: 'receipt.non_working_day',
      text: `Received ${at} (${whyNotWorking(day, cal)})${cut}: counted as received on ${formatLongDate(date)}, the next working day.${skippedHolidays(day, date, cal, cal.isBankHoliday(day))}`,
      date,
      ref: RECEIPT_POLICY_REF,
    });
  } else if (afterCutOff) {
    date = policy.nonWorkingDayRollsForward ? nextWorkingDay(day, cal) : addCalendarDays(day, 1);
    const next = policy.nonWorkingDayRollsForward
      ? `the next working day.${skippedHolidays(day, date, cal, false)}`
      : 'the next day (this trust counts weekends and bank holidays as receipt days).';
    steps.push({
      rule: 'receipt.cutoff',
      text: `Received ${at}, after the ${policy.cutOff} cut-off: counted as received on ${formatLongDate(date)}, ${next}`,
      date,
      ref: RECEIPT_POLICY_REF,
    });
  } else {
    const cut = policy.cutOff ? `, at or before the ${policy.cutOff} cut-off` : ' (this trust applies no cut-off time)';
    const kind = policy.nonWorkingDayRollsForward
      ? ', a working day'
      : ' (this trust counts weekends and bank holidays as receipt days)';
    steps.push({
      rule: 'receipt.same_day',
      text: `Received ${at}${kind}${cut}: the receipt date is ${formatLongDate(day)}.`,
      date: day,
      ref: RECEIPT_POLICY_REF,
    });
  }
  return { date, receivedLocal: local, explanation: steps };
}

/**
 * The date the statutory clock runs from. The regulations say "receives"; the cut-off and
 * non-working-day roll are the trust's policy, and each step says which rule moved the date.
 */
export function effectiveReceiptDate(
  receivedAtIso: string,
  policy: ReceiptPolicy,
  cal: HolidayCalendar,
): EffectiveReceipt {
  const result = explainReceipt(receivedAtIso, policy, cal);
  return { ...result, explanation: [...result.explanation, calendarVersionStep(cal)] };
}
