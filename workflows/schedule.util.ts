import { addCalendarDays, capTargetAtDeadline, defaultHolidayCalendar, startOfLocalDayInstant, target, toZonedParts, type ExplanationStep } from '@sendflow/calendar';
import type { TargetDuration, TimerNode } from '@sendflow/sop';
import type { RequestFacts } from './request-state';

/**
 * Turns SOP offsets into instants with libs/calendar, the same code that computes the dates the
 * UI shows. `nowIso` comes from the clock local activity, so replays see the same value.
 */
export function fireAtForTimer(
  timer: TimerNode, request: RequestFacts, nowIso: string, timeZone: string, receiptShiftDays = 0,
): { at: string; explanation: ExplanationStep[] } {
  if (timer.anchor.from === 'received') {
    const t = target(request.effectiveReceiptDate, timer.offset, defaultHolidayCalendar);
    if (receiptShiftDays === 0) return { at: startOfLocalDayInstant(t.dueDate, timeZone), explanation: t.explanation };
    // A pause or extension moves the statutory clock; reminders counted from receipt move with it.
    const moved = addCalendarDays(t.dueDate, receiptShiftDays);
    return {
      at: startOfLocalDayInstant(moved, timeZone),
      explanation: [...t.explanation, {
        rule: 'timer.moved_with_deadline', ref: 'SEND Regulations 2014 reg 8(2)', date: moved,
        text: `Moved ${receiptShiftDays} day(s) later, with the statutory deadline, because of recorded reg 8(2) exceptions.`,
      }],
    };
  }
  // From a task's start: the same wall-clock time on the target day.
  const local = toZonedParts(nowIso, timeZone);
  const t = target(local.date, timer.offset, defaultHolidayCalendar);
  const shiftMs = Date.parse(startOfLocalDayInstant(t.dueDate, timeZone)) - Date.parse(startOfLocalDayInstant(local.date, timeZone));
  return { at: new Date(Date.parse(nowIso) + shiftMs).toISOString(), explanation: t.explanation };
}

/**
 * The date a task is due by its SOP target, counted from the local date it opened, with how it
 * was counted; never after the request's statutory due date (capped, and the explanation says so).
 */
export function taskDue(
  duration: TargetDuration, nowIso: string, timeZone: string, statutoryDueDate?: string,
): { dueDate: string; explanation: ExplanationStep[] } | null {
  try {
    const t = target(toZonedParts(nowIso, timeZone).date, duration, defaultHolidayCalendar);
    const capped = statutoryDueDate ? capTargetAtDeadline(t, statutoryDueDate) : t;
    return { dueDate: capped.dueDate, explanation: capped.explanation };
  } catch {
    // A year without bank-holiday data must not stop the case; the task simply shows no target.
    return null;
  }
}
