import type { HolidayCalendar } from './bank-holidays';
import { CalendarError, describeValue } from './calendar-error';
import { formatLongDate, joinAnd, plural } from './date-format.util';
import { calendarVersionStep, SEND_REG_8_1, SOP_TARGET_REF, type ExplanationStep } from './explanation.model';
import { addCalendarDays, assertInteger, parseLocalDate, type LocalDate } from './local-date.util';
import { addWorkingDays, bankHolidaysBetween } from './working-days.util';

/* Internal SOP targets (triage, allocation, first draft...): the trust's choice of unit, not statute. */

export type TargetUnit = 'working' | 'calendar';

export interface TargetSpec {
  days: number;
  unit: TargetUnit;
}

export interface TargetResult {
  dueDate: LocalDate;
  explanation: ExplanationStep[];
}

export function workingDayTarget(startDate: LocalDate, days: number, cal: HolidayCalendar): TargetResult {
  parseLocalDate(startDate, 'startDate');
  assertInteger(days, 'days', { min: 0 });
  const dueDate = addWorkingDays(startDate, days, cal);
  const skipped = bankHolidaysBetween(startDate, dueDate, cal);
  const skippedText =
    skipped.length > 0
      ? ` Bank holidays skipped: ${joinAnd(skipped.map((h) => `${formatLongDate(h.date)} (${h.title})`))}.`
      : '';
  const text =
    days === 0
      ? `0 working days: due on the start date, ${formatLongDate(startDate)}.`
      : `${plural(days, 'working day')} after ${formatLongDate(startDate)} is ${formatLongDate(dueDate)}; weekends and bank holidays are not counted.${skippedText}`;
  return {
    dueDate,
    explanation: [{ rule: 'target.working_days', text, date: dueDate, ref: SOP_TARGET_REF }, calendarVersionStep(cal)],
  };
}

export function calendarDayTarget(startDate: LocalDate, days: number): TargetResult {
  parseLocalDate(startDate, 'startDate');
  assertInteger(days, 'days', { min: 0 });
  const dueDate = addCalendarDays(startDate, days);
  return {
    dueDate,
    explanation: [
      {
        rule: 'target.calendar_days',
        text: `${plural(days, 'calendar day')} after ${formatLongDate(startDate)} is ${formatLongDate(dueDate)}; every day counts, including weekends and bank holidays.`,
        date: dueDate,
        ref: SOP_TARGET_REF,
      },
    ],
  };
}

/** Dispatches on the SOP's unit, so SOP data can store `{ days, unit }` and stay declarative. */
export function target(startDate: LocalDate, spec: TargetSpec, cal: HolidayCalendar): TargetResult {
  if (typeof spec !== 'object' || spec === null) {
    throw new CalendarError('invalid_input', 'spec', `spec must be { days, unit }; got ${describeValue(spec)}`);
  }
  switch (spec.unit) {
    case 'working':
      return workingDayTarget(startDate, spec.days, cal);
    case 'calendar':
      return calendarDayTarget(startDate, spec.days);
    default:
      throw new CalendarError('invalid_input', 'spec.unit', `spec.unit must be 'working' or 'calendar'; got ${describeValue((spec as { unit: unknown }).unit)}`);
  }
}

export interface CappedTargetResult extends TargetResult {
  /** True when the SOP target fell after the statutory due date and was brought back to it. */
  capped: boolean;
}

/**
 * No task is due after the request: a target later than the statutory due date becomes that
 * date, and the explanation says so (the original counting stays, so the reader sees both).
 */
export function capTargetAtDeadline(t: TargetResult, statutoryDueDate: LocalDate): CappedTargetResult {
  parseLocalDate(statutoryDueDate, 'statutoryDueDate');
  if (t.dueDate <= statutoryDueDate) return { ...t, capped: false };
  return {
    dueDate: statutoryDueDate,
    capped: true,
    explanation: [
      ...t.explanation,
      {
        rule: 'target.capped_at_statutory_deadline',
        text: `The SOP target, ${formatLongDate(t.dueDate)}, falls after the request's statutory due date, so the task is due on ${formatLongDate(statutoryDueDate)} instead.`,
        date: statutoryDueDate,
        ref: SEND_REG_8_1,
      },
    ],
  };
}
