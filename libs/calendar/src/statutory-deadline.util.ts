import type { HolidayCalendar } from './bank-holidays';
import { CalendarError, describeValue } from './calendar-error';
import { formatLongDate, joinAnd, plural } from './date-format.util';
import { calendarVersionStep, SEND_REG_8_1, type ExplanationStep } from './explanation.model';
import { addCalendarDays, epochDayToLocalDate, localDateToEpochDay, type LocalDate } from './local-date.util';
import { explainReceipt, type ReceiptPolicy } from './receipt.util';
import {
  assertUniqueIds,
  STATUTORY_EXCEPTIONS,
  validateExtensions,
  validatePauses,
  type StatutoryExtension,
  type StatutoryPause,
} from './statutory-exceptions.util';
import { startOfLocalDayInstant } from './time-zone.util';

/** reg 8(1): 6 weeks, and the regulations define no working day, so 42 calendar days. */
export const STATUTORY_ADVICE_DAYS = 42;

export interface StatutoryDeadlineInput {
  /** ISO instant the trust received the LA's request (with Z or an offset). */
  receivedAt: string;
  policy: ReceiptPolicy;
  calendar: HolidayCalendar;
  pauses?: readonly StatutoryPause[];
  extensions?: readonly StatutoryExtension[];
}

export interface StatutoryDeadline {
  receivedAt: string;
  effectiveReceiptDate: LocalDate;
  /** Receipt + 42 days, before any reg 8(2) exception. */
  baseDueDate: LocalDate;
  /** Last day on which the advice is on time. */
  dueDate: LocalDate;
  /** Start of the day after dueDate in policy.timeZone: the moment the advice becomes late. */
  dueAt: string;
  /** Distinct paused days that fell inside the window and so moved the due date. */
  pausedDays: number;
  extensionDays: number;
  calendarVersion: string;
  explanation: ExplanationStep[];
}

function recordedText(e: StatutoryPause | StatutoryExtension): string {
  return `Recorded by ${e.recordedBy} at ${e.recordedAt}. Evidence: "${e.evidence}".`;
}

/**
 * The date health advice is due under reg 8, with every reason for it. Pauses stop the clock
 * only for their days inside the running window (receipt, due date]; as a pause pushes the due
 * date out, later paused days come into the window too. A day covered by two pauses counts once.
 */
export function statutoryDeadline(input: StatutoryDeadlineInput): StatutoryDeadline {
  if (typeof input !== 'object' || input === null) {
    throw new CalendarError('invalid_input', 'input', `statutoryDeadline needs an input object; got ${describeValue(input)}`);
  }
  const cal = input.calendar;
  if (typeof cal !== 'object' || cal === null || typeof cal.isBankHoliday !== 'function') {
    throw new CalendarError('invalid_input', 'calendar', 'calendar must be a HolidayCalendar from createHolidayCalendar');
  }
  const pauses = validatePauses(input.pauses);
  const extensions = validateExtensions(input.extensions);
  assertUniqueIds(pauses, extensions);

  const receipt = explainReceipt(input.receivedAt, input.policy, cal);
  const r = localDateToEpochDay(receipt.date);
  const extensionDays = extensions.reduce((sum, e) => sum + e.days, 0);
  const ranges = pauses.map((p) => ({ pause: p, from: localDateToEpochDay(p.from), to: localDateToEpochDay(p.to) }));
  const isPaused = (d: number) => ranges.some((x) => x.from <= d && d <= x.to);

  // Walk forward counting unpaused days: the due date is the day the last required one falls on.
  let due = r;
  for (let left = STATUTORY_ADVICE_DAYS + extensionDays; left > 0; ) {
    due++;
    if (!isPaused(due)) left--;
  }

  const baseDue = r + STATUTORY_ADVICE_DAYS;
  const dueDate = epochDayToLocalDate(due);
  const steps: ExplanationStep[] = [...receipt.explanation];

  const baseDueDate = epochDayToLocalDate(baseDue);
  const holidaysInBase = cal.events.filter((h) => h.date > receipt.date && h.date <= baseDueDate);
  const holidayNote =
    holidaysInBase.length > 0
      ? ` (this period includes ${joinAnd(holidaysInBase.map((h) => `${formatLongDate(h.date)}, ${h.title}`))})`
      : '';
  steps.push({
    rule: 'statutory.six_weeks',
    text:
      `Health advice is due within 6 weeks of receipt: 42 calendar days after ${formatLongDate(receipt.date)} is ` +
      `${formatLongDate(epochDayToLocalDate(baseDue))}. Bank holidays and school holidays do not stop the clock${holidayNote}.`,
    date: epochDayToLocalDate(baseDue),
    ref: SEND_REG_8_1,
  });

  let running = baseDue;
  for (const e of extensions) {
    running += e.days;
    const { ref, label } = STATUTORY_EXCEPTIONS[e.kind];
    steps.push({
      rule: 'extension',
      text:
        `Extension ${e.id} (${label}): ${plural(e.days, 'calendar day')} added, moving the due date to ` +
        `${formatLongDate(epochDayToLocalDate(running))}. ${recordedText(e)}`,
      date: epochDayToLocalDate(running),
      ref,
    });
  }

  // Attribute each paused day in the final window to the earliest-starting pause covering it.
  const owner = new Map<number, string>();
  const ordered = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
  for (const { pause: p, from, to } of ordered) {
    const { ref, label } = STATUTORY_EXCEPTIONS[p.kind];
    let counted = 0;
    const sharedWith = new Set<string>();
    for (let d = Math.max(from, r + 1); d <= Math.min(to, due); d++) {
      const prior = owner.get(d);
      if (prior) sharedWith.add(prior);
      else {
        owner.set(d, p.id);
        counted++;
      }
    }
    running += counted;
    const span = `${formatLongDate(p.from)} to ${formatLongDate(p.to)} (${plural(to - from + 1, 'day')})`;
    const shared = sharedWith.size > 0 ? ` Days it shares with pause ${joinAnd([...sharedWith])} are counted only once.` : '';
    const effect =
      counted > 0
        ? `${counted === 1 ? '1 of its days falls' : `${counted} of its days fall`} within the 6-week period and stop${counted === 1 ? 's' : ''} the clock, moving the due date to ${formatLongDate(epochDayToLocalDate(running))}.`
        : sharedWith.size > 0
          ? 'its days within the 6-week period are already counted under another pause, so it does not move the due date.'
          : `none of its days fall within the 6-week period (after ${formatLongDate(receipt.date)} up to the due date), so it does not move the due date.`;
    steps.push({
      rule: 'pause',
      text: `Pause ${p.id} (${label}), ${span}: ${effect}${shared} ${recordedText(p)}`,
      date: epochDayToLocalDate(running),
      ref,
    });
  }

  const dueAt = startOfLocalDayInstant(addCalendarDays(dueDate, 1), input.policy.timeZone);
  steps.push({
    rule: 'statutory.due',
    text:
      `Due by the end of ${formatLongDate(dueDate)} (${input.policy.timeZone}); ` +
      `the advice is late from ${dueAt}, the start of ${formatLongDate(addCalendarDays(dueDate, 1))}.`,
    date: dueDate,
    ref: SEND_REG_8_1,
  });
  steps.push(calendarVersionStep(cal));

  return {
    receivedAt: input.receivedAt,
    effectiveReceiptDate: receipt.date,
    baseDueDate: epochDayToLocalDate(baseDue),
    dueDate,
    dueAt,
    pausedDays: owner.size,
    extensionDays,
    calendarVersion: cal.version,
    explanation: steps,
  };
}
